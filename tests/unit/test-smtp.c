/* test-smtp: the SMTP state a view shows, and its tables. */
#include <string.h>

#include "check.h"
#include "core/smtp.h"

int main(void)
{
	for (int st = 0; st < SMTP_NSTATES; st++) {
		CHECK(strcmp(smtp_state_name(st), "unknown") != 0);
		CHECK(smtp_state_next_step(st)[0] != '\0');
		for (int k = 0; k < st; k++)
			CHECK(strcmp(smtp_state_name(st), smtp_state_name(k)) != 0); /* names are unique */
	}
	enum smtp_state s = SMTP_GREETING;
	s = smtp_after_reply(s, "", 220);
	CHECK_INT(s, SMTP_GREETED);
	s = smtp_after_reply(s, "EHLO", 250);
	CHECK_INT(s, SMTP_READY);
	CHECK_INT(smtp_after_reply(s, "STARTTLS", 220), SMTP_HANDSHAKE);
	CHECK_INT(smtp_after_reply(s, "STARTTLS", 454), SMTP_READY);
	s = smtp_after_reply(s, "MAIL", 250);
	CHECK_INT(s, SMTP_MAIL);
	CHECK_INT(smtp_after_reply(s, "RCPT", 550), SMTP_MAIL); /* a refused recipient changes nothing */
	s = smtp_after_reply(s, "RCPT", 250);
	CHECK_INT(s, SMTP_RCPT);
	s = smtp_after_reply(s, "DATA", 354);
	CHECK_INT(s, SMTP_DATA);
	CHECK_INT(smtp_after_reply(SMTP_DATA_DONE, ".", 250), SMTP_READY);
	CHECK_INT(smtp_after_reply(SMTP_READY, "AUTH", 334), SMTP_AUTH);
	CHECK_INT(smtp_after_reply(SMTP_AUTH, "*AUTH", 235), SMTP_READY);
	CHECK_INT(smtp_after_reply(SMTP_MAIL, "RSET", 250), SMTP_READY);
	CHECK_INT(smtp_after_reply(SMTP_READY, "NOOP", 250), SMTP_READY);

	char verb[16];
	smtp_verb("  mail from:<a@b>", verb);
	CHECK_STR(verb, "MAIL");
	smtp_verb("averyveryverylongverbindeed x", verb);
	CHECK_INT(strlen(verb), 15);
	return check_report();
}
