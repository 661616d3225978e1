/*
 * libFuzzer target for api/http_header.c: the input is a response header,
 * cut into lines after each '\n' as libcurl hands them over, then given
 * once more as a single line. After every line the record keeps its
 * contract (strings printable and bounded, numbers -1 or more, flags 0 or
 * 1), a status line empties it, a blank line ends the header, and each
 * header tdesk reads holds what a second, simpler reading of the same line
 * finds.
 */
#include "api/http_header.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Strict UTF-8 without C0, C1 or DEL: written apart from api/ecma48.c. */
static int
fuzz_printable_utf8(const char *s)
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
		if ((n == 2 && v < 0xA0) || (n == 3 && v < 0x800) ||
		    (n == 4 && v < 0x10000) || v > 0x10FFFF ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		i += n;
	}
	return 1;
}

static int
fuzz_no_control(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* The record's contract, whatever came before. */
static void
fuzz_check(const struct http_headers *h)
{
	size_t n;

	if (h->etag != NULL && (!fuzz_no_control(h->etag) ||
	    strlen(h->etag) >= HTTP_HEADER_MAX))
		abort();
	if (h->content_encoding != NULL &&
	    (!fuzz_no_control(h->content_encoding) ||
	    strlen(h->content_encoding) >= HTTP_HEADER_MAX))
		abort();
	if (h->location != NULL && (!fuzz_printable_utf8(h->location) ||
	    strlen(h->location) > HTTP_LOCATION_MAX + 3 ||
	    h->location[0] == '\0'))
		abort();
	n = strnlen(h->retry_after, sizeof h->retry_after);
	if (n >= sizeof h->retry_after || !fuzz_no_control(h->retry_after) ||
	    (n > 0 && (h->retry_after[0] == ' ' || h->retry_after[0] == '\t' ||
	    h->retry_after[n - 1] == ' ' || h->retry_after[n - 1] == '\t')))
		abort();
	if (h->rate_limit < -1 || h->rate_remaining < -1)
		abort();
	if ((h->replayed != 0 && h->replayed != 1) ||
	    (h->head_done != 0 && h->head_done != 1))
		abort();
}

/*
 * The same line read another way: up to a NUL, name before the first
 * ':', value after it without the blanks around it. 0, or -1 when it is
 * no header line.
 */
static int
fuzz_split(const char *line, size_t len, char *name, char *value)
{
	size_t n = strnlen(line, len), c, a, b;
	const char *colon = memchr(line, ':', n);

	if (colon == NULL)
		return -1;
	c = (size_t)(colon - line);
	memcpy(name, line, c);
	name[c] = '\0';
	for (a = c + 1; a < n && (line[a] == ' ' || line[a] == '\t'); a++)
		;
	for (b = n; b > a && strchr("\r\n \t", line[b - 1]) != NULL; b--)
		;
	memcpy(value, line + a, b - a);
	value[b - a] = '\0';
	return 0;
}

/* The decimal value, or -1; NULL *big says whether it is a huge one. */
static int64_t
fuzz_decimal(const char *v, int *big)
{
	uint64_t n = 0;
	size_t i;

	*big = 0;
	if (*v == '\0')
		return -1;
	for (i = 0; v[i] != '\0'; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		if (n > UINT64_C(900000000000000000))
			*big = 1;
		else
			n = n * 10 + (uint64_t)(v[i] - '0');
	}
	return *big ? -1 : (int64_t)n;
}

static void
fuzz_same_number(int64_t got, const char *value)
{
	int big;
	int64_t want = fuzz_decimal(value, &big);

	/* Past 9e17 the parser may or may not refuse; never misread. */
	if (big ? got != -1 && got < INT64_C(900000000000000000) : got != want)
		abort();
}

/* One line in, then the record checked against the line. */
static void
fuzz_line(struct http_headers *h, const char *line, size_t len)
{
	static char name[HTTP_HEADER_MAX], value[HTTP_HEADER_MAX];

	http_header_line(h, line, len);
	fuzz_check(h);
	if (len >= HTTP_HEADER_MAX)
		return;
	if ((len == 2 && memcmp(line, "\r\n", 2) == 0) ||
	    (len == 1 && line[0] == '\n')) {
		if (!h->head_done)
			abort();
		return;
	}
	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		if (h->etag != NULL || h->content_encoding != NULL ||
		    h->location != NULL || h->retry_after[0] != '\0' ||
		    h->rate_limit != -1 || h->rate_remaining != -1 ||
		    h->replayed || h->head_done)
			abort();
		return;
	}
	if (fuzz_split(line, len, name, value) != 0)
		return;
	if (strcasecmp(name, "etag") == 0) {
		if (fuzz_no_control(value) ? h->etag == NULL ||
		    strcmp(h->etag, value) != 0 : h->etag != NULL)
			abort();
	} else if (strcasecmp(name, "content-encoding") == 0) {
		if (fuzz_no_control(value) ? h->content_encoding == NULL ||
		    strcmp(h->content_encoding, value) != 0 :
		    h->content_encoding != NULL)
			abort();
	} else if (strcasecmp(name, "retry-after") == 0) {
		if (strlen(value) < sizeof h->retry_after &&
		    fuzz_no_control(value) ?
		    strcmp(h->retry_after, value) != 0 :
		    h->retry_after[0] != '\0')
			abort();
	} else if (strcasecmp(name, "location") == 0) {
		if (value[0] == '\0' && h->location != NULL)
			abort();
	} else if (strcasecmp(name, "x-rate-limit") == 0 ||
	    strcasecmp(name, "ratelimit-limit") == 0)
		fuzz_same_number(h->rate_limit, value);
	else if (strcasecmp(name, "x-rate-limit-remaining") == 0 ||
	    strcasecmp(name, "ratelimit-remaining") == 0)
		fuzz_same_number(h->rate_remaining, value);
	else if (strcasecmp(name, "idempotent-replayed") == 0) {
		if (h->replayed != (strcasecmp(value, "true") == 0))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nl;
	struct http_headers h;
	size_t left = size, n;

	http_headers_init(&h);
	while (left > 0) {
		nl = memchr(p, '\n', left);
		n = nl != NULL ? (size_t)(nl - p) + 1 : left;
		fuzz_line(&h, p, n);
		p += n;
		left -= n;
	}
	fuzz_line(&h, (const char *)data, size);
	http_headers_clear(&h);
	if (h.etag != NULL || h.location != NULL || h.rate_limit != -1)
		abort();
	return 0;
}
