/*
 * Retry-After parsing (delta-seconds and the three HTTP-date forms) and
 * full-jitter exponential backoff.
 */
#include "api/retry.h"

#include <stddef.h>
#include <string.h>

#include "api/clock.h"

static const char *const retry_wdays[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const retry_wdays_long[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday"
};
static const char *const retry_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* A cursor over the value: every reader advances p only on success. */
struct retry_scan {
	const char	*p;
};

static int
retry_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n digits. */
static int
retry_digits(struct retry_scan *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!retry_digit(s->p[i]))
			return -1;
		v = v * 10 + (s->p[i] - '0');
	}
	s->p += n;
	*out = v;
	return 0;
}

static int
retry_lit(struct retry_scan *s, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(s->p, lit, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

/* One of the n names in set, matched exactly; its index in *out. */
static int
retry_name(struct retry_scan *s, const char *const *set, int n, int *out)
{
	int i;
	size_t len;

	for (i = 0; i < n; i++) {
		len = strlen(set[i]);
		if (strncmp(s->p, set[i], len) == 0) {
			s->p += len;
			*out = i;
			return 0;
		}
	}
	return -1;
}

/* "HH:MM:SS" with hour <= 23, minute <= 59, second <= 60 (a leap second). */
static int
retry_clock(struct retry_scan *s, int *h, int *m, int *sec)
{
	if (retry_digits(s, 2, h) != 0 || retry_lit(s, ":") != 0 ||
	    retry_digits(s, 2, m) != 0 || retry_lit(s, ":") != 0 ||
	    retry_digits(s, 2, sec) != 0)
		return -1;
	if (*h > 23 || *m > 59 || *sec > 60)
		return -1;
	return 0;
}

static int
retry_make(int y, int mon, int d, int h, int mi, int sec, int64_t *out)
{
	int64_t days;

	if (y < 1970 || clock_civil_days(y, mon + 1, d, &days) != 0)
		return -1;
	*out = days * 86400 + (int64_t)h * 3600 + (int64_t)mi * 60 + sec;
	return 0;
}

/*
 * After the weekday, the two forms that differ only in their separator
 * and year: "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate) or, when
 * rfc850, "Sunday, 06-Nov-94 08:49:37 GMT".
 */
static int
retry_dmy(struct retry_scan *s, int rfc850, int64_t *out)
{
	const char *sep = rfc850 ? "-" : " ";
	int d, mon, y, h, mi, sec;

	if (retry_lit(s, ", ") != 0 || retry_digits(s, 2, &d) != 0 ||
	    retry_lit(s, sep) != 0 ||
	    retry_name(s, retry_months, 12, &mon) != 0 ||
	    retry_lit(s, sep) != 0 ||
	    retry_digits(s, rfc850 ? 2 : 4, &y) != 0 ||
	    retry_lit(s, " ") != 0 || retry_clock(s, &h, &mi, &sec) != 0 ||
	    retry_lit(s, " GMT") != 0)
		return -1;
	/*
	 * RFC 9110 says a two-digit year more than 50 years ahead is in the
	 * past; with no "now" here, 70..99 are 19yy and 00..69 are 20yy,
	 * which agrees with that until 2020 + 50.
	 */
	if (rfc850)
		y += y < 70 ? 2000 : 1900;
	return retry_make(y, mon, d, h, mi, sec, out);
}

/* "Sun Nov  6 08:49:37 1994" after the weekday. */
static int
retry_asctime(struct retry_scan *s, int64_t *out)
{
	int d, mon, y, h, mi, sec;

	if (retry_lit(s, " ") != 0 ||
	    retry_name(s, retry_months, 12, &mon) != 0 ||
	    retry_lit(s, " ") != 0)
		return -1;
	if (s->p[0] == ' ' && retry_digit(s->p[1])) {
		d = s->p[1] - '0';
		s->p += 2;
	} else if (retry_digits(s, 2, &d) != 0)
		return -1;
	if (retry_lit(s, " ") != 0 || retry_clock(s, &h, &mi, &sec) != 0 ||
	    retry_lit(s, " ") != 0 || retry_digits(s, 4, &y) != 0)
		return -1;
	return retry_make(y, mon, d, h, mi, sec, out);
}

/* The value without surrounding spaces and tabs: [*b, *e). */
static void
retry_trim(const char *v, const char **b, const char **e)
{
	const char *end = v + strlen(v);

	while (*v == ' ' || *v == '\t')
		v++;
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*b = v;
	*e = end;
}

int
retry_http_date_parse(const char *value, int64_t *unix_s)
{
	char buf[64];
	const char *b, *e;
	struct retry_scan s;
	int64_t t;
	int wd, rc;

	if (value == NULL)
		return -1;
	retry_trim(value, &b, &e);
	if ((size_t)(e - b) >= sizeof buf)
		return -1;
	memcpy(buf, b, (size_t)(e - b));
	buf[e - b] = '\0';
	s.p = buf;
	/* The long names first: "Sunday" must not match as "Sun" + "day". */
	if (retry_name(&s, retry_wdays_long, 7, &wd) == 0)
		rc = retry_dmy(&s, 1, &t);
	else if (retry_name(&s, retry_wdays, 7, &wd) != 0)
		return -1;
	else if (*s.p == ',')
		rc = retry_dmy(&s, 0, &t);
	else
		rc = retry_asctime(&s, &t);
	if (rc != 0 || *s.p != '\0')
		return -1;
	*unix_s = t;
	return 0;
}

int
retry_after_parse(const char *value, int64_t now_s, int64_t *delay_s)
{
	const char *b, *e, *p;
	int64_t v = 0, when;

	if (value == NULL)
		return -1;
	retry_trim(value, &b, &e);
	if (b == e)
		return -1;
	if (retry_digit(*b)) {
		for (p = b; p < e; p++) {
			if (!retry_digit(*p))
				return -1;
			if (v < INT32_MAX)
				v = v * 10 + (*p - '0');
		}
		*delay_s = v > INT32_MAX ? INT32_MAX : v;
		return 0;
	}
	if (retry_http_date_parse(value, &when) != 0)
		return -1;
	*delay_s = when > now_s ? when - now_s : 0;
	return 0;
}

int64_t
retry_clamp(int64_t v, int64_t lo, int64_t hi)
{
	if (v < lo)
		return lo;
	if (v > hi)
		return hi;
	return v;
}

int64_t
retry_backoff_ms(int64_t base_ms, int64_t cap_ms, unsigned attempt,
    uint32_t rnd)
{
	uint64_t ceiling;

	if (base_ms <= 0 || cap_ms <= 0)
		return 0;
	ceiling = (uint64_t)base_ms;
	while (attempt-- > 0 && ceiling < (uint64_t)cap_ms)
		ceiling *= 2;
	if (ceiling > (uint64_t)cap_ms)
		ceiling = (uint64_t)cap_ms;
	/* At most 2^31 so that ceiling * rnd fits in 64 bits. */
	if (ceiling > INT32_MAX)
		ceiling = INT32_MAX;
	return (int64_t)(ceiling * rnd / UINT32_MAX);
}
