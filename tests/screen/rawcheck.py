#!/usr/bin/env python3
"""Check a raw terminal output stream (the bytes a program wrote, as the
screen harness records them in $TMP/screen.raw) for control sequences that
did not come from the terminal library.

    python3 tests/screen/rawcheck.py [--term NAME] [--forbid FILE]... [--max N] FILE|-...
    python3 tests/screen/rawcheck.py --list [--term NAME]

The stream is parsed as ECMA-48 over UTF-8: C0 controls, ESC sequences,
CSI (parameter, intermediate and final bytes), OSC, DCS, SOS, PM and APC
strings to their terminator, and the 8-bit C1 forms, which in a UTF-8
stream are the code points U+0080-U+009F. Only what ncurses 6 writes for
TERM=tmux-256color, screen-256color or xterm-256color passes: the ALLOWED_*
tables below, taken from `infocmp -x` of those entries and checked
against what ncurses actually wrote when a curses program drew, scrolled,
coloured, inserted and deleted under each of them (tests/screen/
test_rawcheck.sh repeats that). Everything else is a finding: any OSC
(titles, OSC 8 hyperlinks, OSC 52 clipboard writes), any DCS, SOS, PM or
APC string, any C1 code point, any ESC or CSI sequence not in the table
(device status and attribute queries, window operations, cursor styles,
resets), C0 controls other than BEL BS HT LF CR SO SI, DEL, and invalid
UTF-8. Deliberately left out although terminfo has them: flash (ESC g,
DEC mode 5), the title, clipboard and colour-palette strings (tsl, Ms,
Cs, initc), the queries (u7 u8 u9), tab stops (hts, tbc), nel, the reset
and init strings (rs1 rs2 is2 of xterm), printer controls and bracketed
paste (BE/BD, DEC mode 2004: ncurses never sends it on its own).

--term narrows the table to one terminal's entry (default: any of the
three). --forbid FILE names byte strings that must not occur in the
stream at all, one per line: \\xNN is a byte, \\\\ a backslash, anything
else stands for itself (a UTF-8 file); trailing blanks are dropped (write
\\x20), blank lines and lines starting with # are ignored. A fragment is
found only where it was written contiguously; ncurses writes a run of
changed cells in one piece, so text drawn on a fresh line is whole.

Findings are printed one per line with the byte offset and a hex dump of
the sequence, in ASCII only (the report is safe to print on a terminal),
then one summary line per stream that had any; a clean stream prints
nothing. Several streams may be checked at once, --max N findings each.
Exit status: 0 clean, 1 findings, 2 usage or unreadable input.
Standard library only.
"""

import argparse
import re
import sys

TMUX, SCREEN, XTERM = "tmux-256color", "screen-256color", "xterm-256color"
TERMS = (TMUX, SCREEN, XTERM)
ALL = frozenset(TERMS)
TS = frozenset((TMUX, SCREEN))
X = frozenset((XTERM,))

# ---------------------------------------------------------------- the table
#
# Each entry: what it is (the terminfo capabilities that produce it) and the
# terminals whose entry has it.

# C0 controls that may appear outside a sequence.
ALLOWED_C0 = {
    0x07: ("BEL (bel)", ALL),
    0x08: ("BS (cub1)", ALL),
    0x09: ("HT (ht)", ALL),
    0x0A: ("LF (cud1, ind)", ALL),
    0x0D: ("CR (cr)", ALL),
    0x0E: ("SO (smacs)", TS),
    0x0F: ("SI (rmacs, sgr0)", TS),
}

# ESC sequences other than CSI, by the bytes after ESC.
ALLOWED_ESC = {
    b"(B": ("designate ASCII to G0 (enacs, rmacs, sgr0)", ALL),
    b"(0": ("designate DEC graphics to G0 (smacs, sgr)", X),
    b")0": ("designate DEC graphics to G1 (enacs)", TS),
    b"7": ("save cursor (sc)", ALL),
    b"8": ("restore cursor (rc)", ALL),
    b"=": ("keypad application mode (smkx)", ALL),
    b">": ("keypad numeric mode (rmkx)", ALL),
    b"M": ("reverse index (ri, cuu1)", ALL),
}

# CSI finals without a private marker: (name, terminals, most parameters,
# allowed values or None for any number). No intermediates are allowed.
ALLOWED_CSI = {
    "A": ("cursor up (cuu)", ALL, 1, None),
    "B": ("cursor down (cud)", ALL, 1, None),
    "C": ("cursor forward (cuf, cuf1)", ALL, 1, None),
    "D": ("cursor back (cub)", ALL, 1, None),
    "G": ("cursor to column (hpa)", ALL, 1, None),
    "d": ("cursor to row (vpa)", ALL, 1, None),
    "H": ("cursor position (cup, home)", ALL, 2, None),
    "J": ("erase in display (ed, clear, E3)", ALL, 1, {0, 1, 2, 3}),
    "K": ("erase in line (el, el1)", ALL, 1, {0, 1, 2}),
    "r": ("scroll region (csr)", ALL, 2, None),
    "@": ("insert characters (ich)", ALL, 1, None),
    "P": ("delete characters (dch, dch1)", ALL, 1, None),
    "L": ("insert lines (il, il1)", ALL, 1, None),
    "M": ("delete lines (dl, dl1)", ALL, 1, None),
    "S": ("scroll up (indn)", ALL, 1, None),
    "T": ("scroll down (rin)", ALL, 1, None),
    "Z": ("back tab (cbt)", ALL, 1, None),
    "X": ("erase characters (ech)", X, 1, None),
    "b": ("repeat the last character (rep)", X, 1, None),
}

# ANSI modes set (h) and reset (l) without a private marker.
ALLOWED_MODES = {
    4: ("insert mode (smir, rmir)", ALL),
    34: ("cursor visibility (cnorm, cvvis)", TS),
}

# DEC private modes, CSI ? Pm h / l; several may be given at once.
ALLOWED_DEC_MODES = {
    1: ("cursor keys (smkx, rmkx)", ALL),
    25: ("cursor visible (civis, cnorm)", ALL),
    1049: ("alternate screen (smcup, rmcup)", ALL),
    1000: ("mouse reporting (kmous, XM)", ALL),
    7: ("auto-wrap (smam, rmam; the lower-right corner)", X),
    12: ("cursor blink (cnorm, cvvis)", X),
    1006: ("SGR mouse encoding (XM)", X),
    1034: ("meta key (smm)", X),
}

# Exact parameter strings of CSI t: xterm-256color's smcup and rmcup push
# and pop the window title (they cannot report it). Every other window
# operation is refused, the title report CSI 21 t above all.
ALLOWED_CSI_T = {
    "22;0;0": ("push the title (smcup)", X),
    "23;0;0": ("pop the title (rmcup)", X),
}

# SGR parameters (setaf, setab, sgr, sgr0, op and the attribute strings).
SGR_SINGLE = ({0, 1, 2, 3, 4, 5, 7, 8, 9, 22, 23, 24, 25, 27, 28, 29, 39, 49}
              | set(range(30, 38)) | set(range(40, 48)) | set(range(90, 98))
              | set(range(100, 108)))

# Names for the sequences most worth recognising in a report.
CSI_NAMES = {
    "n": "device status report", "c": "device attributes query", "t": "window operation",
    "q": "cursor style or LED", "p": "mode or soft reset", "i": "media copy (printer)",
    "g": "tab clear", "s": "save cursor or set margins", "u": "restore cursor",
    "x": "request terminal parameters", "y": "checksum or test", "~": "key code",
    "E": "cursor next line", "F": "cursor previous line", "f": "cursor position (HVP)",
    "W": "tab control", "I": "forward tab", "e": "line position forward",
    "a": "character position forward", "`": "character position absolute",
}
ESC_NAMES = {
    "c": "full reset (RIS)", "H": "set tab stop (HTS)", "E": "next line (NEL)", "D": "index (IND)",
    "g": "visual bell (flash)", "Z": "identify terminal (DECID)", "#8": "screen alignment test",
    "%G": "select UTF-8", "%@": "select the default charset", "l": "memory lock", "m": "memory unlock",
    "n": "invoke G2 (LS2)", "o": "invoke G3 (LS3)", "N": "single shift G2", "O": "single shift G3",
}
C0_NAMES = {
    0x00: "NUL", 0x01: "SOH", 0x02: "STX", 0x03: "ETX", 0x04: "EOT", 0x05: "ENQ (answerback request)",
    0x06: "ACK", 0x0B: "VT", 0x0C: "FF", 0x10: "DLE", 0x11: "DC1", 0x12: "DC2", 0x13: "DC3",
    0x14: "DC4", 0x15: "NAK", 0x16: "SYN", 0x17: "ETB", 0x18: "CAN", 0x19: "EM", 0x1A: "SUB",
    0x1C: "FS", 0x1D: "GS", 0x1E: "RS", 0x1F: "US", 0x7F: "DEL",
}
C1_NAMES = {
    0x84: "IND", 0x85: "NEL", 0x88: "HTS", 0x8D: "RI", 0x8E: "SS2", 0x8F: "SS3", 0x90: "DCS",
    0x96: "SPA", 0x97: "EPA", 0x98: "SOS", 0x9A: "DECID", 0x9B: "CSI", 0x9C: "ST", 0x9D: "OSC",
    0x9E: "PM", 0x9F: "APC",
}
STRING_KINDS = {"]": "OSC", "P": "DCS", "X": "SOS", "^": "PM", "_": "APC"}
C1_STRINGS = {0x9D: "OSC", 0x90: "DCS", 0x98: "SOS", 0x9E: "PM", 0x9F: "APC"}
STRING_NAMES = {"OSC": "operating system command", "DCS": "device control string",
                "SOS": "start of string", "PM": "privacy message", "APC": "application program command"}
OSC_NAMES = {"0": "icon name and title", "1": "icon name", "2": "window title", "4": "palette colour",
             "7": "working directory", "8": "hyperlink", "9": "notification", "10": "foreground colour",
             "11": "background colour", "12": "cursor colour", "52": "clipboard write or read",
             "104": "palette reset", "112": "cursor colour reset", "133": "shell prompt mark",
             "777": "notification", "1337": "iTerm2 command"}

# A run of text that needs no attention: printable ASCII and well-formed
# UTF-8 other than the C1 code points (U+0080-U+009F are C2 80 - C2 9F).
TEXT_RUN = re.compile(
    rb"(?:[\x20-\x7e]|\xc2[\xa0-\xbf]|[\xc3-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2})+")
STRING_END = re.compile(rb"[\x07\x18\x1a\x1b]|\xc2\x9c")
DUMP_BYTES = 40                 # bytes of a sequence shown in a finding


def utf8_bad_len(data, i):
    """Length of the maximal subpart of an ill-formed UTF-8 sequence at i
    (Unicode 15, 3.9: a well-formed prefix that cannot be completed counts
    as one; a byte that starts nothing is one)."""
    b = data[i]
    if 0xC2 <= b <= 0xDF:
        need, lo, hi = 1, 0x80, 0xBF
    elif b == 0xE0:
        need, lo, hi = 2, 0xA0, 0xBF
    elif b == 0xED:
        need, lo, hi = 2, 0x80, 0x9F
    elif 0xE1 <= b <= 0xEF:
        need, lo, hi = 2, 0x80, 0xBF
    elif b == 0xF0:
        need, lo, hi = 3, 0x90, 0xBF
    elif b == 0xF4:
        need, lo, hi = 3, 0x80, 0x8F
    elif 0xF1 <= b <= 0xF3:
        need, lo, hi = 3, 0x80, 0xBF
    else:
        return 1
    k = i + 1
    for step in range(need):
        if k >= len(data) or not (lo <= data[k] <= hi):
            break
        k += 1
        lo, hi = 0x80, 0xBF
    return k - i


def show_bytes(b):
    """b as ASCII: printable ASCII stays, ESC is \\e, BEL \\a, the rest \\xNN."""
    out = []
    for c in b:
        if c == 0x5C:
            out.append("\\\\")
        elif 0x20 <= c <= 0x7E:
            out.append(chr(c))
        elif c == 0x1B:
            out.append("\\e")
        elif c == 0x07:
            out.append("\\a")
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def dump(b):
    """A hex dump and an escaped rendering of (the start of) b, ASCII only."""
    head = b[:DUMP_BYTES]
    more = "" if len(b) <= DUMP_BYTES else " ..."
    return "%d bytes: %s%s | %s%s" % (len(b), " ".join("%02x" % c for c in head), more,
                                       show_bytes(head), more)


class Finding:
    __slots__ = ("offset", "kind", "what", "raw")

    def __init__(self, offset, kind, what, raw):
        self.offset, self.kind, self.what, self.raw = offset, kind, what, raw

    def line(self, name):
        return "rawcheck: %s: offset %d (0x%x): %s: %s: %s" % (
            name, self.offset, self.offset, self.kind, self.what, dump(self.raw))


class Checker:
    """One pass over a stream; findings in self.findings, in order."""

    def __init__(self, terms):
        self.terms = frozenset(terms)
        self.findings = []
        self.sequences = 0      # allowed control sequences seen

    def ok_for(self, terms):
        return bool(self.terms & terms)

    def add(self, offset, kind, what, raw):
        self.findings.append(Finding(offset, kind, what, bytes(raw)))

    # -- the scan ------------------------------------------------------------

    def check(self, data):
        i, n = 0, len(data)
        while i < n:
            m = TEXT_RUN.match(data, i)
            if m:
                i = m.end()
                continue
            b = data[i]
            if b == 0x1B:
                i = self.escape(data, i)
            elif b < 0x20 or b == 0x7F:
                entry = ALLOWED_C0.get(b)
                if entry and self.ok_for(entry[1]):
                    self.sequences += 1
                else:
                    why = "C0 control %s not allowed" % C0_NAMES.get(b, "0x%02X" % b)
                    if entry:
                        why = "%s is not in this terminal's entry" % entry[0]
                    self.add(i, "C0", why, data[i:i + 1])
                i += 1
            elif b == 0xC2 and i + 1 < n and 0x80 <= data[i + 1] <= 0x9F:
                i = self.c1(data, i, data[i + 1])
            else:
                j = i
                while j < n and data[j] >= 0x80 and not TEXT_RUN.match(data, j) and not (
                        data[j] == 0xC2 and j + 1 < n and 0x80 <= data[j + 1] <= 0x9F):
                    j += utf8_bad_len(data, j)
                bad = data[i:j]
                what = "invalid UTF-8"
                if len(bad) == 1 and 0x80 <= bad[0] <= 0x9F:
                    what = "invalid UTF-8: a raw 8-bit C1 byte (%s)" % C1_NAMES.get(bad[0], "0x%02X" % bad[0])
                elif any(0x80 <= c <= 0x9F for c in bad[:1]):
                    what = "invalid UTF-8 starting with a raw 8-bit C1 byte"
                self.add(i, "UTF-8", what, bad)
                i = j
        return self.findings

    def escape(self, data, i):
        n = len(data)
        if i + 1 >= n:
            self.add(i, "ESC", "ESC at the end of the stream", data[i:])
            return n
        c = data[i + 1]
        if c == 0x5B:
            return self.csi(data, i, i + 2, c1=False)
        ch = chr(c)
        if ch in STRING_KINDS:
            return self.string(data, i, i + 2, STRING_KINDS[ch], c1=False)
        if 0x20 <= c <= 0x2F:            # nF: intermediates, then a final
            j = i + 1
            while j < n and 0x20 <= data[j] <= 0x2F:
                j += 1
            if j >= n:
                self.add(i, "ESC", "ESC sequence cut off by the end of the stream", data[i:])
                return n
            if not 0x30 <= data[j] <= 0x7E:
                self.add(i, "ESC", "ESC sequence broken by byte 0x%02X" % data[j], data[i:j + 1])
                return j
            return self.esc_done(data, i, j + 1)
        if 0x30 <= c <= 0x7E:
            return self.esc_done(data, i, i + 2)
        self.add(i, "ESC", "ESC followed by byte 0x%02X, not a sequence" % c, data[i:i + 2])
        return i + 1

    def esc_done(self, data, i, end):
        body = data[i + 1:end].decode("ascii")
        entry = ALLOWED_ESC.get(data[i + 1:end])
        if entry and self.ok_for(entry[1]):
            self.sequences += 1
        elif entry:
            self.add(i, "ESC", "%s is not in this terminal's entry" % entry[0], data[i:end])
        else:
            name = ESC_NAMES.get(body)
            self.add(i, "ESC", "ESC %s%s not allowed" % (body, " (%s)" % name if name else ""),
                     data[i:end])
        return end

    def csi(self, data, i, j, c1):
        n = len(data)
        p0 = j
        while j < n and 0x30 <= data[j] <= 0x3F:
            j += 1
        i0 = j
        while j < n and 0x20 <= data[j] <= 0x2F:
            j += 1
        intro = "C1 CSI (U+009B)" if c1 else "CSI"
        if j >= n:
            self.add(i, "C1" if c1 else "CSI", "%s cut off by the end of the stream" % intro, data[i:])
            return n
        f = data[j]
        if not 0x40 <= f <= 0x7E:
            self.add(i, "C1" if c1 else "CSI", "%s broken by byte 0x%02X before its final byte" % (intro, f),
                     data[i:j + 1])
            return j
        params = data[p0:i0].decode("ascii")
        inter = data[i0:j].decode("ascii")
        final = chr(f)
        seq = "%s%s%s" % (params, inter, final)
        if c1:
            self.add(i, "C1", "8-bit CSI (U+009B) %s" % seq, data[i:j + 1])
            return j + 1
        why = self.csi_refusal(params, inter, final)
        if why is None:
            self.sequences += 1
        else:
            self.add(i, "CSI", why, data[i:j + 1])
        return j + 1

    def csi_refusal(self, params, inter, final):
        """None when CSI params inter final is allowed, else why not."""
        seq = "CSI %s%s%s" % (params, inter, final)
        name = CSI_NAMES.get(final)
        refused = "%s not allowed%s" % (seq, " (%s)" % name if name else "")
        if inter:
            return refused
        private = params[:1] if params[:1] in ("<", "=", ">", "?") else ""
        body = params[len(private):]
        if not re.fullmatch(r"(?:\d+(?:;\d+)*)?", body):
            return "%s: parameters are not plain numbers" % refused
        nums = [int(x) for x in body.split(";")] if body else []
        if private == "?":
            if final not in "hl" or not nums:
                return refused
            for v in nums:
                entry = ALLOWED_DEC_MODES.get(v)
                if entry is None:
                    return "%s: DEC private mode %d not allowed" % (seq, v)
                if not self.ok_for(entry[1]):
                    return "%s: DEC mode %d (%s) is not in this terminal's entry" % (seq, v, entry[0])
            return None
        if private:
            return refused
        if final == "m":
            return self.sgr_refusal(seq, nums)
        if final in "hl":
            if not nums:
                return refused
            for v in nums:
                entry = ALLOWED_MODES.get(v)
                if entry is None:
                    return "%s: mode %d not allowed" % (seq, v)
                if not self.ok_for(entry[1]):
                    return "%s: mode %d (%s) is not in this terminal's entry" % (seq, v, entry[0])
            return None
        if final == "t":
            entry = ALLOWED_CSI_T.get(body)
            if entry is None:
                return refused
            if not self.ok_for(entry[1]):
                return "%s (%s) is not in this terminal's entry" % (seq, entry[0])
            return None
        entry = ALLOWED_CSI.get(final)
        if entry is None:
            return refused
        what, terms, most, values = entry
        if not self.ok_for(terms):
            return "%s (%s) is not in this terminal's entry" % (seq, what)
        if len(nums) > most:
            return "%s: %s takes at most %d parameter%s" % (seq, what, most, "" if most == 1 else "s")
        if values is not None and any(v not in values for v in nums):
            return "%s: %s with a parameter ncurses never sends" % (seq, what)
        return None

    @staticmethod
    def sgr_refusal(seq, nums):
        k = 0
        while k < len(nums):
            v = nums[k]
            if v in (38, 48):
                if k + 2 < len(nums) and nums[k + 1] == 5 and 0 <= nums[k + 2] <= 255:
                    k += 3
                    continue
                return "%s: SGR %d is allowed only as %d;5;N (256 colours)" % (seq, v, v)
            if v not in SGR_SINGLE:
                return "%s: SGR parameter %d not allowed" % (seq, v)
            k += 1
        return None

    def c1(self, data, i, cp):
        if cp == 0x9B:
            return self.csi(data, i, i + 2, c1=True)
        if cp in C1_STRINGS:
            return self.string(data, i, i + 2, C1_STRINGS[cp], c1=True)
        self.add(i, "C1", "C1 control U+%04X%s" % (cp, " (%s)" % C1_NAMES[cp] if cp in C1_NAMES else ""),
                 data[i:i + 2])
        return i + 2

    def string(self, data, i, j, kind, c1):
        """An OSC, DCS, SOS, PM or APC string from its introducer at i; its
        payload starts at j. Ends at ST (ESC \\ or U+009C), at BEL for an
        OSC, is cancelled by CAN or SUB, and broken by any other ESC (which
        starts the next sequence), except ESC ESC in a DCS, which is how
        tmux passthrough carries an ESC."""
        n = len(data)
        k = j
        end = None
        how = None
        while True:
            m = STRING_END.search(data, k)
            if m is None:
                end, how = n, "unterminated: runs to the end of the stream"
                break
            t = m.start()
            b = data[t]
            if b == 0x07:
                if kind == "OSC":
                    end, how = t + 1, "ended by BEL"
                    break
                k = t + 1
                continue
            if b in (0x18, 0x1A):
                end, how = t + 1, "cancelled by %s" % ("CAN" if b == 0x18 else "SUB")
                break
            if b == 0x1B:
                if kind == "DCS" and t + 1 < n and data[t + 1] == 0x1B:
                    k = t + 2           # tmux passthrough doubles each ESC
                    continue
                if t + 1 < n and data[t + 1] == 0x5C:
                    end, how = t + 2, "ended by ST"
                else:
                    end, how = t, "broken by a new ESC"
                break
            end, how = t + 2, "ended by C1 ST"
            break
        payload = data[j:end]
        what = "%s%s (%s)" % ("C1 " if c1 else "", kind, STRING_NAMES[kind])
        if kind == "OSC":
            num = re.match(rb"\d*", payload).group(0).decode("ascii")
            if num:
                what = "%s%s %s (%s)" % ("C1 " if c1 else "", kind, num, OSC_NAMES.get(num, "command"))
        self.add(i, "C1" if c1 else kind, "%s, %s" % (what, how), data[i:end])
        return end


# ---------------------------------------------------------------- forbid files

class UsageError(Exception):
    pass


def parse_fragment(line):
    out = bytearray()
    k = 0
    while k < len(line):
        c = line[k]
        if c != 0x5C:
            out.append(c)
            k += 1
        elif line[k + 1:k + 2] == b"\\":
            out.append(0x5C)
            k += 2
        elif line[k + 1:k + 2] == b"x" and re.fullmatch(rb"[0-9A-Fa-f]{2}", line[k + 2:k + 4]):
            out.append(int(line[k + 2:k + 4], 16))
            k += 4
        else:
            raise ValueError("a backslash must start \\xNN or \\\\")
    return bytes(out)


def load_forbid(path):
    """[(fragment bytes, line number)] from a forbid file."""
    try:
        with open(path, "rb") as f:
            text = f.read()
    except OSError as e:
        raise UsageError("cannot read %s: %s" % (path, e.strerror))
    out = []
    for no, line in enumerate(text.split(b"\n"), 1):
        line = line.rstrip(b" \t\r")
        if not line or line.startswith(b"#"):
            continue
        try:
            frag = parse_fragment(line)
        except ValueError as e:
            raise UsageError("%s:%d: %s" % (path, no, e))
        out.append((frag, no))
    if not out:
        raise UsageError("%s: no fragments in it" % path)
    return out


def forbid_findings(data, path, fragments):
    found = []
    for frag, no in fragments:
        at = data.find(frag)
        while at >= 0:
            found.append(Finding(at, "FORBIDDEN", "fragment of %s line %d \"%s\"" % (
                show_bytes(path.encode("utf-8", "replace")), no, show_bytes(frag)),
                data[max(0, at - 8):at + len(frag) + 8]))
            at = data.find(frag, at + 1)
    return found


# ---------------------------------------------------------------- main

def list_table(terms):
    def on(t):
        return bool(frozenset(terms) & t)
    out = ["C0 controls:"]
    out += ["  0x%02X  %s" % (b, w) for b, (w, t) in sorted(ALLOWED_C0.items()) if on(t)]
    out.append("ESC sequences:")
    out += ["  ESC %-4s %s" % (k.decode(), w) for k, (w, t) in ALLOWED_ESC.items() if on(t)]
    out.append("CSI sequences (numbers only, no intermediates):")
    out += ["  CSI ... %s  %s, at most %d parameter(s)%s" % (
        f, w, most, "" if v is None else ", values " + ",".join(map(str, sorted(v))))
        for f, (w, t, most, v) in ALLOWED_CSI.items() if on(t)]
    out.append("  CSI ... m  SGR: %s; 38;5;N and 48;5;N (N 0-255)" % ",".join(map(str, sorted(SGR_SINGLE))))
    out += ["  CSI %d h/l  %s" % (m, w) for m, (w, t) in ALLOWED_MODES.items() if on(t)]
    out += ["  CSI ? %d h/l  %s" % (m, w) for m, (w, t) in ALLOWED_DEC_MODES.items() if on(t)]
    out += ["  CSI %s t  %s" % (p, w) for p, (w, t) in ALLOWED_CSI_T.items() if on(t)]
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="rawcheck.py",
        description="check a raw terminal output stream for control sequences ncurses would not write")
    ap.add_argument("--term", default="any", choices=("any",) + TERMS,
                    help="allow only what this terminal's entry produces (default: any of them)")
    ap.add_argument("--forbid", action="append", default=[], metavar="FILE",
                    help="byte strings (one a line, \\xNN escapes) that must not occur")
    ap.add_argument("--max", type=int, default=20, metavar="N", help="findings printed (default 20)")
    ap.add_argument("--list", action="store_true", help="print the allowed sequences and exit")
    ap.add_argument("file", nargs="*", help="recorded streams, or - for stdin")
    args = ap.parse_args(argv)
    terms = TERMS if args.term == "any" else (args.term,)
    if args.list:
        print(list_table(terms))
        return 0
    if not args.file:
        ap.print_usage(sys.stderr)
        print("rawcheck.py: error: a FILE (or -) to check is required", file=sys.stderr)
        return 2
    if args.max < 0:
        ap.error("--max needs N >= 0")
    try:
        fragments = [(path, load_forbid(path)) for path in args.forbid]
    except UsageError as e:
        print("rawcheck.py: %s" % e, file=sys.stderr)
        return 2
    status = 0
    for name in args.file:
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
                name = "stdin"
            else:
                with open(name, "rb") as f:
                    data = f.read()
        except OSError as e:
            print("rawcheck.py: cannot read %s: %s" % (show_bytes(name.encode("utf-8", "replace")),
                                                       e.strerror), file=sys.stderr)
            return 2
        if report(name, data, terms, fragments, args.max):
            status = 1
    return status


def report(name, data, terms, fragments, most):
    """Check one stream and print its findings; True if there were any."""
    findings = Checker(terms).check(data)
    for path, frags in fragments:
        findings += forbid_findings(data, path, frags)
    if not findings:
        return False
    findings.sort(key=lambda f: f.offset)
    shown = show_bytes(name.encode("utf-8", "replace"))
    for f in findings[:most]:
        print(f.line(shown))
    kinds = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    more = len(findings) - min(len(findings), most)
    print("rawcheck: %s: %d finding%s in %d bytes (%s)%s" % (
        shown, len(findings), "" if len(findings) == 1 else "s", len(data),
        ", ".join("%s %d" % kv for kv in sorted(kinds.items())),
        "; %d not shown (--max)" % more if more else ""))
    return True


if __name__ == "__main__":
    sys.exit(main())
