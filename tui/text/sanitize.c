/*
 * The sanitiser: untrusted bytes from a backend in, text that is safe to
 * write to a terminal out. The ECMA-48 parser of api/ecma48.h, whose
 * escape and control sequences are swallowed whole, feeds a writer that
 * marks invisible characters and caps line length. The contract is text_sanitize()'s in
 * text.h.
 */
#include "tui/text/text.h"

#include <stdio.h>
#include <string.h>

#include "api/ecma48.h"
#include "api/xmalloc.h"

#define SAN_SQUEEZE	0x100u	/* text_sanitize_line(): squeeze spaces */

#define CP_DEL		0x7Fu
#define CP_ZWNJ		0x200Cu
#define CP_ZWJ		0x200Du
#define CP_LINE_SEP	0x2028u
#define CP_PARA_SEP	0x2029u
#define CP_BOM		0xFEFFu
#define CP_DOTTED	0x25CCu
#define CP_FFFD		0xFFFDu
#define CP_BLACK_FLAG	0x1F3F4u
#define CP_TAG_FIRST	0xE0020u
#define CP_TAG_CANCEL	0xE007Fu

/* The output being written, and what the next character needs to know. */
struct san {
	char		*buf;
	size_t		 len;
	size_t		 size;
	unsigned	 flags;
	size_t		 cap;		/* bytes per output line */
	size_t		 line;		/* offset of the current line */
	size_t		 zwj_at;	/* offset of a last ZWJ, or SIZE_MAX */
	bool		 cut;		/* line cut: drop the rest of it */
	bool		 need_base;	/* a mark here would have no base */
	bool		 emoji;		/* last base an emoji, marks since */
	bool		 joining;	/* last character shapes with ZWJ */
	bool		 tags;		/* inside an emoji tag sequence */
	bool		 space;		/* SAN_SQUEEZE: a space is pending */
};

/* Invisible characters shown by name. */
static const struct san_marker {
	uint32_t	 cp;
	const char	*name;
} san_markers[] = {
	{ 0x061C, "ALM" },	/* Arabic letter mark */
	{ 0x200B, "ZWSP" },
	{ 0x200C, "ZWNJ" },
	{ 0x200D, "ZWJ" },
	{ 0x200E, "LRM" },
	{ 0x200F, "RLM" },
	{ 0x202A, "LRE" },
	{ 0x202B, "RLE" },
	{ 0x202C, "PDF" },
	{ 0x202D, "LRO" },
	{ 0x202E, "RLO" },
	{ 0x2060, "WJ" },
	{ 0x2066, "LRI" },
	{ 0x2067, "RLI" },
	{ 0x2068, "FSI" },
	{ 0x2069, "PDI" },
	{ 0xFEFF, "BOM" },
};

/*
 * Scripts whose shaping uses ZWJ and ZWNJ between letters (Persian
 * "می‌خواهم", Indic half forms): there they are text, not a trick.
 */
static const struct san_span {
	uint32_t	lo;
	uint32_t	hi;
} san_joining[] = {
	{ 0x0600, 0x08FF },	/* Arabic, Syriac, Thaana, NKo, Mandaic... */
	{ 0x0900, 0x0DFF },	/* Devanagari to Sinhala */
	{ 0x0F00, 0x0FFF },	/* Tibetan */
	{ 0x1000, 0x109F },	/* Myanmar */
	{ 0x1780, 0x18AF },	/* Khmer, Mongolian */
	{ 0x1A00, 0x1AAF },	/* Buginese, Tai Tham */
	{ 0x1B00, 0x1BFF },	/* Balinese to Batak */
	{ 0xA840, 0xA8FF },	/* Phags-pa, Saurashtra, Devanagari Ext. */
	{ 0xA980, 0xA9DF },	/* Javanese */
	{ 0xFB50, 0xFDFF },	/* Arabic Presentation Forms-A */
	{ 0xFE70, 0xFEFE },	/* Arabic Presentation Forms-B */
	{ 0x10AC0, 0x10AFF },	/* Manichaean */
	{ 0x10D00, 0x10D3F },	/* Hanifi Rohingya */
	{ 0x10F30, 0x10FFF },	/* Sogdian, ... */
	{ 0x11000, 0x11DFF },	/* Brahmi and the historic Indic scripts */
};

#define SAN_NTABLE(t)	(sizeof (t) / sizeof (t)[0])

static bool
san_is_joining(uint32_t cp)
{
	size_t i;

	for (i = 0; i < SAN_NTABLE(san_joining); i++) {
		if (cp >= san_joining[i].lo && cp <= san_joining[i].hi)
			return true;
	}
	return false;
}

static const char *
san_marker_name(uint32_t cp)
{
	size_t i;

	for (i = 0; i < SAN_NTABLE(san_markers); i++) {
		if (san_markers[i].cp == cp)
			return san_markers[i].name;
	}
	return NULL;
}

static void
san_reserve(struct san *s, size_t n)
{
	if (s->size - s->len > n)
		return;
	while (s->size - s->len <= n)
		s->size = s->size < 64 ? 64 : s->size * 2;
	s->buf = xreallocarray(s->buf, 1, s->size);
}

static void
san_append(struct san *s, const char *p, size_t n)
{
	san_reserve(s, n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* After a space, a marker or a line break: nothing joins across it. */
static void
san_reset_context(struct san *s)
{
	s->zwj_at = SIZE_MAX;
	s->emoji = s->joining = s->tags = false;
}

/* The line is full: drop a ZWJ that now joins nothing, and say so. */
static void
san_cut(struct san *s)
{
	const char *m = s->flags & TEXT_ASCII ? "<truncated>" :
	    "\xE2\x9F\xA8truncated\xE2\x9F\xA9";

	if (s->zwj_at != SIZE_MAX)
		s->len = s->zwj_at;
	san_append(s, m, strlen(m));
	s->cut = true;
}

/*
 * Append n bytes to the current line, unless that would take it past the
 * cap: then the line is cut. Returns whether the bytes went in. A pending
 * squeezed space goes first.
 */
static bool
san_put(struct san *s, const char *p, size_t n)
{
	if (s->cut)
		return false;
	if (s->space) {
		s->space = false;
		if (!san_put(s, " ", 1))
			return false;
	}
	if (s->len - s->line + n > s->cap) {
		san_cut(s);
		return false;
	}
	san_append(s, p, n);
	return true;
}

/*
 * Printable ASCII, the bulk of most text, written as a run without the
 * per-character lookups. A space is plain unless spaces are squeezed.
 */
static bool
san_is_plain(unsigned char c, unsigned flags)
{
	return (c > 0x20 && c < 0x7F) || (c == ' ' && !(flags & SAN_SQUEEZE));
}

static void
san_run(struct san *s, const char *p, size_t n)
{
	size_t room;

	if (!san_put(s, p, 0))	/* the pending space, if any */
		return;
	san_reset_context(s);
	s->need_base = false;
	room = s->cap - (s->len - s->line);
	san_append(s, p, n < room ? n : room);
	if (n > room)
		san_cut(s);
}

/* Write a character (not a marker, space or line break). */
static void
san_char(struct san *s, uint32_t cp)
{
	char enc[4];
	size_t at;
	bool ext = text_cp_extends(cp) ||
	    (s->emoji && cp >= 0x1F3FB && cp <= 0x1F3FF);

	if (ext && s->need_base) {
		/* A mark with no base would combine with a neighbour. */
		s->need_base = false;
		san_char(s, CP_DOTTED);
	}
	at = s->len + (s->space ? 1 : 0);
	if (!san_put(s, enc, text_utf8_encode(cp, enc)))
		return;
	s->need_base = false;
	s->zwj_at = cp == CP_ZWJ ? at : SIZE_MAX;
	if (text_cp_pictographic(cp))
		s->emoji = true;
	else if (!ext)
		s->emoji = false;
	if (!ext || cp == CP_ZWJ || cp == CP_ZWNJ)
		s->joining = san_is_joining(cp);
	if (cp == CP_BLACK_FLAG)
		s->tags = true;
	else if (cp < CP_TAG_FIRST || cp >= CP_TAG_CANCEL)
		s->tags = false;
}

/* "⟨NAME⟩" ("<NAME>" with TEXT_ASCII) for an invisible character. */
static void
san_marker(struct san *s, const char *name)
{
	char m[32];
	int n;

	if (s->flags & TEXT_ASCII)
		n = snprintf(m, sizeof m, "<%s>", name);
	else
		n = snprintf(m, sizeof m, "\xE2\x9F\xA8%s\xE2\x9F\xA9", name);
	if (n > 0 && (size_t)n < sizeof m && san_put(s, m, (size_t)n)) {
		san_reset_context(s);
		s->need_base = true;
	}
}

static void
san_space(struct san *s)
{
	if (s->flags & SAN_SQUEEZE) {
		if (s->len == 0 || s->cut)
			return;		/* no leading space */
		s->space = true;	/* written before the next character */
	} else if (!san_put(s, " ", 1))
		return;
	san_reset_context(s);
	s->need_base = false;
}

static void
san_line_break(struct san *s)
{
	if (!(s->flags & TEXT_KEEP_LF)) {
		san_space(s);
		return;
	}
	san_append(s, "\n", 1);	/* not capped: it starts a new line */
	s->line = s->len;
	s->cut = false;
	s->need_base = true;
	san_reset_context(s);
}

/*
 * TAB, LF and CR, in text or inside an escape sequence (where a terminal
 * would act on them too); every other C0 control is dropped. CR LF is one
 * line break, and so is a CR alone: "safe\rEVIL" must not hide "safe".
 */
static void
san_control(struct san *s, uint32_t cp, const char *next, size_t left)
{
	if (cp == '\n' || (cp == '\r' && (left == 0 || *next != '\n')))
		san_line_break(s);
	else if (cp == '\t') {
		if ((s->flags & TEXT_KEEP_TAB) && san_put(s, "\t", 1)) {
			san_reset_context(s);
			s->need_base = false;
		} else if (!(s->flags & TEXT_KEEP_TAB))
			san_space(s);
	}
}

/* The code point after position i, or TEXT_BAD_CP. */
static uint32_t
san_peek(const char *in, size_t len, size_t i)
{
	uint32_t cp = TEXT_BAD_CP;

	if (i < len)
		text_utf8_decode(in + i, len - i, &cp);
	return cp;
}

/*
 * One code point of plain text (not part of an escape sequence): start a
 * sequence, drop a control, mark an invisible character, or write it.
 * Returns the parser's next state.
 */
static enum ecma48_state
san_text(struct san *s, uint32_t cp, const char *in, size_t len, size_t i,
    size_t n)
{
	enum ecma48_state st = ECMA48_TEXT;
	const char *name;
	uint32_t next;
	char hex[16];

	if (cp == TEXT_BAD_CP) {
		san_char(s, CP_FFFD);
		return ECMA48_TEXT;
	}
	switch (ecma48_step(&st, cp)) {
	case ECMA48_SEQUENCE:
		return st;
	case ECMA48_CONTROL:
		san_control(s, cp, in + i + n, len - i - n);
		return ECMA48_TEXT;
	case ECMA48_PRINT:
		break;
	}
	switch (cp) {
	case CP_LINE_SEP:
	case CP_PARA_SEP:
		san_line_break(s);
		return ECMA48_TEXT;
	case ' ':
		san_space(s);
		return ECMA48_TEXT;
	}
	if (cp == CP_BOM && i == 0)
		return ECMA48_TEXT;	/* a byte-order mark, not text */
	if (cp == CP_ZWJ || cp == CP_ZWNJ) {
		next = san_peek(in, len, i + n);
		if ((cp == CP_ZWJ && s->emoji && text_cp_pictographic(next)) ||
		    (s->joining && san_is_joining(next))) {
			san_char(s, cp);
			return ECMA48_TEXT;
		}
	}
	if (cp >= CP_TAG_FIRST && cp <= CP_TAG_CANCEL) {
		if (s->tags)
			san_char(s, cp);
		else
			san_marker(s, "TAG");	/* hidden ASCII, "smuggled" */
		return ECMA48_TEXT;
	}
	if ((name = san_marker_name(cp)) != NULL)
		san_marker(s, name);
	else if (text_cp_width(cp) == 0 && !text_cp_extends(cp)) {
		/* Any other format character (Cf): invisible, so named. */
		snprintf(hex, sizeof hex, "U+%04X", (unsigned)cp);
		san_marker(s, hex);
	} else
		san_char(s, cp);
	return ECMA48_TEXT;
}

/*
 * One code point inside an escape sequence, read by api/ecma48's parser.
 * Returns the next state, and sets *again when the code point ended the
 * sequence without being part of it (anything past ASCII outside a
 * string's payload), to be read once more as text.
 */
static enum ecma48_state
san_escape(struct san *s, enum ecma48_state st, uint32_t cp, const char *next,
    size_t left, bool *again)
{
	*again = st != ECMA48_STRING && cp > CP_DEL;
	if (*again)
		return ECMA48_TEXT;
	if (ecma48_step(&st, cp) == ECMA48_CONTROL)
		san_control(s, cp, next, left);
	return st;
}

/*
 * With TEXT_ASCII: each grapheme cluster that is not ASCII becomes one "?",
 * in place (the text only shrinks). Markers are ASCII already, and marks
 * never follow them (san_char() gives such a mark a base of its own).
 */
static void
san_ascii(struct san *s)
{
	size_t i = 0, o = 0, n, k;
	bool ascii;

	while (i < s->len) {
		n = text_cluster(s->buf + i, s->len - i, NULL);
		for (ascii = true, k = 0; k < n; k++)
			ascii = ascii && (unsigned char)s->buf[i + k] < 0x80;
		if (ascii) {
			memmove(s->buf + o, s->buf + i, n);
			o += n;
		} else
			s->buf[o++] = '?';
		i += n;
	}
	s->len = o;
}

char *
text_sanitize(const char *in, size_t len, unsigned flags, size_t cap)
{
	struct san s;
	enum ecma48_state st = ECMA48_TEXT;
	size_t i = 0, n;
	uint32_t cp;
	bool again;

	if (in == NULL)
		len = 0;
	else if (len == TEXT_NUL)
		len = strlen(in);
	memset(&s, 0, sizeof s);
	s.flags = flags;
	s.cap = cap == 0 ? TEXT_CAP_DEFAULT : cap;
	s.need_base = true;
	s.zwj_at = SIZE_MAX;
	san_reserve(&s, (len < s.cap ? len : s.cap) + 16);

	while (i < len) {
		if (st == ECMA48_TEXT &&
		    san_is_plain((unsigned char)in[i], flags)) {
			for (n = 1; i + n < len &&
			    san_is_plain((unsigned char)in[i + n], flags); n++)
				;
			san_run(&s, in + i, n);
			i += n;
			continue;
		}
		n = text_utf8_decode(in + i, len - i, &cp);
		if (st == ECMA48_TEXT) {
			st = san_text(&s, cp, in, len, i, n);
			i += n;
			continue;
		}
		st = san_escape(&s, st, cp, in + i + n, len - i - n, &again);
		if (!again)
			i += n;
	}
	if (flags & TEXT_ASCII)
		san_ascii(&s);
	san_reserve(&s, 1);
	s.buf[s.len] = '\0';
	return s.buf;
}

char *
text_sanitize_line(const char *in, size_t len, unsigned flags)
{
	return text_sanitize(in, len, (flags & TEXT_ASCII) | SAN_SQUEEZE, 0);
}
