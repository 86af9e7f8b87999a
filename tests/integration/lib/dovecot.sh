# shellcheck shell=bash
# A private, auth-only Dovecot 2.3 for one integration test (sourced, normally by lib/postfix.sh when
# POSTFIX_SASL=dovecot): no mail protocols, only its SASL service, which Postfix asks through
# `smtpd_sasl_type = dovecot`. Dovecot does each mechanism's server side; Postfix only relays the 334 exchange.
#
#   dovecot_auth_start   start it; exports
#                          DOVECOT_AUTH_SOCKET (the auth-client socket, mode 0666), DOVECOT_USER /
#                          DOVECOT_PASSWORD (alice / wonderland), DOVECOT_MECHS (what it serves), DOVECOT_LOG,
#                          DOVECOT_PID
#   dovecot_stop         stop it (also runs at exit, always)
#
# Facts learned running Debian 12's Dovecot 2.3.19 this way:
# - `dovecot -F -c FILE` runs as root in the foreground; it keeps stderr open, so its output goes to a file.
# - `listen` cannot be set empty; `protocols =` (empty) is what makes it auth-only.
# - The auth process runs as the `dovecot` user (dovecot-core's postinst creates it and `dovenull`): the
#   password file and base_dir must be reachable by it, and the socket by Postfix's smtpd (user postfix). A build
#   tree under /root is neither, so base_dir and the password file live in a private /tmp directory (short,
#   too: a Unix socket path has at most 107 bytes).
# - With passwords stored in the clear ({PLAIN}), one passwd-file serves PLAIN, LOGIN, CRAM-MD5, DIGEST-MD5,
#   SCRAM-SHA-1 and SCRAM-SHA-256 (Dovecot derives each mechanism's secret from it). 2.3 has no -PLUS
#   (channel binding came with Dovecot 2.4), and its OAUTHBEARER/XOAUTH2 need an OAuth2 token service.

DOVECOT_BIN=${DOVECOT_BIN:-$(PATH=$PATH:/usr/sbin:/sbin command -v dovecot || true)}
DOVECOT_USER=alice
DOVECOT_PASSWORD=wonderland
DOVECOT_MECHS="PLAIN LOGIN CRAM-MD5 DIGEST-MD5 SCRAM-SHA-1 SCRAM-SHA-256"
export DOVECOT_USER DOVECOT_PASSWORD DOVECOT_MECHS

dovecot_auth_start()
{
	local dir=$RUN_DIR/dovecot base i
	[ -n "$DOVECOT_BIN" ] && [ -x "$DOVECOT_BIN" ] ||
		skip_or_fail "dovecot is not installed (bash tests/setup.sh installs dovecot-core)"
	getent passwd dovecot >/dev/null && getent passwd dovenull >/dev/null ||
		skip_or_fail "the dovecot and dovenull users are missing (dovecot-core's postinst makes them)"
	mkdir -p "$dir"
	base=$(mktemp -d /tmp/smtpcon-dovecot.XXXXXX) || fail "mktemp failed"
	at_exit "[ \$rc -ne 0 ] || rm -rf '$base'"
	chmod 755 "$base"
	ln -sfn "$base" "$dir/base"
	printf '%s:{PLAIN}%s\n' "$DOVECOT_USER" "$DOVECOT_PASSWORD" >"$base/passwd"
	chmod 644 "$base/passwd"
	local mechs
	mechs=$(printf '%s' "$DOVECOT_MECHS" | tr 'A-Z' 'a-z')
	cat >"$dir/dovecot.conf" <<CONF
# Private auth-only Dovecot for the smtpcon test "$T_NAME" (made by tests/integration/lib/dovecot.sh).
protocols =
base_dir = $base/run
state_dir = $base/state
log_path = $dir/dovecot.log
ssl = no
# Postfix offers AUTH only inside TLS (smtpd_tls_auth_only); Dovecot itself sees no TLS on its socket.
disable_plaintext_auth = no
auth_mechanisms = $mechs
auth_verbose = yes
auth_verbose_passwords = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $base/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
CONF
	DOVECOT_AUTH_SOCKET=$base/run/auth-client
	DOVECOT_LOG=$dir/dovecot.log
	export DOVECOT_AUTH_SOCKET DOVECOT_LOG
	at_exit dovecot_stop
	setsid "$DOVECOT_BIN" -F -c "$dir/dovecot.conf" >"$dir/daemon.out" 2>&1 </dev/null &
	DOVECOT_PID=$!
	export DOVECOT_PID
	for ((i = 0; i < 100; i++)); do
		if [ -S "$DOVECOT_AUTH_SOCKET" ]; then
			t_log "dovecot $DOVECOT_PID: auth socket $DOVECOT_AUTH_SOCKET ($DOVECOT_MECHS), dir $dir"
			return 0
		fi
		kill -0 "$DOVECOT_PID" 2>/dev/null || break
		sleep 0.1
	done
	fail "dovecot did not start" "$dir/daemon.out" "$DOVECOT_LOG"
}

dovecot_stop()
{
	[ -n "${DOVECOT_PID:-}" ] || return 0
	t_stop_group "$DOVECOT_PID"
	DOVECOT_PID=
}
