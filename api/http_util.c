/*
 * String helpers of the HTTP layer: percent-encoding and query strings,
 * backend text made safe for a message, base64 for Basic auth.
 */
#include "http.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
http_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

char *
http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	size_t n = 0;
	char *out, *o;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		n += http_unreserved(*p) ? 1 : 3;
	o = out = xmalloc(n + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (http_unreserved(*p))
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

void
http_query_add(char **query, const char *name, const char *value)
{
	char *n = http_escape(name), *v = http_escape(value), *q;

	if (*query == NULL || **query == '\0')
		q = xasprintf("%s=%s", n, v);
	else
		q = xasprintf("%s&%s=%s", *query, n, v);
	free(*query);
	*query = q;
	free(n);
	free(v);
}

void
http_query_add_int(char **query, const char *name, int64_t value)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%" PRId64, value);
	http_query_add(query, name, buf);
}

/* Bytes in the UTF-8 sequence led by c (1 for a stray byte). */
static size_t
http_utf8_len(unsigned char c)
{
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	if (c >= 0xe0)
		return c <= 0xef ? 3 : 1;
	if (c >= 0xc2)
		return 2;
	return 1;
}

char *
http_clean(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(max + 4);
	size_t i = 0, o = 0, n;

	while (i < len) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			n = 1;
			if (o + 1 > max)
				goto cut;
			out[o++] = ' ';
		} else if (p[i] == 0xc2 && i + 1 < len && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			n = 2;		/* a C1 control */
			if (o + 1 > max)
				goto cut;
			out[o++] = ' ';
		} else {
			n = http_utf8_len(p[i]);
			if (n > len - i)
				n = len - i;
			if (o + n > max)
				goto cut;
			memcpy(out + o, p + i, n);
			o += n;
		}
		i += n;
	}
	out[o] = '\0';
	return out;
cut:
	memcpy(out + o, "...", 4);
	return out;
}

char *
http_base64(const void *data, size_t len)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	uint32_t v;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = tab[v >> 6 & 63];
		*o++ = tab[v & 63];
	}
	if (i < len) {
		v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}
