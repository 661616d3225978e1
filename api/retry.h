/*
 * When to try a request again: the Retry-After header (delta-seconds or an
 * HTTP date), and exponential backoff with full jitter. Pure functions: the
 * current time and the random number are arguments, so tests are exact.
 */
#ifndef TDESK_RETRY_H
#define TDESK_RETRY_H

#include <stdint.h>

#include "api/xmalloc.h"

/*
 * Parse a Retry-After value (RFC 9110 §10.2.3) into the seconds to wait
 * from now_s (unix seconds). Accepted: delta-seconds ("120"; a value past
 * INT32_MAX is taken as INT32_MAX), and an HTTP-date in any of the three
 * forms RFC 9110 §5.6.7 has recipients accept:
 *
 *	Sun, 06 Nov 1994 08:49:37 GMT	IMF-fixdate
 *	Sunday, 06-Nov-94 08:49:37 GMT	obsolete RFC 850 (yy < 70: 20yy)
 *	Sun Nov  6 08:49:37 1994	obsolete asctime
 *
 * Leading and trailing spaces and tabs are ignored; names are matched
 * case-sensitively, as the grammar has them; the weekday must be a real
 * name but is not checked against the date. A date in the past gives 0.
 * Returns 0 and sets *delay_s (>= 0), or -1 for anything else, leaving
 * *delay_s alone. Clamping to a sane range is the caller's (retry_clamp).
 */
int	 retry_after_parse(const char *value, int64_t now_s, int64_t *delay_s)
	     TD_WUR;

/*
 * Parse just an HTTP-date (the three forms above) to unix seconds; 0 or
 * -1. Years before 1970 are refused.
 */
int	 retry_http_date_parse(const char *value, int64_t *unix_s) TD_WUR;

/* v limited to [lo, hi] (lo <= hi). */
int64_t	 retry_clamp(int64_t v, int64_t lo, int64_t hi);

/*
 * Full-jitter backoff before retry number attempt (0 for the first retry):
 * a uniformly chosen value in [0, min(cap_ms, base_ms * 2^attempt)], taken
 * from rnd (any 32-bit random number). Never overflows, whatever attempt.
 */
int64_t	 retry_backoff_ms(int64_t base_ms, int64_t cap_ms, unsigned attempt,
	     uint32_t rnd);

#endif
