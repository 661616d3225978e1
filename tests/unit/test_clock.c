/*
 * api/clock.c: the millisecond clocks every layer's default now_ms uses.
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

static const struct test tests[] = {
	T(the_monotonic_clock_never_goes_back),
	T(the_monotonic_clock_counts_milliseconds),
	T(the_wall_clock_is_milliseconds_since_the_epoch),
};

TEST_MAIN(tests)
