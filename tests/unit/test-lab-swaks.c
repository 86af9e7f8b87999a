/* test-lab-swaks: swaks (the Debian package) as an independent client of the practice lab, so the lab is checked
 * against a client that is not ours: a full STARTTLS + AUTH submission with certificate verification, implicit
 * TLS, pipelining, and the failures a few scenarios are meant to produce (by swaks's documented exit codes).
 * Passes with a note when swaks is not installed. Only 127.0.0.1 is contacted. */
#include <sys/wait.h>

#include "check.h"
#include "test-lab-client.h"

struct job {
	char cmd[2048];
	int status;
};

static void *run_swaks(void *arg)
{
	struct job *j = arg;
	int rc = system(j->cmd);
	j->status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
	return NULL;
}

static int messages(struct lab *lab)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	int n = lab_mailbox_list(lab, &b);
	buf_free(&b);
	return n;
}

/* Run swaks with args against a fresh lab for scenario; returns swaks's exit status; *n: messages stored. */
static int swaks(struct loop *loop, const char *scenario, const char *args, int *n)
{
	char *err = NULL;
	struct lab_params p = {.scenario = scenario, .greylist_seconds = 60};
	struct lab *lab = lab_new(loop, &p, &err);
	if (lab == NULL) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	struct job j;
	snprintf(j.cmd, sizeof j.cmd,
	         "swaks --server 127.0.0.1:%d --tls-ca-path %s --from student@lab.test --timeout 20 %s "
	         ">/dev/null 2>&1",
	         lab_port(lab), lab_ca_file(lab), args);
	tc_run(loop, 1, run_swaks, &j, sizeof j, 60000);
	if (n)
		*n = messages(lab);
	lab_free(lab);
	return j.status;
}

#define AUTH "--auth-user " LAB_USER " --auth-password " LAB_PASSWORD " "

int main(void)
{
	if (system("swaks --version >/dev/null 2>&1") != 0) {
		puts("swaks is not installed: skipped (apt-get install swaks)");
		return check_report();
	}
	struct loop *loop = loop_new();
	int n = -1;
	CHECK_INT(swaks(loop, "submission", "--tls --tls-verify " AUTH "--to friend@example.com", &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(swaks(loop, "submission", "--tls --tls-verify --pipeline " AUTH "--to a@lab.test,b@lab.test", &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(swaks(loop, "submission", AUTH "--to friend@example.com", NULL), 28); /* no AUTH without TLS */
	CHECK_INT(swaks(loop, "implicit", "--tlsc --tls-verify " AUTH "--to friend@example.com", &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(swaks(loop, "delivery", "--to friend@example.com", NULL), 24);  /* 550 5.7.1 */
	CHECK_INT(swaks(loop, "delivery", "--tls --to student@lab.test", &n), 0);
	CHECK_INT(n, 1);
	CHECK_INT(swaks(loop, "greylist", "--to student@lab.test", NULL), 24);    /* 451 4.7.1 */
	CHECK_INT(swaks(loop, "no-starttls", "--tls --to student@lab.test", NULL), 29);
	CHECK_INT(swaks(loop, "bad-cert", "--tls --tls-verify --to student@lab.test", NULL), 29);
	CHECK_INT(swaks(loop, "old-tls", "--tls --tls-protocol tlsv1_3 --to student@lab.test", NULL), 29);
	loop_free(loop);
	return check_report();
}
