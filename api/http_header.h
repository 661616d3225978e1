/*
 * The response header lines tdesk reads (ETag, Retry-After, the rate
 * limit headers, Idempotent-Replayed, Content-Encoding, Location), parsed
 * one line at a time as libcurl hands them over. Pure: no libcurl, so the
 * parser is unit-tested and fuzzed alone; http_xfer.c's header callback
 * feeds it.
 */
#ifndef TDESK_HTTP_HEADER_H
#define TDESK_HTTP_HEADER_H

#include <stddef.h>
#include <stdint.h>

/* Longest header line read; a longer one is skipped whole. */
#define HTTP_HEADER_MAX		4096

/* Room for a Retry-After value (with its NUL); a longer one is ignored. */
#define HTTP_RETRY_AFTER_MAX	64

/* Longest Location quoted in a message (before "..."). */
#define HTTP_LOCATION_MAX	300

/*
 * What the header of the answer being read said. Every string is NULL (or
 * empty) or printable: etag, content_encoding and retry_after as sent,
 * but only when they hold no control character; location made safe by http_clean() (NULL when
 * nothing is left of it).
 */
struct http_headers {
	char		*etag;		/* NULL: none */
	char		*content_encoding;	/* "gzip"...; NULL: none */
	char		*location;	/* cleaned, capped; NULL: none */
	char		 retry_after[HTTP_RETRY_AFTER_MAX];	/* as sent,
					 * trimmed; "": none, or too long
					 * or unsafe to keep */
	int64_t		 rate_limit;	/* X-Rate-Limit, RateLimit-Limit;
					 * -1: not sent or not a number */
	int64_t		 rate_remaining;	/* X-Rate-Limit-Remaining,
						 * RateLimit-Remaining; -1 */
	int		 replayed;	/* Idempotent-Replayed: true */
	int		 head_done;	/* the blank line that ends the final
					 * answer's header came (a 1xx
					 * status line undoes it) */
};

/* Empty: no header read yet. */
void	 http_headers_init(struct http_headers *);

/* Free the strings and empty it again. */
void	 http_headers_clear(struct http_headers *);

/*
 * Read one line of len bytes (not NUL-terminated; its CR LF may be there).
 * A status line ("HTTP/...") starts a new answer and forgets the last
 * one's headers (after a 1xx); a blank line ends the header; a repeated
 * header keeps its last value; any other line, or one of
 * HTTP_HEADER_MAX bytes or more, changes nothing.
 */
void	 http_header_line(struct http_headers *, const char *line, size_t len);

#endif
