/*
 * Helpers for the unit tests of cache/ that need a cache with records in
 * it: an in-memory cache, and a ticket stored as a sync would store it.
 * Include test.h first.
 */
#ifndef TDESK_CACHETEST_H
#define TDESK_CACHETEST_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache.h"
#include "cache/store.h"
#include "api/xmalloc.h"
#include "api/statuspage_decode.h"
#include "api/zendesk_decode.h"

#define STAMP	"2026-03-01T10:00:00Z"
#define FRESH	"2026-03-01T10:05:00Z"

static struct cache *
cache_new(void)
{
	struct cache *c = NULL;
	char *cause = NULL;

	if (cache_open(":memory:", NULL, &c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open: %s", cause);
		free(cause);
	}
	return c;
}

static void
put_ticket(struct cache *c, int64_t id, const char *status, const char *stamp)
{
	struct ticket t;
	char *json, *cause = NULL;

	json = xasprintf("{\"ticket\":{\"id\":%lld,\"status\":\"%s\","
	    "\"subject\":\"Banner\",\"tags\":[\"billing\"],"
	    "\"created_at\":\"2026-02-01T00:00:00Z\",\"updated_at\":\"%s\"}}",
	    (long long)id, status, stamp);
	if (zendesk_decode_ticket(json, strlen(json), &t, &cause) != 0 ||
	    cache_store_ticket(c, &t, NULL, &cause) != CACHE_OK)
		TEST_FAIL("storing ticket %lld: %s", (long long)id, cause);
	ticket_clear(&t);
	free(json);
	free(cause);
}

/* Incident inc1, identified, with two updates, as a sync would store it
 * (inline: not every test that includes this stores one). */
static inline void
put_incident(struct cache *c)
{
	static const char json[] = "{\"id\":\"inc1\",\"name\":\"Billing down\","
	    "\"status\":\"identified\",\"impact\":\"major\","
	    "\"created_at\":\"2026-03-01T09:00:00.000Z\","
	    "\"updated_at\":\"2026-03-01T09:30:00.000Z\","
	    "\"incident_updates\":[{\"id\":\"u2\",\"status\":\"identified\","
	    "\"body\":\"Found it\",\"created_at\":\"2026-03-01T09:45:00.250Z\","
	    "\"updated_at\":\"2026-03-01T09:45:00.250Z\"},{\"id\":\"u1\","
	    "\"status\":\"investigating\",\"body\":\"Looking\","
	    "\"created_at\":\"2026-03-01T09:00:00.000Z\","
	    "\"updated_at\":\"2026-03-01T09:00:00.000Z\"}]}";
	struct incident in;
	char *cause = NULL;

	if (statuspage_decode_incident(json, sizeof json - 1, &in, &cause) != 0 ||
	    cache_store_incident(c, &in, NULL, &cause) != CACHE_OK)
		TEST_FAIL("storing the incident: %s", cause);
	incident_clear(&in);
	free(cause);
}

#endif
