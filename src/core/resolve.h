/* resolve: getaddrinfo off the loop (a detached worker thread per request; the answer comes back through a pipe
 * the loop watches), so the UI never freezes on a slow DNS server. */
#ifndef SMTPCON_RESOLVE_H
#define SMTPCON_RESOLVE_H
#include <netdb.h>

#include "lib/loop.h"

struct resolve_req;

/* res is owned by the callee (freeaddrinfo it); on failure res is NULL and err holds a gai error code. */
typedef void (*resolve_fn)(void *arg, struct addrinfo *res, int err);

/* Resolve host (an A-label or address literal) for TCP on port. The callback runs from the loop, never inside
 * resolve_start. */
struct resolve_req *resolve_start(struct loop *loop, const char *host, int port, resolve_fn fn, void *arg);
/* The callback will not run; the worker cleans up after itself whenever it finishes. */
void resolve_cancel(struct resolve_req *r);

/* Convert a UTF-8 host name to its A-label with libidn2 (IDNA2008, UTS#46 non-transitional). Address literals
 * and ASCII names are returned as copies. NULL with *err (static text) when the name is not valid. */
char *resolve_to_alabel(const char *host, const char **err);

#endif
