/*
 * Messages of the command line, escaped on the way out (msg.h).
 */
#include "tui/cli/msg.h"

#include <stdlib.h>

#include "tui/text/text.h"

void
msg_vprint(FILE *f, const char *fmt, va_list ap)
{
	char *raw = xvasprintf(fmt, ap), *shown = text_escape(raw, TEXT_NUL);

	fputs(shown, f);
	free(shown);
	free(raw);
}

void
msg_print(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(f, fmt, ap);
	va_end(ap);
}

void
msg_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vprint(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	fputs("tdesk: ", stderr);
	va_start(ap, fmt);
	msg_vprint(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
