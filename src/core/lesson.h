/* lesson: the practice lessons' steps as data, and a learner's progress through one, ticked from the session model
 * (core/model.h) that the status bar and the next hint read too. No curses, no printing: the console feeds the
 * model in after each event (lesson_run_observe) and a view draws what lesson_run_* return.
 *
 * A lesson is a table of steps (lesson-data.c), one per scenario of the practice lab. Each step has a line that
 * says what to do, a line that says what to look at on the wire, and a condition on the model (data too: "the
 * last reply was 550 to RCPT", "TLS by STARTTLS with AUTH now offered"). A step ticks the first time its
 * condition holds (and, for a step marked so, only once the step before it ticked: a retry after a failure);
 * ticks stay. Steps may tick in any other order: the learner walks, the lesson follows.
 *
 * Texts are English msgids; {addr} in them stands for the running lab's HOST:PORT and {ca} for its CA file, which
 * lesson_run_set_place fills in, so the steps show what to type for this lab, not placeholders.
 */
#ifndef SMTPCON_LESSON_H
#define SMTPCON_LESSON_H
#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"

struct lesson;
struct lesson_run;

/* The lesson for a lab scenario ("delivery", "submission" ...), or NULL when there is none. Static. */
const struct lesson *lesson_find(const char *name);
/* Every lesson's name, NULL-terminated, in the tutorial's order. */
const char *const *lesson_names(void);

/* Progress through lesson l, nothing ticked. Free with lesson_run_free. */
struct lesson_run *lesson_run_new(const struct lesson *l);
void lesson_run_free(struct lesson_run *r);
/* Where the lab runs: addr "HOST:PORT" ({addr}) and its CA file ({ca}); either may be NULL (then the step shows
 * "HOST:PORT", "ca.pem"). Copied. */
void lesson_run_set_place(struct lesson_run *r, const char *addr, const char *ca);

/* Tick every step whose condition holds in m (see above). Returns how many steps ticked now (0: no change). */
size_t lesson_run_observe(struct lesson_run *r, const struct session_model *m);

const char *lesson_run_name(const struct lesson_run *r);
size_t lesson_run_steps(const struct lesson_run *r);
bool lesson_run_done(const struct lesson_run *r, size_t i);
size_t lesson_run_ticked(const struct lesson_run *r);
/* The first step not ticked yet (the one to do now), or lesson_run_steps() when all are done. */
size_t lesson_run_current(const struct lesson_run *r);

/* Step i's line "what to do" and "what to look at on the wire", with {addr} and {ca} filled in, in the user's
 * language (loc true: screens) or English (JSON). Written to buf (always terminated); returns buf. */
const char *lesson_step_do(const struct lesson_run *r, size_t i, bool loc, char *buf, size_t n);
const char *lesson_step_wire(const struct lesson_run *r, size_t i, bool loc, char *buf, size_t n);

/* ---- for the table test ---- */
/* The raw msgids of lesson l's step i (NULL past the end), and whether it has a condition at all. */
const char *lesson_msgid_do(const struct lesson *l, size_t i);
const char *lesson_msgid_wire(const struct lesson *l, size_t i);
size_t lesson_nsteps(const struct lesson *l);

#endif
