/* replycodes-data: the basic reply codes and the meaning of each digit position, as data. Sorted by key (the
 * lookups bisect); tests/unit/test-replycodes.c checks order, uniqueness and that no field is empty. The texts
 * are ours: short, plain, for someone learning SMTP at the console. */
#include "core/replycodes.h"
#include "lib/i18n.h"

/* clang-format off */
const struct replycode_info replycodes_basic_table[] = {
	{211, N_("System status, or system help reply"),
	 N_("An answer to a status or HELP request; nothing about mail was done."),
	 N_("Seen after HELP or other status commands."),
	 N_("Read the text; carry on with the command you meant to send."),
	 "RFC 5321 §4.2.2"},
	{214, N_("Help message"),
	 N_("Text meant for a person, usually the answer to HELP. Its content is the server's own."),
	 N_("You sent HELP (or HELP <command>)."),
	 N_("Read it, then carry on; the text is not something to parse."),
	 "RFC 5321 §4.2.2"},
	{220, N_("Service ready"),
	 N_("The server greets you when you connect (\"220 host ESMTP ...\"), or says \"go ahead\" to STARTTLS: after that "
	 "220 the very next bytes must be the TLS handshake."),
	 N_("A new connection, or your STARTTLS was accepted."),
	 N_("After the greeting send EHLO <your name>. After 220 to STARTTLS start TLS, then EHLO again."),
	 "RFC 5321 §4.2.2, §3.1; RFC 3207 §4"},
	{221, N_("Service closing transmission channel"),
	 N_("The server says goodbye and will close the connection."),
	 N_("You sent QUIT (or the server ends the session itself)."),
	 N_("Nothing more to send; the connection closes. Reconnect to start again."),
	 "RFC 5321 §4.2.2, §4.1.1.10"},
	{235, N_("Authentication successful"),
	 N_("Your AUTH was accepted: you are now logged in for this connection. Many servers now let you relay mail "
	 "(the submission service)."),
	 N_("The user name and password (or other credentials) were right."),
	 N_("Go on with MAIL FROM:<address>. Some servers change their capabilities after AUTH; EHLO shows them."),
	 "RFC 4954 §6"},
	{250, N_("Requested mail action okay, completed"),
	 N_("The command worked. To EHLO the lines after the first list the server's extensions; to the final dot of "
	 "DATA it means the server has taken responsibility for the message."),
	 N_("Success."),
	 N_("Send the next command: after EHLO, MAIL FROM; after MAIL, RCPT TO; after RCPT, more RCPT or DATA."),
	 "RFC 5321 §4.2.2"},
	{251, N_("User not local; will forward"),
	 N_("The recipient is accepted, but the server will pass the message on to another address it knows."),
	 N_("Aliases or forwarding configured on the server."),
	 N_("Nothing special: carry on as after 250."),
	 "RFC 5321 §4.2.2, §3.4"},
	{252, N_("Cannot VRFY user, but will accept message and attempt delivery"),
	 N_("The server will not confirm whether the address exists (most servers refuse to, to stop address "
	 "harvesting), but it would take mail for it."),
	 N_("You sent VRFY; the server hides its user list."),
	 N_("Do not read this as \"the user exists\"; send the mail and see what RCPT says."),
	 "RFC 5321 §4.2.2, §3.5.3"},
	{334, N_("Server challenge (AUTH continues)"),
	 N_("The AUTH exchange goes on: the text after 334 is base64 (for LOGIN it decodes to \"Username:\" or "
	 "\"Password:\"), and the server waits for your base64 answer on a line of its own."),
	 N_("You sent AUTH with a mechanism that needs more steps."),
	 N_("Send the answer base64-encoded (/auth does it for you), or \"*\" to cancel the exchange."),
	 "RFC 4954 §4"},
	{354, N_("Start mail input; end with <CRLF>.<CRLF>"),
	 N_("The server waits for the message itself: header lines, an empty line, the body. Lines starting with a dot "
	 "get an extra dot (dot-stuffing). A line holding a single dot ends the message."),
	 N_("You sent DATA after at least one recipient was accepted."),
	 N_("Send the message, then a line with a lone \".\". /data FILE does the stuffing and the final dot."),
	 "RFC 5321 §4.2.2, §4.1.1.4, §4.5.2"},
	{421, N_("Service not available, closing transmission channel"),
	 N_("The server is shutting this connection down now, temporarily. It may be sent at any time, in answer to "
	 "any command."),
	 N_("Too many connections, the server is overloaded or restarting, you were too slow (timeout), or a "
	 "rate limit for your address."),
	 N_("Transient: reconnect later. An MTA keeps the message queued and retries, typically after minutes."),
	 "RFC 5321 §4.2.2, §3.8"},
	{432, N_("A password transition is needed"),
	 N_("The server wants you to authenticate once with a plaintext mechanism (over TLS) so that it can set up "
	 "stored credentials for the mechanism you asked for."),
	 N_("A stronger mechanism was requested but the account has no secrets stored for it yet."),
	 N_("Authenticate once with PLAIN over TLS, then try the other mechanism again."),
	 "RFC 4954 §6"},
	{450, N_("Requested mail action not taken: mailbox unavailable"),
	 N_("The mailbox cannot be used right now, but might be later."),
	 N_("The mailbox is busy or locked, a temporary policy block, or greylisting (the server wants to see you "
	 "retry before it accepts)."),
	 N_("Transient: try again later; an MTA retries automatically."),
	 "RFC 5321 §4.2.2"},
	{451, N_("Requested action aborted: local error in processing"),
	 N_("Something went wrong on the server's side, or it wants you to come back later."),
	 N_("A server problem (disk, database, DNS lookup failure), or greylisting: \"451 4.7.1 Greylisted, try "
	 "again in N minutes\" is very common."),
	 N_("Transient: retry later with the same message. For greylisting, wait the time it names and send again "
	 "from the same address."),
	 "RFC 5321 §4.2.2"},
	{452, N_("Requested action not taken: insufficient system storage"),
	 N_("The server cannot take this now for lack of space, or (to RCPT) you have given too many recipients in "
	 "this transaction."),
	 N_("The server's disk or queue is full, or a per-message recipient limit was reached."),
	 N_("Transient: retry later. For too many recipients, send the rest in another transaction."),
	 "RFC 5321 §4.2.2, §4.5.3.1.10"},
	{454, N_("Temporary authentication failure, or TLS not available"),
	 N_("To AUTH: the server could not check your credentials just now. To STARTTLS: TLS cannot be started at "
	 "the moment."),
	 N_("The server's password back end is down, or its TLS setup (certificate, key) is broken."),
	 N_("Transient: retry later. Do not fall back to sending a password without TLS."),
	 "RFC 4954 §6; RFC 3207 §4"},
	{455, N_("Server unable to accommodate parameters"),
	 N_("The server understood the MAIL FROM or RCPT TO parameters but cannot honour them now."),
	 N_("An extension parameter the server cannot satisfy at this moment."),
	 N_("Transient: retry later, or without that parameter."),
	 "RFC 5321 §4.2.2"},
	{500, N_("Syntax error, command unrecognized"),
	 N_("The server did not understand the command at all (or the line was too long)."),
	 N_("A typo in the verb, a command the server does not know, a line longer than allowed, or bytes that are "
	 "not SMTP (for example TLS bytes sent to a plaintext port)."),
	 N_("Check the spelling (EHLO, MAIL FROM:<a@b>, RCPT TO:<c@d>); HELP lists what the server knows."),
	 "RFC 5321 §4.2.2"},
	{501, N_("Syntax error in parameters or arguments"),
	 N_("The verb is fine but what follows it is not."),
	 N_("A missing colon or angle brackets (MAIL FROM:<a@b>), a malformed address, a bad EHLO argument, or "
	 "invalid base64 in an AUTH exchange."),
	 N_("Fix the argument; addresses go inside <>, with no space after the colon."),
	 "RFC 5321 §4.2.2, §4.1.2"},
	{502, N_("Command not implemented"),
	 N_("The server knows the command but does not offer it."),
	 N_("VRFY/EXPN switched off, or an extension command the server does not support."),
	 N_("Look at the EHLO reply for what is offered; do without that command."),
	 "RFC 5321 §4.2.2"},
	{503, N_("Bad sequence of commands"),
	 N_("The command is valid but not now: SMTP has an order (EHLO, MAIL, RCPT, DATA)."),
	 N_("MAIL before EHLO, RCPT before MAIL, DATA without an accepted RCPT, AUTH twice, or AUTH when it is "
	 "not advertised (often: only after STARTTLS)."),
	 N_("Send the missing earlier step first; RSET clears a half-done transaction."),
	 "RFC 5321 §4.2.2, §4.1.4"},
	{504, N_("Command parameter not implemented"),
	 N_("The command is known but this parameter is not, for example an AUTH mechanism the server lacks."),
	 N_("An unsupported AUTH mechanism or extension parameter."),
	 N_("Use a parameter or mechanism from the EHLO reply."),
	 "RFC 5321 §4.2.2; RFC 4954 §4"},
	{521, N_("Host does not accept mail"),
	 N_("This host never accepts mail at all (a \"no mail here\" server), usually said as its greeting."),
	 N_("The machine runs an SMTP listener only to refuse mail."),
	 N_("Permanent: do not retry here. Check that you connected to the right host (look up the domain's MX)."),
	 "RFC 7504 §3"},
	{530, N_("Authentication required (or: must issue STARTTLS first)"),
	 N_("The server wants something before this command: \"530 5.7.0 Must issue a STARTTLS command first\" "
	 "wants TLS; \"530 5.7.0 Authentication required\" wants AUTH."),
	 N_("Submission servers (port 587) require AUTH; many require TLS before anything else."),
	 N_("Send STARTTLS (then EHLO again), then AUTH, then retry the command."),
	 "RFC 4954 §6; RFC 3207 §4"},
	{534, N_("Authentication mechanism is too weak"),
	 N_("The server refuses this AUTH mechanism as too weak for its policy."),
	 N_("A plaintext mechanism on a connection the server thinks is not protected enough."),
	 N_("Use a stronger mechanism from the AUTH list, or authenticate after STARTTLS."),
	 "RFC 4954 §6"},
	{535, N_("Authentication credentials invalid"),
	 N_("The user name or password is wrong (or the account may not log in here)."),
	 N_("A wrong password, a user name that needs the full address, an account locked, or a server that needs "
	 "an app-specific password."),
	 N_("Check the user name and password; careful with base64 (it must encode exactly the bytes, no newline)."),
	 "RFC 4954 §6"},
	{538, N_("Encryption required for requested authentication mechanism"),
	 N_("This mechanism may only be used inside TLS."),
	 N_("AUTH PLAIN or LOGIN on a plaintext connection."),
	 N_("STARTTLS, EHLO again, then AUTH."),
	 "RFC 4954 §6"},
	{550, N_("Requested action not taken: mailbox unavailable"),
	 N_("A permanent refusal. To RCPT it usually means no such user; to MAIL or after DATA it is often a "
	 "policy decision. The enhanced code and the text say which."),
	 N_("Unknown recipient (5.1.1), relaying denied (5.7.1: you are not allowed to send through this server to "
	 "another domain), a blocklisted address, SPF/DMARC failure."),
	 N_("Permanent: do not retry unchanged. Check the address; for relaying, use your provider's submission "
	 "server (port 587) with AUTH."),
	 "RFC 5321 §4.2.2, §3.6.2"},
	{551, N_("User not local; please try <forward-path>"),
	 N_("The server will not forward the message itself; the text may name where the user now is."),
	 N_("The recipient has moved."),
	 N_("Permanent: update the address (the text may say the new one) and send there."),
	 "RFC 5321 §4.2.2, §3.4"},
	{552, N_("Requested mail action aborted: exceeded storage allocation"),
	 N_("Too big: the message passes a size limit (the server's, or the mailbox's)."),
	 N_("A message larger than the SIZE the server advertises, or a full mailbox."),
	 N_("Send a smaller message (compare with SIZE in the EHLO reply); for a full mailbox, tell the recipient."),
	 "RFC 5321 §4.2.2; RFC 1870 §6"},
	{553, N_("Requested action not taken: mailbox name not allowed"),
	 N_("The address is refused as written."),
	 N_("Bad address syntax, a sender domain that does not exist, or a sender you may not use."),
	 N_("Correct the address (user@domain inside <>); use a sender address you own."),
	 "RFC 5321 §4.2.2"},
	{554, N_("Transaction failed (or: no SMTP service here)"),
	 N_("A permanent failure of the whole transaction. As a greeting it means \"I will not talk to you\"."),
	 N_("Your address is on a blocklist, the message was rejected as spam or for content, relaying denied, or "
	 "a protocol error such as talking before the greeting (Exim's \"SMTP synchronization error\")."),
	 N_("Permanent: read the text; do not retry unchanged. If you sent before the greeting, wait for 220."),
	 "RFC 5321 §4.2.2, §3.1"},
	{555, N_("MAIL FROM/RCPT TO parameters not recognized or not implemented"),
	 N_("A parameter after the address is unknown to the server."),
	 N_("SIZE=, BODY=, SMTPUTF8, REQUIRETLS ... to a server that did not advertise that extension."),
	 N_("Leave the parameter out, or only use those matching the EHLO reply."),
	 "RFC 5321 §4.2.2, §4.1.1.11"},
	{556, N_("Domain does not accept mail"),
	 N_("The recipient's domain says (e.g. with a null MX record) that it accepts no mail at all."),
	 N_("The domain publishes \"MX 0 .\" (RFC 7505), or a relay knows it takes no mail."),
	 N_("Permanent: the address cannot receive mail; check it for typos."),
	 "RFC 7504 §4; RFC 7505"},
};
const size_t replycodes_basic_table_len = sizeof replycodes_basic_table / sizeof replycodes_basic_table[0];

/* First digit of a basic code (RFC 5321 §4.2.1). */
const struct digit_info replycodes_first_table[] = {
	{1, N_("Positive preliminary reply"),
	 N_("The command was accepted and more will follow. SMTP itself never uses 1yz."),
	 "RFC 5321 §4.2.1"},
	{2, N_("Positive completion reply"),
	 N_("Success: the action is done; send the next command."),
	 "RFC 5321 §4.2.1"},
	{3, N_("Positive intermediate reply"),
	 N_("Accepted so far, the server waits for more: 354 for the message body, 334 in AUTH."),
	 "RFC 5321 §4.2.1"},
	{4, N_("Transient negative completion reply"),
	 N_("Not done, but the condition is temporary: retry the same thing later. An MTA keeps the message queued "
	 "and tries again."),
	 "RFC 5321 §4.2.1"},
	{5, N_("Permanent negative completion reply"),
	 N_("Not done, and repeating it unchanged will fail again: change something (address, message, credentials) "
	 "or give up. An MTA returns the message to its sender."),
	 "RFC 5321 §4.2.1"},
};
const size_t replycodes_first_table_len = sizeof replycodes_first_table / sizeof replycodes_first_table[0];

/* Second digit of a basic code (RFC 5321 §4.2.1). */
const struct digit_info replycodes_second_table[] = {
	{0, N_("Syntax"), N_("About syntax: the command or its arguments, or a command that does not fit."),
	 "RFC 5321 §4.2.1"},
	{1, N_("Information"), N_("An answer to a request for information (status, help)."), "RFC 5321 §4.2.1"},
	{2, N_("Connections"), N_("About the transmission channel: greeting, closing, service availability."),
	 "RFC 5321 §4.2.1"},
	{3, N_("Unspecified"), N_("Not assigned by RFC 5321; the AUTH codes of RFC 4954 (530, 534, 535, 538) use it."),
	 "RFC 5321 §4.2.1; RFC 4954 §6"},
	{4, N_("Unspecified"), N_("Not assigned by RFC 5321 (454 of RFC 3207 / RFC 4954 uses it)."),
	 "RFC 5321 §4.2.1"},
	{5, N_("Mail system"), N_("About the receiving mail system: mailboxes, storage, the message."),
	 "RFC 5321 §4.2.1"},
};
const size_t replycodes_second_table_len = sizeof replycodes_second_table / sizeof replycodes_second_table[0];

/* Enhanced status code classes (RFC 3463 §2, registry N_("Class Sub-Codes")). */
const struct digit_info replycodes_class_table[] = {
	{2, N_("Success"), N_("The action succeeded; the subject and detail may tell what was done."), "RFC 3463 §2"},
	{4, N_("Persistent transient failure"),
	 N_("The message is valid, but a temporary condition stopped it. Sending again later may succeed: a client "
	 "keeps the message and retries."),
	 "RFC 3463 §2"},
	{5, N_("Permanent failure"),
	 N_("Resending the message as it is will not work: something about the message or the destination must "
	 "change. A client gives up and reports the failure to the sender."),
	 "RFC 3463 §2"},
};
const size_t replycodes_class_table_len = sizeof replycodes_class_table / sizeof replycodes_class_table[0];

/* Enhanced status code subjects (RFC 3463 §2, registry N_("Subject Sub-Codes")). */
const struct digit_info replycodes_subject_table[] = {
	{0, N_("Other or undefined status"), N_("No more detail is given than the class."), "RFC 3463 §3.1"},
	{1, N_("Addressing status"),
	 N_("About an address (the sender's or a recipient's): its syntax or whether it exists. The sender can "
	 "usually correct these."),
	 "RFC 3463 §3.2"},
	{2, N_("Mailbox status"),
	 N_("The address is right, but something about the mailbox itself (disabled, full, limits)."),
	 "RFC 3463 §3.3"},
	{3, N_("Mail system status"),
	 N_("About the receiving system as a whole: full, not accepting mail, not able to do what was asked."),
	 "RFC 3463 §3.4"},
	{4, N_("Network and routing status"),
	 N_("About getting the message there: DNS, connections, routes, loops, time limits."),
	 "RFC 3463 §3.5"},
	{5, N_("Mail delivery protocol status"),
	 N_("About the SMTP conversation itself: commands, syntax, sequence, limits."),
	 "RFC 3463 §3.6"},
	{6, N_("Message content or media status"),
	 N_("About the message content: media types, conversions, 8-bit or UTF-8 content."),
	 "RFC 3463 §3.7"},
	{7, N_("Security or policy status"),
	 N_("About security or policy: authorisation, authentication, encryption, anti-spam and sender checks."),
	 "RFC 3463 §3.8"},
};
const size_t replycodes_subject_table_len = sizeof replycodes_subject_table / sizeof replycodes_subject_table[0];
/* clang-format on */
