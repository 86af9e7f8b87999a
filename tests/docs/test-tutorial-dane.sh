#!/usr/bin/env bash
# The tutorial's DANE lesson (docs/tutorial.md, "11. dane") works as written: its ```sh blocks, in order, run as
# one shell script in a scratch directory (with `build/` pointing at this build), against the real lab and a real
# nsd serving the zone the lesson signs. Two things are changed, and only these: the lesson's ports (2525 for the
# lab, 5353 for nsd) become free ones, so the test can run beside others; and after each command that starts a
# server in the background, the script waits until it listens (a reader types slower than a script). Then the
# three verdicts the lesson shows must be the ones smtpcon gives: no-records (with the 3 1 1 record to publish),
# verified after publishing it, mismatch (exit 3) after the lab's key changed.
set -uo pipefail
# shellcheck source=../integration/lib/common.sh
. "$(dirname "$0")/../integration/lib/common.sh"
# shellcheck source=../integration/lib/daemon.sh
. "$(dirname "$0")/../integration/lib/daemon.sh"
t_require_smtpcon
for p in nsd ldns-keygen ldns-signzone; do
	PATH=$PATH:/usr/sbin command -v "$p" >/dev/null || skip_or_fail "$p is not installed (Debian packages nsd and ldnsutils)"
done

lesson=$RUN_DIR/lesson.sh
# The sh blocks between the lesson's heading and the next "## " heading.
awk '/^## 11\. dane:/ {on = 1; next} on && /^## / {exit} on && /^```sh$/ {code = 1; next} code && /^```$/ {code = 0; next} code' \
	"$T_SRC/docs/tutorial.md" >"$lesson"
[ "$(grep -c 'smtpcon --batch --dane lab.test' "$lesson")" -eq 3 ] || fail "the lesson's commands were not found" "$lesson"

P_LAB=$(t_pick_port) || fail "no free port"
P_DNS=$(t_pick_port) || fail "no free port"
work=$RUN_DIR/work
mkdir -p "$work/build"
ln -sf "$SMTPCON" "$work/build/smtpcon"
{
	# Wait helpers (not in the lesson): a reader types slower than a script.
	cat <<'W'
trap 'kill $(jobs -p) 2>/dev/null' EXIT
_wait_tcp() { for _i in $(seq 100); do ss -Htln "sport = :$1" | grep -q . && return; sleep 0.05; done; }
_wait_udp() { for _i in $(seq 100); do ss -Huln "sport = :$1" | grep -q . && return; sleep 0.05; done; }
W
	sed -e "s/2525/$P_LAB/g; s/5353/$P_DNS/g" \
		-e "s|^\(.*--serve-lab=delivery 127.0.0.1:$P_LAB &\)$|\1 _wait_tcp $P_LAB|" \
		-e "s|/usr/sbin/nsd -c nsd.conf$|/usr/sbin/nsd -c nsd.conf; _wait_udp $P_DNS|" "$lesson"
} >"$RUN_DIR/run.sh"
# A lab or nsd left running is stopped: the labs are the script's jobs (its EXIT trap), nsd by its pid file.
at_exit "[ -f '$work/dane/nsd.pid' ] && kill \"\$(cat '$work/dane/nsd.pid')\" 2>/dev/null; true"
(cd "$work" && PATH=$PATH:/usr/sbin timeout 120 bash -e "$RUN_DIR/run.sh" >"$RUN_DIR/out.txt" 2>"$RUN_DIR/err.txt"; echo $? >"$RUN_DIR/rc")
rc=$(cat "$RUN_DIR/rc")
out=$RUN_DIR/out.txt
# The last run exits 3 (a sender would defer), which ends the script under -e before its clean-up: expected.
[ "$rc" -eq 3 ] || fail "the lesson's script exited $rc, expected 3 from the mismatch run" "$RUN_DIR/run.sh" "$out" "$RUN_DIR/err.txt"
[ -f "$work/dane/nsd.pid" ] && kill "$(cat "$work/dane/nsd.pid")" 2>/dev/null
grep -q "DANE for mail.lab.test port $P_LAB: no-records" "$out" || fail "the first run is not no-records" "$out"
grep -Eq "_$P_LAB\._tcp\.mail\.lab\.test\. IN TLSA 3 1 1 [0-9a-f]{64}" "$work/dane/first.txt" ||
	fail "the first run does not print the 3 1 1 record to publish" "$work/dane/first.txt"
grep -q "DANE for mail.lab.test port $P_LAB: verified" "$out" || fail "after publishing the record: not verified" "$out"
grep -q "A sending MTA's view of lab.test (MX mail.lab.test): DANE-authenticated" "$out" ||
	fail "after publishing the record: not DANE-authenticated" "$out"
grep -q "DANE for mail.lab.test port $P_LAB: mismatch" "$out" || fail "after the key change: not mismatch" "$out"
grep -q "a sending MTA would defer mail to mail.lab.test (DANE mismatch)" "$out" "$RUN_DIR/err.txt" ||
	fail "after the key change: no deferral error" "$out" "$RUN_DIR/err.txt"
pass
