#!/usr/bin/env python3
"""Record what ncurses itself writes: run a small curses program (Python's
curses module, the same libncursesw tdesk links) on a pseudo-terminal
with a given TERM and size, and save every byte it wrote. No tmux needed.
The recordings are rawcheck.py's reference streams.

    python3 tests/screen/ncurses_draw.py --term T [--size 100x40] --out F --demo
    python3 tests/screen/ncurses_draw.py --term T --out F --lines STRINGS.json

--demo exercises what a console does: colours (8, 16 and 256, default
background), every attribute, line drawing, Japanese, Polish and emoji
text, a written lower-right corner, cursor visibility, keypad and mouse
modes, a scroll region scrolled both ways, inserted and deleted lines and
characters, erasing, clearing, beep, and leaving (endwin).

--lines draws each string of a JSON array on its own row with addstr(),
as a console that forgot to sanitise would: ncurses turns C0 controls
into ^X, but passes most other text through.

Exit status 0 when the program ran and the stream was saved, 1 if the
curses program failed (its error is in the stream), 2 on usage errors.
Standard library only.
"""

import argparse
import json
import os
import pty
import select
import struct
import sys
import time


def demo(s, curses):
    curses.start_color()
    try:
        curses.use_default_colors()
        default_bg = -1
    except curses.error:
        default_bg = 0
    pairs = min(curses.COLOR_PAIRS - 1, 60)
    for i in range(1, pairs + 1):
        fg = (i * 37) % curses.COLORS
        bg = default_bg if i % 3 == 0 else (i * 11) % curses.COLORS
        curses.init_pair(i, fg, bg)
    curses.mousemask(curses.ALL_MOUSE_EVENTS | curses.REPORT_MOUSE_POSITION)
    s.keypad(True)
    h, w = s.getmaxyx()
    attrs = [0, curses.A_BOLD, curses.A_DIM, curses.A_REVERSE, curses.A_UNDERLINE,
             curses.A_STANDOUT, curses.A_BLINK, getattr(curses, "A_ITALIC", 0), curses.A_INVIS]
    s.box()
    s.addstr(0, 2, " tdesk ")
    text = ["Zażółć gęślą jaźń", "日本語のテキスト", "dev 😀 ok", "Pagamento não aprovado", "#101 open"]
    for i in range(1, h - 1):
        s.addnstr(i, 2, "%3d %s" % (i, text[i % len(text)]), w - 4,
                  curses.color_pair(i % pairs + 1) | attrs[i % len(attrs)])
    try:
        s.addch(h - 1, w - 1, ord("+"))      # the lower-right corner
    except curses.error:
        pass
    s.refresh()
    for vis in (0, 1, 2, 1):
        curses.curs_set(vis)
        s.refresh()
    s.hline(5, 1, curses.ACS_HLINE, w - 2)
    s.vline(1, 20, curses.ACS_VLINE, h - 2)
    s.addstr(6, 1, "=" * (w - 2))
    s.refresh()
    s.scrollok(True)
    s.idlok(True)
    s.idcok(True)
    s.setscrreg(2, h - 3)
    s.scroll(3)
    s.refresh()
    s.scroll(-2)
    s.refresh()
    for k in range(4):
        s.scroll(1)
        s.addstr(h - 3, 2, "line %d" % k)
        s.refresh()
    s.setscrreg(0, h - 1)
    s.move(4, 4)
    s.insdelln(2)
    s.refresh()
    s.insdelln(-1)
    s.refresh()
    s.move(7, 3)
    s.insch("Q")
    s.refresh()
    s.delch()
    s.delch()
    s.refresh()
    s.move(8, 0)
    s.clrtoeol()
    s.refresh()
    s.move(10, 5)
    s.clrtobot()
    s.refresh()
    curses.beep()
    s.erase()
    s.refresh()
    s.clear()
    s.addstr(3, 3, "bye", curses.color_pair(1) | curses.A_BOLD)
    s.refresh()


def lines(s, curses, strings):
    h, w = s.getmaxyx()
    for i, text in enumerate(strings[:h]):
        try:
            s.addstr(i, 0, text)
        except curses.error:
            pass                        # text past the last row
        s.refresh()


def child(args):
    import curses
    import fcntl
    import locale
    import termios
    cols, rows = args.size
    fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    locale.setlocale(locale.LC_ALL, "")
    if args.lines:
        with open(args.lines, encoding="utf-8") as f:
            strings = json.load(f)
        curses.wrapper(lines, curses, strings)
    else:
        curses.wrapper(demo, curses)


def size(text):
    try:
        c, r = text.lower().split("x")
        c, r = int(c), int(r)
    except ValueError:
        raise argparse.ArgumentTypeError("a size is COLSxROWS, e.g. 100x40")
    if not (10 <= c <= 1000 and 5 <= r <= 1000):
        raise argparse.ArgumentTypeError("a size between 10x5 and 1000x1000")
    return c, r


def main(argv=None):
    ap = argparse.ArgumentParser(prog="ncurses_draw.py", description="record what ncurses writes")
    ap.add_argument("--term", required=True)
    ap.add_argument("--size", type=size, default=(100, 40))
    ap.add_argument("--out", required=True)
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--demo", action="store_true")
    what.add_argument("--lines", metavar="STRINGS.json")
    ap.add_argument("--timeout", type=float, default=30.0)
    args = ap.parse_args(argv)

    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = args.term
        os.environ.pop("LINES", None)
        os.environ.pop("COLUMNS", None)
        os.environ.setdefault("LC_ALL", "C.UTF-8")
        try:
            child(args)
        except BaseException as e:       # the parent sees it in the stream
            sys.stderr.write("ncurses_draw: %s: %s\n" % (type(e).__name__, e))
            os._exit(1)
        os._exit(0)
    out = bytearray()
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([fd], [], [], 0.2)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:                 # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    with open(args.out, "wb") as f:
        f.write(out)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write("ncurses_draw.py: the curses program failed; its output: %r\n" % bytes(out[-400:]))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
