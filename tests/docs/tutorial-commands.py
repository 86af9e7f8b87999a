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
Code-block commands must come in the same order in each translation (the lessons walk through them in order);
inline ones must be the same set (prose may reorder a sentence). Server replies and transcripts in the blocks are
not compared here: translators keep them as the server sends them, but they are not commands.

    tests/docs/tutorial-commands.py [SOURCE-DIR]      exit 0: in step; 1: not
"""
import os
import re
import sys

SMTP_VERB = re.compile(r"^(EHLO|HELO|LHLO|MAIL FROM|RCPT TO|DATA|BDAT|QUIT|RSET|NOOP|VRFY|EXPN|HELP|AUTH|STARTTLS)\b")
# A note after a command in a block is set off by two or more spaces ("EHLO x      -> ...", "cmd   # ...").
NOTE = re.compile(r"\s{2,}(#|->|\().*$")
INLINE = re.compile(r"`([^`]+)`")
INLINE_COMMAND = re.compile(r"^(smtpcon\b|build/smtpcon\b|swaks\b|openssl\b|/[a-z]|--[a-z]|SMTPCON_[A-Z_]+$)")


def norm(text):
    return " ".join(text.split())


def commands(path):
    """(block commands in order, set of inline commands) of one tutorial."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    block, inline, prose = [], set(), []
    fence = None  # None outside a block, else the block's info string ("sh" or "")
    for line in lines:
        m = re.match(r"^\s*```(.*)$", line)
        if m:
            fence = None if fence is not None else m.group(1).strip()
            continue
        if fence is None:
            prose.append(line)
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
    return block, inline


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    # The languages are po/LINGUAS's: a new catalog needs its tutorial too.
    try:
        with open(os.path.join(src, "po", "LINGUAS"), encoding="utf-8") as f:
            langs = [w for line in f for w in line.split("#")[0].split()]
    except FileNotFoundError:
        langs = ["pt_BR", "pt", "fr"]
    en_block, en_inline = commands(os.path.join(src, "docs", "tutorial.md"))
    if len(en_block) < 20 or len(en_inline) < 20:
        print(f"tutorial-commands: found only {len(en_block)} block and {len(en_inline)} inline commands in the "
              "English tutorial: the extraction is broken")
        return 1
    rc = 0
    for lang in langs:
        path = os.path.join(src, "docs", lang, "tutorial.md")
        if not os.path.exists(path):
            print(f"tutorial-commands: {lang}: docs/{lang}/tutorial.md is missing (po/LINGUAS lists {lang})")
            rc = 1
            continue
        block, inline = commands(path)
        bad = False
        if block != en_block:
            bad = True
            # Show the first place where the sequences part, with a little context.
            i = next((k for k in range(min(len(block), len(en_block))) if block[k] != en_block[k]),
                     min(len(block), len(en_block)))
            print(f"tutorial-commands: {lang}: the code blocks' commands differ from the English tutorial's at "
                  f"command {i + 1} (English has {len(en_block)}, docs/{lang}/tutorial.md {len(block)}):")
            print(f"    English: {en_block[i] if i < len(en_block) else '(nothing more)'}")
            print(f"    {lang:7}: {block[i] if i < len(block) else '(nothing more)'}")
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
            print(f"tutorial-commands: {lang}: {len(block)} block and {len(inline)} inline commands, as in English")
    if rc:
        print("tutorial-commands: change docs/LANG/tutorial.md with docs/tutorial.md (commands stay as in English)")
    return rc


if __name__ == "__main__":
    sys.exit(main())
