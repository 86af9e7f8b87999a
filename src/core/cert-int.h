/* cert-int: what the certificate files (cert.c, cert-reasons.c) share and nobody else needs. */
#ifndef SMTPCON_CERT_INT_H
#define SMTPCON_CERT_INT_H

/* Append item to the allocated ", "-separated list *list (start with xstrdup("")); *list is replaced. */
void cert_list_append(char **list, const char *item);

#endif
