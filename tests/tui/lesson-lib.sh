# shellcheck shell=bash
# Helpers for the lesson walk-throughs (sourced after lib.sh): start `smtpcon --lab=NAME` in tmux, dock its lesson,
# and check the ticks as the tutorial's steps are typed. The dock draws a done step as "✓ N. ", the step to do now
# as "▸ N. ". Every screen that showed a new tick is kept as $RUN_DIR/NAME-SIZE-stepN.txt.
#
#   lesson_start NAME [ARGS...]   smtpcon --lab=NAME ARGS in a new tmux server ($TUI_SIZE, default 80x24); /lesson
#   lesson_todo N                 step N is not ticked yet (and the screen shows it)
#   lesson_tick N [SECS]          wait for step N's tick; keep the screen
#   lesson_addr                   the lab's HOST:PORT as the dock shows it in its /connect steps
#   lesson_stop                   F10 (twice: leave at once) and end the tmux server

LESSON_NAME=
LESSON_SIZE=

lesson_start()
{
	LESSON_NAME=$1
	shift
	LESSON_SIZE=${TUI_SIZE:-80x24}
	# shellcheck disable=SC2034 # read by lib.sh
	TUI_SOCK=smtpcon-tui-$$-$LESSON_NAME-$RANDOM
	TUI_SIZE=$LESSON_SIZE tui_start --lab="$LESSON_NAME" --timeout 10 "$@"
	tui_type "/lesson"
	tui_wait "lesson $LESSON_NAME "
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/$LESSON_NAME-$LESSON_SIZE-open.txt"
}

lesson_todo()
{
	tui_screen >/dev/null
	grep -qF -- " $1. " "$RUN_DIR/screen.txt" || fail "step $1 of $LESSON_NAME is not shown" "$RUN_DIR/screen.txt"
	if grep -qF -- "✓ $1. " "$RUN_DIR/screen.txt"; then
		cp "$RUN_DIR/screen.txt" "$RUN_DIR/screen.fail.txt"
		fail "step $1 of $LESSON_NAME is ticked before it was done" "$RUN_DIR/screen.fail.txt"
	fi
}

lesson_tick()
{
	tui_wait "✓ $1. " "${2:-15}"
	cp "$RUN_DIR/screen.txt" "$RUN_DIR/$LESSON_NAME-$LESSON_SIZE-step$1.txt"
}

lesson_addr()
{
	tui_screen | grep -o '/connect 127\.0\.0\.1:[0-9]*' | head -1 | sed 's|^/connect ||'
}

lesson_stop()
{
	tui_keys F10
	tui_keys F10
	tui_tmux kill-server 2>/dev/null || true
}
