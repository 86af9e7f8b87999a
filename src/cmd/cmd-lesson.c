/* cmd-lesson: /lesson, the practice lesson that walks with the learner. The running scenario's lesson is followed
 * from the start: after each event of the session, its steps are ticked from the session model (core/lesson.h),
 * the same model the status bar and the next hint read. /lesson docks it beside the session in the TUI (the TUI
 * only draws what console_lesson() returns), or prints it with its ticks in batch; /lesson off closes the dock;
 * /lesson text [NAME] shows the lesson's whole text in the reader, as the tutorial tells it. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd-lab.h"
#include "cmd/console-int.h"
#include "core/lesson.h"
#include "core/model.h"
#include "lib/dtext-split.h"
#include "lib/dtext.h"
#include "lib/i18n.h"

static struct lesson_run *run;   /* the lesson followed, or NULL */
static struct session *followed; /* whose model ticks it */
static bool docked;

/* The lab's own address and CA file in the steps, so they read as what to type here. */
static void set_place(struct lesson_run *r)
{
	const struct console_lab *l = console_lab();
	const char *addr = l && l->lab && l->address ? l->address(l->lab) : NULL;
	const char *ca = l && l->lab && l->ca_file ? l->ca_file(l->lab) : NULL;
	lesson_run_set_place(r, addr, ca);
}

static void refresh(void)
{
	if (run == NULL || followed == NULL)
		return;
	struct session_model m;
	session_get_model(followed, &m);
	lesson_run_observe(run, &m);
}

static void start(const char *name)
{
	lesson_run_free(run);
	run = lesson_run_new(lesson_find(name));
	set_place(run);
	refresh(); /* what the learner already did counts */
}

/* Every event may move the model: tick what it completed. (Sinks see an event before the session applies it to
 * its state, so console_lesson() looks again when a view asks.) */
static void on_event(void *ctx, const struct event *ev)
{
	(void)ctx;
	(void)ev;
	refresh();
}

void console_lesson_follow(struct session *s)
{
	followed = s;
	session_add_sink(s, on_event, NULL);
	const struct console_lab *l = console_lab();
	const char *name = l && l->lab && l->scenario ? l->scenario(l->lab) : NULL;
	if (name && lesson_find(name))
		start(name);
}

const struct lesson_run *console_lesson(void)
{
	refresh();
	return run;
}

bool console_lesson_docked(void)
{
	return docked && run != NULL;
}

void console_lesson_set_docked(bool d)
{
	docked = d;
}

void console_lesson_free(void)
{
	lesson_run_free(run);
	run = NULL;
	followed = NULL;
	docked = false;
}

/* The lesson with its ticks, as text (batch, or a front end without a dock). */
static void print_steps(struct console *c)
{
	struct dtext d;
	dtext_init(&d, 64u << 10);
	size_t n = lesson_run_steps(run);
	dtext_printf(&d, "Lesson %s: %zu of %zu steps done\n", lesson_run_name(run), lesson_run_ticked(run), n);
	/* (a step's line is the step's own text: its frame is the same in every language, so it is no msgid) */
	static const char step_line[] = "%s %zu. %s\n";
	char en[1400], loc[1400];
	for (size_t i = 0; i < n; i++) {
		const char *mark = lesson_run_done(run, i) ? "[x]" : "[ ]";
		dtext_en_printf(&d, step_line, mark, i + 1, lesson_step_do(run, i, false, en, sizeof en));
		dtext_loc_printf(&d, step_line, mark, i + 1, lesson_step_do(run, i, true, loc, sizeof loc));
		dtext_en_printf(&d, "       on the wire: %s\n", lesson_step_wire(run, i, false, en, sizeof en));
		/* TRANSLATORS: under a lesson step: what to look at on the wire; keep the 7 spaces before it. */
		dtext_loc_printf(&d, N_("       on the wire: %s\n"), lesson_step_wire(run, i, true, loc, sizeof loc));
	}
	dtext_puts(&d, N_("Other lessons (/lesson NAME shows one; smtpcon --lab=NAME runs it):"));
	for (const char *const *s = lesson_names(); *s; s++)
		if (strcmp(*s, lesson_run_name(run)) != 0) {
			dtext_raw(&d, " ");
			dtext_raw(&d, *s);
		}
	console_printd(c, &d);
	dtext_free(&d);
}

/* /lesson text [NAME]: the lab's whole lesson text, in the reader (or printed). */
static enum cmd_result show_text(struct console *c, const struct console_lab *lab, const char *name)
{
	const char *text = name && lab->lesson ? lab->lesson(name) : NULL;
	if (text == NULL) {
		console_error(c, "no such lesson '%s'", name ? name : "");
		return CMD_FAIL;
	}
	struct dtext all;
	dtext_init(&all, 0);
	dtext_puts(&all, text);
	if (!console_view(c, "lesson", dtext_loc(&all)))
		console_printd(c, &all);
	dtext_free(&all);
	return CMD_DONE;
}

static enum cmd_result exec_lesson(struct console *c, int argc, char **argv)
{
	const struct console_lab *lab = console_lab();
	if (lab == NULL) {
		console_error(c, "lessons come with the practice server (smtpcon --lab)");
		return CMD_FAIL;
	}
	const char *running = lab->scenario && lab->lab ? lab->scenario(lab->lab) : NULL;
	if (argc > 1 && strcmp(argv[1], "off") == 0) {
		docked = false;
		console_view(c, "lesson-dock", NULL);
		return CMD_DONE;
	}
	if (argc > 1 && strcmp(argv[1], "text") == 0)
		return show_text(c, lab, argc > 2 ? argv[2] : run ? lesson_run_name(run) : running);
	const char *name = argc > 1 ? argv[1] : run ? lesson_run_name(run) : running;
	if (name == NULL || lesson_find(name) == NULL) {
		struct buf b;
		buf_init(&b, 0);
		for (const char *const *s = lesson_names(); *s; s++)
			buf_printf(&b, "%s%s", b.len ? " " : "", *s);
		if (name)
			console_print(c, "no such lesson; lessons: %s", buf_cstr(&b));
		else
			console_print(c, "lessons: %s", buf_cstr(&b));
		buf_free(&b);
		return name ? CMD_FAIL : CMD_DONE;
	}
	if (followed == NULL) /* listen mode: no session of ours to tick the steps from, so the text */
		return show_text(c, lab, name);
	if (run == NULL || strcmp(lesson_run_name(run), name) != 0)
		start(name);
	else
		refresh();
	docked = true;
	if (!console_view(c, "lesson-dock", NULL)) {
		docked = false;
		print_steps(c);
	}
	return CMD_DONE;
}

const struct cmd_entry cmd_lesson_entry = {
	"lesson",
	NULL,
	"[NAME|off|text [NAME]]",
	N_("dock a practice lesson beside the session, its steps ticked as you do them (off: close; text: the "
	   "whole lesson)"),
	0,
	2,
	exec_lesson,
};
