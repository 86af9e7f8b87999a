# shellcheck shell=bash
# A validating recursive resolver over the private zones of dnssec.sh, for programs that look names up through
# the libc resolver (Postfix's posttls-finger): they read /etc/resolv.conf, which cannot name a port (always 53),
# and believe the AD bit of the resolver named there. nsd is authoritative only, so a Debian `unbound` daemon is
# put in front of it, on 127.0.0.1:53, in a network and mount namespace of the test's own: the machine's port 53
# and its /etc/resolv.conf are never touched, and every server of the test (nsd, the MTAs, the resolvers) and
# every client runs inside that namespace.
#
#   netns_enter ARGS...    call first, with "$@": unless already inside, re-run this test in a new network and
#                          mount namespace (`unshare --net --mount`: needs root) with its loopback up; skip (fail
#                          under CI) when namespaces cannot be made
#   resolver_start [ADDR [MODE]]   after dnssec_start: unbound on ADDR:53 (default 127.0.0.1; any 127.x address
#                          of the namespace's loopback) with a stub zone to nsd for each zone of dnssec_zone.
#                          MODE validating (default): it trusts the anchors of dnssec.sh (DS lines) and nothing
#                          else; non-validating: iterator only, it never sets the AD bit. The first resolver
#                          started is named by a private resolv.conf bind-mounted over /etc/resolv.conf inside
#                          the namespace. Log: $RUN_DIR/unbound/ADDR/unbound.log.
#   resolver_use ADDR      name the resolver on ADDR in that resolv.conf instead
#
# Sourced after dnssec.sh. unbound is a Debian package of its own (tests/setup.sh installs it); unshare is
# util-linux (essential), ip is iproute2.

RESOLVER_DIR=$RUN_DIR/unbound

netns_enter()
{
	if [ -n "${_T_IN_NETNS:-}" ]; then
		ip link set lo up || fail "could not bring up the namespace's loopback"
		t_log "in a private network and mount namespace"
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || skip_or_fail "a private network namespace needs root"
	command -v ip >/dev/null || skip_or_fail "ip is not installed (iproute2)"
	if ! unshare --net --mount true 2>"$RUN_DIR/unshare.err"; then
		skip_or_fail "cannot make a network and mount namespace here: $(head -c 300 "$RUN_DIR/unshare.err")"
	fi
	# The same pid (unshare execs), so ctest's timeout still reaches the test; the EXIT hooks have nothing to do
	# yet (exec does not run them), the re-run makes its own $RUN_DIR.
	exec env _T_IN_NETNS=1 unshare --net --mount -- bash "$0" "$@"
}

resolver_start()
{
	local addr=${1:-127.0.0.1} mode=${2:-validating} dir conf z name i pid modules
	[ -n "${_T_IN_NETNS:-}" ] || fail "resolver_start outside the test's namespace (call netns_enter first)"
	PATH=$PATH:/usr/sbin:/sbin command -v unbound >/dev/null ||
		skip_or_fail "unbound is not installed (Debian package unbound)"
	[ -n "${DNSSEC_PORT:-}" ] || fail "resolver_start before dnssec_start"
	case $mode in
	validating) modules="validator iterator" ;;
	non-validating) modules="iterator" ;;
	*) fail "resolver_start: unknown mode '$mode'" ;;
	esac
	dir=$RESOLVER_DIR/$addr
	conf=$dir/unbound.conf
	mkdir -p "$dir"
	{
		cat <<EOF
server:
	interface: $addr@53
	do-ip6: no
	access-control: 127.0.0.0/8 allow
	username: ""
	chroot: ""
	directory: "$dir"
	pidfile: "$dir/unbound.pid"
	logfile: "$dir/unbound.log"
	use-syslog: no
	verbosity: 1
	# Why a look-up was bogus, in the log.
	val-log-level: 2
	# nsd is on loopback.
	do-not-query-localhost: no
	module-config: "$modules"
	# test. is a special-use name unbound answers NXDOMAIN for by default.
	local-zone: "test." nodefault
EOF
		# The test zones' DS records are the only anchors: there is no root (and no network) in the namespace.
		[ "$mode" = non-validating ] || printf '\ttrust-anchor-file: "%s"\n' "$DNSSEC_DIR/trust-anchor.ds"
		printf 'remote-control:\n\tcontrol-enable: no\n'
		for z in "${DNSSEC_ZONES[@]}"; do
			name=${z%% *}
			printf 'stub-zone:\n\tname: "%s"\n\tstub-addr: 127.0.0.1@%s\n' "$name" "$DNSSEC_PORT"
		done
	} >"$conf"
	PATH=$PATH:/usr/sbin:/sbin unbound-checkconf "$conf" >"$dir/checkconf.out" 2>&1 ||
		fail "unbound-checkconf rejects the resolver's config" "$conf" "$dir/checkconf.out"
	# -d: in the foreground, in a process group of its own (t_stop_group ends it).
	PATH=$PATH:/usr/sbin:/sbin setsid unbound -d -c "$conf" >"$dir/unbound.out" 2>&1 </dev/null &
	pid=$!
	at_exit "t_stop_group $pid"
	for ((i = 0; i < 100; i++)); do
		ss -Hulnp "src $addr and sport = :53" 2>/dev/null | grep -q "pid=$pid," && break
		kill -0 "$pid" 2>/dev/null || fail "unbound did not start" "$dir/unbound.out" "$dir/unbound.log"
		sleep 0.05
	done
	ss -Hulnp "src $addr and sport = :53" 2>/dev/null | grep -q "pid=$pid," ||
		fail "unbound does not listen on $addr:53" "$dir/unbound.out" "$dir/unbound.log"
	t_log "unbound $pid on $addr:53 ($mode, stubs to nsd :$DNSSEC_PORT)"
	[ -e "$RESOLVER_DIR/resolv.conf" ] || resolver_use "$addr"
}

resolver_use()
{
	local first=
	[ -e "$RESOLVER_DIR/resolv.conf" ] || first=1
	# trust-ad: glibc (>= 2.31) clears the AD bit of answers unless the resolver is trusted. Postfix sets that flag
	# itself (RES_TRUSTAD with RES_USE_DNSSEC), so for it what counts is which resolver is named; the option is
	# for other libc programs (a look by hand inside the namespace).
	printf 'nameserver %s\noptions trust-ad\n' "$1" >"$RESOLVER_DIR/resolv.conf"
	if [ -n "$first" ]; then
		# Only in this mount namespace (unshare makes its mounts private): the machine's file stays as it is.
		# Later calls rewrite the file in place: the bind mount is of this file.
		mount --bind "$RESOLVER_DIR/resolv.conf" /etc/resolv.conf ||
			fail "could not bind-mount the private resolv.conf inside the namespace"
	fi
	t_log "/etc/resolv.conf (in the namespace only): nameserver $1"
}
