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

/* "tdesk: ", the message and a newline, on stderr. */
void	 msg_error(const char *fmt, ...) TD_PRINTF(1, 2);

/* The message and a newline on f: stderr, or stdout for a report. */
void	 msg_line(FILE *f, const char *fmt, ...) TD_PRINTF(2, 3);

/* The message alone on f, without a newline. */
void	 msg_print(FILE *f, const char *fmt, ...) TD_PRINTF(2, 3);
void	 msg_vprint(FILE *f, const char *fmt, va_list ap) TD_PRINTF(2, 0);

#endif
