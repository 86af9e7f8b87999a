/* ui-term: the terminal's set-up and its restoration on every exit (atexit, fatal signals: the handler may only
 * write(2) what was prepared), and the resize signal. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "cmd/options.h"
#include "ui/ui-internal.h"

/* ---- terminal restoration, reachable from atexit and signal handlers ---- */
static struct termios saved_tio;
static bool tio_saved;
static volatile sig_atomic_t curses_active;
static char restore_seq[512];
static size_t restore_len;

static void append_cap(const char *cap)
{
	char *s = tigetstr(cap);
	if (s == NULL || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

/* Precompute what a signal handler writes: it may not call curses (not async-signal-safe), only write(2). */
static void prepare_restore(void)
{
	restore_len = 0;
	static const char mouse_off[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l";
	memcpy(restore_seq, mouse_off, sizeof mouse_off - 1);
	restore_len = sizeof mouse_off - 1;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmkx");
	append_cap("rmcup");
}

void ui_term_restore(void)
{
	if (curses_active) {
		curses_active = 0;
		input_set_mouse(false);
		endwin();
	}
}

static void fatal_signal(int sig)
{
	if (curses_active) {
		(void)!write(STDOUT_FILENO, restore_seq, restore_len);
		if (tio_saved)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
		curses_active = 0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_fatal_handlers(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fatal_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

bool ui_term_start(struct ui *ui)
{
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		tio_saved = true;
	ui->screen = newterm(NULL, stdout, stdin);
	if (ui->screen == NULL)
		return false;
	set_term(ui->screen);
	curses_active = 1;
	atexit(ui_term_restore);
	install_fatal_handlers();
	prepare_restore();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	leaveok(stdscr, TRUE);
	input_set_mouse(options_flag("mouse"));
	mouseinterval(0);
	return true;
}

void ui_term_on_winch(int sig, void *arg)
{
	struct ui *ui = arg;
	(void)sig;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	ui_mark(ui, DIRTY_LAYOUT | DIRTY_ALL);
}

bool ui_term_active(void)
{
	return curses_active != 0;
}
