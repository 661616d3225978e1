/*
 * The clocks in milliseconds, and days since the epoch for a date.
 */
#include "api/clock.h"

#include <time.h>

static int64_t
clock_ms(clockid_t id)
{
	struct timespec ts;

	/* Neither clock can fail with a valid id and pointer. */
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
clock_mono_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

int64_t
clock_wall_ms(void)
{
	return clock_ms(CLOCK_REALTIME);
}

static int
clock_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Howard Hinnant's days_from_civil, after the month's length is checked. */
int
clock_civil_days(int64_t y, int m, int d, int64_t *days)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int64_t era, yoe, doy, doe;

	if (m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && clock_leap(y)))
		return -1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*days = era * 146097 + doe - 719468;
	return 0;
}
