# shellcheck shell=bash
# A private DNSSEC-signed DNS for one integration test (sourced): zones made and signed by the test (ldns-keygen,
# ldns-signzone), served by an authoritative nsd on 127.0.0.1 on a free port with a config of its own (its pid,
# database, logs and zone files all under $RUN_DIR; it never touches the system's nsd), and the trust anchor file
# smtpcon validates from. smtpcon's resolver is pointed at it through its test hooks (src/core/dnssec.h).
#
#   dnssec_zone NAME MODE        add zone NAME (no trailing dot) read from stdin: zone-file lines relative to
#                                NAME (SOA and NS are added). MODE:
#                                  signed     signed now (valid 30 days); its DS goes into the trust anchor file
#                                  unsigned   served as is: validation says insecure (no anchor above it)
#                                  expired    signed with signatures that expired in 2020; its DS is in the trust
#                                             anchor file, so validation says bogus ("signature expired")
#   dnssec_start                 start nsd with every zone added; exports
#                                  DNSSEC_PORT                   the UDP/TCP port nsd answers on
#                                  SMTPCON_DNS_SERVER            127.0.0.1:DNSSEC_PORT
#                                  SMTPCON_DNS_TRUST_ANCHOR      the DS records of the signed and expired zones
#                                nsd is stopped at exit. Its log: $RUN_DIR/nsd/nsd.log.
#   dnssec_tlsa_311 PEM          print "3 1 1 <sha256 of the SubjectPublicKeyInfo>" of the first certificate in PEM
#   dnssec_tlsa_211 PEM          the same with usage 2 (publish it for a CA's certificate)
#
# Zone lines may use 127.0.0.1 for the MX hosts: the Exim and Postfix harnesses listen there. Needs nsd and
# ldnsutils (tests/setup.sh installs both) and certtool for the TLSA helpers.

# Sourced after common.sh (for fail, at_exit, t_log); it does not source common.sh again, which would empty
# $RUN_DIR.

DNSSEC_DIR=$RUN_DIR/nsd
DNSSEC_ZONES=()

_dnssec_require()
{
	local p
	for p in nsd ldns-keygen ldns-signzone; do
		PATH=$PATH:/usr/sbin:/sbin command -v "$p" >/dev/null ||
			skip_or_fail "$p is not installed (Debian packages nsd and ldnsutils)"
	done
}

dnssec_zone()
{
	local name=$1 mode=$2 file key
	_dnssec_require
	mkdir -p "$DNSSEC_DIR/zones" "$DNSSEC_DIR/keys"
	file=$DNSSEC_DIR/zones/$name.zone
	{
		# shellcheck disable=SC2016 # $ORIGIN and $TTL are zone-file directives
		printf '$ORIGIN %s.\n$TTL 300\n' "$name"
		printf '@ IN SOA ns.%s. hostmaster.%s. %s 3600 600 86400 300\n' "$name" "$name" "$(date +%s)"
		printf '@ IN NS ns.%s.\nns IN A 127.0.0.1\n' "$name"
		cat
	} >"$file"
	case $mode in
	unsigned) ;;
	signed | expired)
		# One key that is both KSK and ZSK (-k: the SEP flag), ECDSA P-256 as the root zone's neighbours use.
		key=$(cd "$DNSSEC_DIR/keys" && ldns-keygen -a ECDSAP256SHA256 -k "$name") ||
			fail "ldns-keygen failed for $name"
		local when=()
		[ "$mode" = signed ] || when=(-i 20200101000000 -e 20200201000000)
		ldns-signzone "${when[@]}" -f "$file.signed" "$file" "$DNSSEC_DIR/keys/$key" >"$DNSSEC_DIR/sign-$name.out" 2>&1 ||
			fail "ldns-signzone failed for $name" "$DNSSEC_DIR/sign-$name.out"
		file=$file.signed
		cat "$DNSSEC_DIR/keys/$key.ds" >>"$DNSSEC_DIR/trust-anchor.ds"
		;;
	*) fail "dnssec_zone: unknown mode '$mode'" ;;
	esac
	DNSSEC_ZONES+=("$name $file")
}

dnssec_start()
{
	local conf=$DNSSEC_DIR/nsd.conf z name file try i
	_dnssec_require
	[ ${#DNSSEC_ZONES[@]} -gt 0 ] || fail "dnssec_start: no zone added"
	touch "$DNSSEC_DIR/trust-anchor.ds"
	for ((try = 1; try <= 5; try++)); do
		DNSSEC_PORT=$(t_pick_port) || fail "no free port found"
		# A fully private nsd: no database (zones are read from their files), no user change, no remote
		# control, every file it writes under $DNSSEC_DIR.
		{
			cat <<EOF
server:
	ip-address: 127.0.0.1@$DNSSEC_PORT
	do-ip6: no
	server-count: 1
	zonesdir: "$DNSSEC_DIR/zones"
	pidfile: "$DNSSEC_DIR/nsd.pid"
	xfrdfile: "$DNSSEC_DIR/xfrd.state"
	xfrdir: "$DNSSEC_DIR"
	zonelistfile: "$DNSSEC_DIR/zone.list"
	logfile: "$DNSSEC_DIR/nsd.log"
	database: ""
	username: ""
	chroot: ""
	verbosity: 1
remote-control:
	control-enable: no
EOF
			for z in "${DNSSEC_ZONES[@]}"; do
				name=${z%% *}
				file=${z#* }
				printf 'zone:\n\tname: "%s"\n\tzonefile: "%s"\n' "$name" "$file"
			done
		} >"$conf"
		rm -f "$DNSSEC_DIR/nsd.log"
		# -d: in the foreground, in a process group of its own so t_stop_group ends it with its children.
		setsid nsd -d -c "$conf" >"$DNSSEC_DIR/nsd.out" 2>&1 </dev/null &
		DNSSEC_PID=$!
		for ((i = 0; i < 100; i++)); do
			if ss -Hulnp "sport = :$DNSSEC_PORT" 2>/dev/null | grep -q "pid=" &&
				grep -qs "zone.* read with success\|serving\|nsd started" "$DNSSEC_DIR/nsd.log" "$DNSSEC_DIR/nsd.out"; then
				break
			fi
			kill -0 "$DNSSEC_PID" 2>/dev/null || break
			sleep 0.05
		done
		if kill -0 "$DNSSEC_PID" 2>/dev/null; then
			at_exit "t_stop_group $DNSSEC_PID"
			SMTPCON_DNS_SERVER=127.0.0.1:$DNSSEC_PORT
			SMTPCON_DNS_TRUST_ANCHOR=$DNSSEC_DIR/trust-anchor.ds
			export DNSSEC_PORT SMTPCON_DNS_SERVER SMTPCON_DNS_TRUST_ANCHOR
			t_log "nsd $DNSSEC_PID on 127.0.0.1:$DNSSEC_PORT, zones: ${DNSSEC_ZONES[*]%% *}"
			return 0
		fi
		wait "$DNSSEC_PID" 2>/dev/null || true
		if grep -qs 'in use' "$DNSSEC_DIR/nsd.log" "$DNSSEC_DIR/nsd.out"; then
			t_log "port $DNSSEC_PORT taken, retrying"
			continue
		fi
		fail "nsd did not start" "$conf" "$DNSSEC_DIR/nsd.out" "$DNSSEC_DIR/nsd.log"
	done
	fail "nsd could not get a free port in 5 tries" "$DNSSEC_DIR/nsd.out"
}

# The SHA-256 of the first certificate's SubjectPublicKeyInfo, as lower-case hex.
_dnssec_spki_sha256()
{
	certtool --certificate-info --infile "$1" 2>/dev/null |
		awk '/Public Key PIN:/ { getline; sub(/^[ \t]*pin-sha256:/, ""); print; exit }' |
		base64 -d 2>/dev/null | od -An -tx1 | tr -d ' \n'
}

dnssec_tlsa_311()
{
	local h
	h=$(_dnssec_spki_sha256 "$1")
	[ ${#h} -eq 64 ] || fail "no SPKI hash for $1"
	printf '3 1 1 %s\n' "$h"
}

dnssec_tlsa_211()
{
	local h
	h=$(_dnssec_spki_sha256 "$1")
	[ ${#h} -eq 64 ] || fail "no SPKI hash for $1"
	printf '2 1 1 %s\n' "$h"
}
