/*
 * Unit tests for api/http_header.c: each header tdesk reads, as libcurl
 * hands its lines over (CR LF and all), and what a status line, a blank
 * line, a repeated header or a line that cannot be read does.
 */
#include "test.h"

#include "api/http_header.h"
#include "api/xmalloc.h"

/* Feed each line of lines (NULL-terminated) to a fresh *h. */
static void
feed(struct http_headers *h, const char *const *lines)
{
	http_headers_init(h);
	for (; *lines != NULL; lines++)
		http_header_line(h, *lines, strlen(*lines));
}

static void
each_header_tdesk_reads_is_read(void)
{
	static const char *const lines[] = {
		"HTTP/1.1 429 Too Many Requests\r\n",
		"Content-Type: application/json\r\n",
		"ETag: W/\"5a1\"\r\n",
		"retry-after:\t120 \r\n",
		"X-Rate-Limit: 700\r\n",
		"X-Rate-Limit-Remaining: 0\r\n",
		"Idempotent-Replayed: true\r\n",
		"Content-Encoding: gzip\r\n",
		"Location: https://acme.zendesk.com/access/login\r\n",
		"\r\n",
		NULL,
	};
	struct http_headers h;

	feed(&h, lines);
	CHECK_STR(h.etag, "W/\"5a1\"");
	CHECK_STR(h.retry_after, "120");
	CHECK_INT(h.rate_limit, 700);
	CHECK_INT(h.rate_remaining, 0);
	CHECK_INT(h.replayed, 1);
	CHECK_STR(h.content_encoding, "gzip");
	CHECK_STR(h.location, "https://acme.zendesk.com/access/login");
	CHECK_INT(h.head_done, 1);
	http_headers_clear(&h);
	CHECK(h.etag == NULL && h.location == NULL);
	CHECK_INT(h.rate_limit, -1);
}

static void
values_that_cannot_be_read_leave_the_field_unset(void)
{
	static const struct {
		const char	*line;
		int64_t		 limit, remaining;
		int		 replayed;
	} cases[] = {
		{ "RateLimit-Limit: 100\r\n", 100, -1, 0 },
		{ "ratelimit-remaining: 7\n", -1, 7, 0 },
		{ "X-Rate-Limit: 7x\r\n", -1, -1, 0 },
		{ "X-Rate-Limit: -1\r\n", -1, -1, 0 },
		{ "X-Rate-Limit: \r\n", -1, -1, 0 },
		{ "X-Rate-Limit: 99999999999999999999\r\n", -1, -1, 0 },
		{ "X-Rate-Limit-Remaining: 1 2\r\n", -1, -1, 0 },
		{ "Idempotent-Replayed: TRUE\r\n", -1, -1, 1 },
		{ "Idempotent-Replayed: yes\r\n", -1, -1, 0 },
		{ "X-Rate-Limit 5\r\n", -1, -1, 0 },		/* no colon */
		{ "X-Rate-Limit : 5\r\n", -1, -1, 0 },	/* not the name */
	};
	struct http_headers h;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		http_headers_init(&h);
		http_header_line(&h, cases[i].line, strlen(cases[i].line));
		if (h.rate_limit != cases[i].limit ||
		    h.rate_remaining != cases[i].remaining ||
		    h.replayed != cases[i].replayed)
			TEST_FAIL("case %zu: got %" PRId64 ", %" PRId64 ", %d",
			    i, h.rate_limit, h.rate_remaining, h.replayed);
		http_headers_clear(&h);
	}
}

static void
strings_are_kept_only_when_safe_to_print(void)
{
	static const char etag_ctl[] = "ETag: \"a\x1b[2Jb\"\r\n";
	static const char nul[] = "ETag: \"a\0b\"\r\n";
	static const char *const lines[] = {
		"ETag: \"good\"\r\n",
		etag_ctl,			/* replaces it with nothing */
		"Content-Encoding: gz\x7fip\r\n",
		"Location: /login\x1b]52;c;SGVsbG8=\x07?next=%2F\r\n",
		NULL,
	};
	struct http_headers h;
	char big[HTTP_HEADER_MAX + 16];

	feed(&h, lines);
	CHECK(h.etag == NULL);
	CHECK(h.content_encoding == NULL);
	CHECK_STR(h.location, "/login?next=%2F");
	http_header_line(&h, "Location: \x1b[1m\r\n", 16);
	CHECK(h.location == NULL);
	/* A NUL ends the value. */
	http_header_line(&h, nul, sizeof nul - 1);
	CHECK_STR(h.etag, "\"a");
	/* A Location too long to quote is cut; a header line too long to
	 * read is skipped whole. */
	memcpy(big, "Location: ", 10);
	memset(big + 10, 'x', 400);
	memcpy(big + 410, "\r\n", 2);
	http_header_line(&h, big, 412);
	CHECK_INT(strlen(h.location), HTTP_LOCATION_MAX + 3);
	memcpy(big, "ETag: ", 6);
	memset(big + 6, 'y', sizeof big - 8);
	memcpy(big + sizeof big - 2, "\r\n", 2);
	http_header_line(&h, big, sizeof big);
	CHECK_STR(h.etag, "\"a");
	http_headers_clear(&h);
}

static void
a_retry_after_too_long_or_unsafe_to_keep_clears_the_last_one(void)
{
	static const char bare_cr[] = "Retry-After: 5\r9\r\n";
	struct http_headers h;
	char line[128];

	http_headers_init(&h);
	http_header_line(&h, "Retry-After: 5\r\n", 16);
	snprintf(line, sizeof line, "Retry-After: %0*d\r\n",
	    HTTP_RETRY_AFTER_MAX, 7);
	http_header_line(&h, line, strlen(line));
	CHECK_STR(h.retry_after, "");
	http_header_line(&h, "Retry-After: 6\r\n", 16);
	CHECK_STR(h.retry_after, "6");
	http_header_line(&h, bare_cr, sizeof bare_cr - 1);
	CHECK_STR(h.retry_after, "");		/* a bare CR inside */
	snprintf(line, sizeof line, "Retry-After: %0*d\r\n",
	    HTTP_RETRY_AFTER_MAX - 1, 7);
	http_header_line(&h, line, strlen(line));
	CHECK_INT(strlen(h.retry_after), HTTP_RETRY_AFTER_MAX - 1);
	http_headers_clear(&h);
}

static void
a_status_line_starts_a_new_answer_and_a_blank_line_ends_its_header(void)
{
	static const char *const lines[] = {
		"HTTP/1.1 100 Continue\r\n",
		"ETag: \"early\"\r\n",
		"Retry-After: 3\r\n",
		"\r\n",
		NULL,
	};
	struct http_headers h;

	feed(&h, lines);
	CHECK_INT(h.head_done, 1);
	http_header_line(&h, "HTTP/1.1 200 OK\r\n", 17);
	CHECK_INT(h.head_done, 0);
	CHECK(h.etag == NULL);
	CHECK_STR(h.retry_after, "");
	http_header_line(&h, "ETag: \"late\"\r\n", 14);
	http_header_line(&h, "ETag: \"later\"\r\n", 15);
	CHECK_STR(h.etag, "\"later\"");
	http_header_line(&h, "\n", 1);
	CHECK_INT(h.head_done, 1);
	http_headers_clear(&h);
}

static const struct test tests[] = {
	T(each_header_tdesk_reads_is_read),
	T(values_that_cannot_be_read_leave_the_field_unset),
	T(strings_are_kept_only_when_safe_to_print),
	T(a_retry_after_too_long_or_unsafe_to_keep_clears_the_last_one),
	T(a_status_line_starts_a_new_answer_and_a_blank_line_ends_its_header),
};

TEST_MAIN(tests)
