/* placeholder: replaced by the batch outputs. */
typedef int smtpcon_batch_placeholder;
