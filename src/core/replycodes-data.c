/* replycodes-data: the basic reply codes and the meaning of each digit position, as data. Sorted by key (the
 * lookups bisect); tests/unit/test-replycodes.c checks order, uniqueness and that no field is empty. The texts
 * are ours: short, plain, for someone learning SMTP at the console. */
#include "core/replycodes.h"

/* clang-format off */
const struct replycode_info replycodes_basic_table[] = {
	{211, "System status, or system help reply",
	 "An answer to a status or HELP request; nothing about mail was done.",
	 "Seen after HELP or other status commands.",
	 "Read the text; carry on with the command you meant to send.",
	 "RFC 5321 §4.2.2"},
	{214, "Help message",
	 "Text meant for a person, usually the answer to HELP. Its content is the server's own.",
	 "You sent HELP (or HELP <command>).",
	 "Read it, then carry on; the text is not something to parse.",
	 "RFC 5321 §4.2.2"},
	{220, "Service ready",
	 "The server greets you when you connect (\"220 host ESMTP ...\"), or says \"go ahead\" to STARTTLS: after that "
	 "220 the very next bytes must be the TLS handshake.",
	 "A new connection, or your STARTTLS was accepted.",
	 "After the greeting send EHLO <your name>. After 220 to STARTTLS start TLS, then EHLO again.",
	 "RFC 5321 §4.2.2, §3.1; RFC 3207 §4"},
	{221, "Service closing transmission channel",
	 "The server says goodbye and will close the connection.",
	 "You sent QUIT (or the server ends the session itself).",
	 "Nothing more to send; the connection closes. Reconnect to start again.",
	 "RFC 5321 §4.2.2, §4.1.1.10"},
	{235, "Authentication successful",
	 "Your AUTH was accepted: you are now logged in for this connection. Many servers now let you relay mail "
	 "(the submission service).",
	 "The user name and password (or other credentials) were right.",
	 "Go on with MAIL FROM:<address>. Some servers change their capabilities after AUTH; EHLO shows them.",
	 "RFC 4954 §6"},
	{250, "Requested mail action okay, completed",
	 "The command worked. To EHLO the lines after the first list the server's extensions; to the final dot of "
	 "DATA it means the server has taken responsibility for the message.",
	 "Success.",
	 "Send the next command: after EHLO, MAIL FROM; after MAIL, RCPT TO; after RCPT, more RCPT or DATA.",
	 "RFC 5321 §4.2.2"},
	{251, "User not local; will forward",
	 "The recipient is accepted, but the server will pass the message on to another address it knows.",
	 "Aliases or forwarding configured on the server.",
	 "Nothing special: carry on as after 250.",
	 "RFC 5321 §4.2.2, §3.4"},
	{252, "Cannot VRFY user, but will accept message and attempt delivery",
	 "The server will not confirm whether the address exists (most servers refuse to, to stop address "
	 "harvesting), but it would take mail for it.",
	 "You sent VRFY; the server hides its user list.",
	 "Do not read this as \"the user exists\"; send the mail and see what RCPT says.",
	 "RFC 5321 §4.2.2, §3.5.3"},
	{334, "Server challenge (AUTH continues)",
	 "The AUTH exchange goes on: the text after 334 is base64 (for LOGIN it decodes to \"Username:\" or "
	 "\"Password:\"), and the server waits for your base64 answer on a line of its own.",
	 "You sent AUTH with a mechanism that needs more steps.",
	 "Send the answer base64-encoded (/auth does it for you), or \"*\" to cancel the exchange.",
	 "RFC 4954 §4"},
	{354, "Start mail input; end with <CRLF>.<CRLF>",
	 "The server waits for the message itself: header lines, an empty line, the body. Lines starting with a dot "
	 "get an extra dot (dot-stuffing). A line holding a single dot ends the message.",
	 "You sent DATA after at least one recipient was accepted.",
	 "Send the message, then a line with a lone \".\". /data FILE does the stuffing and the final dot.",
	 "RFC 5321 §4.2.2, §4.1.1.4, §4.5.2"},
	{421, "Service not available, closing transmission channel",
	 "The server is shutting this connection down now, temporarily. It may be sent at any time, in answer to "
	 "any command.",
	 "Too many connections, the server is overloaded or restarting, you were too slow (timeout), or a "
	 "rate limit for your address.",
	 "Transient: reconnect later. An MTA keeps the message queued and retries, typically after minutes.",
	 "RFC 5321 §4.2.2, §3.8"},
	{432, "A password transition is needed",
	 "The server wants you to authenticate once with a plaintext mechanism (over TLS) so that it can set up "
	 "stored credentials for the mechanism you asked for.",
	 "A stronger mechanism was requested but the account has no secrets stored for it yet.",
	 "Authenticate once with PLAIN over TLS, then try the other mechanism again.",
	 "RFC 4954 §6"},
	{450, "Requested mail action not taken: mailbox unavailable",
	 "The mailbox cannot be used right now, but might be later.",
	 "The mailbox is busy or locked, a temporary policy block, or greylisting (the server wants to see you "
	 "retry before it accepts).",
	 "Transient: try again later; an MTA retries automatically.",
	 "RFC 5321 §4.2.2"},
	{451, "Requested action aborted: local error in processing",
	 "Something went wrong on the server's side, or it wants you to come back later.",
	 "A server problem (disk, database, DNS lookup failure), or greylisting: \"451 4.7.1 Greylisted, try "
	 "again in N minutes\" is very common.",
	 "Transient: retry later with the same message. For greylisting, wait the time it names and send again "
	 "from the same address.",
	 "RFC 5321 §4.2.2"},
	{452, "Requested action not taken: insufficient system storage",
	 "The server cannot take this now for lack of space, or (to RCPT) you have given too many recipients in "
	 "this transaction.",
	 "The server's disk or queue is full, or a per-message recipient limit was reached.",
	 "Transient: retry later. For too many recipients, send the rest in another transaction.",
	 "RFC 5321 §4.2.2, §4.5.3.1.10"},
	{454, "Temporary authentication failure, or TLS not available",
	 "To AUTH: the server could not check your credentials just now. To STARTTLS: TLS cannot be started at "
	 "the moment.",
	 "The server's password back end is down, or its TLS setup (certificate, key) is broken.",
	 "Transient: retry later. Do not fall back to sending a password without TLS.",
	 "RFC 4954 §6; RFC 3207 §4"},
	{455, "Server unable to accommodate parameters",
	 "The server understood the MAIL FROM or RCPT TO parameters but cannot honour them now.",
	 "An extension parameter the server cannot satisfy at this moment.",
	 "Transient: retry later, or without that parameter.",
	 "RFC 5321 §4.2.2"},
	{500, "Syntax error, command unrecognized",
	 "The server did not understand the command at all (or the line was too long).",
	 "A typo in the verb, a command the server does not know, a line longer than allowed, or bytes that are "
	 "not SMTP (for example TLS bytes sent to a plaintext port).",
	 "Check the spelling (EHLO, MAIL FROM:<a@b>, RCPT TO:<c@d>); HELP lists what the server knows.",
	 "RFC 5321 §4.2.2"},
	{501, "Syntax error in parameters or arguments",
	 "The verb is fine but what follows it is not.",
	 "A missing colon or angle brackets (MAIL FROM:<a@b>), a malformed address, a bad EHLO argument, or "
	 "invalid base64 in an AUTH exchange.",
	 "Fix the argument; addresses go inside <>, with no space after the colon.",
	 "RFC 5321 §4.2.2, §4.1.2"},
	{502, "Command not implemented",
	 "The server knows the command but does not offer it.",
	 "VRFY/EXPN switched off, or an extension command the server does not support.",
	 "Look at the EHLO reply for what is offered; do without that command.",
	 "RFC 5321 §4.2.2"},
	{503, "Bad sequence of commands",
	 "The command is valid but not now: SMTP has an order (EHLO, MAIL, RCPT, DATA).",
	 "MAIL before EHLO, RCPT before MAIL, DATA without an accepted RCPT, AUTH twice, or AUTH when it is "
	 "not advertised (often: only after STARTTLS).",
	 "Send the missing earlier step first; RSET clears a half-done transaction.",
	 "RFC 5321 §4.2.2, §4.1.4"},
	{504, "Command parameter not implemented",
	 "The command is known but this parameter is not, for example an AUTH mechanism the server lacks.",
	 "An unsupported AUTH mechanism or extension parameter.",
	 "Use a parameter or mechanism from the EHLO reply.",
	 "RFC 5321 §4.2.2; RFC 4954 §4"},
	{521, "Host does not accept mail",
	 "This host never accepts mail at all (a \"no mail here\" server), usually said as its greeting.",
	 "The machine runs an SMTP listener only to refuse mail.",
	 "Permanent: do not retry here. Check that you connected to the right host (look up the domain's MX).",
	 "RFC 7504 §3"},
	{530, "Authentication required (or: must issue STARTTLS first)",
	 "The server wants something before this command: \"530 5.7.0 Must issue a STARTTLS command first\" "
	 "wants TLS; \"530 5.7.0 Authentication required\" wants AUTH.",
	 "Submission servers (port 587) require AUTH; many require TLS before anything else.",
	 "Send STARTTLS (then EHLO again), then AUTH, then retry the command.",
	 "RFC 4954 §6; RFC 3207 §4"},
	{534, "Authentication mechanism is too weak",
	 "The server refuses this AUTH mechanism as too weak for its policy.",
	 "A plaintext mechanism on a connection the server thinks is not protected enough.",
	 "Use a stronger mechanism from the AUTH list, or authenticate after STARTTLS.",
	 "RFC 4954 §6"},
	{535, "Authentication credentials invalid",
	 "The user name or password is wrong (or the account may not log in here).",
	 "A wrong password, a user name that needs the full address, an account locked, or a server that needs "
	 "an app-specific password.",
	 "Check the user name and password; careful with base64 (it must encode exactly the bytes, no newline).",
	 "RFC 4954 §6"},
	{538, "Encryption required for requested authentication mechanism",
	 "This mechanism may only be used inside TLS.",
	 "AUTH PLAIN or LOGIN on a plaintext connection.",
	 "STARTTLS, EHLO again, then AUTH.",
	 "RFC 4954 §6"},
	{550, "Requested action not taken: mailbox unavailable",
	 "A permanent refusal. To RCPT it usually means no such user; to MAIL or after DATA it is often a "
	 "policy decision. The enhanced code and the text say which.",
	 "Unknown recipient (5.1.1), relaying denied (5.7.1: you are not allowed to send through this server to "
	 "another domain), a blocklisted address, SPF/DMARC failure.",
	 "Permanent: do not retry unchanged. Check the address; for relaying, use your provider's submission "
	 "server (port 587) with AUTH.",
	 "RFC 5321 §4.2.2, §3.6.2"},
	{551, "User not local; please try <forward-path>",
	 "The server will not forward the message itself; the text may name where the user now is.",
	 "The recipient has moved.",
	 "Permanent: update the address (the text may say the new one) and send there.",
	 "RFC 5321 §4.2.2, §3.4"},
	{552, "Requested mail action aborted: exceeded storage allocation",
	 "Too big: the message passes a size limit (the server's, or the mailbox's).",
	 "A message larger than the SIZE the server advertises, or a full mailbox.",
	 "Send a smaller message (compare with SIZE in the EHLO reply); for a full mailbox, tell the recipient.",
	 "RFC 5321 §4.2.2; RFC 1870 §6"},
	{553, "Requested action not taken: mailbox name not allowed",
	 "The address is refused as written.",
	 "Bad address syntax, a sender domain that does not exist, or a sender you may not use.",
	 "Correct the address (user@domain inside <>); use a sender address you own.",
	 "RFC 5321 §4.2.2"},
	{554, "Transaction failed (or: no SMTP service here)",
	 "A permanent failure of the whole transaction. As a greeting it means \"I will not talk to you\".",
	 "Your address is on a blocklist, the message was rejected as spam or for content, relaying denied, or "
	 "a protocol error such as talking before the greeting (Exim's \"SMTP synchronization error\").",
	 "Permanent: read the text; do not retry unchanged. If you sent before the greeting, wait for 220.",
	 "RFC 5321 §4.2.2, §3.1"},
	{555, "MAIL FROM/RCPT TO parameters not recognized or not implemented",
	 "A parameter after the address is unknown to the server.",
	 "SIZE=, BODY=, SMTPUTF8, REQUIRETLS ... to a server that did not advertise that extension.",
	 "Leave the parameter out, or only use those matching the EHLO reply.",
	 "RFC 5321 §4.2.2, §4.1.1.11"},
	{556, "Domain does not accept mail",
	 "The recipient's domain says (e.g. with a null MX record) that it accepts no mail at all.",
	 "The domain publishes \"MX 0 .\" (RFC 7505), or a relay knows it takes no mail.",
	 "Permanent: the address cannot receive mail; check it for typos.",
	 "RFC 7504 §4; RFC 7505"},
};
const size_t replycodes_basic_table_len = sizeof replycodes_basic_table / sizeof replycodes_basic_table[0];

/* First digit of a basic code (RFC 5321 §4.2.1). */
const struct digit_info replycodes_first_table[] = {
	{1, "Positive preliminary reply",
	 "The command was accepted and more will follow. SMTP itself never uses 1yz.",
	 "RFC 5321 §4.2.1"},
	{2, "Positive completion reply",
	 "Success: the action is done; send the next command.",
	 "RFC 5321 §4.2.1"},
	{3, "Positive intermediate reply",
	 "Accepted so far, the server waits for more: 354 for the message body, 334 in AUTH.",
	 "RFC 5321 §4.2.1"},
	{4, "Transient negative completion reply",
	 "Not done, but the condition is temporary: retry the same thing later. An MTA keeps the message queued "
	 "and tries again.",
	 "RFC 5321 §4.2.1"},
	{5, "Permanent negative completion reply",
	 "Not done, and repeating it unchanged will fail again: change something (address, message, credentials) "
	 "or give up. An MTA returns the message to its sender.",
	 "RFC 5321 §4.2.1"},
};
const size_t replycodes_first_table_len = sizeof replycodes_first_table / sizeof replycodes_first_table[0];

/* Second digit of a basic code (RFC 5321 §4.2.1). */
const struct digit_info replycodes_second_table[] = {
	{0, "Syntax", "About syntax: the command or its arguments, or a command that does not fit.",
	 "RFC 5321 §4.2.1"},
	{1, "Information", "An answer to a request for information (status, help).", "RFC 5321 §4.2.1"},
	{2, "Connections", "About the transmission channel: greeting, closing, service availability.",
	 "RFC 5321 §4.2.1"},
	{3, "Unspecified", "Not assigned by RFC 5321; the AUTH codes of RFC 4954 (530, 534, 535, 538) use it.",
	 "RFC 5321 §4.2.1; RFC 4954 §6"},
	{4, "Unspecified", "Not assigned by RFC 5321 (454 of RFC 3207 / RFC 4954 uses it).",
	 "RFC 5321 §4.2.1"},
	{5, "Mail system", "About the receiving mail system: mailboxes, storage, the message.",
	 "RFC 5321 §4.2.1"},
};
const size_t replycodes_second_table_len = sizeof replycodes_second_table / sizeof replycodes_second_table[0];

/* Enhanced status code classes (RFC 3463 §2, registry "Class Sub-Codes"). */
const struct digit_info replycodes_class_table[] = {
	{2, "Success", "The action succeeded; the subject and detail may tell what was done.", "RFC 3463 §2"},
	{4, "Persistent transient failure",
	 "The message is valid, but a temporary condition stopped it. Sending again later may succeed: a client "
	 "keeps the message and retries.",
	 "RFC 3463 §2"},
	{5, "Permanent failure",
	 "Resending the message as it is will not work: something about the message or the destination must "
	 "change. A client gives up and reports the failure to the sender.",
	 "RFC 3463 §2"},
};
const size_t replycodes_class_table_len = sizeof replycodes_class_table / sizeof replycodes_class_table[0];

/* Enhanced status code subjects (RFC 3463 §2, registry "Subject Sub-Codes"). */
const struct digit_info replycodes_subject_table[] = {
	{0, "Other or undefined status", "No more detail is given than the class.", "RFC 3463 §3.1"},
	{1, "Addressing status",
	 "About an address (the sender's or a recipient's): its syntax or whether it exists. The sender can "
	 "usually correct these.",
	 "RFC 3463 §3.2"},
	{2, "Mailbox status",
	 "The address is right, but something about the mailbox itself (disabled, full, limits).",
	 "RFC 3463 §3.3"},
	{3, "Mail system status",
	 "About the receiving system as a whole: full, not accepting mail, not able to do what was asked.",
	 "RFC 3463 §3.4"},
	{4, "Network and routing status",
	 "About getting the message there: DNS, connections, routes, loops, time limits.",
	 "RFC 3463 §3.5"},
	{5, "Mail delivery protocol status",
	 "About the SMTP conversation itself: commands, syntax, sequence, limits.",
	 "RFC 3463 §3.6"},
	{6, "Message content or media status",
	 "About the message content: media types, conversions, 8-bit or UTF-8 content.",
	 "RFC 3463 §3.7"},
	{7, "Security or policy status",
	 "About security or policy: authorisation, authentication, encryption, anti-spam and sender checks.",
	 "RFC 3463 §3.8"},
};
const size_t replycodes_subject_table_len = sizeof replycodes_subject_table / sizeof replycodes_subject_table[0];
/* clang-format on */
