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
msg_frame(FILE *f, const char *prefix, const char *suffix, const char *fmt,
    ...)
{
	va_list ap;

	if (prefix != NULL)
		fputs(prefix, f);
	va_start(ap, fmt);
	msg_vprint(f, fmt, ap);
	va_end(ap);
	if (suffix != NULL)
		fputs(suffix, f);
}
