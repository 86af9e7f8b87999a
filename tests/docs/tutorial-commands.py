#!/usr/bin/python3
"""The translated tutorials keep every command the English one shows (issue 17).

docs/tutorial.md is the source; docs/LANG/tutorial.md (LANG from po/LINGUAS) are its translations, whose prose
changes but whose commands must not. A change to the English commands without the same change in every
translation fails here, so the translations cannot silently fall behind.

What counts as a command:
  - in a ```sh block, every line (the part before a "  # comment", continuation lines too);
  - in any other code block, a line that is console input: it starts with "/" (a console command) or with an
    SMTP verb (EHLO, MAIL FROM, RCPT TO, DATA, ...); the part before a "  -> note" or "  (note)" is the command;
  - inline code that starts with "smtpcon", "build/smtpcon", "swaks", "openssl", "/" and a letter (a console
    command) or "--" (an option), or is an SMTPCON_ environment variable.
A section of the English tutorial between "<!-- not yet translated" and "<!-- end not yet translated -->" is left out
(a new lesson whose translation is pending; its commands are run by a test of their own); the count is printed.
Code-block commands must come in the same order in each translation (the lessons walk through them in order);
inline ones must be the same set (prose may reorder a sentence). The server's replies shown in the blocks (lines
starting "S:", "S:~" or a reply code) stay as the server sends them: they too must be the same, in order.

    tests/docs/tutorial-commands.py [SOURCE-DIR]      exit 0: in step; 1: not
"""
import os
import re
import sys

SMTP_VERB = re.compile(r"^(EHLO|HELO|LHLO|MAIL FROM|RCPT TO|DATA|BDAT|QUIT|RSET|NOOP|VRFY|EXPN|HELP|AUTH|STARTTLS)\b")
# A note after a command in a block is set off by two or more spaces ("EHLO x      -> ...", "cmd   # ...").
NOTE = re.compile(r"\s{2,}(#|->|\().*$")
REPLY = re.compile(r"^(S:~? |[2-5][0-9][0-9][ -])")
INLINE = re.compile(r"`([^`]+)`")
INLINE_COMMAND = re.compile(r"^(smtpcon\b|build/smtpcon\b|swaks\b|openssl\b|/[a-z]|--[a-z]|SMTPCON_[A-Z_]+$)")


def norm(text):
    return " ".join(text.split())


PENDING_LINES = 0


def commands(path):
    """(block commands in order, set of inline commands, server replies in order) of one tutorial."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    block, inline, prose, replies = [], set(), [], []
    fence = None  # None outside a block, else the block's info string ("sh" or "")
    pending = False  # inside a section awaiting translation
    global PENDING_LINES
    for line in lines:
        if line.startswith("<!-- not yet translated"):
            pending = True
        elif line.startswith("<!-- end not yet translated"):
            pending = False
        if pending:
            PENDING_LINES += 1
            continue
        m = re.match(r"^\s*```(.*)$", line)
        if m:
            fence = None if fence is not None else m.group(1).strip()
            continue
        if fence is None:
            prose.append(line)
            continue
        if REPLY.match(line):
            replies.append(norm(line))
            continue
        cmd = NOTE.sub("", line).strip()
        if not cmd:
            continue
        if fence == "sh" or cmd.startswith("/") or SMTP_VERB.match(cmd):
            block.append(norm(cmd))
    # Inline code may wrap across lines within a paragraph: join the prose before looking.
    for span in INLINE.findall("\n".join(prose)):
        span = norm(span)
        if INLINE_COMMAND.match(span):
            inline.add(span)
    return block, inline, replies


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    # The languages are po/LINGUAS's: a new catalog needs its tutorial too.
    try:
        with open(os.path.join(src, "po", "LINGUAS"), encoding="utf-8") as f:
            langs = [w for line in f for w in line.split("#")[0].split()]
    except FileNotFoundError:
        langs = ["pt_BR", "pt", "fr"]
    en_block, en_inline, en_replies = commands(os.path.join(src, "docs", "tutorial.md"))
    if PENDING_LINES:
        print(f"tutorial-commands: {PENDING_LINES} lines of the English tutorial await translation (left out here)")
    if len(en_block) < 20 or len(en_inline) < 20 or len(en_replies) < 10:
        print(f"tutorial-commands: found only {len(en_block)} block and {len(en_inline)} inline commands and "
              f"{len(en_replies)} replies in the English tutorial: the extraction is broken")
        return 1
    rc = 0
    for lang in langs:
        path = os.path.join(src, "docs", lang, "tutorial.md")
        if not os.path.exists(path):
            print(f"tutorial-commands: {lang}: docs/{lang}/tutorial.md is missing (po/LINGUAS lists {lang})")
            rc = 1
            continue
        block, inline, replies = commands(path)
        bad = False
        for what, en, tr in (("commands", en_block, block), ("server replies", en_replies, replies)):
            if tr == en:
                continue
            bad = True
            # Show the first place where the sequences part.
            i = next((k for k in range(min(len(tr), len(en))) if tr[k] != en[k]), min(len(tr), len(en)))
            print(f"tutorial-commands: {lang}: the code blocks' {what} differ from the English tutorial's at "
                  f"line {i + 1} of them (English has {len(en)}, docs/{lang}/tutorial.md {len(tr)}):")
            print(f"    English: {en[i] if i < len(en) else '(nothing more)'}")
            print(f"    {lang:7}: {tr[i] if i < len(tr) else '(nothing more)'}")
        for span in sorted(en_inline - inline):
            bad = True
            print(f"tutorial-commands: {lang}: docs/{lang}/tutorial.md lacks `{span}`")
        for span in sorted(inline - en_inline):
            bad = True
            print(f"tutorial-commands: {lang}: docs/{lang}/tutorial.md has `{span}`, which the English tutorial "
                  "no longer shows")
        if bad:
            rc = 1
        else:
            print(f"tutorial-commands: {lang}: {len(block)} block and {len(inline)} inline commands and "
                  f"{len(replies)} server replies, as in English")
    if rc:
        print("tutorial-commands: change docs/LANG/tutorial.md with docs/tutorial.md (commands and server replies stay as in English)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
