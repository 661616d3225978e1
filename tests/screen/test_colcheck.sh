# colcheck.py, the column-alignment checker of the screen tests: rows laid
# out by display width pass, rows padded by counting characters fail, with
# Japanese, Polish and emoji text; its widths are the terminal's own (tmux's
# cursor and the C library's wcwidth agree with it).
SUITE=screen/colcheck
. tests/lib.sh
. tests/screen/lib.sh
COLCHECK=${COLCHECK:-tests/screen/colcheck.py}	# another path: test a changed copy

colcheck() {
	python3 "$COLCHECK" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# Widths by hand: 日本語 6, Zażółć 6, é as e + U+0301 1, 😀 2, 👩‍💻 2 (one tmux
# cell), ❤️ 1 (VS16 adds nothing), 🇵🇱 2, ＡＢ 4, 👍🏽 4.
cat >"$TMP/aligned" <<'S'
 ID    Subject                 Status   Requester
 #101  日本語のテキスト        open     高橋 健太
 #102  Zażółć gęślą jaźń       pending  Łukasz Żółkiewski
 #103  école é                 new      Inês Gonçalves
 #104  dev 👩‍💻 ok               solved   Emily
 #105  ❤️ love 😀               hold     ＡＢ
 #106  🇵🇱 flag 👍🏽            open     Daniel
S
colcheck --row '^ #[0-9]+ ' --field ' (open|pending|new|solved|hold) ' "$TMP/aligned"
check "aligned rows with Japanese, Polish, combining, emoji and ZWJ text pass" [ "$RC" -eq 0 ]
colcheck --row '^ #[0-9]+ ' --field ' (open|pending|new|solved|hold) ' --column 31 "$TMP/aligned"
check "--column 31 is where they are" [ "$RC" -eq 0 ]
colcheck --row '^ #[0-9]+ ' --field '(#[0-9]+)' --field ' (open|pending|new|solved|hold) ' \
    --field '  ([^ ].*)$' "$TMP/aligned"
check "several fields are checked in one run" [ "$RC" -eq 0 ]
colcheck --row '^ #[0-9]+ ' --field '^ (#)[0-9]+ +(?P<field>[^ ])' --column 7 --min-rows 6 "$TMP/aligned"
check "a group named field is the field, whatever groups come before it" [ "$RC" -eq 0 ]

# The classic bug: padding to 24 characters instead of 24 columns.
python3 - "$TMP/bycount" <<'PY'
import sys
rows = [("#101", "日本語のテキスト"), ("#102", "Zażółć gęślą jaźń"), ("#103", "plain ascii"),
        ("#104", "dev 👩\u200d💻 ok"), ("#105", "e\u0301cole")]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    for tid, subject in rows:
        f.write(" %s  %s open\n" % (tid, subject.ljust(24)))
PY
colcheck --row '^ #[0-9]+ ' --field ' (open)$' "$TMP/bycount"
if [ "$RC" -eq 1 ] && grep -q 'is at display column 32 on 2 rows, elsewhere on 3' "$TMP/out" &&
    grep -q 'line 1, column 40: | #101  日本語のテキスト' "$TMP/out" &&
    grep -q 'line 4, column 31: | #104  dev 👩\\u200D💻 ok' "$TMP/out" &&
    grep -q 'line 5, column 31: | #105  e' "$TMP/out" && ! grep -q 'line [23],' "$TMP/out"; then
	ok "rows padded by character count fail, each offending line with its column (wide, ZWJ, combining)"
else not_ok "rows padded by character count fail, each offending line with its column" "exit $RC" "$(cat "$TMP/out")"; fi
printf ' #1  a\342\200\256b\342\200\213c\033[0m  open\n #2 x open\n #3 y open\n' >"$TMP/bidi"
colcheck --row '^ #' --field ' (open)' "$TMP/bidi"
if [ "$RC" -eq 1 ] && grep -q 'a\\u202Eb\\u200Bc\\u001B\[0m' "$TMP/out" &&
    python3 -c 'import sys, unicodedata; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(any(unicodedata.category(c) in ("Cc", "Cf") and c != "\n" for c in t))' "$TMP/out"; then
	ok "the report shows controls, zero-width and bidi characters escaped, never raw"
else not_ok "the report shows controls, zero-width and bidi characters escaped, never raw" "$(cat "$TMP/out")"; fi

# Right-aligned amounts: where the field ends lines up. 北斗物流 is 8 columns.
cat >"$TMP/amounts" <<'S'
 fp_1001  Sklep Bursztyn        15,46 zł  flagged
 fp_1002  北斗物流               ¥12,000  flagged
 fp_1003  Padaria Estrela    R$ 1.200,00  flagged
 fp_1004  Ok                      0,01 €  flagged
S
colcheck --row '^ fp_' --field-end '([0-9][0-9.,]*(?: zł| €)?)  flagged' "$TMP/amounts"
check "--field-end: right-aligned amounts in PLN, JPY, BRL and EUR pass" [ "$RC" -eq 0 ]
sed 's/ ¥12,000  flagged/¥12,000   flagged/' "$TMP/amounts" >"$TMP/amounts2"
colcheck --row '^ fp_' --field-end '([0-9][0-9.,]*(?: zł| €)?)  +flagged' "$TMP/amounts2"
if [ "$RC" -eq 1 ] && grep -q 'end of field .* at display column 40 on 3 rows, elsewhere on 1' "$TMP/out" &&
    grep -q 'line 2, column 39' "$TMP/out"; then
	ok "--field-end finds the one amount whose end is out of line"
else not_ok "--field-end finds the one amount whose end is out of line" "exit $RC" "$(cat "$TMP/out")"; fi

colcheck --row '^ #[0-9]+ ' --field ' (closed) ' "$TMP/aligned"
if [ "$RC" -eq 1 ] && [ "$(grep -c 'not found on row' "$TMP/out")" -eq 6 ]; then
	ok "a row without the field is a failure, not a skip"
else not_ok "a row without the field is a failure, not a skip" "$(cat "$TMP/out")"; fi
colcheck --row '^ #999 ' --field ' open ' "$TMP/aligned"
if [ "$RC" -eq 1 ] && grep -q '0 rows match' "$TMP/out"; then
	ok "no row matching is a failure: a check that matched nothing proved nothing"
else not_ok "no row matching is a failure" "$(cat "$TMP/out")"; fi
colcheck --row '^ #101 ' --field ' open ' "$TMP/aligned"
check "one row is too few by default ..." [ "$RC" -eq 1 ]
colcheck --row '^ #101 ' --field ' (open) ' --column 31 --min-rows 1 "$TMP/aligned"
check "... and enough with --min-rows 1" [ "$RC" -eq 0 ]
colcheck --row '^ #10[12] ' --field ' (open|pending) ' --column 30 "$TMP/aligned"
if [ "$RC" -eq 1 ] && [ "$(grep -c '^colcheck:   line' "$TMP/out")" -eq 2 ]; then
	ok "--column N reports every row not at N"
else not_ok "--column N reports every row not at N" "$(cat "$TMP/out")"; fi
python3 "$COLCHECK" --row '^ #[0-9]' --field ' (open|pending|new|solved|hold) ' <"$TMP/aligned" >"$TMP/out" 2>&1
check "the screen can come on stdin" [ $? -eq 0 ]

expect_err "a bad regex is a usage error" 2 "bad regex" python3 "$COLCHECK" --row x --field '(' "$TMP/aligned"
expect_err "no field is a usage error" 2 "at least one" python3 "$COLCHECK" --row x "$TMP/aligned"
expect_err "--column with two fields is a usage error" 2 "exactly one field" \
    python3 "$COLCHECK" --row x --field a --field b --column 3 "$TMP/aligned"
expect_err "an unreadable screen is exit 2" 2 "cannot read" python3 "$COLCHECK" --row x --field a "$TMP/nope"

# --- the widths are the terminal's -----------------------------------------
SAMPLES='["日本語のテキスト", "Zażółć gęślą jaźń", "e\u0301cole", "dev 😀 ok", "dev 👩\u200d💻 ok",
  "❤\ufe0f x", "🇵🇱 x", "👍🏽 x", "ＡＢ ｱｲ", "a\u200bb\u202ec", "한국어 \u1100\u1161", "hi\udb40\udc41 x",
  "\u00ad-", "Sklep Bursztyn sp. z o.o.", "北斗物流 Hokuto", "👨\u200d👩\u200d👧\u200d👦 family"]'
python3 - "$COLCHECK" >"$TMP/out" 2>&1 <<'PY'
import ctypes, ctypes.util, importlib.util, locale, sys, unicodedata
locale.setlocale(locale.LC_ALL, "C.UTF-8")
spec = importlib.util.spec_from_file_location("colcheck", sys.argv[1])
cc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cc)
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.wcwidth.argtypes = [ctypes.c_wchar]
bad = []
for cp in range(0x20, 0x110000):
    ch = chr(cp)
    if 0xD800 <= cp < 0xE000 or unicodedata.category(ch) in ("Cn", "Co"):
        continue                        # unassigned in Python's Unicode, or private
    if cc.cp_width(ch) != max(0, libc.wcwidth(ch)):
        bad.append("U+%04X %s: colcheck %d, wcwidth %d" % (cp, unicodedata.name(ch, "?"),
                                                          cc.cp_width(ch), libc.wcwidth(ch)))
print("\n".join(bad[:20]))
sys.exit(1 if bad else 0)
PY
rc=$?
check "every assigned code point is as wide as the C library's wcwidth() says" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/out"

# tmux's own cursor, asked with CSI 6n after each sample, against colcheck.
cat >"$TMP/dsr.py" <<'PY'
import json, os, sys, termios, tty
samples = json.loads(sys.argv[1])
fd = sys.stdin.fileno()
tty.setraw(fd)
out = []
for s in samples:
    os.write(1, b"\r\x1b[2K" + s.encode() + b"\x1b[6n")
    answer = b""
    while not answer.endswith(b"R"):
        answer += os.read(fd, 1)
    out.append(int(answer.split(b";")[1][:-1]) - 1)
with open(sys.argv[2], "w") as f:
    json.dump(out, f)
os.write(1, b"\r\ndone\r\n")
PY
screen_start 100 10 python3 "$TMP/dsr.py" "$SAMPLES" "$TMP/tmux-widths"
screen_wait done 10 >/dev/null
screen_stop
python3 - "$COLCHECK" "$SAMPLES" "$TMP/tmux-widths" >"$TMP/out" 2>&1 <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("colcheck", sys.argv[1])
cc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cc)
samples = json.loads(sys.argv[2])
tmux = json.load(open(sys.argv[3]))
bad = [(s, cc.width(s), t) for s, t in zip(samples, tmux) if cc.width(s) != t]
for s, mine, theirs in bad:
    print("%s: colcheck %d, tmux %d" % (ascii(s), mine, theirs))
sys.exit(1 if bad or len(tmux) != len(samples) else 0)
PY
rc=$?
check "each sample line is as wide as tmux's cursor says it is (ZWJ sequences, VS16, flags, skin tones)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$TMP/out"

# Ground truth from tmux: fields placed at column 40 by cursor addressing
# pass --column 40; the same rows padded by character count fail.
python3 - "$SAMPLES" "$TMP/place.txt" <<'PY'
import json, sys
samples = json.loads(sys.argv[1])
with open(sys.argv[2], "wb") as f:
    for i, s in enumerate(samples):
        f.write(("\x1b[%d;1H #%d %s\x1b[%d;41Hopen\r\n" % (i + 1, 100 + i, s, i + 1)).encode())
PY
screen_start 100 20 sh -c 'cat "$1"; sleep 30' sh "$TMP/place.txt"
screen_wait " #115 " 10 >/dev/null
screen_capture >"$TMP/placed"
screen_stop
colcheck --row '^ #1[0-9][0-9] ' --field ' (open)$' --column 40 "$TMP/placed"
check "rows tmux drew with the field at column 40 all pass --column 40" [ "$RC" -eq 0 ]
[ "$RC" -eq 0 ] || sed 's/^/#   /' "$TMP/out" "$TMP/placed"
done_testing
