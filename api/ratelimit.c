/*
 * Rate budgets: sliding-window token buckets per (budget, key), with
 * pauses.
 */
#include "api/ratelimit.h"

#include <stdlib.h>
#include <string.h>

/*
 * Buckets past this many are swept of the ones that are back to full and
 * not paused (they hold nothing a fresh bucket would not): a bucket per
 * ticket updated must not grow without end.
 */
#define RATELIMIT_SWEEP_AT	256

struct ratelimit_budget {
	char		*name;
	int		 count;		/* tokens; 0: unlimited */
	int64_t		 period_ms;
};

struct ratelimit_bucket {
	char		*name;
	char		*key;
	int64_t		*spent;		/* ring of the times of the last
					 * nspent takes (count of room) */
	int		 nspent;
	int		 head;		/* index of the oldest */
	int		 room;		/* size of spent */
	int64_t		 paused_until;
};

struct ratelimit {
	struct ratelimit_budget *budgets;	/* nbudgets of them */
	size_t		 nbudgets;
	struct ratelimit_bucket *buckets;	/* nbuckets of them */
	size_t		 nbuckets;
};

struct ratelimit *
ratelimit_new(void)
{
	return xcalloc(1, sizeof(struct ratelimit));
}

static void
ratelimit_bucket_clear(struct ratelimit_bucket *b)
{
	free(b->name);
	free(b->key);
	free(b->spent);
	memset(b, 0, sizeof *b);
}

void
ratelimit_free(struct ratelimit **p)
{
	struct ratelimit *rl;
	size_t i;

	if (p == NULL || (rl = *p) == NULL)
		return;
	for (i = 0; i < rl->nbudgets; i++)
		free(rl->budgets[i].name);
	free(rl->budgets);
	for (i = 0; i < rl->nbuckets; i++)
		ratelimit_bucket_clear(&rl->buckets[i]);
	free(rl->buckets);
	free(rl);
	*p = NULL;
}

static struct ratelimit_budget *
ratelimit_budget(struct ratelimit *rl, const char *name)
{
	size_t i;

	for (i = 0; i < rl->nbudgets; i++) {
		if (strcmp(rl->budgets[i].name, name) == 0)
			return &rl->budgets[i];
	}
	return NULL;
}

static void
ratelimit_drop(struct ratelimit *rl, size_t i)
{
	ratelimit_bucket_clear(&rl->buckets[i]);
	rl->buckets[i] = rl->buckets[--rl->nbuckets];
}

int
ratelimit_define(struct ratelimit *rl, const char *name, int count,
    int64_t period_ms)
{
	struct ratelimit_budget *bd;
	size_t i;

	if (count < 0 || count > RATELIMIT_MAX_COUNT ||
	    (count > 0 && period_ms <= 0))
		return -1;
	if ((bd = ratelimit_budget(rl, name)) == NULL) {
		rl->budgets = xreallocarray(rl->budgets, rl->nbudgets + 1,
		    sizeof *rl->budgets);
		bd = &rl->budgets[rl->nbudgets++];
		bd->name = xstrdup(name);
	}
	bd->count = count;
	bd->period_ms = period_ms;
	for (i = rl->nbuckets; i-- > 0;) {
		if (strcmp(rl->buckets[i].name, name) == 0)
			ratelimit_drop(rl, i);
	}
	return 0;
}

/* Forget takes a full period old: they are tokens back in the bucket. */
static void
ratelimit_expire(struct ratelimit_bucket *b, const struct ratelimit_budget *bd,
    int64_t now)
{
	while (b->nspent > 0 && bd != NULL &&
	    b->spent[b->head] <= now - bd->period_ms) {
		b->head = (b->head + 1) % b->room;
		b->nspent--;
	}
}

static void
ratelimit_sweep(struct ratelimit *rl, int64_t now)
{
	struct ratelimit_bucket *b;
	size_t i;

	for (i = rl->nbuckets; i-- > 0;) {
		b = &rl->buckets[i];
		ratelimit_expire(b, ratelimit_budget(rl, b->name), now);
		if (b->nspent == 0 && b->paused_until <= now)
			ratelimit_drop(rl, i);
	}
}

/* The bucket of name/key; made (and the table swept) when create is set. */
static struct ratelimit_bucket *
ratelimit_bucket(struct ratelimit *rl, const char *name, const char *key,
    int create, int64_t now)
{
	const struct ratelimit_budget *bd;
	struct ratelimit_bucket *b;
	size_t i;

	if (key == NULL)
		key = "";
	for (i = 0; i < rl->nbuckets; i++) {
		b = &rl->buckets[i];
		if (strcmp(b->name, name) == 0 && strcmp(b->key, key) == 0)
			return b;
	}
	if (!create)
		return NULL;
	if (rl->nbuckets >= RATELIMIT_SWEEP_AT)
		ratelimit_sweep(rl, now);
	rl->buckets = xreallocarray(rl->buckets, rl->nbuckets + 1,
	    sizeof *rl->buckets);
	b = &rl->buckets[rl->nbuckets++];
	memset(b, 0, sizeof *b);
	b->name = xstrdup(name);
	b->key = xstrdup(key);
	bd = ratelimit_budget(rl, name);
	b->room = bd != NULL ? bd->count : 0;
	if (b->room > 0)
		b->spent = xcalloc((size_t)b->room, sizeof *b->spent);
	return b;
}

int64_t
ratelimit_wait(struct ratelimit *rl, const char *name, const char *key,
    int64_t now)
{
	const struct ratelimit_budget *bd = ratelimit_budget(rl, name);
	struct ratelimit_bucket *b;
	int64_t wait = 0;

	if ((b = ratelimit_bucket(rl, name, key, 0, now)) == NULL)
		return 0;
	if (b->paused_until > now)
		wait = b->paused_until - now;
	if (bd != NULL && b->room > 0) {
		ratelimit_expire(b, bd, now);
		if (b->nspent >= b->room &&
		    b->spent[b->head] + bd->period_ms - now > wait)
			wait = b->spent[b->head] + bd->period_ms - now;
	}
	return wait;
}

void
ratelimit_take(struct ratelimit *rl, const char *name, const char *key,
    int64_t now)
{
	const struct ratelimit_budget *bd = ratelimit_budget(rl, name);
	struct ratelimit_bucket *b;

	if (bd == NULL || bd->count == 0)
		return;
	b = ratelimit_bucket(rl, name, key, 1, now);
	ratelimit_expire(b, bd, now);
	if (b->nspent == b->room) {	/* spent anyway: the oldest goes */
		b->head = (b->head + 1) % b->room;
		b->nspent--;
	}
	b->spent[(b->head + b->nspent) % b->room] = now;
	b->nspent++;
}

void
ratelimit_pause(struct ratelimit *rl, const char *name, const char *key,
    int64_t now, int64_t until)
{
	struct ratelimit_bucket *b;

	b = ratelimit_bucket(rl, name, key, 1, now);
	if (until > b->paused_until)
		b->paused_until = until;
}
