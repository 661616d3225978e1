/*
 * The drainer: takes the outbox's rows one claim at a time, sends each to
 * its backend, and records what became of it. This file holds the loop
 * and the outcomes; each backend's writes are in drain_zendesk.c,
 * drain_statuspage.c and drain_payments.c, and what they share in
 * drain_common.c.
 *
 * A ROW'S LIFE HERE
 *
 *   next -> claim (mark_sending, on disk) -> [read back] -> send ->
 *   answer -> store the record the server returned -> mark the outcome.
 *
 * Storing a record and marking the row are two transactions: the outbox
 * commits each mark on its own (synchronous=FULL) and refuses to run
 * inside an open transaction. Store first, mark second: a crash between
 * them leaves a 'sending' row with a dead claimer, an orphan, and the next
 * drainer reads it back, finds the write applied and marks it done. The
 * other order could mark a row done whose record never reached the cache,
 * which only a later sync would repair.
 *
 * OUTCOMES
 *
 *   2xx          done only when the answer decodes as the API's and is
 *                the record written (the ticket's, payment's, incident's
 *                or component's id; a new record's marker; a published
 *                postmortem): it is stored. Any other 2xx (a login or
 *                captive-portal page, an empty body, JSON cut short, bytes
 *                that are not UTF-8) is an unknown outcome, as below: the
 *                server said yes, but to what?
 *   409          Zendesk: the fresh ticket is fetched and stored, the row
 *                is in conflict with it (nothing is overwritten; the user
 *                re-applies with cache_action_reapply, or drops). Zendesk's
 *                "DatabaseConflict" is a collision, not a change: released
 *                to be sent again. Payments version_conflict: the payment
 *                in the 409 body is stored; conflict.
 *   other 4xx    failed, with the backend's message (made safe by the
 *                http layer: no secret, no control character). A 401 is
 *                the token's fault, not the write's: released, and the
 *                backend left alone, like "not sent".
 *   not sent     transient failure before the request left, breaker
 *                open, rate budget spent, a setup error: released
 *                (queued again), and the backend is left alone until the
 *                next drain; the other backends go on.
 *   unknown      the request may have been applied (timeout or reset
 *                after sending, lost or unreadable answer, 500/502/504):
 *                released as an orphan (unsure); the next claim of it (in
 *                this drain, once, or a later one) reads back first. When
 *                the request may still be on its way (no status line came
 *                back: our timeout, a reset; a gateway's 502/504; a bulk
 *                job still running) the read-back waits readback_delay_s,
 *                since reading back before a slow request lands finds
 *                nothing and the resend duplicates it. A claimer killed
 *                mid-send leaves a wait of readback_delay_s plus the
 *                longest its request could take (settle_s), from its
 *                claim or from the resend that followed a read-back.
 *
 * READ-BACK (an orphan: the write may or may not have been applied)
 *
 *   payment.resolve   sent again with the same Idempotency-Key; the
 *                     backend answers as the first time.
 *   ticket.update     the ticket is read. With a comment: applied if a
 *                     comment by the token's user, created at or after
 *                     the row's updated_stamp (whole seconds: a write in
 *                     the same second as the stamp's change has its very
 *                     time), has the same body once Zendesk's white-space
 *                     collapsing is applied to both, and is none of the
 *                     row's "exclude_comments" (comments known to be
 *                     others': cached when it was queued, or made by
 *                     earlier rows of the ticket). A Zendesk update is
 *                     applied whole, so its comment tells. Without one:
 *                     applied if every field it sets has the wanted
 *                     value. Otherwise sent again with the same stamp: if
 *                     the ticket moved meanwhile that is a 409, a
 *                     conflict for the user, never a blind overwrite; and
 *                     a 409 whose fresh ticket already has every value a
 *                     comment-less write sets is done.
 *   ticket.bulk       the ticket is read: applied if every field set has
 *                     the wanted value; else sent again, alone, with the
 *                     same stamp (a stamp per ticket, so again a change
 *                     since is a conflict, not an overwrite). Sending a
 *                     bulk change twice would set the same status,
 *                     assignee and tags (idempotent), but the stamp makes
 *                     the second a per-ticket UpdateConflict, which is
 *                     taken as done when the ticket has the values.
 *   ticket.create     GET /api/v2/tickets?external_id=<marker>: applied
 *                     if a ticket carries the row's marker.
 *   incident.update   the incident is read: applied if it has an update
 *                     created after the row's "after" (to the
 *                     millisecond) with the same status (when one was
 *                     sent) and body (white space squashed); a change
 *                     without status or body posts no update and is
 *                     idempotent: sent again.
 *   incident.create   the newest incidents are listed (up to 5 pages of
 *                     100, newest first): applied if one carries the
 *                     row's marker in metadata.tdesk.outbox.
 *   component.update  the component is read: applied if it has every
 *                     value the row sets.
 *   postmortem.draft  read as for publish: applied if its draft is the
 *                     row's text (no postmortem: not applied).
 *   postmortem.publish the incident is read (gone: the row fails, unsure),
 *                     then its postmortem: applied if it was published
 *                     after the row's "published_before" (the time the
 *                     cache knew when it was queued; none: at any time).
 *                     No postmortem: not applied.
 *
 * Lower bounds are the backend's own times (the stamp the cache held),
 * never this machine's clock, and never the claim's time: that is this
 * machine's, and the outbox forgets it when it releases an orphan. After a row is done, the later queued rows
 * of its target are moved on to the state it made (drain_rebase): a
 * Zendesk row queued behind ours carries our write's updated_at as its
 * stamp (it was made on the state ours leads to), else every second
 * reply to a ticket would conflict with the first, and learns our
 * comment's id; a Statuspage row's read-back bound moves past our update.
 * So an identical second reply or update is never taken for the first.
 * That is done before the row is marked, so a crash in between leaves an
 * orphan that does it again.
 *
 * A read-back that cannot tell (the target is gone: 404) fails the row
 * with unsure kept, so a retry reads back again and a drop warns; one
 * that fails for now (5xx, a timeout, an answer that does not decode)
 * leaves the orphan for the next drain.
 *
 * What read-back cannot tell: a write still in flight at the backend
 * longer than readback_delay_s after we stopped waiting for it is not
 * there yet, and is sent again; for Zendesk the stamp then makes the
 * second a 409, for Statuspage it is a second update. And an identical
 * update posted by someone else, in the window, passes for ours.
 *
 * THE CRASH SWITCH (tests only)
 *
 * TDESK_CRASH_AT=k kills the process with SIGKILL at the k-th outbox step
 * it reaches, counting every step of every row: "claimed" (the claim is
 * committed, the request not yet sent), "answered" (the answer arrived,
 * nothing of it recorded) and "recorded" (the outcome committed). It
 * exists for the crash tests, in the manner of mbsync's: stop after step
 * k for every k, restart, and the backend ends exactly as after an
 * uninterrupted run. The variable is read once per process.
 */
#include "cache/drain.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/actions.h"
#include "cache/cache_int.h"
#include "api/decode.h"
#include "cache/drain_int.h"
#include "cache/store.h"
#include "api/zendesk_decode.h"

/* A row met more often than this in one drain waits for the next. */
#define DRAIN_MEETINGS_MAX	2

/* ---- Claims and outcomes ---------------------------------------------- */

static struct http_client *
client_of(const struct drain *d, enum drain_backend be)
{
	switch (be) {
	case DRAIN_ZENDESK:
		return d->cl->zendesk;
	case DRAIN_STATUSPAGE:
		return d->cl->statuspage;
	case DRAIN_PAYMENTS:
		return d->cl->payments;
	default:
		return NULL;
	}
}

/* How often row id was met in this drain, counting this time. */
static int
meet(struct drain *d, int64_t id)
{
	size_t i;

	for (i = 0; i < d->nseen; i++) {
		if (d->seen[i].id == id)
			return ++d->seen[i].n;
	}
	d->seen = xreallocarray(d->seen, d->nseen + 1, sizeof *d->seen);
	d->seen[d->nseen].id = id;
	d->seen[d->nseen].n = 1;
	return d->seen[d->nseen++].n;
}

static void
row_clear(struct drain_row *dr)
{
	cache_outbox_row_clear(&dr->r);
	json_decref(dr->p);
	memset(dr, 0, sizeof *dr);
}

/*
 * Parse the claimed row's payload into dr; false (with *why) when it is
 * not one this tdesk can send.
 */
static bool
row_parse(struct drain_row *dr, char **why)
{
	static const char *const methods[] = {
		[HTTP_GET] = "GET", [HTTP_POST] = "POST", [HTTP_PUT] = "PUT",
		[HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE",
	};
	json_t *v;
	const char *m;
	size_t i;

	if ((dr->p = json_loads(dr->r.payload != NULL ? dr->r.payload : "", 0,
	    NULL)) == NULL || !json_is_object(dr->p)) {
		*why = xstrdup("the payload is not a JSON object");
		return false;
	}
	v = json_object_get(dr->p, "v");
	if (!json_is_integer(v) || json_integer_value(v) != ACTION_PAYLOAD_VERSION) {
		*why = xstrdup("the payload was written by another version of "
		    "tdesk");
		return false;
	}
	m = json_string_value(json_object_get(dr->p, "method"));
	for (i = 0; m != NULL && i < sizeof methods / sizeof methods[0]; i++) {
		if (strcmp(methods[i], m) == 0)
			break;
	}
	dr->path = json_string_value(json_object_get(dr->p, "path"));
	dr->body = json_object_get(dr->p, "body");
	if (m == NULL || i == sizeof methods / sizeof methods[0] ||
	    i == HTTP_GET || dr->path == NULL || dr->path[0] != '/' ||
	    !json_is_object(dr->body)) {
		*why = xstrdup("the payload has no method, path or body");
		return false;
	}
	dr->method = (enum http_method)i;
	return true;
}

/* "outbox row 12 (ticket.update ticket:101)" for messages; static buffer. */
static const char *
row_name(const struct outbox_row *r)
{
	static _Thread_local char buf[320];

	snprintf(buf, sizeof buf, "outbox row %" PRId64 " (%s %s)", r->id,
	    r->kind, r->target);
	return buf;
}

/*
 * Later Zendesk rows of the ticket: a stamp that is the one we sent moves
 * to the one our write made; a row that adds a comment learns our
 * comment's id, which its read-back must not take for its own (it may
 * have the same words and fall in its window).
 */
struct stamp_move {
	const char	*from, *to;	/* from NULL: no stamp to move */
	int64_t		 comment;	/* 0: none */
};

static bool
move_stamp(const char *kind, json_t *p, void *arg)
{
	struct stamp_move *m = arg;
	json_t *body = json_object_get(p, "body"), *obj, *s, *ex, *v;
	bool changed = false;
	size_t i;

	if (strcmp(kind, "ticket.bulk") == 0)
		obj = json_array_get(json_object_get(body, "tickets"), 0);
	else if (strcmp(kind, "ticket.update") == 0)
		obj = json_object_get(body, "ticket");
	else
		return false;
	s = json_object_get(obj, "updated_stamp");
	if (m->from != NULL && json_is_string(s) &&
	    strcmp(json_string_value(s), m->from) == 0) {
		json_object_set_new(obj, "updated_stamp", json_string(m->to));
		changed = true;
	}
	if (m->comment != 0 && json_object_get(obj, "comment") != NULL) {
		if (!json_is_array(ex = json_object_get(p, "exclude_comments"))) {
			ex = json_array();
			json_object_set_new(p, "exclude_comments", ex);
		}
		json_array_foreach(ex, i, v) {
			if (json_is_integer(v) && json_integer_value(v) ==
			    m->comment)
				return changed;	/* a read-back again */
		}
		json_array_append_new(ex, json_integer(m->comment));
		changed = true;
	}
	return changed;
}

/* Statuspage rows' read-back bound moves past the update we made. */
static bool
move_after(const char *kind, json_t *p, void *arg)
{
	const char *to = arg, *old;
	int64_t ts, os;
	int32_t tn, on;

	if (strcmp(kind, "incident.update") != 0 ||
	    decode_time_parse(to, &ts, &tn) != 0)
		return false;
	old = json_string_value(json_object_get(p, "after"));
	if (old != NULL && decode_time_parse(old, &os, &on) == 0 &&
	    (os > ts || (os == ts && on >= tn)))
		return false;
	json_object_set_new(p, "after", json_string(to));
	return true;
}

/* The stamp dr sent (Zendesk ticket writes), or NULL. */
static const char *
sent_stamp(const struct drain_row *dr)
{
	json_t *obj;

	if (strcmp(dr->r.kind, "ticket.bulk") == 0)
		obj = json_array_get(json_object_get(dr->body, "tickets"), 0);
	else
		obj = json_object_get(dr->body, "ticket");
	return json_string_value(json_object_get(obj, "updated_stamp"));
}

/* Store what o carries; a failure is said, not fatal (see below). */
static void
store_records(struct drain *d, const struct drain_row *dr,
    const struct drain_outcome *o)
{
	struct cache_store_stats stats;
	struct statuspage_component_list one;
	char *cause = NULL;
	int rc = CACHE_OK;

	memset(&stats, 0, sizeof stats);
	if (o->ticket != NULL)
		rc = cache_store_ticket(d->c, o->ticket, &stats, &cause);
	if (rc == CACHE_OK && o->ticket != NULL && o->comments != NULL)
		rc = cache_store_zendesk_comment_page(d->c, o->ticket->id,
		    o->comments, NULL, NULL, &stats, &cause);
	if (rc == CACHE_OK && o->payment != NULL)
		rc = cache_store_payment(d->c, o->payment, &stats, &cause);
	if (rc == CACHE_OK && o->incident != NULL)
		rc = cache_store_incident(d->c, o->incident, &stats, &cause);
	if (rc == CACHE_OK && o->component != NULL) {
		one.components = o->component;
		one.ncomponents = 1;
		rc = cache_store_components(d->c, &one, false, NULL, NULL,
		    &stats, &cause);
	}
	/*
	 * The write is applied whether or not its record is stored: the row
	 * is still marked, and the next sync brings the record.
	 */
	if (rc != CACHE_OK) {
		drain_say(d, "%s: applied, but storing the answer failed: %s",
		    row_name(&dr->r), cause != NULL ? cause : "?");
		free(cause);
	}
}

/*
 * Record o for the claimed row dr: store, move later rows on, mark; then
 * count and say it. CACHE_OK, or the cache's error (the row then stays
 * claimed by this process).
 */
static int
record(struct drain *d, struct drain_row *dr, struct drain_outcome *o,
    char **cause)
{
	struct drain_counts *n = &d->rep->backend[dr->be];
	struct stamp_move mv;
	const char *name = row_name(&dr->r);
	char *why = NULL;
	bool waits = false;
	int rc;

	if (o->v == DRAIN_UNSET) {
		/* Never done by default: unknown, read back later. */
		o->v = DRAIN_RELEASE;
		o->maybe_sent = true;
		if (o->reason == NULL)
			o->reason = xstrdup("no outcome was recorded for it");
	}
	if (o->v == DRAIN_FAILED && o->certain)
		dr->unsure = false;
	if (o->v == DRAIN_DONE || o->v == DRAIN_CONFLICT)
		store_records(d, dr, o);
	if (o->v == DRAIN_DONE) {
		rc = CACHE_OK;
		mv.from = o->rebase_stamp != NULL ? sent_stamp(dr) : NULL;
		if (mv.from != NULL && strcmp(mv.from, o->rebase_stamp) == 0)
			mv.from = NULL;		/* nothing moved */
		mv.to = o->rebase_stamp;
		mv.comment = o->rebase_comment;
		if (mv.from != NULL || mv.comment != 0)
			rc = drain_rebase(d, dr, move_stamp, &mv, &why);
		else if (o->rebase_after != NULL)
			rc = drain_rebase(d, dr, move_after, o->rebase_after,
			    &why);
		if (rc != CACHE_OK) {
			/* Those rows then meet a 409: a conflict, not harm. */
			drain_say(d, "%s: the rows queued after it keep their "
			    "stamps: %s", name, why != NULL ? why : "?");
			free(why);
		}
	}
	switch (o->v) {
	case DRAIN_DONE:
		rc = cache_outbox_mark_done(d->c, dr->r.id, cause);
		break;
	case DRAIN_FAILED:
		rc = dr->unsure ? cache_outbox_mark_failed_unsure(d->c,
		    dr->r.id, o->reason, cause) : cache_outbox_mark_failed(d->c,
		    dr->r.id, o->reason, cause);
		break;
	case DRAIN_CONFLICT:
		rc = cache_outbox_mark_conflict(d->c, dr->r.id,
		    o->conflict_json, cause);
		break;
	case DRAIN_RELEASE:
	default:
		dr->unsure = dr->unsure || o->maybe_sent;
		waits = dr->unsure && o->late && d->opt.readback_delay_s > 0;
		if (dr->unsure)
			rc = cache_outbox_release_unknown(d->c, dr->r.id, waits ?
			    (int64_t)time(NULL) + d->opt.readback_delay_s : 0,
			    o->reason, cause);
		else
			rc = cache_outbox_release(d->c, dr->r.id, false,
			    o->reason, cause);
		break;
	}
	if (rc != CACHE_OK)
		return rc;
	drain_log_outcome(dr, o);
	drain_crash_point("recorded");

	switch (o->v) {
	case DRAIN_DONE:
		n->done++;
		if (o->note != NULL)
			drain_say(d, "%s: %s", name, o->note);
		break;
	case DRAIN_FAILED:
		n->failed++;
		drain_say(d, "%s: failed: %s%s", name, o->reason != NULL ?
		    o->reason : "refused", dr->unsure ? "; it may already have "
		    "been applied: a retry reads it back first" : "");
		break;
	case DRAIN_CONFLICT:
		n->conflict++;
		drain_say(d, "%s: conflict: %s", name, o->reason != NULL ?
		    o->reason : "changed meanwhile");
		break;
	case DRAIN_RELEASE:
	default:
		n->released++;
		if (waits) {
			n->waiting++;
			drain_say(d, "%s: outcome unknown, read back in %" PRId64
			    " s, once the request can no longer land: %s", name,
			    d->opt.readback_delay_s, o->reason != NULL ?
			    o->reason : "no answer");
		} else
			drain_say(d, "%s: %s: %s", name, dr->unsure ? "outcome "
			    "unknown, read back before it is sent again" :
			    "not sent, queued again", o->reason != NULL ?
			    o->reason : "unavailable");
		break;
	}
	if (o->stop && !n->stopped) {
		n->stopped = true;
		drain_say(d, "%s: unavailable; its writes wait for the next "
		    "drain", cache_drain_backend_name(dr->be));
	}
	return CACHE_OK;
}

/*
 * How long after a send begins its request may still land: the wait
 * before a read-back, plus the longest the request itself may take (a
 * rate budget's wait and its deadline). 0 when read-back is at once.
 */
static int64_t
settle_s(const struct drain *d, enum drain_backend be)
{
	struct http_client *cl = client_of(d, be);

	if (d->opt.readback_delay_s <= 0)
		return 0;
	return d->opt.readback_delay_s + (cl != NULL ?
	    (http_client_longest_ms(cl) + 999) / 1000 : 0);
}

int
drain_resending(struct drain *d, const struct drain_row *dr, char **cause)
{
	int64_t s = settle_s(d, dr->be);

	if (dr->claim != OUTBOX_CLAIMED)
		drain_log_row(dr, "read-back resolved: sending again");
	if (dr->claim == OUTBOX_CLAIMED || s == 0)
		return CACHE_OK;	/* the claim's window still holds */
	return cache_outbox_mark_resending(d->c, dr->r.id, s, cause);
}

/*
 * Claim row (read by cache_outbox_next) into dr. *claimed false when
 * another drainer got it first (dr is then cleared).
 */
static int
claim(struct drain *d, struct drain_row *dr, enum drain_backend be,
    bool *claimed, char **cause)
{
	enum outbox_claim res;
	int rc;

	*claimed = false;
	if ((rc = cache_outbox_mark_sending(d->c, dr->r.id, settle_s(d, be), &res,
	    cause)) != CACHE_OK)
		return rc;
	if (res == OUTBOX_NOT_CLAIMED)
		return CACHE_OK;
	d->nclaims++;
	drain_crash_point("claimed");
	dr->be = be;
	dr->claim = res;
	/* Taken over, or retried after an unknown outcome: read back first. */
	dr->unsure = res != OUTBOX_CLAIMED;
	*claimed = true;
	drain_log_claim(dr);
	return CACHE_OK;
}

/* Record verdict v with reason (taken over) for claimed row dr; clear it. */
static int
record_alone(struct drain *d, struct drain_row *dr, enum drain_verdict v,
    char *reason, char **cause)
{
	struct drain_outcome o;
	int rc;

	memset(&o, 0, sizeof o);
	o.v = v;
	o.reason = reason;
	drain_crash_point("answered");
	rc = record(d, dr, &o, cause);
	drain_outcome_clear(&o);
	row_clear(dr);
	return rc;
}

/*
 * The other queued rows of first's bulk batch, claimed, appended to
 * rows[*n] (room for ACTION_BULK_MAX). Rows held back by an earlier
 * write to their ticket are left for later: they go in a batch of their
 * own once their turn comes.
 */
static int
gather_batch(struct drain *d, struct drain_row *first, struct drain_row *rows,
    size_t *n, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *batch = json_string_value(json_object_get(first->p, "batch"));
	int64_t *ids = NULL;
	size_t nids = 0, i;
	bool found, claimed;
	char *why = NULL;
	int rc = CACHE_OK, step;

	if (batch == NULL)
		return CACHE_OK;
	if (sqlite3_prepare_v2(cache_db(d->c), "SELECT id FROM outbox WHERE "
	    "backend = 'zendesk' AND kind = 'ticket.bulk' AND state = 'queued' "
	    "AND unsure = 0 AND id <> ?1 "
	    "AND json_extract(payload, '$.batch') = ?2 "
	    "ORDER BY id LIMIT ?3", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)first->r.id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, batch, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int(st, 3, ACTION_BULK_MAX - 1) != SQLITE_OK) {
		rc = cache_sqlite_error(d->c, cause, "reading the outbox");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xreallocarray(ids, nids + 1, sizeof *ids);
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	if (step != SQLITE_DONE) {
		rc = cache_sqlite_error(d->c, cause, "reading the outbox");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < nids && *n < ACTION_BULK_MAX; i++) {
		struct drain_row *dr = &rows[*n];

		if (d->opt.max_rows != 0 && d->nclaims >= d->opt.max_rows)
			break;
		memset(dr, 0, sizeof *dr);
		if ((rc = cache_outbox_get(d->c, ids[i], &dr->r, &found,
		    cause)) != CACHE_OK)
			goto out;
		if (!found || dr->r.state != OUTBOX_QUEUED || dr->r.unsure) {
			row_clear(dr);
			continue;
		}
		if ((rc = claim(d, dr, DRAIN_ZENDESK, &claimed, cause)) !=
		    CACHE_OK) {
			row_clear(dr);
			goto out;
		}
		if (!claimed) {
			row_clear(dr);
			continue;
		}
		/*
		 * Retried after an unknown outcome since it was read, it goes
		 * alone, read back first, at its own turn; not a row for the
		 * batch, it fails on its own.
		 */
		if (dr->unsure)
			rc = record_alone(d, dr, DRAIN_RELEASE, xstrdup("may "
			    "already have been applied: read back on its own"),
			    cause);
		else if (!row_parse(dr, &why)) {
			rc = record_alone(d, dr, DRAIN_FAILED, why, cause);
			why = NULL;
		} else {
			(*n)++;
			continue;
		}
		if (rc != CACHE_OK)
			goto out;
	}
out:
	sqlite3_finalize(st);
	free(ids);
	return rc;
}

/*
 * Send the bulk batch headed by the claimed row first (taken over, and
 * cleared), with the rest of its batch when it is a fresh claim; record
 * every row.
 */
static int
bulk(struct drain *d, struct drain_row *first, char **cause)
{
	struct drain_outcome *outs = NULL;
	struct drain_row *rows, **ptrs = NULL;
	size_t n = 1, i;
	int rc = CACHE_OK;

	rows = xcalloc(ACTION_BULK_MAX, sizeof *rows);
	rows[0] = *first;
	memset(first, 0, sizeof *first);
	/* A row that may have been applied goes alone, after read-back. */
	if (!rows[0].unsure &&
	    (rc = gather_batch(d, &rows[0], rows, &n, cause)) != CACHE_OK)
		goto out;
	outs = xcalloc(n, sizeof *outs);
	ptrs = xcalloc(n, sizeof *ptrs);
	for (i = 0; i < n; i++)
		ptrs[i] = &rows[i];
	rc = drain_zendesk_bulk(d, ptrs, n, outs, cause);
	for (i = 0; rc == CACHE_OK && i < n; i++)
		drain_crash_point("answered");
	for (i = 0; rc == CACHE_OK && i < n; i++)
		rc = record(d, &rows[i], &outs[i], cause);
	for (i = 0; i < n; i++)
		drain_outcome_clear(&outs[i]);
out:
	for (i = 0; i < n; i++)
		row_clear(&rows[i]);
	free(outs);
	free(ptrs);
	free(rows);
	return rc;
}

/*
 * One row of backend be, if one can be sent: *more false when there is
 * none (or the backend is to be left alone).
 */
static int
drain_one(struct drain *d, enum drain_backend be, bool *more, char **cause)
{
	struct drain_row dr;
	struct drain_outcome o;
	bool found, claimed;
	char *why = NULL;
	int rc;

	*more = false;
	memset(&dr, 0, sizeof dr);
	memset(&o, 0, sizeof o);
	if ((rc = cache_outbox_next(d->c, cache_drain_backend_name(be), &dr.r, &found,
	    cause)) != CACHE_OK || !found)
		goto out;
	if (meet(d, dr.r.id) > DRAIN_MEETINGS_MAX) {
		/* Sent, unknown, read back, unknown again: enough for now. */
		d->rep->backend[be].stopped = true;
		drain_say(d, "%s: outcome still unknown; read back at the next "
		    "drain", row_name(&dr.r));
		goto out;
	}
	*more = true;
	if ((rc = claim(d, &dr, be, &claimed, cause)) != CACHE_OK || !claimed)
		goto out;

	if (!row_parse(&dr, &why)) {
		o.v = DRAIN_FAILED;
		o.reason = why;
	} else if (be == DRAIN_ZENDESK && strcmp(dr.r.kind, "ticket.bulk") == 0) {
		rc = bulk(d, &dr, cause);
		goto out;
	} else if (be == DRAIN_ZENDESK)
		rc = drain_zendesk_row(d, &dr, &o, cause);
	else if (be == DRAIN_STATUSPAGE)
		rc = drain_statuspage_row(d, &dr, &o, cause);
	else if (strcmp(dr.r.kind, "payment.resolve") == 0)
		rc = drain_payments_row(d, &dr, &o);
	else {
		o.v = DRAIN_FAILED;
		o.reason = xasprintf("tdesk does not know how to send a %s",
		    dr.r.kind);
	}
	if (rc != CACHE_OK)
		goto out;
	drain_crash_point("answered");
	rc = record(d, &dr, &o, cause);
out:
	drain_outcome_clear(&o);
	row_clear(&dr);
	return rc;
}

int
cache_drain(struct cache *c, const struct drain_clients *clients,
    const struct drain_options *opt, struct drain_report *report,
    char **cause)
{
	struct drain d;
	bool more, any;
	int rc = CACHE_OK, be;

	memset(report, 0, sizeof *report);
	memset(&d, 0, sizeof d);
	d.c = c;
	d.cl = clients;
	d.rep = report;
	d.zd_me = clients->zendesk_user_id;
	if (opt != NULL)
		d.opt = *opt;
	if (d.opt.job_poll_ms <= 0)
		d.opt.job_poll_ms = 500;
	if (d.opt.job_wait_ms <= 0)
		d.opt.job_wait_ms = 60000;
	if (d.opt.max_wait_ms <= 0)
		d.opt.max_wait_ms = HTTP_WAIT_DEFAULT;
	if (d.opt.readback_delay_s == 0)
		d.opt.readback_delay_s = DRAIN_READBACK_DELAY_S;
	else if (d.opt.readback_delay_s < 0)
		d.opt.readback_delay_s = 0;

	/* Round robin: one row of each backend in turn, while any has one. */
	do {
		any = false;
		for (be = 0; be < DRAIN_NBACKENDS; be++) {
			if (client_of(&d, (enum drain_backend)be) == NULL ||
			    report->backend[be].stopped)
				continue;
			if (d.opt.max_rows != 0 && d.nclaims >= d.opt.max_rows)
				break;
			if ((rc = drain_one(&d, (enum drain_backend)be, &more,
			    cause)) != CACHE_OK)
				goto out;
			any = any || more;
		}
	} while (any && (d.opt.max_rows == 0 || d.nclaims < d.opt.max_rows));
out:
	free(d.seen);
	return rc;
}
