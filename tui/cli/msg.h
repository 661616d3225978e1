/*
 * The command line's messages, made safe to print: whatever a message
 * quotes (an operand, a file, profile or view name, a cause built from
 * them) goes through text_escape(), so control characters, escape
 * sequences, invisible characters and invalid UTF-8 reach the terminal as
 * visible escapes (\e, \x07, \u202E) and never act on it. Everything the
 * command line writes to stderr goes through here; a test greps tui/ for
 * any other way.
 *
 * The format is printf's, checked by the compiler. It is the whole
 * formatted text that is escaped, which is the same as escaping each
 * argument because the format itself is plain text (a control character
 * in it would be shown escaped as well) and text_escape() changes nothing
 * it already escaped.
 */
#ifndef TDESK_MSG_H
#define TDESK_MSG_H

#include <stdarg.h>
#include <stdio.h>

#include "api/xmalloc.h"

/*
 * prefix, the message, then suffix on f. Only the message is escaped:
 * prefix and suffix (NULL: none) are tdesk's own words.
 */
void	 msg_frame(FILE *f, const char *prefix, const char *suffix,
	     const char *fmt, ...) TD_PRINTF(4, 5);

/* "tdesk: ", the message and a newline, on stderr. */
#define msg_error(...)		msg_frame(stderr, "tdesk: ", "\n", __VA_ARGS__)

/* The message and a newline on f: stderr, or stdout for a report. */
#define msg_line(f, ...)	msg_frame((f), NULL, "\n", __VA_ARGS__)

/* The message alone on f, without a newline. */
#define msg_print(f, ...)	msg_frame((f), NULL, NULL, __VA_ARGS__)
void	 msg_vprint(FILE *f, const char *fmt, va_list ap) TD_PRINTF(2, 0);

#endif
