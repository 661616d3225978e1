/*
 * The circuit breaker's state machine: closed, open, half-open.
 */
#include "api/breaker.h"

#include <string.h>

#include "api/log.h"

/* Move b to state s, saying so in the debug log when it changes. */
static void
breaker_set(struct breaker *b, enum breaker_state s)
{
	if (b->state != s)
		log_line("breaker", "%s: %s -> %s (%d consecutive failures)",
		    b->name != NULL ? b->name : "?",
		    breaker_state_name(b->state), breaker_state_name(s),
		    b->failures);
	b->state = s;
}

void
breaker_init(struct breaker *b, int threshold, int64_t cooldown_ms,
    int64_t cooldown_max_ms)
{
	memset(b, 0, sizeof *b);
	b->state = BREAKER_CLOSED;
	b->threshold = threshold >= 1 ? threshold : 1;
	b->cooldown_ms = cooldown_ms > 0 ? cooldown_ms : 1;
	b->cooldown_max_ms = cooldown_max_ms >= b->cooldown_ms ?
	    cooldown_max_ms : b->cooldown_ms;
	b->current_ms = b->cooldown_ms;
}

int
breaker_allow(struct breaker *b, int64_t now, int64_t *retry_in_ms)
{
	if (retry_in_ms != NULL)
		*retry_in_ms = 0;
	switch (b->state) {
	case BREAKER_CLOSED:
		return 1;
	case BREAKER_OPEN:
		if (now < b->open_until) {
			if (retry_in_ms != NULL)
				*retry_in_ms = b->open_until - now;
			return 0;
		}
		breaker_set(b, BREAKER_HALF_OPEN);
		b->probing = 1;
		return 1;
	case BREAKER_HALF_OPEN:
		if (b->probing)
			return 0;
		b->probing = 1;
		return 1;
	}
	return 0;
}

void
breaker_success(struct breaker *b)
{
	breaker_set(b, BREAKER_CLOSED);
	b->failures = 0;
	b->probing = 0;
	b->current_ms = b->cooldown_ms;
}

static void
breaker_open(struct breaker *b, int64_t now)
{
	breaker_set(b, BREAKER_OPEN);
	b->probing = 0;
	b->open_until = now + b->current_ms;
}

void
breaker_failure(struct breaker *b, int64_t now)
{
	if (b->failures < INT32_MAX)
		b->failures++;
	switch (b->state) {
	case BREAKER_CLOSED:
		if (b->failures >= b->threshold)
			breaker_open(b, now);
		break;
	case BREAKER_HALF_OPEN:
		/* The probe failed: wait longer this time. */
		b->current_ms = b->current_ms > b->cooldown_max_ms / 2 ?
		    b->cooldown_max_ms : b->current_ms * 2;
		breaker_open(b, now);
		break;
	case BREAKER_OPEN:
		/* A request let through before it opened: no change. */
		break;
	}
}

void
breaker_release(struct breaker *b)
{
	if (b->state == BREAKER_HALF_OPEN)
		b->probing = 0;
}

int64_t
breaker_retry_in(const struct breaker *b, int64_t now)
{
	if (b->state != BREAKER_OPEN || now >= b->open_until)
		return 0;
	return b->open_until - now;
}

const char *
breaker_state_name(enum breaker_state s)
{
	switch (s) {
	case BREAKER_CLOSED:
		return "closed";
	case BREAKER_OPEN:
		return "open";
	case BREAKER_HALF_OPEN:
		return "half-open";
	}
	return "?";
}
