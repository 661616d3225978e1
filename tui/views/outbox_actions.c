/*
 * The Outbox tab's retry, drop and edit: what each does to a write is
 * cache/'s to say (cache_outbox_retry_plan, cache_outbox_describe_row);
 * here are the questions asked first and the messages after.
 */
#include "tui/views/outbox_actions.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/actions.h"
#include "cache/outbox.h"
#include "cache/outbox_describe.h"

/* What a confirmed retry or drop applies to. */
struct outbox_op {
	int64_t		*ids;
	size_t		 n;
	outbox_taken_fn	 taken;		/* told of each write taken */
	void		*arg;
	char		*backend;	/* one row: for the maybe-sent message */
	char		*target;
};

static bool
sending_live(const struct outbox_row *r)
{
	return r->state == OUTBOX_SENDING && !r->orphaned;
}

static void
op_free(void *arg)
{
	struct outbox_op *op = arg;

	free(op->ids);
	free(op->backend);
	free(op->target);
	free(op);
}

static struct outbox_op *
op_new(int64_t *ids, size_t n, outbox_taken_fn taken, void *arg)
{
	struct outbox_op *op = xcalloc(1, sizeof *op);

	op->taken = taken;
	op->arg = arg;
	op->ids = ids;
	op->n = n;
	return op;
}

/* Why a row cannot be edited or dropped now; NULL: it can. A row being
 * sent is not edited for the reasons it is not retried. */
static const char *
refusal(const struct outbox_row *r, enum action a)
{
	const char *why;

	if (sending_live(r) && a == ACT_OUTBOX_DROP)
		return "is being sent right now: let it finish, then drop it "
		    "if it fails";
	if (r->state == OUTBOX_SENDING && a != ACT_OUTBOX_DROP) {
		(void)cache_outbox_retry_plan(r, &why);
		return why;
	}
	if (cache_outbox_maybe_applied(r) && a == ACT_OUTBOX_EDIT)
		return "may already have been applied: retry it to read it "
		    "back, or drop it";
	return NULL;
}

/* Reads row id; false after a message when it is gone. */
static bool
get_row(struct app *app, int64_t id, struct outbox_row *r)
{
	char *cause = NULL;
	bool found = false;

	if (cache_outbox_get(app->cache, id, r, &found, &cause) != CACHE_OK) {
		app_error(app, "Write %" PRId64 ": %s", id, cause);
		free(cause);
		return false;
	}
	if (!found) {
		app_error(app, "Write %" PRId64 " is no longer in the outbox "
		    "(sent or dropped meanwhile)", id);
		return false;
	}
	return true;
}

/* The one row of ids, read; false (ids freed) after a message when it
 * is gone. */
static bool
single(struct app *app, int64_t *ids, struct outbox_row *r)
{
	if (get_row(app, ids[0], r))
		return true;
	free(ids);
	return false;
}

/* The first failure of a batch, kept for its message; *cause freed. */
static void
first_failure(char **first, int64_t id, char **cause)
{
	if (*first == NULL)
		*first = xasprintf("write %" PRId64 ": %s", id, *cause);
	free(*cause);
	*cause = NULL;
}

/* Of tagged rows: how many a retry re-applies, how many may already have
 * been applied, and how many are being sent by a live process. */
struct outbox_tally {
	size_t		 reapply, maybe, live;
};

static void
tally(struct app *app, const int64_t *ids, size_t n, struct outbox_tally *t)
{
	struct outbox_row r;
	bool found;
	size_t i;

	memset(t, 0, sizeof *t);
	for (i = 0; i < n; i++) {
		if (cache_outbox_get(app->cache, ids[i], &r, &found, NULL) !=
		    CACHE_OK || !found)
			continue;
		if (cache_outbox_retry_plan(&r, NULL) == OUTBOX_RETRY_REAPPLY)
			t->reapply++;
		if (cache_outbox_maybe_applied(&r))
			t->maybe++;
		else if (sending_live(&r))
			t->live++;
		cache_outbox_row_clear(&r);
	}
}

/* Each row retried as cache_outbox_retry_plan says (failed rows queued
 * again, conflicts re-applied); the rest left alone. */
static int
retry_yes(struct app *app, void *arg, const char *text)
{
	struct outbox_op *op = arg;
	struct outbox_row r;
	enum outbox_retry plan;
	char *cause = NULL, *first = NULL;
	size_t i, done = 0, failed = 0, skipped = 0, reapplied = 0, unsure = 0;

	(void)text;
	for (i = 0; i < op->n; i++) {
		if (!get_row(app, op->ids[i], &r)) {
			failed++;
			continue;
		}
		plan = cache_outbox_retry_plan(&r, NULL);
		if (plan != OUTBOX_RETRY_REQUEUE && plan != OUTBOX_RETRY_REAPPLY)
			skipped++;
		else if (cache_outbox_retry_run(app->cache, r.id, true, &plan,
		    &cause) != CACHE_OK) {
			failed++;
			first_failure(&first, r.id, &cause);
		} else {
			done++;
			reapplied += plan == OUTBOX_RETRY_REAPPLY;
			unsure += cache_outbox_maybe_applied(&r);
			op->taken(op->arg, r.id);
		}
		cache_outbox_row_clear(&r);
	}
	app_drain(app);
	if (first != NULL)
		app_error(app, "%zu of %zu not queued again: %s", failed, op->n,
		    first);
	else if (op->n == 1 && done == 1 && unsure > 0)
		app_message(app, "Write %" PRId64 " queued again: it is read "
		    "back first, as it may have been applied", op->ids[0]);
	else if (op->n == 1 && done == 1)
		app_message(app, "Write %" PRId64 " %s: sending it now",
		    op->ids[0], reapplied > 0 ? "re-applied on the server's "
		    "current version" : "queued again");
	else if (done > 0 && skipped > 0)
		app_message(app, "%zu writes queued again (%zu left as they "
		    "were): sending them now", done, skipped);
	else if (done > 0)
		app_message(app, "%zu writes queued again: sending them now",
		    done);
	else
		app_message(app, "Nothing to retry: no failed or conflicting "
		    "write among them");
	free(first);
	return UI_RELOAD | UI_REDRAW;
}

/* Failed rows need no question: queued again at once (ids taken over). */
static int
retry_now(struct app *app, int64_t *ids, size_t n, outbox_taken_fn taken,
    void *arg)
{
	struct outbox_op *op = op_new(ids, n, taken, arg);
	int r = retry_yes(app, op, "");

	op_free(op);
	return r;
}

int
outbox_actions_retry(struct app *app, int64_t *ids, size_t n,
    outbox_taken_fn taken, void *arg)
{
	struct outbox_row r;
	struct outbox_tally t;
	enum outbox_retry plan;
	const char *why;
	char q[512];

	if (n == 1) {
		if (!single(app, ids, &r))
			return UI_RELOAD | UI_REDRAW;
		plan = cache_outbox_retry_plan(&r, &why);
		if (plan == OUTBOX_RETRY_REFUSE || plan == OUTBOX_RETRY_QUEUED) {
			if (plan == OUTBOX_RETRY_REFUSE)
				app_error(app, "Write %" PRId64 " %s", r.id, why);
			else
				app_message(app, "Write %" PRId64 " is queued: "
				    "sending it now", r.id);
			app_drain(app);
			cache_outbox_row_clear(&r);
			free(ids);
			return UI_REDRAW;
		}
		/* The detail shows what it sets against the server's now. */
		if (plan == OUTBOX_RETRY_REAPPLY) {
			cache_outbox_reapply_question(&r, 1, 1,
			    app->profile->name, app->profile->environment, q,
			    sizeof q);
			cache_outbox_row_clear(&r);
			app_confirm(app, q, retry_yes, op_new(ids, n, taken, arg),
			    op_free);
			return UI_REDRAW;
		}
		cache_outbox_row_clear(&r);
		return retry_now(app, ids, n, taken, arg);
	}
	tally(app, ids, n, &t);
	if (t.reapply > 0) {
		cache_outbox_reapply_question(NULL, n, t.reapply,
		    app->profile->name, app->profile->environment, q, sizeof q);
		app_confirm(app, q, retry_yes, op_new(ids, n, taken, arg), op_free);
		return UI_REDRAW;
	}
	return retry_now(app, ids, n, taken, arg);
}

static int
drop_yes(struct app *app, void *arg, const char *text)
{
	struct outbox_op *op = arg;
	char *cause = NULL, *first = NULL;
	size_t i, done = 0, failed = 0, maybe = 0;
	bool maybe_sent;

	(void)text;
	for (i = 0; i < op->n; i++) {
		maybe_sent = false;
		if (cache_outbox_drop(app->cache, op->ids[i], &maybe_sent,
		    &cause) != CACHE_OK) {
			failed++;
			first_failure(&first, op->ids[i], &cause);
			continue;
		}
		done++;
		if (maybe_sent)
			maybe++;
		op->taken(op->arg, op->ids[i]);
	}
	app_drain(app);
	if (first != NULL)
		app_error(app, "%zu of %zu not dropped: %s", failed, op->n, first);
	else if (op->n == 1 && maybe > 0)
		app_error(app, "Write %" PRId64 " dropped, but it may already have "
		    "reached %s: check %s there", op->ids[0], op->backend != NULL ?
		    op->backend : "the backend", op->target != NULL ? op->target :
		    "the target");
	else if (op->n == 1)
		app_message(app, "Write %" PRId64 " dropped: it will not be sent",
		    op->ids[0]);
	else if (maybe > 0)
		app_error(app, "%zu writes dropped; %zu of them may already have "
		    "reached their backend: check their targets", done, maybe);
	else
		app_message(app, "%zu writes dropped: they will not be sent", done);
	free(first);
	return UI_RELOAD | UI_REDRAW;
}

int
outbox_actions_drop(struct app *app, int64_t *ids, size_t n,
    outbox_taken_fn taken, void *arg)
{
	struct outbox_row r;
	struct outbox_tally t;
	struct outbox_op *op;
	const char *why;
	char q[512];

	if (n == 1) {
		if (!single(app, ids, &r))
			return UI_RELOAD | UI_REDRAW;
		if ((why = refusal(&r, ACT_OUTBOX_DROP)) != NULL) {
			app_error(app, "Write %" PRId64 " %s", r.id, why);
			cache_outbox_row_clear(&r);
			free(ids);
			return UI_REDRAW;
		}
		if (cache_outbox_maybe_applied(&r))
			snprintf(q, sizeof q, "Drop write %" PRId64 " (%s)? It "
			    "may already have reached %s. [y/N] ", r.id,
			    r.target, r.backend);
		else
			snprintf(q, sizeof q, "Drop write %" PRId64 " (%s)? It "
			    "will never be sent. [y/N] ", r.id, r.target);
		op = op_new(ids, n, taken, arg);
		op->backend = xstrdup(r.backend);
		op->target = xstrdup(r.target);
		cache_outbox_row_clear(&r);
		app_confirm(app, q, drop_yes, op, op_free);
		return UI_REDRAW;
	}
	tally(app, ids, n, &t);
	if (t.live > 0) {
		app_error(app, "%zu of the tagged writes are being sent right now: "
		    "let them finish, then drop what failed", t.live);
		free(ids);
		return UI_REDRAW;
	}
	if (t.maybe > 0)
		snprintf(q, sizeof q, "Drop %zu tagged writes? %zu may already "
		    "have reached the backend. [y/N] ", n, t.maybe);
	else
		snprintf(q, sizeof q, "Drop %zu tagged writes? They will never be "
		    "sent. [y/N] ", n);
	app_confirm(app, q, drop_yes, op_new(ids, n, taken, arg), op_free);
	return UI_REDRAW;
}

int
outbox_actions_edit(struct app *app, int64_t id)
{
	struct outbox_row r;
	struct outbox_desc d;
	const char *why;
	char *out = NULL, *cause = NULL;
	bool was_conflict;
	int rc;

	if (!get_row(app, id, &r))
		return UI_RELOAD | UI_REDRAW;
	if ((why = refusal(&r, ACT_OUTBOX_EDIT)) != NULL) {
		app_error(app, "Write %" PRId64 " %s", r.id, why);
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	cache_outbox_describe_row(app->cache, &r, NULL, &d);
	if (!d.parses) {
		app_error(app, "Write %" PRId64 ": its request does not parse; "
		    "drop it", r.id);
		cache_outbox_desc_clear(&d);
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	was_conflict = r.state == OUTBOX_CONFLICT;
	if (d.comment != NULL) {
		out = app_edit(app, d.comment, ".txt");
		rc = out == NULL ? CACHE_OK : cache_action_edit_comment(app->cache,
		    r.id, out, &cause);
	} else {
		out = app_edit(app, d.body != NULL ? d.body : "{}", ".json");
		rc = out == NULL ? CACHE_OK : cache_action_edit_body(app->cache,
		    r.id, out, &cause);
	}
	cache_outbox_desc_clear(&d);
	if (out == NULL) {	/* cancelled: app_edit said why */
		cache_outbox_row_clear(&r);
		return UI_REDRAW;
	}
	free(out);
	if (rc != CACHE_OK) {
		app_error(app, "Write %" PRId64 " not changed: %s", r.id, cause);
		free(cause);
	} else {
		app_drain(app);
		app_message(app, "Write %" PRId64 " changed%s and queued again: "
		    "sending it now", r.id, was_conflict ? ", re-based on the "
		    "server's current version," : "");
	}
	cache_outbox_row_clear(&r);
	return UI_RELOAD | UI_REDRAW;
}
