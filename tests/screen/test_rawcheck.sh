# rawcheck.py, the raw-output checker of the screen tests: what ncurses
# writes for tmux-256color, screen-256color and xterm-256color passes;
# every kind of sequence a hostile string could smuggle out fails, named,
# at its byte offset, in a report that is safe to print. Runs without tmux:
# the reference streams come from ncurses on a pseudo-terminal and tput.
SUITE=screen/rawcheck
. tests/lib.sh
RAWCHECK=${RAWCHECK:-tests/screen/rawcheck.py}	# another path: test a changed copy
TERMS="tmux-256color screen-256color xterm-256color"

rawcheck() {
	python3 "$RAWCHECK" "$@" >"$TMP/out" 2>"$TMP/err"
	RC=$?
}

# bytes FILE ESCAPED: write the bytes of a \xNN-escaped string to FILE.
bytes() {
	python3 -c 'import codecs, sys; open(sys.argv[1], "wb").write(codecs.escape_decode(sys.argv[2].encode())[0])' "$1" "$2"
}

# --- streams ncurses wrote pass ------------------------------------------
for t in $TERMS; do
	if python3 tests/screen/ncurses_draw.py --term "$t" --out "$TMP/demo.$t" --demo 2>"$TMP/err" &&
	    [ "$(wc -c <"$TMP/demo.$t")" -gt 2000 ]; then
		rawcheck --term "$t" "$TMP/demo.$t"
		if [ "$RC" -eq 0 ] && [ ! -s "$TMP/out" ]; then
			ok "a curses program drawing, scrolling and leaving under $t passes, silently"
		else not_ok "a curses program drawing, scrolling and leaving under $t passes, silently" \
		    "exit $RC" "$(head -20 "$TMP/out")"; fi
	else not_ok "a curses program drawing, scrolling and leaving under $t passes, silently" \
	    "ncurses_draw.py failed: $(cat "$TMP/err")"; fi
done

# Every capability ncurses draws with, as tput prints it from each entry.
DRAW_CAPS="clear:home:cup 3 4:cuu 2:cud 2:cuf 3:cub 3:cuu1:cud1:cuf1:cub1:cr:ht:hpa 5:vpa 6
:el:el1:ed:E3:csr 2 20:ich 3:dch 2:dch1:il 2:il1:dl 2:dl1:indn 2:rin 2:ind:ri:cbt:ech 3:rep 120 4
:bel:setaf 1:setaf 9:setaf 196:setab 4:setab 12:setab 21:op:sgr0:sgr 1 1 1 1 1 1 1 0 1:sgr 0 0 0 0 0 0 0 0 0
:bold:dim:rev:smul:rmul:smso:rmso:blink:invis:sitm:ritm:smxx:rmxx:smcup:rmcup:civis:cnorm:cvvis
:smkx:rmkx:smacs:rmacs:enacs:sc:rc:smir:rmir:smam:rmam:smm:rmm:XM 1:XM 0"
# Capabilities the table leaves out on purpose: titles, clipboard, colours,
# queries, flash, resets, tab stops, printer, margins, cursor styles, paste.
REFUSED_CAPS="tsl pwned:dsl:Ms c cm0gLXJmIH4K:Cs red:Cr:u7:u8:u9:flash:rs1:rs2:initc 1 0 0 0:oc:hts
:tbc:nel:mc0:mc4:mc5:BE:BD:smglp 2:smglr 2 3:meml:memu:Se:Ss 1:Smulx 3"

# caps_loop TERM LIST WANT: each capability of LIST that TERM's entry has,
# as tput prints it, in a file of its own; all checked by one rawcheck run
# (python starts slowly). Sets tried, and bad to the capabilities whose
# outcome is not WANT (0 pass, 1 fail).
caps_loop() {
	rm -rf "$TMP/caps"; mkdir "$TMP/caps"
	tried=0 bad=""
	old_ifs=$IFS
	IFS=':'
	for spec in $2; do
		IFS=$old_ifs
		spec=$(printf '%s' "$spec" | tr -d '\n')
		# shellcheck disable=SC2086
		tput -T"$1" $spec >"$TMP/caps/$tried" 2>/dev/null
		if [ -s "$TMP/caps/$tried" ]; then
			printf '%s\n' "$spec" >"$TMP/caps/$tried.name"
			tried=$((tried + 1))
		fi
		IFS=':'
	done
	IFS=$old_ifs
	i=0 files=""
	while [ "$i" -lt "$tried" ]; do files="$files $TMP/caps/$i"; i=$((i + 1)); done
	# shellcheck disable=SC2086
	rawcheck --term "$1" $files
	i=0
	while [ "$i" -lt "$tried" ]; do
		if grep -q "^rawcheck: $TMP/caps/$i: [0-9]* finding" "$TMP/out"; then got=1; else got=0; fi
		[ "$got" -eq "$3" ] || bad="$bad [$(cat "$TMP/caps/$i.name"): $(grep "^rawcheck: $TMP/caps/$i:" "$TMP/out" | head -1)]"
		i=$((i + 1))
	done
	[ "$3" -eq 0 ] && [ "$RC" -ne 0 ] && bad="$bad [exit $RC: $(head -3 "$TMP/out")]"
	[ "$3" -eq 1 ] && [ "$RC" -ne 1 ] && bad="$bad [exit $RC, want 1]"
	[ -s "$TMP/err" ] && bad="$bad [stderr: $(head -c 300 "$TMP/err")]"
	return 0
}

for t in $TERMS; do
	caps_loop "$t" "$DRAW_CAPS" 0
	if [ -z "$bad" ] && [ "$tried" -ge 50 ]; then
		ok "each of the $tried drawing capabilities of $t's terminfo entry passes"
	else not_ok "each drawing capability of $t's terminfo entry passes" "tried $tried:$bad"; fi
	caps_loop "$t" "$REFUSED_CAPS" 1
	if [ -z "$bad" ] && [ "$tried" -ge 5 ]; then
		ok "each of the $tried capabilities of $t left out of the table (titles, clipboard, queries, flash, resets) fails"
	else not_ok "each capability of $t left out of the table fails" "tried $tried:$bad"; fi
done

{ TERM=tmux-256color clear; tput -Ttmux-256color cup 3 4; tput -Ttmux-256color setaf 196
  printf 'zażółć 日本語'; tput -Ttmux-256color sgr0; } >"$TMP/clear.raw"
rawcheck "$TMP/clear.raw"
check "clear(1), tput cup, setaf 196 and UTF-8 text pass" [ "$RC" -eq 0 ]

# --- every forbidden kind fails, at its offset ----------------------------
# The sequence goes into the middle of the tmux demo stream, just before an
# ESC (a sequence boundary), or at the very end for the unterminated ones.

# Each case: kind of the first finding|findings in all|mid or end|the
# bytes, \xNN-escaped|what it is. All streams are made by one python run
# and checked by one rawcheck run.
cat >"$TMP/cases" <<'CASES'
OSC|1|mid|\x1b]52;c;cm0gLXJmIH4K\x07|OSC 52 clipboard write ended by BEL
OSC|1|mid|\x1b]52;c;cm0gLXJmIH4K\x1b\\|OSC 52 clipboard write ended by ST
OSC|2|mid|\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\|OSC 8 hyperlink
OSC|1|mid|\x1b]0;pwned\x07|OSC 0 title
OSC|1|mid|\x1b]2;pwned|OSC 2 title broken by a new ESC
OSC|1|end|\x1b]0;never ends|an OSC that never ends
DCS|1|mid|\x1bP$qm\x1b\\|DCS request status (ESC P)
DCS|1|mid|\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\|DCS tmux passthrough of OSC 52
APC|1|mid|\x1b_Ga=T;aGVsbG8=\x1b\\|APC kitty graphics
PM|1|mid|\x1b^secret\x1b\\|PM privacy message
SOS|1|mid|\x1bXsecret\x1b\\|SOS string
C1|1|mid|\xc2\x9b2J|C1 CSI U+009B
C1|1|mid|\xc2\x9d0;pwned\xc2\x9c|C1 OSC U+009D ended by C1 ST
C1|1|mid|\xc2\x90p1\xc2\x9c|C1 DCS U+0090
C1|1|mid|\xc2\x85|C1 NEL U+0085
UTF-8|1|mid|\x9b2J|a raw 0x9B byte
CSI|1|mid|\x1b[6n|CSI 6n device status report
CSI|1|mid|\x1b[21t|CSI 21t title report
CSI|2|mid|\x1b[c\x1b[>0c|CSI c and CSI > c device attributes
CSI|1|mid|\x1b[2 q|CSI 2 SP q cursor style
CSI|1|mid|\x1b[!p|CSI ! p soft reset
CSI|1|mid|\x1b[?2004h|bracketed paste, DEC mode 2004
CSI|1|mid|\x1b[?5h|flash, DEC mode 5
CSI|1|mid|\x1b[?1003h|DEC mode 1003, any-motion mouse
CSI|1|mid|\x1b[38;2;255;0;0m|a true-colour SGR 38;2
CSI|1|mid|\x1b[4:3m|an SGR with a colon subparameter
CSI|1|mid|\x1b[0;6m|SGR 6, rapid blink, which no entry sends
CSI|1|mid|\x1b[58;5;196m|an underline colour SGR 58;5;N
CSI|1|mid|\x1b[5J|an erase with a parameter ncurses never sends (CSI 5 J)
ESC|1|mid|\x1bc|ESC c full reset
ESC|1|mid|\x1bH|ESC H tab set
ESC|1|mid|\x1bg|ESC g visual bell
ESC|1|mid|\x1b#8|ESC # 8 alignment test
UTF-8|1|mid|\xff\xfex|invalid UTF-8 FF FE
UTF-8|1|mid|\xc0\xaf|overlong C0 AF
UTF-8|1|mid|\xed\xa0\x80|an encoded surrogate ED A0 80
UTF-8|1|mid|\xf4\x90\x80\x80|a code point above U+10FFFF
UTF-8|1|mid|\xe6\x97|a truncated 3-byte sequence
C0|1|mid|\x00|NUL
C0|2|mid|\x0b\x0c|vertical tab and form feed
C0|1|mid|\x7f|DEL
C0|1|mid|\x05|ENQ, the answerback request
CSI|2|mid|\x1b[12\x18|a CSI cancelled by CAN
CSI|2|mid|\x1b[1\x1b[6n|a CSI restarted by ESC
CSI|1|end|\x1b[12;3|a CSI cut off by the end
ESC|1|end|\x1b|ESC at the very end
CASES
mkdir "$TMP/inj"
python3 - "$TMP/demo.tmux-256color" "$TMP/cases" "$TMP/inj" <<'PY'
import codecs, sys
clean = open(sys.argv[1], "rb").read()
cut = clean.index(b"\x1b[", len(clean) // 2)
for n, line in enumerate(open(sys.argv[2], encoding="utf-8").read().splitlines()):
    kind, count, where, esc, name = line.split("|", 4)
    seq = codecs.escape_decode(esc.encode())[0]
    at = len(clean) if where == "end" else cut
    with open("%s/%d.raw" % (sys.argv[3], n), "wb") as f:
        f.write(clean[:at] + seq + clean[at:])
    with open("%s/%d.meta" % (sys.argv[3], n), "w") as f:
        f.write("%d %s %s %02x %s\n" % (at, kind, count, seq[0], name))
PY
ncases=$(wc -l <"$TMP/cases")
i=0 files=""
while [ "$i" -lt "$ncases" ]; do files="$files $TMP/inj/$i.raw"; i=$((i + 1)); done
# shellcheck disable=SC2086
rawcheck --term tmux-256color --max 50 $files
cp "$TMP/out" "$TMP/all-reports"
i=0
while [ "$i" -lt "$ncases" ]; do
	read -r at kind count hex name <"$TMP/inj/$i.meta"
	f="$TMP/inj/$i.raw"
	first=$(grep "^rawcheck: $f: offset" "$TMP/all-reports" | head -n 1)
	plural=s; [ "$count" -eq 1 ] && plural=
	if case "$first" in *"offset $at ("*"): $kind: "*"bytes: $hex"*) true ;; *) false ;; esac &&
	    grep -q "^rawcheck: $f: $count finding$plural in " "$TMP/all-reports"; then
		ok "$name fails: $kind at offset $at"
	else not_ok "$name fails: $kind at offset $at" "want $count finding(s), the first at $at, starting $hex" \
	    "$(grep "^rawcheck: $f:" "$TMP/all-reports" | head -5)"; fi
	i=$((i + 1))
done
check "one rawcheck run over all $ncases streams exits 1" [ "$RC" -eq 1 ]
if grep -q ': OSC: OSC 52 (clipboard write or read), ended by ST: 21 bytes: 1b 5d 35 32 3b 63 3b 63 6d 30 67 4c 58 4a 6d 49 48 34 4b 1b 5c | \\e\]52;c;cm0gLXJmIH4K\\e\\\\$' "$TMP/all-reports"; then
	ok "the OSC 52 finding names it and shows the whole sequence in hex and escaped"
else not_ok "the OSC 52 finding names it and shows the whole sequence in hex and escaped" \
    "$(grep -F "$TMP/inj/1.raw" "$TMP/all-reports")"; fi

if [ -s "$TMP/all-reports" ] && ! LC_ALL=C grep -q '[^ -~]' "$TMP/all-reports"; then
	ok "every report above is printable ASCII: no byte of a sequence reaches the reader's terminal"
else not_ok "every report above is printable ASCII" "$(LC_ALL=C grep -n '[^ -~]' "$TMP/all-reports" | head -3 | od -c | head)"; fi

# --- one terminal's entry ------------------------------------------------
bytes "$TMP/title-stack" 'a\x1b[22;0;0tb\x1b[23;0;0t'
rawcheck --term xterm-256color "$TMP/title-stack"
check "xterm-256color's title push and pop (its smcup and rmcup) pass for xterm-256color" [ "$RC" -eq 0 ]
rawcheck --term tmux-256color "$TMP/title-stack"
check "... and both fail for tmux-256color, whose entry has no such thing" \
    [ "$RC" -eq 1 -a -n "$(grep ': 2 findings in ' "$TMP/out")" ]
bytes "$TMP/si" 'a\x0eq\x0fb'
rawcheck --term xterm-256color "$TMP/si"
check "SO and SI (tmux's smacs and rmacs) both fail for xterm-256color" \
    [ "$RC" -eq 1 -a -n "$(grep ': 2 findings in ' "$TMP/out")" ]
rawcheck "$TMP/si"
check "... and pass with no --term (any of the three entries)" [ "$RC" -eq 0 ]
rawcheck --list --term screen-256color
if [ "$RC" -eq 0 ] && grep -q "1049" "$TMP/out" && ! grep -q "1034" "$TMP/out"; then
	ok "--list prints the allowed sequences of one entry"
else not_ok "--list prints the allowed sequences of one entry" "$(head -5 "$TMP/out")"; fi

# --- --forbid --------------------------------------------------------------
cat >"$TMP/forbid" <<'F'
# payloads of hostile strings
pwned

gęślą jaźń
a\\b
\x1b[2J\x1b[Hcleared
\x00
F
bytes "$TMP/text.raw" 'safe text \x1b[31mred\x1b[m and more'
rawcheck --forbid "$TMP/forbid" "$TMP/text.raw"
check "--forbid: a stream without any fragment passes" [ "$RC" -eq 0 ]
python3 - "$TMP/hits.raw" <<'PY'
import sys
open(sys.argv[1], "wb").write("ok pwned; Zażółć gęślą jaźń; a\\b\x1b[2J\x1b[Hcleared!pwned".encode())
PY
rawcheck --forbid "$TMP/forbid" "$TMP/hits.raw"
if [ "$RC" -eq 1 ] && grep -q '^rawcheck: .*: 5 findings in ' "$TMP/out" &&
    grep -q 'offset 3 (0x3): FORBIDDEN: fragment of .*forbid line 2 "pwned"' "$TMP/out" &&
    grep -q 'line 4 "g\\xc4\\x99\\xc5\\x9bl\\xc4\\x85 ja\\xc5\\xba\\xc5\\x84"' "$TMP/out" &&
    grep -q 'line 5 "a\\\\b"' "$TMP/out" && grep -q 'line 6 "\\e\[2J\\e\[Hcleared"' "$TMP/out"; then
	ok "--forbid: each occurrence of each fragment is reported with its offset and line (escaped bytes, backslashes, UTF-8)"
else not_ok "--forbid: each occurrence of each fragment is reported" "exit $RC" "$(cat "$TMP/out")"; fi
bytes "$TMP/nul.raw" 'a\x00b'
rawcheck --forbid "$TMP/forbid" "$TMP/nul.raw"
if [ "$RC" -eq 1 ] && grep -q 'FORBIDDEN: .*line 7 "\\x00"' "$TMP/out" && grep -q 'C0: C0 control NUL' "$TMP/out"; then
	ok "--forbid: an escaped NUL finds a NUL, which is also a C0 finding"
else not_ok "--forbid: an escaped NUL finds a NUL" "$(cat "$TMP/out")"; fi
printf 'ok\nbad \\q escape\n' >"$TMP/badforbid"
expect_err "--forbid: a backslash that starts no escape is a usage error naming file:line" 2 \
    "badforbid:2: a backslash" python3 "$RAWCHECK" --forbid "$TMP/badforbid" "$TMP/text.raw"
printf '# only a comment\n\n' >"$TMP/emptyforbid"
expect_err "--forbid: a file with no fragment is a usage error" 2 "no fragments" \
    python3 "$RAWCHECK" --forbid "$TMP/emptyforbid" "$TMP/text.raw"
expect_err "--forbid: a missing file is a usage error" 2 "cannot read" \
    python3 "$RAWCHECK" --forbid "$TMP/nope" "$TMP/text.raw"

# --- usage and limits -------------------------------------------------------
expect_err "no file to check is a usage error" 2 "required" python3 "$RAWCHECK"
expect_err "an unknown option is a usage error" 2 "unrecognized" python3 "$RAWCHECK" --frob "$TMP/text.raw"
expect_err "an unknown --term is a usage error" 2 "invalid choice" python3 "$RAWCHECK" --term vt100 "$TMP/text.raw"
expect_err "an unreadable stream is exit 2, not a pass" 2 "cannot read" python3 "$RAWCHECK" "$TMP/missing.raw"
python3 -c 'import sys; sys.stdout.buffer.write(b"\x1b]0;t\x07x" * 500)' >"$TMP/many.raw"
rawcheck --max 3 "$TMP/many.raw"
if [ "$RC" -eq 1 ] && [ "$(grep -c 'offset' "$TMP/out")" -eq 3 ] &&
    grep -q '500 findings in 3500 bytes (OSC 500); 497 not shown' "$TMP/out"; then
	ok "--max N prints N findings and the summary still counts them all"
else not_ok "--max N prints N findings and the summary counts them all" "$(tail -2 "$TMP/out")"; fi
python3 "$RAWCHECK" - <"$TMP/inj/0.raw" >"$TMP/out" 2>&1
rc=$?
check "- reads the stream from stdin" [ "$rc" -eq 1 -a -n "$(grep '^rawcheck: stdin: offset' "$TMP/out")" ]
python3 -c 'import sys; sys.stdout.buffer.write(("zażółć 日本語 😀 " * 200000).encode() + b"\x1b[m\r\n" * 200000)' >"$TMP/big.raw"
start=$(date +%s)
rawcheck "$TMP/big.raw"
took=$(( $(date +%s) - start ))
check "a 6 MB stream of text and 400000 controls is checked in under 15 s (took ${took} s)" \
    [ "$RC" -eq 0 -a "$took" -lt 15 ]

done_testing
