/*
 * Hostile strings: text a backend could send (in a subject, a name, a
 * comment) to attack or garble the terminal. Shared by the sanitiser's
 * unit tests, its fuzz seeds and the screen tests, which put each string
 * in front of the real console.
 *
 * Each entry says what the sanitised text must show and must not: `shows`
 * is found in text_sanitize_line() output (one line, UTF-8 markers),
 * `hides` in no sanitised output at all (the payload of a sequence). An
 * entry flagged HOSTILE_REPEAT stands for its bytes repeated to
 * HOSTILE_REPEAT_LEN bytes (the 1 MB line): build it with
 * hostile_bytes().
 */
#ifndef TDESK_HOSTILE_H
#define TDESK_HOSTILE_H

#include <stdlib.h>
#include <string.h>

#define HOSTILE_REPEAT		0x01u	/* bytes repeat to HOSTILE_REPEAT_LEN */
#define HOSTILE_REPEAT_LEN	(1024 * 1024)

static const struct hostile {
	const char	*name;
	const char	*bytes;
	size_t		 len;
	const char	*shows;	/* in the sanitised line, or NULL */
	const char	*hides;	/* in no sanitised output, or NULL */
	unsigned	 flags;	/* HOSTILE_* */
} hostile_strings[] = {
#define HOSTILE(name, lit, shows, hides) \
	{ name, lit, sizeof lit - 1, shows, hides, 0 }
	/* CSI: ESC [ parameters final */
	HOSTILE("CSI clear screen", "\x1b[2J\x1b[Hcleared", "cleared", "[2J"),
	HOSTILE("CSI cursor position",
	    "a\x1b[10;20Hb\x1b[3Ac", "abc", "[10;20H"),
	HOSTILE("CSI SGR colours",
	    "\x1b[31;1mred\x1b[0m \x1b[38;2;255;0;0mtrue\x1b[m",
	    "red true", "[31"),
	HOSTILE("CSI alternate screen",
	    "\x1b[?1049hALT\x1b[?1049l", "ALT", "1049"),
	HOSTILE("CSI scroll region DECSTBM",
	    "\x1b[1;3rregion\x1b[r", "region", "[1;3r"),
	HOSTILE("CSI erase line", "abc\x1b[2K\x1b[1Gdef", "abcdef", "[2K"),
	HOSTILE("CSI with intermediate DECSCUSR",
	    "\x1b[2 qcursor", "cursor", " q"),
	HOSTILE("CSI device status report",
	    "\x1b[6n\x1b[c\x1b[>0cask", "ask", "[6n"),
	HOSTILE("CSI cancelled by CAN", "\x1b[12\x18visible", "visible", "12"),
	HOSTILE("CSI restarted by ESC", "\x1b[1\x1b[2Jx", "x", "2J"),
	HOSTILE("CSI broken by UTF-8", "\x1b[1日本", "日本", NULL),
	/* OSC: ESC ] ... BEL or ST */
	HOSTILE("OSC 52 clipboard write with BEL",
	    "\x1b]52;c;cm0gLXJmIH4K\x07" "after", "after", "cm0gLXJmIH4K"),
	HOSTILE("OSC 52 clipboard write with ST",
	    "\x1b]52;c;cm0gLXJmIH4K\x1b\\after", "after", "cm0gLXJmIH4K"),
	HOSTILE("OSC 8 hyperlink",
	    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
	    "click", "evil.example"),
	HOSTILE("OSC 0 title", "\x1b]0;pwned title\x07text", "text", "pwned"),
	HOSTILE("OSC 2 title with ST",
	    "\x1b]2;pwned\x1b\\text", "text", "pwned"),
	HOSTILE("OSC 9 and 777 notifications",
	    "\x1b]9;pwned\x07\x1b]777;notify;pwned;x\x07ok", "ok", "pwned"),
	HOSTILE("OSC unterminated to the end",
	    "before\x1b]0;never ends", "before", "never"),
	HOSTILE("OSC ended by a new escape",
	    "\x1b]0;pwned\x1b[2Jafter", "after", "pwned"),
	/* DCS, SOS, PM, APC: ESC P X ^ _ ... ST */
	HOSTILE("DCS request status", "\x1bP$qm\x1b\\after", "after", "$qm"),
	HOSTILE("DCS tmux passthrough of OSC 52",
	    "\x1bPtmux;\x1b\x1b]52;c;cm0gLXJmIH4K\x07\x1b\\after",
	    "after", "cm0gLXJmIH4K"),
	HOSTILE("APC kitty graphics",
	    "\x1b_Ga=T,f=100;aGVsbG8=\x1b\\after", "after", "aGVsbG8"),
	HOSTILE("PM privacy message",
	    "\x1b^secret\x1b\\after", "after", "secret"),
	HOSTILE("SOS string", "\x1bXsecret\x1b\\after", "after", "secret"),
	/* C1 controls: 8-bit forms */
	HOSTILE("raw byte 0x9B CSI",
	    "\x9b" "2Jraw", "\xef\xbf\xbd" "2Jraw", NULL),
	HOSTILE("UTF-8 C1 CSI U+009B", "\xc2\x9b" "2Jc1", "c1", "2J"),
	HOSTILE("UTF-8 C1 OSC U+009D with C1 ST",
	    "\xc2\x9d" "0;pwned\xc2\x9c" "after", "after", "pwned"),
	HOSTILE("UTF-8 C1 DCS and APC",
	    "\xc2\x90" "p1\xc2\x9c\xc2\x9f" "p2\xc2\x9c" "ok", "ok", "p1"),
	HOSTILE("C1 NEL IND RI",
	    "a\xc2\x85" "b\xc2\x84" "c\xc2\x8d" "d", "abcd", NULL),
	/* two-byte and nF escapes */
	HOSTILE("ESC save reset reverse index",
	    "\x1b" "7save\x1b" "8\x1b" "creset\x1bMup", "saveresetup", NULL),
	HOSTILE("ESC charset designation", "\x1b(0lqqk\x1b(B", "lqqk", "(0"),
	HOSTILE("ESC at the very end", "end\x1b", "end", NULL),
	/* C0 controls and DEL */
	HOSTILE("BEL", "ding\x07" "dong", "dingdong", NULL),
	HOSTILE("BS overwrite", "pass\x08\x08\x08\x08word", "password", NULL),
	HOSTILE("CR overwrite", "safe\rEVIL", "safe EVIL", NULL),
	HOSTILE("CR LF line ending", "one\r\ntwo", "one two", NULL),
	HOSTILE("form feed and vertical tab",
	    "page\x0c" "break\x0b" "vt", "pagebreakvt", NULL),
	HOSTILE("NUL inside", "nul\0inside", "nulinside", NULL),
	HOSTILE("DEL", "del\x7f" "ete", "delete", NULL),
	HOSTILE("TAB and LF in a cell", "a\tb\nc", "a b c", NULL),
	/* bidi controls */
	HOSTILE("RLO file name",
	    "evil\xe2\x80\xaetxt.exe", "evil⟨RLO⟩txt.exe", NULL),
	HOSTILE("LRE RLE PDF LRO",
	    "a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d\xe2\x80\xad" "e",
	    "a⟨LRE⟩b⟨RLE⟩c⟨PDF⟩d⟨LRO⟩e", NULL),
	HOSTILE("LRI RLI FSI PDI",
	    "\xe2\x81\xa6" "x\xe2\x81\xa7" "y\xe2\x81\xa8" "z\xe2\x81\xa9",
	    "⟨LRI⟩x⟨RLI⟩y⟨FSI⟩z⟨PDI⟩", NULL),
	HOSTILE("LRM RLM ALM",
	    "\xe2\x80\x8e" "1\xe2\x80\x8f" "2\xd8\x9c" "3",
	    "⟨LRM⟩1⟨RLM⟩2⟨ALM⟩3", NULL),
	HOSTILE("trojan source comment",
	    "/* admin\xe2\x80\xae \xe2\x81\xa6// x",
	    "admin⟨RLO⟩ ⟨LRI⟩//", NULL),
	/* zero-width characters */
	HOSTILE("zero-width space", "pay\xe2\x80\x8bpal", "pay⟨ZWSP⟩pal", NULL),
	HOSTILE("ZWJ outside emoji", "a\xe2\x80\x8d" "b", "a⟨ZWJ⟩b", NULL),
	HOSTILE("ZWNJ outside a joining script",
	    "x\xe2\x80\x8cy", "x⟨ZWNJ⟩y", NULL),
	HOSTILE("word joiner", "w\xe2\x81\xa0j", "w⟨WJ⟩j", NULL),
	HOSTILE("BOM inside text", "in\xef\xbb\xbfside", "in⟨BOM⟩side", NULL),
	HOSTILE("invisible times", "2\xe2\x81\xa2x", "2⟨U+2062⟩x", NULL),
	HOSTILE("tag characters smuggling ASCII",
	    "hi\xf3\xa0\x81\x81\xf3\xa0\x81\x82", "hi⟨TAG⟩⟨TAG⟩", NULL),
	HOSTILE("combining mark first",
	    "\xcc\x81" "abc", "\xe2\x97\x8c\xcc\x81" "abc", NULL),
	HOSTILE("line separator", "a\xe2\x80\xa8" "b", "a b", NULL),
	/* invalid UTF-8 */
	HOSTILE("lone continuation byte",
	    "a\x80" "b", "a\xef\xbf\xbd" "b", NULL),
	HOSTILE("bytes FF FE",
	    "\xff\xfe" "x", "\xef\xbf\xbd\xef\xbf\xbd" "x", NULL),
	HOSTILE("truncated 3-byte sequence at the end",
	    "end\xe6\x97", "end\xef\xbf\xbd", NULL),
	HOSTILE("truncated sequence before ASCII",
	    "\xe6\x97" "x", "\xef\xbf\xbd" "x", NULL),
	HOSTILE("overlong C0 AF", "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "/"),
	HOSTILE("overlong E0 80 AF",
	    "\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "/"),
	HOSTILE("overlong F0 80 80 AF",
	    "\xf0\x80\x80\xaf",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "/"),
	HOSTILE("overlong ESC C0 9B",
	    "\xc0\x9b[2J", "\xef\xbf\xbd\xef\xbf\xbd[2J", NULL),
	HOSTILE("UTF-16 surrogate ED A0 80",
	    "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL),
	HOSTILE("above U+10FFFF F4 90 80 80",
	    "\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", NULL),
	/* mixed */
	HOSTILE("Japanese with a CSI",
	    "日本語\x1b[2J\x1b[31mのテキスト", "日本語のテキスト", "[2J"),
	HOSTILE("Polish with OSC 52 and emoji",
	    "Zażółć\x1b]52;c;cm0gLXJmIH4K\x07 gęślą 😀 jaźń",
	    "Zażółć gęślą 😀 jaźń", "cm0gLXJmIH4K"),
	HOSTILE("Portuguese with a title set",
	    "Pagamento não\x1b]2;pwned\x07 aprovado",
	    "Pagamento não aprovado", "pwned"),
	HOSTILE("emoji ZWJ sequence is kept",
	    "dev 👩\xe2\x80\x8d💻 ok", "dev 👩\xe2\x80\x8d💻 ok", NULL),
#undef HOSTILE
	/* A 1 MB line of invisible, invalid and escaped text. */
#define HOSTILE_LONG(name, lit, shows, hides) \
	{ name, lit, sizeof lit - 1, shows, hides, HOSTILE_REPEAT }
	HOSTILE_LONG("a 1 MB line",
	    "abc\xe2\x80\x8b\xff\x1b[1m", "⟨truncated⟩", "[1m"),
#undef HOSTILE_LONG
};

#define HOSTILE_COUNT	(sizeof hostile_strings / sizeof hostile_strings[0])

/*
 * The bytes of entry h as a new buffer (the caller frees it) and their
 * count in *len: a copy of h->bytes, or with HOSTILE_REPEAT that pattern
 * repeated to HOSTILE_REPEAT_LEN bytes.
 */
static inline char *
hostile_bytes(const struct hostile *h, size_t *len)
{
	size_t n = h->flags & HOSTILE_REPEAT ? HOSTILE_REPEAT_LEN : h->len, i;
	char *p = malloc(n + 1);

	if (p == NULL)
		abort();
	for (i = 0; i < n; i += h->len)
		memcpy(p + i, h->bytes, n - i < h->len ? n - i : h->len);
	p[n] = '\0';
	*len = n;
	return p;
}

#endif
