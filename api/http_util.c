/*
 * String helpers of the HTTP layer: percent-encoding and query strings,
 * backend text made safe for a message, base64 for Basic auth.
 */
#include "api/http.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/ecma48.h"

/* U+FFFD REPLACEMENT CHARACTER, for bytes that are not UTF-8. */
#define HTTP_REPLACEMENT	"\xEF\xBF\xBD"

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

char *
http_clean(const char *s, size_t len, size_t max)
{
	enum ecma48_state st = ECMA48_TEXT;
	char *out = xmalloc(max + 4);
	const char *put;
	size_t i = 0, o = 0, n, k;
	uint32_t cp;

	while (i < len) {
		n = ecma48_utf8_decode(s + i, len - i, &cp);
		switch (ecma48_step(&st, cp)) {
		case ECMA48_SEQUENCE:
			put = NULL;	/* removed, all of it */
			k = 0;
			break;
		case ECMA48_CONTROL:
			put = " ";
			k = 1;
			break;
		default:
			put = cp == ECMA48_BAD_CP ? HTTP_REPLACEMENT : s + i;
			k = cp == ECMA48_BAD_CP ? 3 : n;
			break;
		}
		if (o + k > max)
			goto cut;
		if (k > 0)
			memcpy(out + o, put, k);
		o += k;
		i += n;
	}
	out[o] = '\0';
	return out;
cut:
	memcpy(out + o, "...", 4);
	return out;
}

void
http_error_text(void (*reader)(const char *, size_t, char **, char **),
    const char *body, size_t len, char **code, char **text)
{
	char *c = NULL, *t = NULL;
	size_t n;

	*code = *text = NULL;
	if (body == NULL || len == 0)
		return;
	if (reader != NULL)
		reader(body, len, &c, &t);
	if (c == NULL && t == NULL) {
		for (n = 0; n < len && body[n] != '\r' && body[n] != '\n'; n++)
			;
		if (n > 0)
			*text = http_clean(body, n, HTTP_ERROR_TEXT_MAX);
		return;
	}
	if (c != NULL)
		*code = http_clean(c, strlen(c), HTTP_ERROR_CODE_MAX);
	if (t != NULL)
		*text = http_clean(t, strlen(t), HTTP_ERROR_TEXT_MAX);
	free(c);
	free(t);
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
