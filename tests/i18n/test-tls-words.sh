#!/usr/bin/env bash
# TLS words that were English on a translated screen (issue 17, helper i18nrest), each in pt_BR, pt and fr, and
# English in JSON Lines as in every language:
#  1. a verification GnuTLS could not even run (gnutls_certificate_verify_peers3 < 0: here a chain of 17
#     certificates, longer than the 16 GnuTLS verifies): "The certificate could not be verified: <GnuTLS's
#     reason>." and its hint, the reason itself translated when core/cert-reasons.c knows GnuTLS's error;
#  2. listen mode's "client N: TLS is up: TLS1.3 with cipher AES-256-GCM" (lab/lab-tls.c's description);
#  3. /cert's chain list joins a certificate's role and validity with the language's separator (French " ; ").
set -euo pipefail
. "$(dirname "$0")/lib.sh"
i18n_require_locales
command -v jq >/dev/null || skip_or_fail "jq is not installed"
command -v openssl >/dev/null || skip_or_fail "openssl is not installed"

# --- 1. a chain too long to verify, served by openssl s_server on loopback (implicit TLS: no SMTP needed) ---
chain_dir=$RUN_DIR/chain
mkdir -p "$chain_dir"
(
	cd "$chain_dir"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k0.pem -out c0.pem -subj "/CN=ca 0" \
		-days 30 -addext basicConstraints=critical,CA:true
	for i in $(seq 1 16); do
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "k$i.pem" -out "r$i.pem" -subj "/CN=ca $i"
		if [ "$i" -lt 16 ]; then echo "basicConstraints=critical,CA:true" >ext; else echo "subjectAltName=DNS:localhost" >ext; fi
		openssl x509 -req -in "r$i.pem" -CA "c$((i - 1)).pem" -CAkey "k$((i - 1)).pem" -CAcreateserial -out "c$i.pem" \
			-days 30 -extfile ext
	done
	for i in $(seq 15 -1 0); do cat "c$i.pem"; done >chain.pem
) >"$RUN_DIR/certs.log" 2>&1 || fail "openssl could not make the 17-certificate chain" "$RUN_DIR/certs.log"

long_chain_run()
{
	local name=$1 port pid
	shift
	port=$(t_closed_port)
	openssl s_server -accept "127.0.0.1:$port" -cert "$chain_dir/c16.pem" -key "$chain_dir/k16.pem" \
		-cert_chain "$chain_dir/chain.pem" -naccept 1 -quiet </dev/null >"$RUN_DIR/$name.server" 2>&1 &
	pid=$!
	for ((i = 0; i < 50; i++)); do
		ss -ltn 2>/dev/null | grep -q "127.0.0.1:$port " && break
		sleep 0.1
	done
	"$SMTPCON" --batch --tls-on-connect --timeout 3 --script /dev/null "$@" "127.0.0.1:$port" >"$RUN_DIR/$name.out" 2>&1 || true
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
gnutls_en='Some constraint limits were reached'
long_chain_run long-en --lang en
grep -qF "The certificate could not be verified: $gnutls_en." "$RUN_DIR/long-en.out" ||
	fail "en: no verify-error reason in GnuTLS's words" "$RUN_DIR/long-en.out"
declare -A VERIFY=([pt_BR]='Não foi possível verificar o certificado: Alguns limites de restrição foram atingidos.'
	[pt]='Não foi possível verificar o certificado: Alguns limites de restrição foram atingidos.'
	[fr]='Le certificat n'"'"'a pas pu être vérifié : Certaines limites de contrainte ont été atteintes.')
declare -A VHINT=([pt_BR]='veja a cadeia no inspetor de certificados' [pt]='veja a cadeia no inspetor de certificados'
	[fr]='consultez la chaîne dans l'"'"'inspecteur de certificats')
for l in "${I18N_LANGS[@]}"; do
	long_chain_run "long-$l" --lang "$l"
	grep -qF "${VERIFY[$l]}" "$RUN_DIR/long-$l.out" || fail "$l: the verify-error reason is not translated" "$RUN_DIR/long-$l.out"
	grep -qF "${VHINT[$l]}" "$RUN_DIR/long-$l.out" || fail "$l: its hint is not translated" "$RUN_DIR/long-$l.out"
	! grep -qE 'could not be verified|constraint limits|certificate pane' "$RUN_DIR/long-$l.out" ||
		fail "$l: English verify-error words on screen" "$RUN_DIR/long-$l.out"
	long_chain_run "long-$l-json" --json --lang "$l"
	jq -e -s --arg t "The certificate could not be verified: $gnutls_en." 'any(.[]; .type == "tls" and
		any(.reasons[]; .id == "verify-error" and .text == $t and .hint == "see the certificate pane for the chain"))' \
		"$RUN_DIR/long-$l-json.out" >/dev/null || fail "$l: the JSON verify-error reason is not the English one" "$RUN_DIR/long-$l-json.out"
done

# --- 2. listen mode: the client's TLS session described in the language; JSON keeps "with cipher" ---
printf 'EHLO client.example\n/starttls\nQUIT\n' >"$RUN_DIR/client.script"
listen_run()
{
	local name=$1 port pid
	shift
	port=$(t_closed_port)
	"$SMTPCON" --batch "$@" --listen "127.0.0.1:$port" >"$RUN_DIR/$name.out" 2>"$RUN_DIR/$name.err" &
	pid=$!
	for ((i = 0; i < 50; i++)); do
		grep -q 'listening\|127\.0\.0\.1' "$RUN_DIR/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	"$SMTPCON" --batch --insecure --timeout 10 --script "$RUN_DIR/client.script" "127.0.0.1:$port" >/dev/null 2>&1 || true
	for ((i = 0; i < 50; i++)); do
		grep -q '"closed"\|---.*221' "$RUN_DIR/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	kill -INT "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
declare -A TLSUP=([pt_BR]='TLS ativo: TLS1.3 com a cifra AES-256-GCM' [pt]='TLS ativo: TLS1.3 com a cifra AES-256-GCM'
	[fr]='TLS établi : TLS1.3 avec le chiffrement AES-256-GCM')
for l in "${I18N_LANGS[@]}"; do
	listen_run "listen-$l" --lang "$l"
	grep -qF "${TLSUP[$l]}" "$RUN_DIR/listen-$l.out" || fail "$l: the client's TLS session is not described in the language" "$RUN_DIR/listen-$l.out"
	! grep -qF 'with cipher' "$RUN_DIR/listen-$l.out" || fail "$l: 'with cipher' on screen" "$RUN_DIR/listen-$l.out"
	listen_run "listen-$l-json" --json --lang "$l"
	jq -e -s 'any(.[]; .id == "client-tls" and (.message | test("^client [0-9]+: TLS is up: TLS1\\.3 with cipher AES-256-GCM$")))' \
		"$RUN_DIR/listen-$l-json.out" >/dev/null || fail "$l: the JSON TLS line is not the English one" "$RUN_DIR/listen-$l-json.out"
done

# --- 3. /cert's chain list: "(role ; validity)" in French, "(role; validity)" in Portuguese and English ---
printf 'EHLO client.example\n/starttls\n/cert\nQUIT\n' >"$RUN_DIR/cert.script"
declare -A JOIN=([en]='(server certificate (leaf); EXPIRED' [pt_BR]='(certificado do servidor (folha); EXPIROU'
	[pt]='(certificado do servidor (folha); EXPIROU' [fr]='(certificat du serveur (feuille) ; EXPIRÉ')
for l in en "${I18N_LANGS[@]}"; do
	"$SMTPCON" --batch --insecure --lab=bad-cert --lang "$l" --timeout 10 --script "$RUN_DIR/cert.script" \
		>"$RUN_DIR/cert-$l.out" 2>&1 || true
	grep -qF "${JOIN[$l]}" "$RUN_DIR/cert-$l.out" || fail "$l: /cert's chain list does not join with '${JOIN[$l]}'" "$RUN_DIR/cert-$l.out"
done
"$SMTPCON" --batch --json --insecure --lab=bad-cert --lang fr --timeout 10 --script "$RUN_DIR/cert.script" \
	>"$RUN_DIR/cert-fr.json" 2>&1 || true
grep -qF '(server certificate (leaf); EXPIRED' "$RUN_DIR/cert-fr.json" || fail "fr: JSON's /cert output is not English" "$RUN_DIR/cert-fr.json"
pass "verify-error reasons, listen mode's TLS description and /cert's separator in pt_BR, pt, fr (JSON English)"
