/* wrap: breaking safe display text (our own, or already escaped: valid UTF-8 without controls) into rows. */
#ifndef SMTPCON_UI_WRAP_H
#define SMTPCON_UI_WRAP_H
#include <stddef.h>

/*
 * The first row of s[0..n) in at most width columns: returns its length in bytes (trailing spaces not counted)
 * and sets *next to where the following row starts (spaces at the break skipped). Breaks after the last space
 * that fits; a word longer than width is cut inside. Always moves on: *next > 0 when n > 0.
 */
size_t wrap_row(const char *s, size_t n, int width, size_t *next);
/* Rows s[0..n) takes at width (at least 1, for an empty text too). */
size_t wrap_count(const char *s, size_t n, int width);

#endif
