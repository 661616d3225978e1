/*
 * libFuzzer target for the cleaning of backend text: http_clean() (the
 * first byte picks the cap) and http_error_text() with no reader and with
 * each backend's (zendesk_error_text, statuspage_error_text,
 * payments_error_text), on the rest of the input as an error body. What
 * comes out is valid UTF-8 with no C0 or C1 control, DEL or ESC, within
 * its cap plus "...", and cleaning it again changes nothing; text that
 * needed no cleaning comes out as it went in.
 */
#include "api/http.h"
#include "api/payments.h"
#include "api/statuspage.h"
#include "api/zendesk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Strict UTF-8 without C0, C1 or DEL: written apart from api/ecma48.c. */
static int
fuzz_clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len = strlen(s), k, n;
	uint32_t v;

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		if ((p[i] & 0xE0) == 0xC0)
			n = 2;
		else if ((p[i] & 0xF0) == 0xE0)
			n = 3;
		else if ((p[i] & 0xF8) == 0xF0)
			n = 4;
		else
			return 0;
		if (i + n > len)
			return 0;
		v = p[i] & (0x7Fu >> n);
		for (k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return 0;
			v = v << 6 | (p[i + k] & 0x3Fu);
		}
		/* n == 2 && v < 0xA0: overlong, or a C1 control. */
		if ((n == 2 && v < 0xA0) || (n == 3 && v < 0x800) ||
		    (n == 4 && v < 0x10000) || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		i += n;
	}
	return 1;
}

/* Printable ASCII only: nothing http_clean() would change. */
static int
fuzz_plain(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	}
	return 1;
}

/* out is clean text of at most max bytes, or max and "..." after. */
static void
fuzz_check(const char *out, size_t max)
{
	size_t n = strlen(out);
	char *again;

	if (!fuzz_clean_utf8(out) || n > max + 3)
		abort();
	if (n > max && (n < 3 || memcmp(out + n - 3, "...", 3) != 0))
		abort();
	/* Clean text is left alone. */
	again = http_clean(out, n, n);
	if (strcmp(again, out) != 0)
		abort();
	free(again);
}

static void
fuzz_error_text(void (*reader)(const char *, size_t, char **, char **),
    const char *body, size_t len)
{
	char *code = (char *)1, *text = (char *)1;

	http_error_text(reader, body, len, &code, &text);
	if (code == (char *)1 || text == (char *)1)
		abort();
	if (code != NULL)
		fuzz_check(code, HTTP_ERROR_CODE_MAX);
	if (text != NULL)
		fuzz_check(text, HTTP_ERROR_TEXT_MAX);
	if (len == 0 && (code != NULL || text != NULL))
		abort();
	free(code);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	size_t max, len;
	char *out;

	if (size == 0)
		return 0;
	max = data[0];
	text = (const char *)data + 1;
	len = size - 1;

	out = http_clean(text, len, max);
	fuzz_check(out, max);
	if (fuzz_plain(text, len) && len <= max &&
	    (strlen(out) != len || memcmp(out, text, len) != 0))
		abort();
	free(out);

	fuzz_error_text(NULL, text, len);
	fuzz_error_text(zendesk_error_text, text, len);
	fuzz_error_text(statuspage_error_text, text, len);
	fuzz_error_text(payments_error_text, text, len);
	return 0;
}
