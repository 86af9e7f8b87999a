#!/usr/bin/env bash
# A listener started in the background from a non-interactive shell stops on the first SIGINT, even one sent the
# moment its port accepts. Such a shell starts background jobs with SIGINT ignored (POSIX, no job control); smtpcon
# installs its own handler anyway, as servers do, but it used to install it only after the port had opened: a
# SIGINT sent in between (a script that waits for the port, then stops it) was ignored, 8 times in 20 here. Now
# the signal is caught before the port opens and held until the console's handler runs (lib/loop:
# loop_catch_signal). Checked for --batch --listen and for --serve-lab, ten times each, and the clean exit (0).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
t_require_smtpcon

# The premise: a background job of `sh -c` has SIGINT ignored (bit 2 of SigIgn, mask 0x2).
sh -c 'sleep 5 & echo $! >"$1"; wait' sh "$RUN_DIR/sleep.pid" &
shpid=$!
for ((i = 0; i < 50; i++)); do [ -s "$RUN_DIR/sleep.pid" ] && break; sleep 0.05; done
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' "/proc/$(cat "$RUN_DIR/sleep.pid")/status")
kill "$(cat "$RUN_DIR/sleep.pid")" 2>/dev/null || true
wait "$shpid" 2>/dev/null || true
(((16#$ign & 2) != 0)) || skip_or_fail "this sh does not start background jobs with SIGINT ignored (SigIgn $ign)"

[ -x /usr/bin/python3 ] || skip_or_fail "Debian's python3 is not installed"
# The race is a millisecond wide: Python polls the port and signals at once (a shell loop forks too slowly to hit
# it). Each run: smtpcon as a background job of sh -c, SIGINT the moment the port accepts, gone within 3 s, and
# the exit status the shell saw is 0.
cat >"$RUN_DIR/early.py" <<'PY'
import os, signal, socket, subprocess, sys, time
smtpcon, name, port, rundir = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
args = sys.argv[5:]
out = os.path.join(rundir, name + ".out")
sh = subprocess.Popen(["sh", "-c", '"$@" >"$OUT" 2>&1 & echo $!; wait $!; echo "rc=$?" >>"$OUT"', "sh",
                       smtpcon, *args, "127.0.0.1:%d" % port], stdout=subprocess.PIPE, text=True,
                      env=dict(os.environ, OUT=out))
pid = int(sh.stdout.readline())
deadline = time.monotonic() + 10
while True:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.05).close()
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit("%s: the port never opened" % name)
        time.sleep(0.0005)
os.kill(pid, signal.SIGINT)
try:
    sh.wait(timeout=3)
except subprocess.TimeoutExpired:
    os.kill(pid, signal.SIGKILL)
    sh.wait()
    sys.exit("%s: still running 3 s after a SIGINT sent as its port opened (the signal was ignored)" % name)
rc = open(out).read().rsplit("rc=", 1)[-1].strip()
if rc != "0":
    sys.exit("%s: exit status %s after SIGINT, not 0" % (name, rc))
PY
early()
{
	local name=$1
	shift
	/usr/bin/python3 "$RUN_DIR/early.py" "$SMTPCON" "$name" "$(t_closed_port)" "$RUN_DIR" "$@" ||
		fail "$name: the first SIGINT did not stop it" "$RUN_DIR/$name.out"
}

for ((n = 1; n <= 10; n++)); do
	early "listen-$n" --batch --listen
done
for ((n = 1; n <= 10; n++)); do
	early "serve-lab-$n" --serve-lab
done
pass "the first SIGINT stops --listen and --serve-lab started in the background, also as the port opens"
