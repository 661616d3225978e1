/*
 * Untrusted text quoted for an error message: a backend's string, a
 * currency the user typed, a value from the configuration file. One
 * function, so that every message escapes and cuts such text alike.
 */
#ifndef TDESK_QUOTE_H
#define TDESK_QUOTE_H

#include <stddef.h>

/* Bytes of the text most messages show before cutting it. */
#define QUOTE_BYTES		40
/* Room quote_for_message() needs for at most max bytes of text: each may
 * become \xNN, plus the quotes, "..." and the NUL. */
#define QUOTE_SIZE(max)		(4 * (size_t)(max) + 8)
#define QUOTE_BUFSIZE		QUOTE_SIZE(QUOTE_BYTES)

/*
 * QUOTE_TEXT: s is text already checked to be UTF-8 (the configuration
 * file's), written with the file's own escapes: characters past ASCII kept,
 * tab and newline as \t and \n, a cut only on a character boundary and its
 * "..." inside the quotes.
 */
#define QUOTE_TEXT		0x1

/*
 * Write len bytes of s into out (QUOTE_SIZE(max) bytes) in double quotes,
 * with '"' and '\' escaped and every other byte that is not printable ASCII
 * as \xNN, so that nothing the text holds can reach the terminal as a
 * control. Past max bytes the text is cut and "..." follows the closing
 * quote. flags 0 or QUOTE_TEXT. Returns out.
 */
const char *quote_for_message(const char *s, size_t len, size_t max,
	     int flags, char *out);

#endif
