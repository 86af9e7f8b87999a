# shellcheck shell=bash
# A private Postfix 3.7 for one integration test (sourced): its own main.cf/master.cf, queue, log, certificate
# and Maildir under $RUN_DIR, on 127.0.0.1 ports picked free at start, so tests run in parallel and never touch
# a system Postfix. Needs root (master runs as root and drops to the postfix user).
#
# Debian's exim4-daemon-light and postfix conflict, so the package is not installed: `apt-get download postfix`
# is unpacked once (dpkg-deb -x) into $POSTFIX_CACHE (default /var/cache/smtpcon/postfix) and run from there,
# with its libraries found through LD_LIBRARY_PATH (the binaries' RUNPATH is /usr/lib/postfix). Its shared
# library dependencies are ordinary packages (tests/setup.sh). A system-wide Postfix, when present, is used.
#
#   postfix_start   start it; exports
#                     POSTFIX_HOST (127.0.0.1), POSTFIX_PORT (plaintext + STARTTLS), POSTFIX_TLS_PORT
#                     (implicit TLS, smtpd_tls_wrappermode=yes), POSTFIX_PROXY_PORT (PROXY protocol v1/v2
#                     header expected first: smtpd_upstream_proxy_protocol=haproxy, STARTTLS offered),
#                     POSTFIX_SOCKET (SMTP on a Unix-domain stream socket), POSTFIX_NAME (mail.lab.test),
#                     POSTFIX_CERT (the self-signed certificate, PEM: use it as the CA file), POSTFIX_MAILDIR,
#                     POSTFIX_LOG (maillog), POSTFIX_PID (master), POSTFIX_VERSION (e.g. 3.7.11)
#   postfix_stop    stop it (also runs at exit, always)
#   postfix_wait_mail SUBJECT [SECONDS]   wait (default 15 s) until a message with that Subject is in the
#                   Maildir; prints its path
#   postfix_wait_log ERE [SECONDS]        wait (default 5 s) until the maillog has a line matching ERE
#   postfix_finger ARGS...                run Postfix's posttls-finger (from the same tree; no server needed) with a
#                   config directory of its own (an empty main.cf: Postfix's defaults, not this harness's
#                   disable_dns_lookups); its output and exit status in $OUT, $ERR and $RC, like run_smtpcon
#
# Accepted: any local part @lab.test, delivered to the one Maildir (virtual delivery). Any other domain is
# refused at RCPT (550 5.7.1 relay), and every transport that could leave the machine is "error:".
# POSTFIX_EXTRA_CONF (lines of main.cf) set before postfix_start is appended to main.cf: a later line wins, so it
# can change the harness's settings (e.g. smtpd_tls_protocols = >=TLSv1.3).
# No AUTH, unless POSTFIX_SASL=dovecot before postfix_start: then a private auth-only Dovecot (lib/dovecot.sh)
# serves AUTH for Postfix (smtpd_sasl_type = dovecot), only inside TLS (smtpd_tls_auth_only), with the
# mechanisms and the user of lib/dovecot.sh (DOVECOT_MECHS, DOVECOT_USER / DOVECOT_PASSWORD).

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=certs.sh
. "$(dirname "${BASH_SOURCE[0]}")/certs.sh"
# shellcheck source=daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"
# shellcheck source=dovecot.sh
. "$(dirname "${BASH_SOURCE[0]}")/dovecot.sh"

POSTFIX_NAME=mail.lab.test
POSTFIX_HOST=127.0.0.1
POSTFIX_CACHE=${POSTFIX_CACHE:-/var/cache/smtpcon/postfix}
export POSTFIX_NAME POSTFIX_HOST
_POSTFIX_LOCK=/run/lock/smtpcon-postfix-harness.lock

# Where the binaries are: a system Postfix, else the private unpack ($1 = root of the unpacked tree).
_postfix_layout()
{
	local root=$1
	_PF_ROOT=$root
	_PF_SBIN=$root/usr/sbin
	_PF_DAEMON=$root/usr/lib/postfix/sbin
	_PF_SHLIB=$root/usr/lib/postfix
	_PF_META=$root/etc/postfix
}

# Fetch and unpack the Debian package once, under a lock (tests run in parallel).
_postfix_fetch()
{
	mkdir -p "$(dirname "$_POSTFIX_LOCK")"
	(
		flock -w 300 9 || exit 1
		[ -x "$POSTFIX_CACHE/usr/lib/postfix/sbin/master" ] && exit 0
		command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || exit 2
		tmp=$(mktemp -d /tmp/smtpcon-postfix-dl.XXXXXX) || exit 1
		trap 'rm -rf "$tmp"' EXIT
		chmod 755 "$tmp"
		(cd "$tmp" && timeout 120 apt-get download -q postfix >download.log 2>&1) || {
			cat "$tmp/download.log" >&2
			exit 3
		}
		dpkg-deb -x "$tmp"/postfix_*.deb "$tmp/root" || exit 1
		dpkg-deb -f "$tmp"/postfix_*.deb Version >"$tmp/root/VERSION"
		mkdir -p "$(dirname "$POSTFIX_CACHE")"
		rm -rf "$POSTFIX_CACHE.new"
		mv "$tmp/root" "$POSTFIX_CACHE.new"
		chmod 755 "$POSTFIX_CACHE.new"
		mv -T "$POSTFIX_CACHE.new" "$POSTFIX_CACHE"
	) 9>"$_POSTFIX_LOCK"
	case $? in
	0) ;;
	2) skip_or_fail "postfix is not installed and apt-get/dpkg-deb are missing to unpack it" ;;
	3) skip_or_fail "postfix is not installed and \`apt-get download postfix\` failed (no package index?)" ;;
	*) fail "could not unpack postfix into $POSTFIX_CACHE" ;;
	esac
}

_postfix_require()
{
	[ "$(id -u)" -eq 0 ] || skip_or_fail "a private Postfix needs root (master runs as root)"
	command -v certtool >/dev/null || skip_or_fail "certtool is not installed (gnutls-bin)"
	command -v ss >/dev/null || skip_or_fail "ss is not installed (iproute2)"
	if [ -x /usr/lib/postfix/sbin/master ] && [ -x /usr/sbin/postfix ]; then
		_postfix_layout ""
	else
		_postfix_fetch
		_postfix_layout "$POSTFIX_CACHE"
	fi
	# The unpacked binaries must find their own libraries (and the libraries they need from the system).
	if ! LD_LIBRARY_PATH=$_PF_SHLIB "$_PF_SBIN/postconf" -d mail_version >/dev/null 2>"$RUN_DIR/postconf.err"; then
		skip_or_fail "postconf does not run (missing shared libraries? bash tests/setup.sh installs them): \
$(head -c 300 "$RUN_DIR/postconf.err")"
	fi
}

# The postfix user and postdrop group, made once (a real install's postinst makes them).
_postfix_system_setup()
{
	(
		flock -w 60 9 || exit 1
		getent group postdrop >/dev/null || groupadd --system postdrop
		if ! getent passwd postfix >/dev/null; then
			useradd --system --user-group --home-dir /var/spool/postfix --no-create-home \
				--shell /usr/sbin/nologin postfix
		fi
		# As the package installs them (else `postfix check` warns at every start).
		if [ -n "$_PF_ROOT" ]; then
			chgrp postdrop "$_PF_SBIN/postdrop" "$_PF_SBIN/postqueue"
			chmod 2755 "$_PF_SBIN/postdrop" "$_PF_SBIN/postqueue"
		fi
	) 9>"$_POSTFIX_LOCK.users" || fail "could not create the postfix user and postdrop group"
}

# Write $1 from stdin only when its content changes: a rewritten main.cf can stall `postfix` for ~2 s.
_postfix_write_if_changed()
{
	local f=$1
	cat >"$f.new"
	if cmp -s "$f.new" "$f"; then
		rm -f "$f.new"
	else
		mv -f "$f.new" "$f"
	fi
}

_postfix_write_conf()
{
	local conf=$1 data=$2 uid gid
	uid=$(id -u postfix)
	gid=$(id -g postfix)
	_postfix_write_if_changed "$conf/main.cf" <<CONF
# Private Postfix for the smtpcon test "$T_NAME" (made by tests/integration/lib/postfix.sh).
compatibility_level = 3.6
mail_owner = postfix
setgid_group = postdrop
command_directory = $_PF_SBIN
daemon_directory = $_PF_DAEMON
shlib_directory = $_PF_SHLIB
meta_directory = $_PF_META
queue_directory = $data/queue
data_directory = $data/lib
# The unpacked binaries find their libraries only through this.
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=$_PF_SHLIB

myhostname = $POSTFIX_NAME
mydomain = lab.test
myorigin = lab.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32
smtpd_banner = \$myhostname ESMTP \$mail_name
biff = no
append_dot_mydomain = no
smtpd_peername_lookup = no
disable_dns_lookups = yes
smtp_dns_support_level = disabled
alias_maps =
alias_database =
local_recipient_maps =

# Everything for lab.test goes to one Maildir; nothing else is accepted, and nothing can leave.
virtual_mailbox_domains = lab.test
virtual_mailbox_base = $data
virtual_mailbox_maps = static:Maildir/
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_minimum_uid = 1
smtpd_relay_restrictions = reject_unauth_destination
relay_domains =
relay_domains_reject_code = 550
default_transport = error:this test server delivers nowhere else
relay_transport = error:this test server delivers nowhere else
local_transport = error:no local delivery here

smtpd_tls_cert_file = $data/cert.pem
smtpd_tls_key_file = $data/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_tls_received_header = yes
smtpd_tls_session_cache_database =

maillog_file = $data/log/maillog
maillog_file_prefixes = $data/log
${DOVECOT_AUTH_SOCKET:+smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DOVECOT_AUTH_SOCKET
smtpd_tls_auth_only = yes}
${POSTFIX_EXTRA_CONF:-}
CONF
	_postfix_write_if_changed "$conf/master.cf" <<MASTER
# service type  private unpriv  chroot  wakeup  maxproc command
$POSTFIX_PORT      inet  n       -       n       -       -       smtpd
$POSTFIX_TLS_PORT      inet  n       -       n       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
$POSTFIX_PROXY_PORT      inet  n       -       n       -       -       smtpd
  -o smtpd_upstream_proxy_protocol=haproxy
smtp-socket      unix  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER
}

# Is $1 (master's pid, or one of its children) listening on port $2?
_postfix_cmd() { LD_LIBRARY_PATH=$_PF_SHLIB "$@"; }

postfix_start()
{
	local dir data conf try i
	_postfix_require
	_postfix_system_setup
	dir=$RUN_DIR/postfix
	mkdir -p "$dir"
	chmod 755 "$dir"
	# Delivery runs as the postfix user: a build tree it cannot reach (under /root) gets a /tmp directory.
	if runuser -u postfix -- test -x "$dir" 2>/dev/null; then
		data=$dir/data
		mkdir -p "$data"
	else
		data=$(mktemp -d /tmp/smtpcon-postfix.XXXXXX)
		at_exit "[ \$rc -ne 0 ] || rm -rf '$data'"
		ln -sfn "$data" "$dir/data"
	fi
	conf=$dir/conf
	mkdir -p "$conf" "$data/queue" "$data/lib" "$data/log" "$data/Maildir/new" "$data/Maildir/cur" \
		"$data/Maildir/tmp"
	chmod 755 "$data" "$conf" "$data/log"
	chown root:root "$data/queue"
	chown postfix:postfix "$data/lib"
	chown -R postfix:postfix "$data/Maildir"
	t_make_server_cert "$data" "$POSTFIX_NAME"
	chmod 600 "$data/key.pem"
	chmod 644 "$data/cert.pem"

	POSTFIX_CERT=$data/cert.pem
	POSTFIX_MAILDIR=$data/Maildir
	POSTFIX_LOG=$data/log/maillog
	POSTFIX_SOCKET=$data/queue/public/smtp-socket
	POSTFIX_VERSION=$(_postfix_cmd "$_PF_SBIN/postconf" -dh mail_version 2>/dev/null)
	export POSTFIX_CERT POSTFIX_MAILDIR POSTFIX_LOG POSTFIX_SOCKET POSTFIX_VERSION
	if [ "${POSTFIX_SASL:-}" = dovecot ]; then
		dovecot_auth_start
	fi
	at_exit postfix_stop

	for ((try = 1; try <= 5; try++)); do
		POSTFIX_PORT=$(t_pick_port) || fail "no free port found"
		POSTFIX_TLS_PORT=$(t_pick_port "$POSTFIX_PORT") || fail "no free port found"
		POSTFIX_PROXY_PORT=$(t_pick_port "$POSTFIX_PORT" "$POSTFIX_TLS_PORT") || fail "no free port found"
		export POSTFIX_PORT POSTFIX_TLS_PORT POSTFIX_PROXY_PORT
		_postfix_write_conf "$conf" "$data"
		# Queue directories and their owners (what `postfix start` does first), then master in the
		# foreground in its own session, so postfix_stop can end it with every child.
		_postfix_cmd "$_PF_SBIN/postfix" -c "$conf" check >"$dir/check.out" 2>&1 ||
			fail "postfix check failed" "$dir/check.out" "$POSTFIX_LOG"
		LD_LIBRARY_PATH=$_PF_SHLIB setsid "$_PF_DAEMON/master" -c "$conf" -d >"$dir/master.out" 2>&1 </dev/null &
		POSTFIX_PID=$!
		export POSTFIX_PID
		for ((i = 0; i < 100; i++)); do
			if t_listening "$POSTFIX_PID" "$POSTFIX_PORT" && t_listening "$POSTFIX_PID" "$POSTFIX_TLS_PORT" &&
				t_listening "$POSTFIX_PID" "$POSTFIX_PROXY_PORT" && [ -S "$POSTFIX_SOCKET" ]; then
				t_log "postfix $POSTFIX_VERSION ($POSTFIX_PID) on 127.0.0.1:$POSTFIX_PORT (STARTTLS), :$POSTFIX_TLS_PORT (TLS), :$POSTFIX_PROXY_PORT (PROXY), $POSTFIX_SOCKET; dir $dir"
				return 0
			fi
			kill -0 "$POSTFIX_PID" 2>/dev/null || break
			sleep 0.1
		done
		postfix_stop
		if grep -qs 'Address already in use' "$dir/master.out" "$POSTFIX_LOG"; then
			t_log "ports $POSTFIX_PORT/$POSTFIX_TLS_PORT/$POSTFIX_PROXY_PORT taken, retrying"
			continue
		fi
		fail "postfix did not start" "$dir/master.out" "$dir/check.out" "$POSTFIX_LOG"
	done
	fail "postfix could not get free ports in 5 tries" "$dir/master.out" "$POSTFIX_LOG"
}

postfix_stop()
{
	[ -n "${POSTFIX_PID:-}" ] || return 0
	t_stop_group "$POSTFIX_PID"
	POSTFIX_PID=
}

postfix_wait_mail() { t_wait_maildir "$POSTFIX_MAILDIR" "$POSTFIX_LOG" "$@"; }

postfix_wait_log()
{
	local ere=$1 secs=${2:-5} i
	for ((i = 0; i < secs * 10; i++)); do
		grep -Eq -- "$ere" "$POSTFIX_LOG" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

postfix_finger()
{
	local dir=$RUN_DIR/posttls-finger n
	if [ -z "${_PF_SBIN:-}" ]; then
		_postfix_require
		# Every Postfix program checks at start that mail_owner (postfix) and setgid_group (postdrop) exist.
		_postfix_system_setup
	fi
	[ -x "$_PF_SBIN/posttls-finger" ] || skip_or_fail "posttls-finger is not in $_PF_SBIN"
	mkdir -p "$dir/conf"
	# Only where its helpers and maps are: everything else is Postfix's default (DNS look-ups on, DNSSEC asked).
	[ -f "$dir/conf/main.cf" ] || printf 'compatibility_level = 3.6\nshlib_directory = %s\nmeta_directory = %s\ndaemon_directory = %s\n' \
		"$_PF_SHLIB" "$_PF_META" "$_PF_DAEMON" >"$dir/conf/main.cf"
	n=$(find "$dir" -maxdepth 1 -name '*.out' | wc -l)
	OUT=$dir/$n.out
	ERR=$dir/$n.err
	printf '%q ' posttls-finger "$@" >"$dir/$n.cmd"
	echo >>"$dir/$n.cmd"
	RC=0
	MAIL_CONFIG=$dir/conf LD_LIBRARY_PATH=$_PF_SHLIB timeout -k 5 "$T_TIMEOUT" "$_PF_SBIN/posttls-finger" "$@" \
		</dev/null >"$OUT" 2>"$ERR" || RC=$?
	[ "$RC" -ne 124 ] && [ "$RC" -ne 137 ] || fail "posttls-finger did not finish: $(cat "$dir/$n.cmd")" "$OUT" "$ERR"
	return 0
}
