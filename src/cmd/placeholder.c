/* placeholder: replaced by the console command layer. */
typedef int smtpcon_cmd_placeholder;
