/*
 * Text a user typed, echoed back in a message: every byte that could act
 * on the terminal or hide shown as a C-style escape. The contract is
 * text_escape()'s in text.h; the sanitiser (sanitize.c) is the other way,
 * for text from a backend, which it cleans rather than quotes.
 */
#include "tui/text/text.h"

#include <stdio.h>
#include <string.h>

#include "api/xmalloc.h"

#define CP_LINE_SEP	0x2028u
#define CP_PARA_SEP	0x2029u
#define CP_ZWNJ		0x200Cu
#define CP_ZWJ		0x200Du
#define CP_TAG_FIRST	0xE0000u
#define CP_TAG_LAST	0xE007Fu

/* The output being written. */
struct esc {
	char		*buf;
	size_t		 len;
	size_t		 size;
};

/* Appends n bytes, keeping room for the final NUL. */
static void
esc_put(struct esc *e, const char *p, size_t n)
{
	if (e->size - e->len <= n) {
		while (e->size - e->len <= n)
			e->size = e->size < 64 ? 64 : e->size * 2;
		e->buf = xreallocarray(e->buf, 1, e->size);
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
}

/* A backslash, the letter and v in that many hex digits: \x1B, \u202E. */
static void
esc_hex(struct esc *e, char letter, int digits, unsigned long v)
{
	char b[16];
	int n = snprintf(b, sizeof b, "\\%c%0*lX", letter, digits, v);

	if (n > 0 && (size_t)n < sizeof b)
		esc_put(e, b, (size_t)n);
}

/*
 * Whether a code point is invisible or moves text about: a line or
 * paragraph separator, or a format character (bidi controls, ZWSP, ZWJ,
 * ZWNJ, word joiner, BOM, tag characters...): those the width tables give
 * no width and no cluster to join, plus the joiners and tags, which join.
 */
static bool
esc_invisible(uint32_t cp)
{
	if (cp == CP_LINE_SEP || cp == CP_PARA_SEP || cp == CP_ZWJ ||
	    cp == CP_ZWNJ || (cp >= CP_TAG_FIRST && cp <= CP_TAG_LAST))
		return true;
	return text_cp_width(cp) == 0 && !text_cp_extends(cp);
}

/*
 * Whether a combining mark written after the last output byte would have
 * no base: at the start, or after an ASCII space or punctuation (the
 * quotes and colons around an operand), where it would combine with them.
 */
static bool
esc_no_base(const struct esc *e)
{
	unsigned char c;

	if (e->len == 0)
		return true;
	c = (unsigned char)e->buf[e->len - 1];
	return c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'));
}

char *
text_escape(const char *s, size_t len)
{
	static const char named[] = "\a\b\t\n\v\f\r\x1b";
	static const char letter[] = "abtnvfre";
	struct esc e = { NULL, 0, 0 };
	const char *p;
	uint32_t cp;
	size_t i = 0, n, k;

	if (s == NULL)
		len = 0;
	else if (len == TEXT_NUL)
		len = strlen(s);
	esc_put(&e, "", 0);
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f) {
			esc_put(&e, s + i, 1);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			if (c != 0 && (p = strchr(named, c)) != NULL) {
				char two[2] = { '\\', letter[p - named] };

				esc_put(&e, two, 2);
			} else
				esc_hex(&e, 'x', 2, c);
			i++;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == TEXT_BAD_CP) {
			for (k = 0; k < n; k++)
				esc_hex(&e, 'x', 2, (unsigned char)s[i + k]);
		} else if ((cp >= 0x80 && cp < 0xA0) || esc_invisible(cp) ||
		    (text_cp_extends(cp) && esc_no_base(&e)))
			esc_hex(&e, cp > 0xFFFF ? 'U' : 'u', cp > 0xFFFF ? 8 : 4, cp);
		else
			esc_put(&e, s + i, n);
		i += n;
	}
	e.buf[e.len] = '\0';
	return e.buf;
}
