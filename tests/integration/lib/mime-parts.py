"""Read one stored message with Python's email package (an independent MIME reader: not GMime, which built it)
and print what a mail client would find, as JSON: the decoded Subject, the top-level type, and for each leaf part
its type, its file name (RFC 2231 decoded), its size and the SHA-256 of its decoded bytes.

Run by Debian's /usr/bin/python3 (tests/integration/lib/mime.sh): usage: mime-parts.py FILE"""
import email
import email.policy
import hashlib
import json
import sys


def text(value):
    # A raw UTF-8 header (SMTPUTF8, RFC 6532) arrives as surrogate escapes from a binary parse: undo them.
    s = str(value) if value is not None else None
    if s is not None:
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return s


with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)

parts = []
for part in msg.walk():
    if part.is_multipart():
        continue
    data = part.get_payload(decode=True) or b""
    parts.append({
        "type": part.get_content_type(),
        "filename": text(part.get_filename()),
        "disposition": part.get_content_disposition(),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    })
print(json.dumps({
    "subject": text(msg["Subject"]),
    "type": msg.get_content_type(),
    "defects": len(msg.defects),
    "parts": parts,
}, ensure_ascii=False))
