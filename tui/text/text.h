/*
 * Text from backends, made safe and measured for the terminal: one
 * sanitiser for every string that reaches the screen, and display-width
 * functions (CJK, emoji, combining marks) that list columns are cut and
 * padded with. Pure: no curses, no locale, no libc wide-character calls;
 * UTF-8 decoding and the Unicode 15.0 width tables are our own, so the
 * answers are the same on every machine.
 */
#ifndef TDESK_TEXT_H
#define TDESK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes one output line of text_sanitize() may hold when cap is 0. */
#define TEXT_CAP_DEFAULT	(64 * 1024)

/* A length meaning "up to the NUL": text_sanitize(s, TEXT_NUL, ...). */
#define TEXT_NUL		((size_t)-1)

/* What text_utf8_decode() stores for a byte sequence that is not UTF-8. */
#define TEXT_BAD_CP		0xFFFFFFFFu

/* Flags for text_sanitize() (and TEXT_ASCII for text_fit() too). */
#define TEXT_KEEP_LF	0x01u	/* keep line breaks (bodies), else spaces */
#define TEXT_KEEP_TAB	0x02u	/* keep TAB, else a space */
#define TEXT_ASCII	0x04u	/* ASCII-only output, for non-UTF-8 locales */

/* Flags for text_fit() and text_pad(). */
#define TEXT_ELLIPSIS	0x10u	/* mark a cut with "…" ("~" with TEXT_ASCII) */
#define TEXT_PAD	0x20u	/* pad with spaces to exactly cols columns */
#define TEXT_RIGHT	0x40u	/* with TEXT_PAD: pad on the left (numbers) */

/*
 * Make len bytes of untrusted text (any bytes, NULs included; len TEXT_NUL
 * for a NUL-terminated string; in may be NULL when len is 0) safe to write
 * to a terminal. Returns a new NUL-terminated string the caller frees;
 * never NULL.
 *
 * The output is valid UTF-8 (with TEXT_ASCII: ASCII) and holds no byte
 * below 0x20 other than LF (only with TEXT_KEEP_LF) and TAB (only with
 * TEXT_KEEP_TAB), no DEL, no C1 code point (U+0080-U+009F), no ESC:
 *  - escape sequences go whole: CSI (ESC [ or U+009B, its parameter and
 *    intermediate bytes, up to a final byte 0x40-0x7E), OSC, DCS, SOS, PM
 *    and APC (ESC ] P X ^ _ or U+009D U+0090 U+0098 U+009E U+009F, up to
 *    BEL, ST, CAN or SUB, or to the end of the input if unterminated), and
 *    two-byte and nF escapes (ESC 7, ESC c, ESC ( B). Other C0 and C1
 *    controls and DEL are dropped. Raw bytes 0x80-0x9F are not UTF-8: each
 *    is a U+FFFD like any invalid byte, and starts no sequence.
 *  - CR LF, a lone CR, LF, U+2028 and U+2029 are each one line break: LF
 *    with TEXT_KEEP_LF, else a space (so "safe\rEVIL" shows both words).
 *  - Invisible characters that reorder or hide text become visible markers
 *    "⟨NAME⟩" (U+27E8, U+27E9; "<NAME>" with TEXT_ASCII): bidi controls
 *    LRE RLE PDF LRO RLO LRI RLI FSI PDI LRM RLM ALM, and ZWSP ZWNJ ZWJ WJ
 *    BOM; other invisible format characters (Cf, e.g. U+2062) as
 *    "⟨U+2062⟩", tag characters as "⟨TAG⟩". Kept as they are: ZWJ between
 *    two emoji (👩‍💻), ZWJ and ZWNJ between two letters of a script that
 *    shapes with them (Arabic, Persian, Indic, ...), tag characters in an
 *    emoji tag sequence (the flag of England), and the visible Cf (soft
 *    hyphen, Arabic number signs). A BOM as the very first character is
 *    dropped: it tells the encoding, it is not text.
 *  - Invalid UTF-8 becomes U+FFFD ("?" with TEXT_ASCII), one for each
 *    maximal ill-formed subpart as Unicode recommends: truncated sequences,
 *    bad or lone bytes, overlong forms (C0 AF is two), surrogates (ED A0 80
 *    is three), code points above U+10FFFF.
 *  - A combining mark with nothing to combine with (at the start of a line,
 *    or after a marker) gets U+25CC DOTTED CIRCLE as its base, so it can
 *    never land on a neighbouring cell.
 *  - A line longer than cap bytes (0: TEXT_CAP_DEFAULT) is cut at a
 *    character boundary and ends with "⟨truncated⟩" ("<truncated>"); the
 *    rest of that line is dropped. So no output line is longer than cap
 *    plus the marker, and with the default cap the output is at most five
 *    times the input.
 *  - With TEXT_ASCII, each grapheme cluster that is not ASCII becomes one
 *    "?" (so "é" and "e" + U+0301 both give "?", and 👩‍💻 gives "?").
 *
 * Private-use, unassigned and noncharacter code points pass unchanged.
 */
char	*text_sanitize(const char *in, size_t len, unsigned flags, size_t cap);

/*
 * text_sanitize() for a single-line cell (subject, name): line breaks and
 * TABs are spaces, runs of spaces become one, and leading and trailing
 * spaces go. Of flags only TEXT_ASCII counts. Returns a new string the
 * caller frees.
 */
char	*text_sanitize_line(const char *in, size_t len, unsigned flags);

/*
 * len bytes of text a user typed (an operand, a file or profile name; len
 * TEXT_NUL for a NUL-terminated string; s may be NULL when len is 0) as it
 * is echoed in a message: whatever could act on a terminal or hide is
 * shown as a C-style escape, the rest is left as it is. Returns a new
 * string the caller frees; never NULL.
 *  - \a \b \t \n \v \f \r \e for BEL, BS, TAB, LF, VT, FF, CR and ESC; \xHH
 *    for any other C0 control, for DEL, and for each byte of invalid UTF-8
 *    (so a stray 0x9B is \x9B);
 *  - \uHHHH (\UHHHHHHHH above U+FFFF) for a C1 control (U+0080-U+009F),
 *    a line or paragraph separator, an invisible format character (bidi
 *    controls, ZWSP, ZWNJ, ZWJ, WJ, BOM, tag characters, any other Cf),
 *    and a combining mark with no base to sit on (first, or after an ASCII
 *    space or punctuation);
 *  - everything else unchanged, a backslash included. So the output is
 *    valid UTF-8 holding no control or invisible character, and escaping
 *    it again changes nothing: a message may escape a text that already
 *    holds escaped parts.
 * Unlike text_sanitize(), nothing is removed: the user sees what was typed.
 */
char	*text_escape(const char *s, size_t len);

/*
 * Display width of a NUL-terminated string in terminal columns (NULL: 0),
 * summed over grapheme clusters:
 *  - East Asian Wide and Fullwidth (CJK, kana, Hangul syllables, fullwidth
 *    forms) and emoji-presentation characters: 2;
 *  - combining marks (Mn, Me), format characters (Cf), variation
 *    selectors, Hangul medial vowels and final consonants: 0;
 *  - spacing marks (Mc, e.g. Devanagari U+093F): 1, as terminals draw them;
 *  - an emoji ZWJ sequence (👩‍💻, 🏳️‍🌈), an emoji with a skin-tone
 *    modifier (👍🏽), and a pair of regional indicators (🇵🇱): 2 as one
 *    glyph; a lone regional indicator: 1;
 *  - U+FE0F after a character that is text by default does not widen it
 *    ("❤️" is 1), as glibc, xterm and tmux 3.3 draw it;
 *  - everything else, East Asian Ambiguous included, 1;
 *  - a control (C0, DEL, C1) or an invalid byte sequence, which should
 *    not be there (sanitise first): 1, as text_fit() draws it, U+FFFD.
 */
int	 text_width(const char *s);

/*
 * The length in bytes of the first grapheme cluster of the len bytes at s
 * (at least 1 when len > 0, 0 when len is 0), and in *width (if not NULL)
 * its display width as text_width() counts it. A cluster is a base
 * character with the marks, variation selectors, modifiers and ZWJ-joined
 * emoji that follow it, a regional-indicator pair, or a Hangul syllable
 * sequence; an invalid byte sequence or a control is a cluster of its own.
 * For cursor movement in line editors as well as for text_fit().
 */
size_t	 text_cluster(const char *s, size_t len, int *width);

/*
 * The byte length of the longest prefix of s made of whole grapheme
 * clusters whose width is at most cols (0 if cols <= 0), and its width in
 * *width (if not NULL). Allocates nothing; s must be NUL-terminated.
 */
size_t	 text_fit_prefix(const char *s, int cols, int *width);

/*
 * s cut to at most cols columns (none if cols <= 0), as a new string the
 * caller frees; never NULL. Never splits a UTF-8 sequence or a grapheme
 * cluster. When s is cut:
 *  - with TEXT_ELLIPSIS the last column is "…" ("~" with TEXT_ASCII),
 *    directly after the last whole cluster that fits;
 *  - without it, a wide character that would straddle the edge is replaced
 *    by a space, so the result is exactly cols wide.
 * With TEXT_PAD the result is padded with spaces to exactly cols columns
 * (on the left with TEXT_RIGHT). s should already be sanitised: text_fit()
 * does not remove escape sequences, but it never emits a control byte (a
 * TAB becomes a space; any other control, and invalid UTF-8, U+FFFD), so
 * its output is valid UTF-8 of the stated width whatever s is. Its cost is
 * in the bytes that fit, plus one strlen(s).
 */
char	*text_fit(const char *s, int cols, unsigned flags);

/* text_fit(s, cols, flags | TEXT_PAD): exactly cols columns. */
char	*text_pad(const char *s, int cols, unsigned flags);

/*
 * Decode the UTF-8 sequence at s (len > 0 bytes available). Returns the
 * number of bytes it takes, 1 to 4, and sets *cp to the code point; for an
 * ill-formed sequence sets *cp to TEXT_BAD_CP and returns the length of
 * its maximal ill-formed subpart (1 to 3), which is what one U+FFFD
 * replaces. Rejects overlong forms, surrogates and values over U+10FFFF.
 * Returns 0 if len is 0.
 */
size_t	 text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp (at most U+10FFFF, not a surrogate) into out[4]; returns 1-4. */
size_t	 text_utf8_encode(uint32_t cp, char *out);

/*
 * Width of one code point on its own: 0, 1 or 2, by the rules of
 * text_width() without the sequence rules (so U+1F3FD alone is 2 and a
 * regional indicator is 1). Controls are 1, like U+FFFD, which is what
 * text_fit() draws for them.
 */
int	 text_cp_width(uint32_t cp);

/*
 * Whether cp continues the grapheme cluster before it: combining and
 * spacing marks, variation selectors, ZWJ, ZWNJ, tag characters, Hangul
 * medial vowels and final consonants. (Emoji modifiers and ZWJ-joined
 * emoji continue a cluster only after an emoji; text_cluster() knows.)
 */
bool	 text_cp_extends(uint32_t cp);

/* Whether cp is Extended_Pictographic (an emoji or a slot kept for one). */
bool	 text_cp_pictographic(uint32_t cp);

#endif
