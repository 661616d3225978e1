/*
 * Time formatting in the configured zones and as relative ages.
 */
#include "tui/text/timefmt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui/config/config.h"
#include "api/xmalloc.h"

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

/*
 * Appends one zone's reading of a time to buf (len bytes used, size > 0):
 * the first in full, the next ones as "HH:MM" while they fall on the same
 * day as the first, each with its abbreviation, joined by " | ".
 */
static void
zone_append(char *buf, size_t size, size_t *len, const struct tm *tm,
    const char *abbr, struct tm *first, int *have_first)
{
	char part[96];
	int w;

	if (!*have_first || tm->tm_yday != first->tm_yday ||
	    tm->tm_year != first->tm_year)
		strftime(part, sizeof part, "%Y-%m-%d %H:%M", tm);
	else
		strftime(part, sizeof part, "%H:%M", tm);
	w = snprintf(buf + *len, size - *len, "%s%s %s",
	    *have_first ? " | " : "", part, abbr);
	if (w > 0)
		*len += (size_t)w;
	if (*len >= size)
		*len = size - 1;
	if (!*have_first) {
		*first = *tm;
		*have_first = 1;
	}
}

char *
timefmt_zones(int64_t t, const struct config_zone *zones, size_t n)
{
	static const struct config_zone utc = { CONFIG_ZONE_UTC, NULL, 0 };
	struct tm tm, first;
	char out[512], abbr[32];
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
		zone_append(out, sizeof out, &len, &tm, abbr, &first,
		    &have_first);
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

/* ---- Resolved zone tables ---------------------------------------------- */

#define TABLE_BEFORE_S	(3 * 365 * 86400)	/* span resolved before now */
#define TABLE_AFTER_S	(365 * 86400)		/* and after */
#define TABLE_STEP_S	(6 * 3600)		/* sampling step: zones change
						 * offset at most once in 6 h */

struct zone_segment {
	int64_t		 start;		/* unix seconds this offset starts */
	long		 offset;	/* seconds east of UTC */
	char		 abbr[32];
};

struct zone_table {
	struct zone_segment *v;
	size_t		 n;
};

struct timefmt_table {
	struct zone_table *zones;
	size_t		 n;
};

static int
zone_offset(int64_t t, const struct config_zone *z, long *off, char *abbr,
    size_t size)
{
	struct tm tm;

	if (zone_tm(t, z, &tm, abbr, size) != 0)
		return -1;
	switch (z->kind) {
	case CONFIG_ZONE_UTC:
		*off = 0;
		break;
	case CONFIG_ZONE_OFFSET:
		*off = (long)z->offset * 60;
		break;
	default:
		*off = tm.tm_gmtoff;
		break;
	}
	return 0;
}

static void
segment_add(struct zone_table *zt, int64_t start, long off, const char *abbr)
{
	struct zone_segment *s;

	zt->v = xreallocarray(zt->v, zt->n + 1, sizeof *zt->v);
	s = &zt->v[zt->n++];
	s->start = start;
	s->offset = off;
	snprintf(s->abbr, sizeof s->abbr, "%s", abbr);
}

/* The segments of one zone: a sample every TABLE_STEP_S, and each change
 * found to the second by bisection. */
static void
zone_resolve(const struct config_zone *z, int64_t now, struct zone_table *zt)
{
	int64_t t, lo, hi, mid, end = now + TABLE_AFTER_S;
	long off, prev_off, m_off;
	char abbr[32], prev_abbr[32], m_abbr[32];

	t = now - TABLE_BEFORE_S;
	if (zone_offset(t, z, &prev_off, prev_abbr, sizeof prev_abbr) != 0) {
		segment_add(zt, INT64_MIN, 0, "UTC");
		return;
	}
	segment_add(zt, INT64_MIN, prev_off, prev_abbr);
	if (z->kind == CONFIG_ZONE_UTC || z->kind == CONFIG_ZONE_OFFSET)
		return;
	for (t += TABLE_STEP_S; t <= end; t += TABLE_STEP_S) {
		if (zone_offset(t, z, &off, abbr, sizeof abbr) != 0)
			continue;
		if (off == prev_off && strcmp(abbr, prev_abbr) == 0)
			continue;
		lo = t - TABLE_STEP_S;	/* still the previous offset */
		hi = t;			/* already the new one */
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if (zone_offset(mid, z, &m_off, m_abbr,
			    sizeof m_abbr) == 0 && m_off == prev_off &&
			    strcmp(m_abbr, prev_abbr) == 0)
				lo = mid;
			else
				hi = mid;
		}
		segment_add(zt, hi, off, abbr);
		prev_off = off;
		snprintf(prev_abbr, sizeof prev_abbr, "%s", abbr);
	}
}

struct timefmt_table *
timefmt_table_new(const struct config_zone *zones, size_t n, int64_t now)
{
	static const struct config_zone utc = { CONFIG_ZONE_UTC, NULL, 0 };
	struct timefmt_table *tt;
	size_t i;

	if (n == 0) {
		zones = &utc;
		n = 1;
	}
	tt = xcalloc(1, sizeof *tt);
	tt->zones = xcalloc(n, sizeof *tt->zones);
	tt->n = n;
	for (i = 0; i < n; i++)
		zone_resolve(&zones[i], now, &tt->zones[i]);
	return tt;
}

static const struct zone_segment *
segment_find(const struct zone_table *zt, int64_t t)
{
	size_t lo = 0, hi = zt->n, mid;

	/* The last segment starting at or before t; the first always does. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (zt->v[mid].start <= t)
			lo = mid;
		else
			hi = mid;
	}
	return &zt->v[lo];
}

char *
timefmt_table_format(const struct timefmt_table *tt, int64_t t, char *buf,
    size_t size)
{
	const struct zone_segment *s;
	struct tm tm, first;
	time_t local;
	size_t i, len = 0;
	int have_first = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (t == 0) {
		snprintf(buf, size, "never");
		return buf;
	}
	for (i = 0; i < tt->n && len < size - 1; i++) {
		s = segment_find(&tt->zones[i], t);
		local = (time_t)(t + s->offset);
		if (gmtime_r(&local, &tm) == NULL)
			continue;
		zone_append(buf, size, &len, &tm, s->abbr, &first, &have_first);
	}
	if (!have_first)
		snprintf(buf, size, "?");
	return buf;
}

void
timefmt_table_free(struct timefmt_table **ttp)
{
	struct timefmt_table *tt = *ttp;
	size_t i;

	if (tt == NULL)
		return;
	for (i = 0; i < tt->n; i++)
		free(tt->zones[i].v);
	free(tt->zones);
	free(tt);
	*ttp = NULL;
}
