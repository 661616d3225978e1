/*
 * api/clock.c: the millisecond clocks every layer's default now_ms uses,
 * and the day count the HTTP dates and JSON timestamps share.
 */
#include "test.h"

#include <time.h>

#include "api/clock.h"

static void
the_monotonic_clock_never_goes_back(void)
{
	int64_t a, b;
	int i;

	a = clock_mono_ms();
	for (i = 0; i < 1000; i++) {
		b = clock_mono_ms();
		CHECK(b >= a);
		a = b;
	}
}

static void
the_monotonic_clock_counts_milliseconds(void)
{
	struct timespec nap = { 0, 30 * 1000000L };
	int64_t a = clock_mono_ms(), d;

	while (nanosleep(&nap, &nap) != 0)
		;
	d = clock_mono_ms() - a;
	CHECK(d >= 30);
	CHECK(d < 5000);
}

static void
the_wall_clock_is_milliseconds_since_the_epoch(void)
{
	int64_t before = (int64_t)time(NULL) * 1000, ms = clock_wall_ms();
	int64_t after = (int64_t)time(NULL) * 1000 + 1000;

	CHECK(ms >= before);
	CHECK(ms <= after);
}

static void
civil_days_count_from_the_epoch_and_refuse_days_a_month_lacks(void)
{
	static const struct {
		int64_t	 y;
		int	 m, d, rc;
		int64_t	 days;
	} t[] = {
		{ 1970, 1, 1, 0, 0 },
		{ 1969, 12, 31, 0, -1 },
		{ 2000, 2, 29, 0, 11016 },
		{ 2024, 12, 31, 0, 20088 },
		{ 1900, 2, 29, -1, 0 },
		{ 2023, 2, 29, -1, 0 },
		{ 2023, 4, 31, -1, 0 },
		{ 2023, 13, 1, -1, 0 },
		{ 2023, 0, 1, -1, 0 },
		{ 2023, 1, 0, -1, 0 },
	};
	int64_t days;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		days = 77;
		CHECK_INT(clock_civil_days(t[i].y, t[i].m, t[i].d, &days),
		    t[i].rc);
		CHECK_INT(days, t[i].rc == 0 ? t[i].days : 77);
	}
}

static const struct test tests[] = {
	T(the_monotonic_clock_never_goes_back),
	T(the_monotonic_clock_counts_milliseconds),
	T(the_wall_clock_is_milliseconds_since_the_epoch),
	T(civil_days_count_from_the_epoch_and_refuse_days_a_month_lacks),
};

TEST_MAIN(tests)
