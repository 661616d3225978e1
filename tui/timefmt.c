/*
 * Time formatting in the configured zones and as relative ages.
 */
#include "timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "xmalloc.h"

char *
timefmt_rfc3339(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
	return buf;
}

/*
 * Broken-down time of t in zone z, and the zone's short name. An IANA zone
 * is read by pointing TZ at it for the call, then putting TZ back.
 */
static int
zone_tm(int64_t t, const struct config_zone *z, struct tm *tm, char *abbr,
    size_t size)
{
	time_t tt = (time_t)t;
	char *old = NULL;
	const char *v;
	int ok;

	switch (z->kind) {
	case CONFIG_ZONE_UTC:
		snprintf(abbr, size, "UTC");
		return gmtime_r(&tt, tm) != NULL ? 0 : -1;
	case CONFIG_ZONE_OFFSET:
		tt += (time_t)z->offset * 60;
		snprintf(abbr, size, "%s", z->name);
		return gmtime_r(&tt, tm) != NULL ? 0 : -1;
	case CONFIG_ZONE_LOCAL:
		tzset();
		ok = localtime_r(&tt, tm) != NULL;
		break;
	case CONFIG_ZONE_IANA:
	default:
		if ((v = getenv("TZ")) != NULL)
			old = xstrdup(v);
		setenv("TZ", z->name, 1);
		tzset();
		ok = localtime_r(&tt, tm) != NULL;
		if (old != NULL) {
			setenv("TZ", old, 1);
			free(old);
		} else
			unsetenv("TZ");
		tzset();
		break;
	}
	if (!ok)
		return -1;
	snprintf(abbr, size, "%s", tm->tm_zone != NULL ? tm->tm_zone : "");
	return 0;
}

char *
timefmt_zones(int64_t t, const struct config_zone *zones, size_t n)
{
	static const struct config_zone utc = { CONFIG_ZONE_UTC, NULL, 0 };
	struct tm tm, first;
	char out[512], part[96], abbr[32];
	size_t i, len = 0;
	int have_first = 0;

	if (t == 0)
		return xstrdup("never");
	if (n == 0) {
		zones = &utc;
		n = 1;
	}
	out[0] = '\0';
	for (i = 0; i < n && len < sizeof out - 1; i++) {
		if (zone_tm(t, &zones[i], &tm, abbr, sizeof abbr) != 0)
			continue;
		if (!have_first || tm.tm_yday != first.tm_yday ||
		    tm.tm_year != first.tm_year)
			strftime(part, sizeof part, "%Y-%m-%d %H:%M", &tm);
		else
			strftime(part, sizeof part, "%H:%M", &tm);
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s %s",
		    have_first ? " | " : "", part, abbr);
		if (!have_first) {
			first = tm;
			have_first = 1;
		}
		if (len >= sizeof out)
			len = sizeof out - 1;
	}
	return xstrdup(have_first ? out : "?");
}

char *
timefmt_age(int64_t t, int64_t now, char *buf, size_t size)
{
	static const struct { int64_t secs; const char *unit; } units[] = {
		{ 365 * 86400, "y" }, { 30 * 86400, "mo" }, { 86400, "d" },
		{ 3600, "h" }, { 60, "min" }, { 1, "s" },
	};
	int64_t d = now - t, a;
	size_t i;

	if (t == 0) {
		snprintf(buf, size, "-");
		return buf;
	}
	a = d < 0 ? -d : d;
	for (i = 0; i < sizeof units / sizeof units[0] - 1; i++)
		if (a >= units[i].secs)
			break;
	snprintf(buf, size, "%s%lld %s", d < 0 ? "in " : "",
	    (long long)(a / units[i].secs), units[i].unit);
	return buf;
}
