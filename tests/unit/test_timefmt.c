/*
 * Unit tests for tui/text/timefmt.c: ages, RFC 3339, and the resolved zone
 * table agreeing with the direct (TZ-setting) formatter across daylight
 * saving changes in both hemispheres.
 */
#include "test.h"

#include "tui/config/config.h"
#include "tui/text/timefmt.h"

static struct config_zone zones[] = {
	{ CONFIG_ZONE_UTC, (char *)"UTC", 0 },
	{ CONFIG_ZONE_IANA, (char *)"America/Los_Angeles", 0 },
	{ CONFIG_ZONE_IANA, (char *)"Europe/Warsaw", 0 },
	{ CONFIG_ZONE_IANA, (char *)"Australia/Sydney", 0 },
	{ CONFIG_ZONE_OFFSET, (char *)"+05:30", 330 },
};
#define NZONES (sizeof zones / sizeof zones[0])

static void
ages_count_back_from_now_and_forward_into_the_future(void)
{
	char buf[32];

	CHECK_STR(timefmt_age(1000, 1045, buf, sizeof buf), "45 s");
	CHECK_STR(timefmt_age(1000, 1000 + 12 * 60, buf, sizeof buf), "12 min");
	CHECK_STR(timefmt_age(1000 + 3 * 3600, 1000, buf, sizeof buf), "in 3 h");
	CHECK_STR(timefmt_age(0, 1000, buf, sizeof buf), "-");
}

static void
rfc3339_is_utc_with_a_z(void)
{
	char buf[32];

	CHECK_STR(timefmt_rfc3339(1795467544, buf, sizeof buf),
	    "2026-11-23T20:59:04Z");
	CHECK_STR(timefmt_rfc3339(0, buf, sizeof buf), "");
}

static void
the_table_formats_a_known_time_in_every_zone(void)
{
	struct timefmt_table *tt;
	char buf[256];

	tt = timefmt_table_new(zones, 3, 1795467544);
	CHECK_STR(timefmt_table_format(tt, 1795467544, buf, sizeof buf),
	    "2026-11-23 20:59 UTC | 12:59 PST | 21:59 CET");
	CHECK_STR(timefmt_table_format(tt, 0, buf, sizeof buf), "never");
	timefmt_table_free(&tt);
	CHECK(tt == NULL);
}

static void
the_table_agrees_with_the_direct_formatter_hour_by_hour(void)
{
	struct timefmt_table *tt;
	int64_t now = 1795467544, t;
	char buf[256], *direct;
	int bad = 0;

	tt = timefmt_table_new(zones, NZONES, now);
	/* Two years back and eleven months ahead, every 97 minutes: crosses
	 * each zone's changes at odd minutes. */
	for (t = now - 2 * 365 * 86400; t < now + 330 * 86400; t += 97 * 60) {
		direct = timefmt_zones(t, zones, NZONES);
		timefmt_table_format(tt, t, buf, sizeof buf);
		if (strcmp(direct, buf) != 0 && bad++ < 5)
			TEST_FAIL("at %lld: table \"%s\", direct \"%s\"",
			    (long long)t, buf, direct);
		free(direct);
	}
	timefmt_table_free(&tt);
}

static void
the_table_finds_a_change_to_the_second(void)
{
	struct timefmt_table *tt;
	char buf[128];
	/* Europe/Warsaw went to CET at 2026-10-25 01:00:00 UTC. */
	int64_t change = 1792890000;

	tt = timefmt_table_new(&zones[2], 1, 1795467544);
	CHECK_STR(timefmt_table_format(tt, change - 1, buf, sizeof buf),
	    "2026-10-25 02:59 CEST");
	CHECK_STR(timefmt_table_format(tt, change, buf, sizeof buf),
	    "2026-10-25 02:00 CET");
	timefmt_table_free(&tt);
}

static const struct test tests[] = {
	T(ages_count_back_from_now_and_forward_into_the_future),
	T(rfc3339_is_utc_with_a_z),
	T(the_table_formats_a_known_time_in_every_zone),
	T(the_table_agrees_with_the_direct_formatter_hour_by_hour),
	T(the_table_finds_a_change_to_the_second),
};

TEST_MAIN(tests)
