#!/usr/bin/env python3
r"""Check that a field starts (or ends) at the same display column on every
row of a captured screen: the column alignment of a listing, measured the
way the terminal placed the text, not by counting characters.

    python3 tests/screen/colcheck.py --row REGEX --field REGEX [--field REGEX]...
        [--field-end REGEX]... [--column N] [--min-rows N] [-v] [FILE|-]

FILE is a screen as `tmux capture-pane -p` prints it (UTF-8; - or nothing
for stdin). Every line that --row matches (re.search) is a row; on each
row, every --field must match, and the display column where its match
starts must be the same on all rows; --field-end checks where the match
ends (for right-aligned columns such as amounts). When a field regex has a
group, group 1 is the field (so context can anchor it: " (open|new) "), or
the group named "field" if there is one (so other groups can serve as
backreferences: "(\S).*? +(?P<field>\1)" is where the first character of
a column recurs).
--column N (with one field) requires that column; otherwise the column
most rows agree on is the expected one and the others are reported.
Columns count from 0 at the left edge. Fewer than --min-rows rows
(default 2) is a failure too: a check that matched nothing proved nothing.

Display width, per code point, as glibc's wcwidth() and so as ncurses and
tmux see it (the test suite compares every code point with the C library
in use, and sample lines with tmux's cursor):
  - East Asian Wide and Fullwidth: 2; that includes every emoji with
    emoji presentation except the regional indicators, which are 1 each
    (a flag is 2);
  - combining marks (Mn, Me), format characters (Cf: zero-width space,
    joiners, bidi controls, tag characters) except U+00AD soft hyphen and
    the prepended concatenation marks U+0600-0605, U+06DD, U+070F,
    U+0890-0891, U+08E2, U+110BD, U+110CD (width 1), Hangul medial vowels
    and final consonants U+1160-U+11FF and U+D7B0-U+D7FB, and the line and
    paragraph separators: 0; variation selectors are Mn, so VS16 adds
    nothing (tmux 3.3 draws a heart with VS16 in one column);
  - glibc's own choices: U+3248-U+324F and the Yijing hexagrams
    U+4DC0-U+4DFF are 2;
  - a wide character right after a ZWJ joins the cluster before it and
    adds nothing: tmux 3.3 puts an emoji ZWJ sequence (woman + ZWJ +
    laptop) in one two-column cell, not in 2+2 columns as wcwidth alone
    would say (ncurses does say 4: a console must not trust it there); a
    narrow character after a ZWJ is a cell of its own (tmux drops that
    ZWJ from the screen);
  - controls (which a capture should not hold) 0; TAB moves to the next
    multiple of 8; everything else 1.

Exit status: 0 aligned, 1 misaligned, missing fields or too few rows (the
offending lines are printed), 2 usage. Standard library only.
"""

import argparse
import collections
import re
import sys
import unicodedata

ZWJ = 0x200D
ONE_WIDE_FORMAT = {0x00AD, 0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F,
                   0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD}
# Where glibc's table departs from East_Asian_Width and the categories.
GLIBC_WIDE = ((0x3248, 0x324F), (0x4DC0, 0x4DFF))
GLIBC_ZERO = ((0x1160, 0x11FF), (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0x2028, 0x2029))


def cp_width(ch):
    """Columns one code point takes on its own (wcwidth's answer, with
    controls as 0)."""
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0:
        return 0
    if cp < 0x7F:
        return 1
    cat = unicodedata.category(ch)
    if cat in ("Mn", "Me"):
        return 0
    if cat == "Cf":
        return 1 if cp in ONE_WIDE_FORMAT else 0
    if any(lo <= cp <= hi for lo, hi in GLIBC_ZERO):
        return 0
    if any(lo <= cp <= hi for lo, hi in GLIBC_WIDE):
        return 2
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def columns(line):
    """The display column at which each character of line starts, and the
    line's total width: a list of len(line) + 1 columns."""
    out = []
    col = 0
    after_zwj = False
    for ch in line:
        out.append(col)
        if ch == "\t":
            col = (col // 8 + 1) * 8
        else:
            w = cp_width(ch)
            if not (after_zwj and w == 2):  # else joined to the cluster before the ZWJ
                col += w
        after_zwj = ord(ch) == ZWJ and len(out) > 1
    out.append(col)
    return out


def width(text):
    return columns(text)[-1]


def printable(line):
    """line with controls, format and separator characters as \\uXXXX, so
    printing it can neither move a cursor nor reorder text."""
    out = []
    for ch in line:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch != "\t":
            out.append("\\u%04X" % ord(ch) if ord(ch) <= 0xFFFF else "\\U%08X" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


class Field:
    def __init__(self, text, end):
        self.text = text
        self.end = end
        try:
            self.re = re.compile(text)
        except re.error as e:
            raise ValueError("bad regex %r: %s" % (text, e))

    def describe(self):
        return "%s /%s/" % ("end of field" if self.end else "field", self.text)

    def column(self, line, cols):
        m = self.re.search(line)
        if m is None:
            return None
        g = "field" if "field" in self.re.groupindex else 1 if self.re.groups else 0
        if m.start(g) < 0:
            return None
        return cols[m.end(g) if self.end else m.start(g)]


def check(lines, row_re, fields, want_column, min_rows, verbose, out):
    """Print findings on out; return the number of problems."""
    rows = [(no, line) for no, line in enumerate(lines, 1) if row_re.search(line)]
    problems = 0
    if len(rows) < min_rows:
        out.write("colcheck: %d row%s match /%s/, fewer than %d\n" % (
            len(rows), "" if len(rows) == 1 else "s", row_re.pattern, min_rows))
        for no, line in rows:
            out.write("colcheck:   line %d: |%s|\n" % (no, printable(line)))
        problems += 1
    for field in fields:
        found = []
        missing = []
        for no, line in rows:
            col = field.column(line, columns(line))
            if col is None:
                missing.append((no, line))
            else:
                found.append((no, line, col))
        if verbose:
            for no, line, col in found:
                out.write("colcheck: %s: line %d: column %d\n" % (field.describe(), no, col))
        for no, line in missing:
            out.write("colcheck: %s not found on row line %d: |%s|\n" % (field.describe(), no, printable(line)))
            problems += 1
        if not found:
            continue
        if want_column is not None:
            expect = want_column
        else:
            counts = collections.Counter(col for _, _, col in found)
            best = max(counts.values())
            expect = next(col for _, _, col in found if counts[col] == best)
        bad = [(no, line, col) for no, line, col in found if col != expect]
        if bad:
            agree = len(found) - len(bad)
            out.write("colcheck: %s is at display column %d on %d row%s, elsewhere on %d:\n" % (
                field.describe(), expect, agree, "" if agree == 1 else "s", len(bad)))
            for no, line, col in bad:
                out.write("colcheck:   line %d, column %d: |%s|\n" % (no, col, printable(line)))
            problems += len(bad)
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(prog="colcheck.py",
                                 description="check column alignment on a captured screen")
    ap.add_argument("--row", required=True, help="regex selecting the rows to check")
    ap.add_argument("--field", action="append", default=[], help="regex: where the field starts")
    ap.add_argument("--field-end", action="append", default=[], help="regex: where the field ends")
    ap.add_argument("--column", type=int, help="the display column required (one field only)")
    ap.add_argument("--min-rows", type=int, default=2, help="rows that must match (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every row's column")
    ap.add_argument("file", nargs="?", default="-")
    args = ap.parse_args(argv)
    try:
        row_re = re.compile(args.row)
        fields = [Field(t, False) for t in args.field] + [Field(t, True) for t in args.field_end]
    except (re.error, ValueError) as e:
        ap.error(str(e))
    if not fields:
        ap.error("give at least one --field or --field-end")
    if args.column is not None and (len(fields) != 1 or args.column < 0):
        ap.error("--column N (N >= 0) goes with exactly one field")
    if args.min_rows < 1:
        ap.error("--min-rows needs N >= 1")
    try:
        if args.file == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as f:
                raw = f.read()
    except OSError as e:
        print("colcheck.py: cannot read %s: %s" % (args.file, e.strerror), file=sys.stderr)
        return 2
    lines = raw.decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems = check(lines, row_re, fields, args.column, args.min_rows, args.verbose, sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
