/*
 * libFuzzer target for api/retry.c: the input is a Retry-After header
 * value. Whatever is accepted gives a wait of zero or more; a date is
 * consistent with the clock it is read against, and written back as an
 * IMF-fixdate it parses to the same second; whatever is refused changes
 * nothing. The backoff stays in its range for any arguments.
 */
#include "api/retry.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_NOW	INT64_C(1700000000)

/* Names by hand: strftime's %a and %b follow the locale. */
static const char *const fuzz_wdays[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const fuzz_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static void
fuzz_date(const char *s, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char buf[64];
	int64_t d, back;

	if (t < 0)
		abort();
	if (retry_after_parse(s, t, &d) != 0 || d != 0)
		abort();
	if (retry_after_parse(s, t - 5, &d) != 0 || d != 5)
		abort();
	if (gmtime_r(&tt, &tm) == NULL)
		abort();
	snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    fuzz_wdays[tm.tm_wday], tm.tm_mday, fuzz_months[tm.tm_mon],
	    tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (tm.tm_year + 1900 <= 9999 &&
	    (retry_http_date_parse(buf, &back) != 0 || back != t))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	int64_t d = -7, t = -7, b;
	uint32_t rnd = 0;
	size_t i;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (retry_after_parse(s, FUZZ_NOW, &d) == 0) {
		if (d < 0 || d > INT64_C(253402300799))
			abort();
	} else if (d != -7)
		abort();
	if (retry_http_date_parse(s, &t) == 0)
		fuzz_date(s, t);
	else if (t != -7)
		abort();

	for (i = 0; i < size && i < 4; i++)
		rnd = rnd << 8 | data[i];
	b = retry_backoff_ms((int64_t)(size * 37), 30000, (unsigned)size, rnd);
	if (b < 0 || b > 30000)
		abort();
	free(s);
	return 0;
}
