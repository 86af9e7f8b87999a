# shellcheck shell=bash
# Messages with attachments as swaks builds them (--header, --body, --attach; GMime inside smtpcon), delivered to
# a real server and read back from its Maildir by an independent reader: Python's email package, run by Debian's
# /usr/bin/python3 (lib/mime-parts.py; pyenv's python3 may come first on PATH here, so the path is explicit, and
# tests/setup.sh installs the package). Sourced after lib/exim.sh or lib/postfix.sh.
#
#   mime_fixtures            write $RUN_DIR/att/pixel.png (a real PNG) and "$RUN_DIR/att/Grüße ñ.txt" (UTF-8 text)
#   mime_send NAME SMTPUTF8 HOST PORT   deliver a message with both attached and a non-ASCII Subject, with
#                            "MAIL FROM:<...> SMTPUTF8" when SMTPUTF8 is "yes"; sets MIME_MARKER (in the Subject)
#   mime_check NAME MAILDIR SMTPUTF8    find it in MAILDIR and check it part by part, byte for byte, and its
#                            Subject line: RFC 2047 words without SMTPUTF8, raw UTF-8 with it

MIME_PY=/usr/bin/python3
MIME_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

mime_fixtures()
{
	[ -x "$MIME_PY" ] || fail "Debian's $MIME_PY is missing (tests/setup.sh installs the python3 package)"
	mkdir -p "$RUN_DIR/att"
	MIME_PNG=$RUN_DIR/att/pixel.png
	MIME_TXT="$RUN_DIR/att/Grüße ñ.txt"
	# A valid 16x16 RGB PNG whose pixels hold every byte value (binary through base64, for real).
	"$MIME_PY" - "$MIME_PNG" <<'PY'
import struct, sys, zlib
w = h = 16
raw = b"".join(b"\0" + bytes((y * 48 + x * 3 + c) % 256 for x in range(w) for c in range(3)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
	printf 'Grüße aus Köln\nñandú, façade, 日本語\n.a line starting with a dot\n\nlast line\n' >"$MIME_TXT"
}

mime_send()
{
	local name=$1 utf8=$2 host=$3 port=$4 param=""
	[ "$utf8" = yes ] && param=" SMTPUTF8"
	MIME_MARKER="mime-$name-$$-$RANDOM"
	local script
	script=$(t_write "$name.script" <<SCRIPT
/ehlo
/expect 250
MAIL FROM:<sender@lab.test>$param
/expect 250
RCPT TO:<bob@lab.test>
/expect 250
/data
/expect 250
QUIT
SCRIPT
)
	run_smtpcon "$name" --batch --json --ehlo client.lab.test --timeout 10 --from sender@lab.test \
		--to bob@lab.test --header "Subject: Grüße $MIME_MARKER" --header "X-Mime-Test: $name" \
		--body "Body of $MIME_MARKER: two attachments follow." --attach "$MIME_PNG" --attach "$MIME_TXT" \
		--script "$script" "$host:$port"
	expect_rc 0
}

# Wait for the message holding MIME_MARKER; prints its path.
_mime_wait()
{
	local maildir=$1 i f
	for ((i = 0; i < 150; i++)); do
		for f in "$maildir"/new/*; do
			[ -f "$f" ] && grep -qF -- "$MIME_MARKER" "$f" && {
				printf '%s\n' "$f"
				return 0
			}
		done
		sleep 0.1
	done
	return 1
}

mime_check()
{
	local name=$1 maildir=$2 utf8=$3 f json want_png want_txt
	f=$(_mime_wait "$maildir") || fail "$name: no message with $MIME_MARKER in $maildir" "$OUT"
	cp "$f" "$RUN_DIR/$name.eml"
	json=$("$MIME_PY" "$MIME_LIB_DIR/mime-parts.py" "$f") || fail "$name: Python's email package could not read it" "$f"
	printf '%s\n' "$json" >"$RUN_DIR/$name.parts.json"
	want_png=$(sha256sum <"$MIME_PNG" | cut -d' ' -f1)
	want_txt=$(sha256sum <"$MIME_TXT" | cut -d' ' -f1)
	jq -e '.type == "multipart/mixed" and (.parts | length) == 3' <<<"$json" >/dev/null ||
		fail "$name: not multipart/mixed with 3 parts (body, two files)" "$RUN_DIR/$name.parts.json" "$f"
	jq -e '.defects == 0' <<<"$json" >/dev/null || fail "$name: the reader found MIME defects" "$RUN_DIR/$name.parts.json"
	jq -e --arg m "$MIME_MARKER" '.parts[0].type == "text/plain" and .parts[0].filename == null' <<<"$json" >/dev/null ||
		fail "$name: the first part is not the text body" "$RUN_DIR/$name.parts.json"
	jq -e --arg s "$want_png" '.parts[1] | .type == "image/png" and .filename == "pixel.png" and
		.disposition == "attachment" and .sha256 == $s' <<<"$json" >/dev/null ||
		fail "$name: the PNG does not come back byte for byte as pixel.png" "$RUN_DIR/$name.parts.json"
	jq -e --arg s "$want_txt" '.parts[2] | .type == "text/plain" and .filename == "Grüße ñ.txt" and
		.disposition == "attachment" and .sha256 == $s' <<<"$json" >/dev/null ||
		fail "$name: the UTF-8 text file does not come back byte for byte under its non-ASCII name" \
			"$RUN_DIR/$name.parts.json" "$f"
	jq -e --arg s "Grüße $MIME_MARKER" '.subject == $s' <<<"$json" >/dev/null ||
		fail "$name: the Subject does not read back as sent" "$RUN_DIR/$name.parts.json"
	grep -q "^Body of $MIME_MARKER: two attachments follow\.\$" "$f" || fail "$name: the body text is missing" "$f"
	# The Subject line as stored: the header block only (the body may hold anything).
	local subject_line
	subject_line=$(sed -n '/^\r\{0,1\}$/q; /^Subject:/p' "$f")
	if [ "$utf8" = yes ]; then
		[ "$subject_line" = "Subject: Grüße $MIME_MARKER" ] ||
			fail "$name: with SMTPUTF8 the Subject should arrive as raw UTF-8, got: $subject_line" "$f"
	else
		LC_ALL=C grep -q $'[\x80-\xff]' <<<"$subject_line" &&
			fail "$name: without SMTPUTF8 the Subject holds 8-bit bytes: $subject_line" "$f"
		grep -qi '=?utf-8?[bq]?' <<<"$subject_line" ||
			fail "$name: without SMTPUTF8 the Subject is not an RFC 2047 encoded word: $subject_line" "$f"
	fi
	t_log "$name: $(jq -c '[.parts[] | {type, filename, size}]' <<<"$json")"
}
