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

#endif
