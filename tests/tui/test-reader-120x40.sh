#!/bin/bash
# The reader at 120x40: for a multi-line 250 (EHLO), 530 5.7.0, 550 5.7.1 and 451 4.7.1 from the practice lab,
# every line of `smtpcon --explain` for both codes is in the reader, word for word; Esc returns to the same
# selection. The steps are in reader-lib.sh.
. "$(dirname "$0")/reader-lib.sh"
tui_require
reader_labs
reader_size 120x40
pass "the reader shows every word of --explain for 250, 530 5.7.0, 550 5.7.1, 451 4.7.1 at 120x40"
