/* lab-client-int: one lab connection's state, shared by its two halves and nothing else. lab-client.c is the
 * connection's life cycle (accept, read, flush, TLS, idle timeout, who closed and why, close);
 * lab-client-dialogue.c is what passes between the client's SMTP dialogue (lab-smtp.c) and the people watching:
 * the events it causes (each received line tagged with its pipelined group), its diagnoses, and the replies it is
 * sent, held back by a tarpit, or held for the person at the console (manual mode). The rest of the lab sees only
 * the functions of lab-int.h. */
#ifndef SMTPCON_LAB_CLIENT_INT_H
#define SMTPCON_LAB_CLIENT_INT_H
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "lab/lab-int.h"

#define LAB_CLIENT_OUT_MAX (1024 * 1024) /* unsent output; a client that never reads is dropped */

struct lab_client {
	struct lab *lab;
	struct lab_client *prev, *next;
	int fd;
	char ip[INET6_ADDRSTRLEN];
	char name[INET6_ADDRSTRLEN + 10];
	struct buf in, out, held;
	uint64_t held_timer, idle_timer, resume_timer, hello_timer, linger_timer;
	struct lab_tls *tls;
	bool want_tls, handshaking, tls_up;
	bool implicit;  /* TLS from the first byte: the handshake is the start of the connection */
	int first_byte; /* the first byte the client sent (-1: nothing yet), to tell plain SMTP from TLS */
	bool eof, eof_told, closing, bye_sent, dead;
	/* The server hung up (its last reply sent, then shutdown(SHUT_WR)) and reads and throws away what the client
	 * still sends until it hangs up too, or a bound is reached (lab-client.c, linger_start): closing a socket
	 * with unread input makes the kernel send a reset, which can destroy that last reply at the client. */
	bool lingering, close_told;
	size_t lingered; /* bytes thrown away while lingering */
	/* The last read found nothing more to read (EAGAIN, or a plain read shorter than the room it had): the
	 * pump does not ask again until poll() says the socket is readable. Asking anyway cost a recv() that
	 * failed with EAGAIN after every command and another after every reply: two of the three recv() calls
	 * per command with 50 clients (a classroom, docs/performance.md). */
	bool drained;
	bool replies_lost; /* the client hung up: what is still to answer is read and shown, never sent */
	bool manual_hold;  /* manual mode: a proposed reply waits for lab_answer */
	struct lab_smtp *smtp;
	unsigned long num;
	/* Pipelined groups (lab-group.c): the numbered group the next command lines belong to, and how many. */
	unsigned long groups, group;
	unsigned group_size, group_left;
	char diags[256]; /* ids already reported, space separated */
	/* Who ended the connection and why (the first cause found wins), for the CLOSE event. */
	const char *close_by;
	char close_why[160];
	char close_why_loc[240]; /* the same in the user's language ("": no translation active) */
};

/* lab-client.c: do everything that can be done now, then decide what to wait for (or free c: do not touch it
 * after). Called at the end of every callback of c's. */
void lab_client_pump(struct lab_client *c);

/* lab-client-dialogue.c: report an event with its translated text (text_loc, or NULL). */
void lab_client_event_loc(struct lab_client *c, enum lab_event_kind kind, const void *data, size_t len, bool secret,
			  const char *id, const char *text, const char *text_loc);
/* lab-client-dialogue.c: a read just added bytes to c->in after its first `before` bytes: when they complete
 * several command lines at once, the client pipelined them, and the RECV events of those lines form one group. */
void lab_client_group_read(struct lab_client *c, size_t before);

#endif
