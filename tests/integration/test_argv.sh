# tdesk echoed argv raw: `tdesk ticket show $'1\e[2J'` wrote the escape to
# stderr, and so did every message quoting an operand, a --config file, a
# --profile, a view name or a filter expression. Now the commands are run
# with the hostile strings of tests/unit/hostile.h as their operand (ESC
# sequences, OSC 52, BEL, C1 controls, bidi overrides, invalid UTF-8...):
# eight that echo it with every string, all of them with a string of each
# kind. Neither stdout nor stderr may hold a raw control byte, escape
# sequence, invisible or reordering character, or invalid UTF-8; the
# operand must still be there to read, escaped. File and directory names
# built from those strings go through status and config check too. And the
# sources are checked so that no raw echo can come back: in tui/, only
# msg.c writes strings to stderr.
SUITE=integration/argv
. tests/lib.sh
: "${BUILD:=$(pwd)/build}"
BACKEND_URL=http://127.0.0.1:9	# never contacted: these commands are offline
write_config demo
cat >>"$CONFIG" <<'CONF'

[view "billing"]
	filter = status:open tag:billing
CONF
"$TDESK" status >/dev/null 2>&1 || not_ok "status makes the cache" "$("$TDESK" status 2>&1)"

if ! "$BUILD/tools/hostile_dump" >"$TMP/hostile.json" 2>"$TMP/err"; then
	not_ok "hostile_dump prints the hostile strings" "$(cat "$TMP/err")"
	done_testing
fi

# The runner: the commands of TEMPLATES with the strings, and the checks.
# One line per failure, "name | argv | what"; the counts on its last line.
python3 - "$TDESK" "$TMP" "$TMP/hostile.json" >"$TMP/argv.report" 2>&1 <<'PY'
import base64, json, os, re, subprocess, sys, unicodedata
from concurrent.futures import ThreadPoolExecutor

tdesk, tmp, table = sys.argv[1], sys.argv[2], sys.argv[3]
strings = []
for h in json.load(open(table)):
    b = base64.b64decode(h["b64"])
    b = b.split(b"\0")[0][:65536]	# argv holds no NUL; the 1 MB line is cut
    if b:
        strings.append((h["name"], b))

# Each string goes through the first eight commands; a string of each kind
# (SAMPLE) through all of them, which keeps the runs under a thousand.
TEMPLATES = [
    [b"%"], [b"ticket", b"show", b"%"], [b"-p", b"%", b"status"],
    [b"--config", b"%", b"status"], [b"tickets", b"list", b"--view", b"%"],
    [b"tickets", b"list", b"--filter", b"%"], [b"sync", b"%"],
    [b"outbox", b"retry", b"%"],
    [b"-%"], [b"--%"], [b"--profile=%", b"tickets", b"list"],
    [b"--config=%", b"config", b"check"],
    [b"--dump-config", b"%"], [b"-p", b"%", b"--dump-config"],
    [b"config", b"check", b"%"], [b"status", b"%"],
    [b"ticket", b"%"], [b"ticket", b"show", b"--%"],
    [b"ticket", b"show", b"1", b"%"], [b"tickets", b"list", b"%"],
    [b"tickets", b"list", b"-%"], [b"tickets", b"list", b"--view=%"],
    [b"tickets", b"list", b"--view", b"billing", b"--filter", b"%"],
    [b"tickets", b"list", b"--limit", b"%"], [b"tickets", b"list", b"--limit=%"],
    [b"payments", b"list", b"--filter", b"%"], [b"payments", b"list", b"--view", b"%"],
    [b"payments", b"list", b"%"], [b"payment", b"show", b"%"],
    [b"incidents", b"list", b"%"], [b"incident", b"show", b"%"],
    [b"outbox", b"list", b"%"], [b"outbox", b"drop", b"%"], [b"outbox", b"%"],
    [b"payment", b"refund", b"%"], [b"payment", b"refund", b"--amount", b"%", b"fp_1"],
    [b"payment", b"accept", b"--note", b"%", b"fp_1"],
]
ALL_STRINGS = 8
SAMPLE = ("CSI clear screen", "OSC 52 clipboard write with BEL",
          "OSC unterminated to the end", "DCS request status", "APC kitty graphics",
          "raw byte 0x9B CSI", "UTF-8 C1 CSI U+009B", "C1 NEL IND RI", "BEL",
          "CR overwrite", "RLO file name", "LRI RLI FSI PDI", "zero-width space",
          "tag characters smuggling ASCII", "combining mark first",
          "line separator", "bytes FF FE", "overlong ESC C0 9B", "a 1 MB line")

def bad_text(stream):
    """Why a stream is not safe text, or None."""
    try:
        text = stream.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at byte %d" % e.start
    for i, ch in enumerate(text):
        cp = ord(ch)
        if ch in "\n\t":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Zl", "Zp", "Cs") or 0xE0000 <= cp <= 0xE007F:
            return "U+%04X (%s) at character %d" % (cp, cat, i)
    return None

def visible(b):
    """The longest run of plain ASCII in b, which the escaped echo keeps."""
    runs = re.findall(rb"[A-Za-z0-9 .,:;=+_-]+", b)
    return max(runs, key=len).decode() if runs else ""

def run(job):
    k, t = job
    argv = [tdesk.encode()] + [a.replace(b"%", strings[k][1]) for a in TEMPLATES[t]]
    return subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=120)

jobs = [(k, t) for k in range(len(strings)) for t in range(len(TEMPLATES))
        if t < ALL_STRINGS or strings[k][0] in SAMPLE]
if sum(1 for n, _ in strings if n in SAMPLE) < len(SAMPLE) - 2:
    print("hostile.h lost the strings of SAMPLE; runs 0 failures 1")
    sys.exit(1)
with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 2)) as pool:
    results = dict(zip(jobs, pool.map(run, jobs)))

fails = runs = 0
for k, (name, s) in enumerate(strings):
    stream = open(os.path.join(tmp, "stream.%02d" % k), "wb")
    for t, tpl in enumerate(TEMPLATES):
        if (k, t) not in results:
            continue
        p = results[(k, t)]
        runs += 1
        shown = " ".join(a.decode("ascii", "backslashreplace") for a in tpl)
        for label, out in (("stdout", p.stdout), ("stderr", p.stderr)):
            stream.write(out)
            why = bad_text(out)
            if why is not None:
                fails += 1
                print("%s | %s | %s: %s" % (name, shown, label, why))
        if p.returncode not in (0, 1, 2, 3, 4):
            fails += 1
            print("%s | %s | exit status %d" % (name, shown, p.returncode))
        # An operand that is echoed keeps its visible part: ticket show.
        if tpl == [b"ticket", b"show", b"%"] and not s[:1].isdigit():
            v = visible(s)[:40]
            if len(v) >= 3 and v not in p.stderr.decode("utf-8", "replace"):
                fails += 1
                print("%s | %s | the operand's text %r is not in: %r" %
                      (name, shown, v, p.stderr[:200]))
    stream.close()
print("runs %d failures %d" % (runs, fails))
sys.exit(1 if fails else 0)
PY
rc=$?
if [ "$rc" -eq 0 ]; then
	ok "hostile operands on every command: no raw control, escape, invisible character or invalid UTF-8 on stdout or stderr ($(tail -n 1 "$TMP/argv.report"))"
else not_ok "hostile operands on every command: no raw control, escape, invisible character or invalid UTF-8 on stdout or stderr" \
    "$(head -n 30 "$TMP/argv.report")" "$(tail -n 1 "$TMP/argv.report")"; fi

# rawcheck.py, which knows every sequence a terminal acts on, agrees: all
# the commands wrote for each string, in one stream a string.
if ! ls "$TMP"/stream.* >/dev/null 2>&1; then
	not_ok "rawcheck.py finds no sequence in what the commands wrote" "no stream was kept"
elif python3 tests/screen/rawcheck.py --max 3 "$TMP"/stream.* >"$TMP/rawcheck" 2>&1; then
	ok "rawcheck.py finds no sequence in what the commands wrote"
else not_ok "rawcheck.py finds no sequence in what the commands wrote" "$(head -n 20 "$TMP/rawcheck")"; fi

# The echo is escaped, not dropped: what was typed can be read back.
# (Descriptions hold no backslash: echo would read it.)
run "$TDESK" ticket show "$(printf '1\033[2J')"
if [ "$RC" -eq 2 ] && grep -qF 'tdesk: 1\e[2J: not a ticket ID' "$TMP/err"; then
	ok "ticket show of 1, ESC, [2J says it is not a ticket ID, the ESC shown as backslash-e"
else not_ok "ticket show of 1, ESC, [2J says it is not a ticket ID, the ESC shown as backslash-e" \
    "rc $RC" "$(od -c "$TMP/err" | head)"; fi
run "$TDESK" sync "$(printf 'x\007\302\233y\342\200\256z\377')"
if [ "$RC" -eq 2 ] && grep -qF 'unknown argument x\a\u009By\u202Ez\xFF' "$TMP/err"; then
	ok "BEL, C1 CSI, RLO and a stray byte in an operand are shown as escapes (a, u009B, u202E, xFF)"
else not_ok "BEL, C1 CSI, RLO and a stray byte in an operand are shown as escapes (a, u009B, u202E, xFF)" \
    "rc $RC" "$(od -c "$TMP/err" | head)"; fi

# File and directory names: a config file, and a cache directory, whose
# paths hold hostile bytes, shown by status and config check on stdout.
bad=""
n=0
for name in "$(printf 'osc\033]52;c;cm0gLXJmIH4K\007')" "$(printf 'rlo\342\200\256txt.exe')" \
    "$(printf 'c1\302\233''31mred')" "$(printf 'bad\377\376utf8')" "$(printf 'bel\007nl\ncr\r')"; do
	n=$((n + 1))
	d="$TMP/cfg-$n-$name"
	mkdir -p "$d" "$TMP/data-$n-$name" && cp "$CONFIG" "$d/config" && chmod 600 "$d/config"
	for cmd in "status" "config check" "tickets list --view nope" "--dump-config"; do
		# shellcheck disable=SC2086
		XDG_DATA_HOME="$TMP/data-$n-$name" "$TDESK" --config "$d/config" $cmd \
		    >"$TMP/name.out" 2>"$TMP/name.err"
		for f in "$TMP/name.out" "$TMP/name.err"; do
			if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$f" ||
			    ! python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); sys.exit(any(0x80 <= ord(c) < 0xa0 or 0x2028 <= ord(c) <= 0x202e for c in t))' "$f" 2>/dev/null; then
				bad="$bad [$n $cmd $(basename "$f")]"
			fi
		done
	done
done
if [ -z "$bad" ]; then ok "paths holding hostile bytes are shown escaped by status, config check, --dump-config and the view error"
else not_ok "paths holding hostile bytes are shown escaped by status, config check, --dump-config and the view error" "$bad"; fi

# ---- No raw echo can come back -----------------------------------------------

# In tui/, outside msg.c: no fprintf, vfprintf, dprintf or perror to stderr
# (or to the err stream config.c is given), no fputs or fwrite of anything
# but a string literal there, no output_inline() to it. Each call is read
# whole, however many lines it takes.
python3 - tui/*/*.c >"$TMP/raw-echo" <<'PY'
import re, sys

STREAM = r"(stderr|err)"
bad = []
for path in sys.argv[1:]:
    if path.endswith("/msg.c"):
        continue
    src = open(path, encoding="utf-8").read()
    # Comments and string contents out of the way of the patterns.
    src = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group(0)), src, flags=re.S)
    for m in re.finditer(r"\b(fprintf|vfprintf|dprintf|perror|fputs|fwrite|output_inline|output_body)\s*\(", src):
        depth, i = 1, m.end()
        while i < len(src) and depth:
            depth += {"(": 1, ")": -1}.get(src[i], 0)
            i += 1
        call = src[m.start():i]
        args = call[len(m.group(0)):-1]
        line = src.count("\n", 0, m.start()) + 1
        fn = m.group(1)
        if fn in ("fprintf", "vfprintf", "output_inline", "output_body"):
            if re.match(r"\s*" + STREAM + r"\s*,", args):
                bad.append("%s:%d: %s" % (path, line, " ".join(call.split())))
        elif fn == "dprintf" and re.match(r"\s*(2|STDERR_FILENO)\s*,", args):
            bad.append("%s:%d: %s" % (path, line, " ".join(call.split())))
        elif fn == "perror":
            bad.append("%s:%d: %s" % (path, line, " ".join(call.split())))
        elif fn in ("fputs", "fwrite") and re.search(r",\s*" + STREAM + r"\s*$", args):
            first = args.split(",")[0].strip()
            if not re.fullmatch(r'("([^"\\]|\\.)*"\s*)+', first):
                bad.append("%s:%d: %s" % (path, line, " ".join(call.split())))
if bad:
    print("\n".join(bad))
PY
if [ ! -s "$TMP/raw-echo" ]; then
	ok "in tui/ only msg.c writes strings to stderr: a raw echo of argv cannot come back unnoticed"
else not_ok "in tui/ only msg.c writes strings to stderr: a raw echo of argv cannot come back unnoticed" \
    "use msg_error(), msg_line() or msg_print() (tui/cli/msg.h):" "$(head -n 40 "$TMP/raw-echo")"; fi
done_testing
