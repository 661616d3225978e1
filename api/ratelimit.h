/*
 * Rate budgets: per-token request budgets kept on tdesk's side, so the sync
 * engine stays inside a backend's limits instead of learning them from
 * 429s. A budget is a name ("zendesk.export") with a count and a period;
 * each (name, key) pair ("zendesk.update", "101": one ticket) has its own
 * bucket of count tokens, and a spent token comes back exactly one period
 * after it was spent. That is a token bucket whose refill is a sliding
 * window, so "10 a minute" holds in ANY 60 s window, as Zendesk counts it
 * (a classic refill-at-a-rate bucket would let 19 through in one minute).
 * A bucket can also be paused until a time (a 429's Retry-After).
 *
 * The time is an argument (milliseconds on any monotonic clock); the
 * caller does the locking.
 */
#ifndef TDESK_RATELIMIT_H
#define TDESK_RATELIMIT_H

#include <stdint.h>

#include "api/xmalloc.h"

/* The most tokens one budget may have. */
#define RATELIMIT_MAX_COUNT	1000

struct ratelimit;

/* A new empty set of budgets; never NULL. */
struct ratelimit *ratelimit_new(void);

/* Free it and NULL the pointer; NULL or *p NULL is fine. */
void	 ratelimit_free(struct ratelimit **);

/*
 * Define (or redefine, emptying its buckets) the budget name: at most
 * count (1..RATELIMIT_MAX_COUNT) requests per key in any period_ms window.
 * count 0: no limit, but pauses still apply. Returns 0, or -1 for a count
 * or period out of range.
 */
int	 ratelimit_define(struct ratelimit *, const char *name, int count,
	     int64_t period_ms) TD_WUR;

/*
 * Milliseconds from now until name/key has a token (0: one is there). A
 * name never defined has no limit (only pauses). key NULL is "".
 */
int64_t	 ratelimit_wait(struct ratelimit *, const char *name, const char *key,
	     int64_t now);

/* Spend a token of name/key at now (whether or not one was there). */
void	 ratelimit_take(struct ratelimit *, const char *name, const char *key,
	     int64_t now);

/* No token of name/key before until (later pauses only extend it). */
void	 ratelimit_pause(struct ratelimit *, const char *name, const char *key,
	     int64_t now, int64_t until);

#endif
