/*
 * Untrusted text quoted for an error message.
 */
#include "api/quote.h"

#include <string.h>

const char *
quote_for_message(const char *s, size_t len, size_t max, int flags,
    char *out)
{
	static const char hex[] = "0123456789abcdef";
	int text = (flags & QUOTE_TEXT) != 0;
	size_t i, o = 0, n = len > max ? max : len;
	unsigned char c;

	/* Text is cut before a continuation byte, never inside a character. */
	while (text && n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	out[o++] = '"';
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if ((c >= 0x20 && c < 0x7f) || (text && c >= 0x80))
			out[o++] = (char)c;
		else if (text && (c == '\t' || c == '\n')) {
			out[o++] = '\\';
			out[o++] = c == '\t' ? 't' : 'n';
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		}
	}
	if (n < len && text) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	if (n < len && !text) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}
