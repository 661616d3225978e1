/*
 * Text from a backend, read as a terminal would read it: a strict UTF-8
 * decoder, and an ECMA-48 parser that tells, one code point at a time,
 * what is text, what is a lone control and what belongs to an escape or
 * control sequence (to be removed whole, so that nothing of it stays
 * visible). Pure functions, no allocation: http_clean() and the
 * terminal sanitiser (tui/text/sanitize.c) are built on them.
 */
#ifndef TDESK_ECMA48_H
#define TDESK_ECMA48_H

#include <stddef.h>
#include <stdint.h>

/* What ecma48_utf8_decode() gives for bytes that are not UTF-8. */
#define ECMA48_BAD_CP	UINT32_C(0xFFFFFFFF)

/*
 * The code point at s (len > 0 bytes): strict UTF-8 (no overlong forms,
 * surrogates or values past U+10FFFF). Returns the bytes it takes, 1 to
 * 4; for a byte that does not start a valid sequence, 1 and
 * ECMA48_BAD_CP (the next byte is read afresh).
 */
size_t	 ecma48_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Where the parser is; zero is plain text. */
enum ecma48_state {
	ECMA48_TEXT = 0,
	ECMA48_ESC,		/* after ESC */
	ECMA48_ESC_INTER,	/* ESC and intermediate bytes (ESC ( B) */
	ECMA48_CSI,		/* ESC [ or U+009B, in its parameters */
	ECMA48_STRING,		/* OSC, DCS, SOS, PM or APC: ESC ] P X ^ _
				 * or U+009D U+0090 U+0098 U+009E U+009F,
				 * until BEL, ST (ESC \ or U+009C), CAN or
				 * SUB */
	ECMA48_STRING_ESC,	/* ESC inside a string: ST if '\' follows */
};

/* What a code point is. */
enum ecma48_class {
	ECMA48_PRINT,		/* text to show (ECMA48_BAD_CP too: show a
				 * replacement) */
	ECMA48_CONTROL,		/* a C0 or C1 control or DEL that is no part
				 * of a sequence (CR, LF, TAB, BEL...); also a
				 * C0 control inside CSI or ESC, which a
				 * terminal acts on there too */
	ECMA48_SEQUENCE,	/* part of an escape or control sequence */
};

/*
 * Feed one code point (from ecma48_utf8_decode()) to the parser in *st.
 * Returns what it is and moves *st on. A sequence broken by a code point
 * that cannot be in it (a non-ASCII one in CSI) ends there, and that code
 * point is classed as text would class it. An unterminated string swallows
 * everything to the end of the input: the caller stops in a state that is
 * not ECMA48_TEXT.
 */
enum ecma48_class ecma48_step(enum ecma48_state *st, uint32_t cp);

#endif
