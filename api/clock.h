/*
 * The clocks in milliseconds. Code whose tests need time to stand still
 * takes a now_ms callback instead and uses these only as its default.
 * And the one calendar sum that the HTTP dates and JSON timestamps share.
 */
#ifndef TDESK_CLOCK_H
#define TDESK_CLOCK_H

#include <stdint.h>

/* CLOCK_MONOTONIC: for deadlines and waits; its zero means nothing. */
int64_t	 clock_mono_ms(void);
/* CLOCK_REALTIME: milliseconds since the Unix epoch, for what is shown or
 * stored as a time of day. */
int64_t	 clock_wall_ms(void);

/*
 * The days from 1970-01-01 to y-m-d (m 1..12) in the proleptic Gregorian
 * calendar, into *days: 0, or -1 for a month or day the year does not
 * have (changing nothing). No time zone, no locale, no timegm().
 */
int	 clock_civil_days(int64_t y, int m, int d, int64_t *days);

#endif
