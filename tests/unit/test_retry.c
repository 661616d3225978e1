/*
 * Unit tests for api/retry.c: Retry-After in its four forms (seconds,
 * IMF-fixdate, RFC 850, asctime), what it refuses, clamping, and the
 * full-jitter backoff's range.
 */
#include "test.h"

#include "api/retry.h"

/* Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example. */
#define EXAMPLE_S	INT64_C(784111777)

static void
retry_after_parses_delta_seconds(void)
{
	static const struct {
		const char	*in;
		int64_t		 want;
	} cases[] = {
		{ "0", 0 }, { "1", 1 }, { "120", 120 }, { " 30\t", 30 },
		{ "007", 7 }, { "99999999999999999999999", INT32_MAX },
	};
	size_t i;
	int64_t d;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		d = -1;
		if (retry_after_parse(cases[i].in, 0, &d) != 0)
			TEST_FAIL("\"%s\" refused", cases[i].in);
		CHECK_INT(d, cases[i].want);
	}
}

static void
retry_after_parses_the_three_http_date_forms(void)
{
	static const char *const forms[] = {
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"  Sun, 06 Nov 1994 08:49:37 GMT  ",
	};
	size_t i;
	int64_t d, t;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		if (retry_http_date_parse(forms[i], &t) != 0) {
			TEST_FAIL("\"%s\" refused", forms[i]);
			continue;
		}
		CHECK_INT(t, EXAMPLE_S);
		CHECK(retry_after_parse(forms[i], EXAMPLE_S - 42, &d) == 0);
		CHECK_INT(d, 42);
	}
}

static void
retry_after_dates_land_on_the_right_second(void)
{
	static const struct {
		const char	*in;
		int64_t		 want;
	} cases[] = {
		{ "Thu, 01 Jan 1970 00:00:00 GMT", 0 },
		{ "Tue, 29 Feb 2000 12:00:00 GMT", INT64_C(951825600) },
		{ "Sat, 31 Dec 2016 23:59:60 GMT", INT64_C(1483228800) },
		{ "Tue, 19 Jan 2038 03:14:08 GMT", INT64_C(2147483648) },
		{ "Wed, 01 Mar 2100 00:00:00 GMT", INT64_C(4107542400) },
		{ "Thursday, 01-Jan-70 00:00:00 GMT", 0 },
		{ "Friday, 31-Dec-69 23:59:59 GMT", INT64_C(3155759999) },
		{ "Mon Jan 15 10:00:00 2024", INT64_C(1705312800) },
	};
	size_t i;
	int64_t t;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = -1;
		if (retry_http_date_parse(cases[i].in, &t) != 0)
			TEST_FAIL("\"%s\" refused", cases[i].in);
		CHECK_INT(t, cases[i].want);
	}
}

static void
retry_after_in_the_past_means_now(void)
{
	int64_t d = -1;

	CHECK(retry_after_parse("Sun, 06 Nov 1994 08:49:37 GMT",
	    EXAMPLE_S + 3600, &d) == 0);
	CHECK_INT(d, 0);
}

static void
retry_after_refuses_what_is_not_in_the_grammar(void)
{
	static const char *const bad[] = {
		"", "   ", "-1", "+5", "1.5", "5s", "0x10", "12 34",
		"Sun, 06 Nov 1994 08:49:37 UTC",
		"Sun, 06 Nov 1994 08:49:37 GMT x",
		"Sun, 6 Nov 1994 08:49:37 GMT",
		"sun, 06 Nov 1994 08:49:37 GMT",
		"Sun, 06 nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 94 08:49:37 GMT",
		"Xyz, 06 Nov 1994 08:49:37 GMT",
		"Sun, 31 Nov 1994 08:49:37 GMT",
		"Sun, 29 Feb 1900 08:49:37 GMT",
		"Sun, 00 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:00:00 GMT",
		"Sun, 06 Nov 1994 08:60:00 GMT",
		"Sun, 06 Nov 1994 08:49:61 GMT",
		"Sun, 06 Nov 1969 08:49:37 GMT",
		"Sunday, 06-Nov-1994 08:49:37 GMT",
		"Sun Nov 6 08:49:37 1994",
		"Sun Nov  6 08:49:37 94",
		"Sun,06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:37",
		"2024-01-15T10:00:00Z",
	};
	size_t i;
	int64_t d = 77;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (retry_after_parse(bad[i], 0, &d) == 0)
			TEST_FAIL("\"%s\" taken as %lld", bad[i],
			    (long long)d);
		CHECK_INT(d, 77);
	}
	CHECK(retry_after_parse(NULL, 0, &d) != 0);
}

static void
clamp_keeps_values_in_range(void)
{
	CHECK_INT(retry_clamp(0, 1, 300), 1);
	CHECK_INT(retry_clamp(5, 1, 300), 5);
	CHECK_INT(retry_clamp(INT32_MAX, 1, 300), 300);
}

static void
backoff_is_uniform_below_a_doubling_ceiling(void)
{
	unsigned a;

	CHECK_INT(retry_backoff_ms(1000, 30000, 0, UINT32_MAX), 1000);
	CHECK_INT(retry_backoff_ms(1000, 30000, 0, 0), 0);
	CHECK_INT(retry_backoff_ms(1000, 30000, 3, UINT32_MAX), 8000);
	CHECK_INT(retry_backoff_ms(1000, 30000, 5, UINT32_MAX), 30000);
	CHECK_INT(retry_backoff_ms(1000, 30000, 4, UINT32_MAX / 2), 7999);
	for (a = 0; a < 200; a += 7) {
		int64_t v = retry_backoff_ms(500, 20000, a, UINT32_MAX);

		CHECK(v >= 0 && v <= 20000);
	}
	CHECK_INT(retry_backoff_ms(INT64_MAX, INT64_MAX, 64, UINT32_MAX),
	    INT32_MAX);
	CHECK_INT(retry_backoff_ms(0, 1000, 1, UINT32_MAX), 0);
}

static const struct test tests[] = {
	T(retry_after_parses_delta_seconds),
	T(retry_after_parses_the_three_http_date_forms),
	T(retry_after_dates_land_on_the_right_second),
	T(retry_after_in_the_past_means_now),
	T(retry_after_refuses_what_is_not_in_the_grammar),
	T(clamp_keeps_values_in_range),
	T(backoff_is_uniform_below_a_doubling_ceiling),
};

TEST_MAIN(tests)
