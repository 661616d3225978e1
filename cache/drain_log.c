/*
 * The drainer's lines in the debug log (api/log.h): a row's id, backend,
 * kind and target and the state it moves to. Never its payload, nor the
 * reason it failed, which may quote the backend's answer.
 */
#include "cache/drain_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "api/log.h"

void
drain_log_row(const struct drain_row *dr, const char *fmt, ...)
{
	va_list ap;
	char *what;

	if (!log_enabled())
		return;
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	log_line("outbox", "%" PRId64 " %s %s %s: %s", dr->r.id, dr->r.backend,
	    dr->r.kind, dr->r.target, what);
	free(what);
}

void
drain_log_claim(const struct drain_row *dr)
{
	drain_log_row(dr, "%s -> sending%s",
	    dr->claim == OUTBOX_CLAIMED_ORPHAN ? "unknown" : "queued",
	    dr->unsure ? "; read-back started" : "");
}

void
drain_log_outcome(const struct drain_row *dr, const struct drain_outcome *o)
{
	const char *to;

	switch (o->v) {
	case DRAIN_DONE:
		to = "done";
		break;
	case DRAIN_FAILED:
		to = "failed";
		break;
	case DRAIN_CONFLICT:
		to = "conflict";
		break;
	default:
		to = dr->unsure ? "unknown" : "queued";
		break;
	}
	drain_log_row(dr, "sending -> %s%s", to, dr->claim == OUTBOX_CLAIMED ?
	    "" : o->v == DRAIN_RELEASE ? " (read-back unresolved)" :
	    " (read-back resolved)");
}
