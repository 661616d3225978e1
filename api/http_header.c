/*
 * Parsing the response header lines tdesk reads: see http_header.h.
 */
#include "api/http_header.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/http.h"
#include "api/xmalloc.h"

void
http_headers_init(struct http_headers *h)
{
	memset(h, 0, sizeof *h);
	h->rate_limit = -1;
	h->rate_remaining = -1;
}

void
http_headers_clear(struct http_headers *h)
{
	free(h->etag);
	free(h->content_encoding);
	free(h->location);
	http_headers_init(h);
}

/* A whole non-negative decimal number, or -1. */
static int64_t
http_header_int(const char *v)
{
	int64_t n = 0;

	if (*v < '0' || *v > '9')
		return -1;
	for (; *v >= '0' && *v <= '9'; v++) {
		if (n > INT64_MAX / 10 - 10)
			return -1;
		n = n * 10 + (*v - '0');
	}
	return *v == '\0' ? n : -1;
}

/* Whether v holds a control character (a bare CR, say: lines end at LF). */
static int
http_header_controls(const char *v)
{
	const unsigned char *p;

	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	}
	return 0;
}

/* A copy of v if it has no control character, else NULL. */
static char *
http_header_word(const char *v)
{
	return http_header_controls(v) ? NULL : xstrdup(v);
}

/* *slot = s, freeing what was there. */
static void
http_header_set(char **slot, char *s)
{
	free(*slot);
	*slot = s;
}

void
http_header_line(struct http_headers *h, const char *data, size_t n)
{
	char line[HTTP_HEADER_MAX], *v, *end;
	size_t len;

	if (n >= sizeof line)
		return;
	memcpy(line, data, n);
	line[n] = '\0';
	if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0) {
		h->head_done = 1;
		return;
	}
	if (strncmp(line, "HTTP/", 5) == 0) {
		/* A new answer (after a 1xx): forget the last one's. */
		http_headers_clear(h);
		return;
	}
	/* A NUL inside ends the line here: what follows is not read. */
	if ((v = strchr(line, ':')) == NULL)
		return;
	*v++ = '\0';
	while (*v == ' ' || *v == '\t')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' ||
	    end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	len = (size_t)(end - v);
	if (strcasecmp(line, "etag") == 0)
		http_header_set(&h->etag, http_header_word(v));
	else if (strcasecmp(line, "retry-after") == 0) {
		if (len < sizeof h->retry_after && !http_header_controls(v))
			memcpy(h->retry_after, v, len + 1);
		else
			h->retry_after[0] = '\0';
	} else if (strcasecmp(line, "content-encoding") == 0)
		http_header_set(&h->content_encoding, http_header_word(v));
	else if (strcasecmp(line, "location") == 0) {
		http_header_set(&h->location, http_clean(v, len,
		    HTTP_LOCATION_MAX));
		if (h->location[0] == '\0')
			http_header_set(&h->location, NULL);	/* none left */
	}
	else if (strcasecmp(line, "x-rate-limit") == 0 ||
	    strcasecmp(line, "ratelimit-limit") == 0)
		h->rate_limit = http_header_int(v);
	else if (strcasecmp(line, "x-rate-limit-remaining") == 0 ||
	    strcasecmp(line, "ratelimit-remaining") == 0)
		h->rate_remaining = http_header_int(v);
	else if (strcasecmp(line, "idempotent-replayed") == 0)
		h->replayed = strcasecmp(v, "true") == 0;
}
