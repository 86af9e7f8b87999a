# shellcheck shell=bash
# A private Exim 4 for one integration test (sourced): its own config, spool, logs, certificate and Maildir
# under $RUN_DIR, on 127.0.0.1 ports picked free at start, so tests run in parallel and never touch the
# system's Exim. Needs root (the -C config is listed in /etc/exim4/trusted_configs to keep Exim's privilege).
#
#   exim_start      start it; exports
#                     EXIM_HOST (127.0.0.1), EXIM_PORT (plaintext + STARTTLS), EXIM_TLS_PORT (implicit TLS),
#                     EXIM_NAME (mail.lab.test, the certificate's name), EXIM_CERT (the self-signed
#                     certificate, PEM: use it as the CA file), EXIM_MAILDIR, EXIM_LOG (mainlog), EXIM_PID,
#                     EXIM_USER / EXIM_PASSWORD (alice / wonderland: AUTH PLAIN and LOGIN, after TLS only)
#                   optional before the call: EXIM_CONNECT_DELAY (e.g. 1s: delay before the banner, which
#                   makes Exim's "input sent without waiting for greeting" check certain);
#                   EXIM_CERT_FILE and EXIM_KEY_FILE (PEM: serve this certificate or chain, leaf first, and its
#                   key instead of the self-signed one; EXIM_CERT is then a copy of that file);
#                   EXIM_CLIENT_CA_FILE (PEM: require a client certificate signed by this CA; the file is
#                   copied next to the server's own files, where Debian-exim can read it);
#                   EXIM_EXTRA_CONF (lines added to the main section, e.g. tls_require_ciphers = ...; a file it
#                   names must be readable by Debian-exim: exim_start checks, see "Files a server reads" in
#                   common.sh)
#   exim_stop       stop it (also runs at exit, always)
#   exim_wait_mail SUBJECT [SECONDS]   wait (default 15 s) until a message with that Subject is in the Maildir;
#                   prints its path
#
# Accepted: any local part @lab.test, delivered to the one Maildir. Any other domain is refused at RCPT
# (550), so nothing ever leaves the machine.

# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=certs.sh
. "$(dirname "${BASH_SOURCE[0]}")/certs.sh"
# shellcheck source=daemon.sh
. "$(dirname "${BASH_SOURCE[0]}")/daemon.sh"

EXIM_BIN=${EXIM_BIN:-$(PATH=$PATH:/usr/sbin:/sbin command -v exim4 || PATH=$PATH:/usr/sbin:/sbin command -v exim || true)}
EXIM_NAME=mail.lab.test
EXIM_HOST=127.0.0.1
EXIM_USER=alice
EXIM_PASSWORD=wonderland
EXIM_UID=Debian-exim
export EXIM_NAME EXIM_HOST EXIM_USER EXIM_PASSWORD
_EXIM_LOCK=/run/lock/smtpcon-exim-harness.lock

_exim_require()
{
	[ -n "$EXIM_BIN" ] && [ -x "$EXIM_BIN" ] ||
		skip_or_fail "exim4 is not installed (bash tests/setup.sh installs exim4-daemon-light)"
	[ "$(id -u)" -eq 0 ] || skip_or_fail "a private Exim needs root (its -C config must be trusted)"
	command -v certtool >/dev/null || skip_or_fail "certtool is not installed (gnutls-bin)"
	command -v ss >/dev/null || skip_or_fail "ss is not installed (iproute2)"
}

# Machine-wide set-up, done once and under a lock since tests run in parallel: Debian's exim refuses to run
# without its user, and re-executions (deliveries) lose privilege unless the config is listed as trusted.
_exim_system_setup()
{
	local conf=$1
	mkdir -p "$(dirname "$_EXIM_LOCK")"
	(
		flock -w 60 9 || exit 1
		if ! getent passwd "$EXIM_UID" >/dev/null; then
			useradd --system --user-group --home-dir /var/spool/exim4 --no-create-home \
				--shell /usr/sbin/nologin "$EXIM_UID"
		fi
		mkdir -p /etc/exim4
		touch /etc/exim4/trusted_configs
		chown root:root /etc/exim4/trusted_configs
		chmod 644 /etc/exim4/trusted_configs
		grep -qxF -- "$conf" /etc/exim4/trusted_configs || printf '%s\n' "$conf" >>/etc/exim4/trusted_configs
	) 9>"$_EXIM_LOCK" || fail "could not prepare the system for a private Exim (user $EXIM_UID, trusted_configs)"
	at_exit "_exim_untrust '$conf'"
}

# Take our line out of trusted_configs again, so that runs in many build trees leave no trace.
_exim_untrust()
{
	local conf=$1 rest
	(
		flock -w 60 9 || exit 1
		rest=$(grep -vxF -- "$conf" /etc/exim4/trusted_configs || true)
		if [ -n "$rest" ]; then printf '%s\n' "$rest"; fi >/etc/exim4/trusted_configs
	) 9>"$_EXIM_LOCK" || true
}

_exim_write_conf()
{
	local conf=$1 data=$2 delay_acl=""
	if [ -n "${EXIM_CONNECT_DELAY:-}" ]; then
		delay_acl="  delay = $EXIM_CONNECT_DELAY"
	fi
	cat >"$conf.new" <<CONF
# Private Exim for the smtpcon test "$T_NAME" (made by tests/integration/lib/exim.sh; rewritten at each start).
primary_hostname = $EXIM_NAME
qualify_domain = lab.test
domainlist local_domains = lab.test
exim_user = $EXIM_UID
exim_group = $EXIM_UID
deliver_drop_privilege = true
keep_environment =

local_interfaces = 127.0.0.1
daemon_smtp_ports = $EXIM_PORT : $EXIM_TLS_PORT
tls_on_connect_ports = $EXIM_TLS_PORT
spool_directory = $data/spool
log_file_path = $data/log/%slog
pid_file_path = $data/exim.pid
log_selector = +smtp_connection +smtp_protocol_error +smtp_syntax_error +smtp_no_mail +tls_peerdn +tls_sni +subject

# No DNS, no ident: the tests stay on loopback.
host_lookup =
rfc1413_hosts =
# Debian advertises PIPECONNECT to everyone; without it early input gets the classic synchronisation error.
pipelining_connect_advertise_hosts =

tls_advertise_hosts = *
tls_certificate = $data/cert.pem
tls_privatekey = $data/key.pem
${EXIM_CLIENT_CA_FILE:+tls_verify_certificates = $data/client-ca.pem
tls_verify_hosts = *}
${EXIM_EXTRA_CONF:-}
# AUTH only once the session is encrypted.
auth_advertise_hosts = \${if eq{\$tls_in_cipher}{}{}{*}}

acl_smtp_connect = acl_check_connect
acl_smtp_rcpt = acl_check_rcpt

begin acl

acl_check_connect:
  accept
$delay_acl

acl_check_rcpt:
  accept domains = +local_domains
  deny message = relay not permitted

begin routers

lab_maildir:
  driver = accept
  domains = +local_domains
  transport = lab_maildir

begin transports

lab_maildir:
  driver = appendfile
  directory = $data/Maildir
  maildir_format
  create_directory
  delivery_date_add
  envelope_to_add
  return_path_add
  user = $EXIM_UID
  group = $EXIM_UID
  mode = 0640

begin retry

*  *  F,1h,5m

begin authenticators

plain:
  driver = plaintext
  public_name = PLAIN
  server_prompts = :
  server_condition = \${if and{{eq{\$auth2}{$EXIM_USER}}{eq{\$auth3}{$EXIM_PASSWORD}}}}
  server_set_id = \$auth2

login:
  driver = plaintext
  public_name = LOGIN
  server_prompts = Username:: : Password::
  server_condition = \${if and{{eq{\$auth1}{$EXIM_USER}}{eq{\$auth2}{$EXIM_PASSWORD}}}}
  server_set_id = \$auth1
CONF
	mv -f "$conf.new" "$conf"
}

exim_start()
{
	local dir data conf try
	_exim_require
	dir=$RUN_DIR/exim
	mkdir -p "$dir"
	chmod 755 "$dir"
	conf=$dir/exim.conf
	# The delivery runs as Debian-exim, so the spool, logs, key and Maildir must be reachable by it; a build
	# tree under /root is not, and then they go to a private directory in /tmp instead.
	if runuser -u "$EXIM_UID" -- test -x "$dir" 2>/dev/null; then
		data=$dir/data
		mkdir -p "$data"
	else
		data=$(mktemp -d /tmp/smtpcon-exim.XXXXXX)
		# Kept after a failure, as evidence.
		at_exit "[ \$rc -ne 0 ] || rm -rf '$data'"
		ln -sfn "$data" "$dir/data"
	fi
	chmod 755 "$data"
	mkdir -p "$data/spool" "$data/log" "$data/Maildir/new" "$data/Maildir/cur" "$data/Maildir/tmp"
	if [ -n "${EXIM_CERT_FILE:-}" ]; then
		cp "$EXIM_CERT_FILE" "$data/cert.pem" && cp "$EXIM_KEY_FILE" "$data/key.pem" ||
			fail "cannot use EXIM_CERT_FILE=$EXIM_CERT_FILE / EXIM_KEY_FILE=${EXIM_KEY_FILE:-}"
	else
		t_make_server_cert "$data" "$EXIM_NAME"
	fi
	if [ -n "${EXIM_CLIENT_CA_FILE:-}" ]; then
		cp "$EXIM_CLIENT_CA_FILE" "$data/client-ca.pem" || fail "cannot use EXIM_CLIENT_CA_FILE=$EXIM_CLIENT_CA_FILE"
	fi
	_exim_system_setup "$conf"
	chown -R "$EXIM_UID:$EXIM_UID" "$data"
	chmod 640 "$data/key.pem"
	chmod 644 "$data/cert.pem"

	# A file named in EXIM_EXTRA_CONF is read by Exim as Debian-exim: catch one it cannot read here, with its
	# name, rather than as "454 TLS currently unavailable" in the middle of a test.
	local f extra_files=()
	for f in ${EXIM_EXTRA_CONF:-}; do
		case $f in /*) extra_files+=("$f") ;; esac
	done
	[ ${#extra_files[@]} -eq 0 ] || t_require_readable_by "$EXIM_UID" "${extra_files[@]}"
	t_require_readable_by "$EXIM_UID" "$data/cert.pem" ${EXIM_CLIENT_CA_FILE:+"$data/client-ca.pem"}

	EXIM_CERT=$data/cert.pem
	EXIM_MAILDIR=$data/Maildir
	EXIM_LOG=$data/log/mainlog
	EXIM_PANICLOG=$data/log/paniclog
	export EXIM_CERT EXIM_MAILDIR EXIM_LOG
	at_exit exim_stop

	for ((try = 1; try <= 5; try++)); do
		EXIM_PORT=$(t_pick_port) || fail "no free port found"
		EXIM_TLS_PORT=$(t_pick_port "$EXIM_PORT") || fail "no free port found"
		export EXIM_PORT EXIM_TLS_PORT
		_exim_write_conf "$conf" "$data"
		# Its own session and process group, so exim_stop can end the daemon with its children.
		setsid "$EXIM_BIN" -C "$conf" -bdf -q1m >"$dir/daemon.out" 2>&1 </dev/null &
		EXIM_PID=$!
		export EXIM_PID
		local i
		for ((i = 0; i < 100; i++)); do
			if t_listening "$EXIM_PID" "$EXIM_PORT" && t_listening "$EXIM_PID" "$EXIM_TLS_PORT"; then
				t_log "exim $EXIM_PID on 127.0.0.1:$EXIM_PORT (STARTTLS) and :$EXIM_TLS_PORT (TLS), dir $dir"
				return 0
			fi
			kill -0 "$EXIM_PID" 2>/dev/null || break
			sleep 0.1
		done
		exim_stop
		# Another process took a port between the check and the bind: try other ports.
		if grep -qs 'Address already in use' "$dir/daemon.out" "$EXIM_PANICLOG" "$EXIM_LOG"; then
			t_log "ports $EXIM_PORT/$EXIM_TLS_PORT taken, retrying"
			rm -f "$EXIM_PANICLOG"
			continue
		fi
		fail "exim did not start" "$dir/daemon.out" "$EXIM_PANICLOG" "$EXIM_LOG"
	done
	fail "exim could not get free ports in 5 tries" "$dir/daemon.out" "$EXIM_PANICLOG"
}

exim_stop()
{
	[ -n "${EXIM_PID:-}" ] || return 0
	t_stop_group "$EXIM_PID"
	EXIM_PID=
}

exim_wait_mail() { t_wait_maildir "$EXIM_MAILDIR" "$EXIM_LOG" "$@"; }
