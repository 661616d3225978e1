/*
 * Times as people read them: in the zones the configuration names
 * ("20:59 UTC | 13:59 PST") and as relative ages ("3 h"), and as RFC 3339
 * UTC for scripts.
 */
#ifndef TDESK_TIMEFMT_H
#define TDESK_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

struct config_zone;

/* "2026-11-23T20:59:04Z" into buf (at least 32 bytes); "" for t == 0. */
char	*timefmt_rfc3339(int64_t t, char *buf, size_t size);

/*
 * t in each of the zones, "2026-11-23 20:59 UTC | 12:59 PST": the first
 * zone with the date, the others with the time only unless their date
 * differs. Returns a new string the caller frees; "never" for t == 0.
 * Not thread-safe: an IANA zone is read by setting TZ and calling tzset,
 * which races with any other thread reading the environment (libcurl
 * does). For single-threaded commands only; the console, which runs the
 * sync thread, must resolve its zones before that thread starts.
 */
char	*timefmt_zones(int64_t t, const struct config_zone *zones, size_t n);

/*
 * The zones resolved ahead into a table of UTC offsets (every change of
 * offset or abbreviation from three years before now to a year after),
 * so that times can be formatted later on any thread without touching
 * TZ: the console builds it before its sync thread starts. Times outside
 * the table's span use the offset at its nearer end.
 */
struct timefmt_table;

struct timefmt_table *timefmt_table_new(const struct config_zone *zones,
	    size_t n, int64_t now);
/* As timefmt_zones(), from the table; thread-safe. Returns buf. */
char	*timefmt_table_format(const struct timefmt_table *, int64_t t,
	    char *buf, size_t size);
void	 timefmt_table_free(struct timefmt_table **);

/* "45 s", "12 min", "3 h", "5 d", "8 mo", "2 y" for now - t (negative: "in 3 h"). */
char	*timefmt_age(int64_t t, int64_t now, char *buf, size_t size);

#endif
