/* xmalloc: allocation that cannot fail. Out of memory is fatal (a programmer/system error, not a session event). */
#ifndef SMTPCON_XMALLOC_H
#define SMTPCON_XMALLOC_H
#include <stddef.h>

/* Each aborts the process with a message on stderr when memory runs out. */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Reallocate an array of count elements of size each, checking the multiplication. */
void *xreallocarray(void *p, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Copy n bytes into a new NUL-terminated allocation (the bytes may contain NUL). */
char *xmemdup0(const void *p, size_t n);
/* printf into a new allocation. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
