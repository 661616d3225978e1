/*
 * The outbox's rows as the user and the lists see them: retry, edit and
 * drop (each refused unless the row is in a state that allows it), the
 * windows and counts the Outbox tab and `tdesk outbox list` read, and
 * pruning what was done long ago. The rows' life while they are sent is
 * in outbox.c.
 */
#include "cache/outbox.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/cache_int.h"
#include "cache/outbox_int.h"
#include "api/log.h"

/* ---- The user's decisions: retry, edit, drop -------------------------- */

struct change_args {
	int64_t		 id;
	const char	*payload;	/* edit */
	const char	*key;		/* edit: a fresh key */
	bool		*maybe_sent;	/* drop */
};

/* Why a retry or an edit does not apply to row id. */
static void
not_changeable(struct cache *c, int64_t id, const char *what, char **cause)
{
	struct outbox_row r;
	bool found;

	if (cache_outbox_get(c, id, &r, &found, NULL) != CACHE_OK || !found) {
		xcause(cause, "cache %s: there is no outbox row %lld",
		    cache_filename(c), (long long)id);
		return;
	}
	xcause(cause, "cache %s: outbox row %lld is %s; only %s", cache_filename(c),
	    (long long)id, cache_outbox_state_name(r.state), what);
	cache_outbox_row_clear(&r);
}

/*
 * Runs st, an UPDATE of row id by the user, and frees it: CACHE_ERR
 * saying why (the rows it applies to: only) unless it changed that row.
 */
static int
change_step(struct cache *c, sqlite3_stmt *st, int64_t id, const char *what,
    const char *only, char **cause)
{
	int rc;

	rc = outbox_step_done(c, st, what, cause);
	sqlite3_finalize(st);
	if (rc == CACHE_OK && sqlite3_changes(cache_db(c)) != 1) {
		not_changeable(c, id, only, cause);
		rc = CACHE_ERR;
	}
	return rc;
}

static int
retry_fn(struct cache *c, void *arg, char **cause)
{
	struct change_args *a = arg;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(cache_db(c), "UPDATE outbox SET state = 'queued', "
	    "last_error = NULL, conflict_json = NULL, updated_at = ?2 "
	    "WHERE id = ?1 AND state IN ('failed', 'conflict')", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->id) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)time(NULL)) != SQLITE_OK)
		return outbox_stmt_fail(c, st, "retrying a write", cause);
	return change_step(c, st, a->id, "retrying a write",
	    "failed or conflicting writes can be retried", cause);
}

int
cache_outbox_retry(struct cache *c, int64_t id, char **cause)
{
	struct change_args a = { id, NULL, NULL, NULL };
	int rc;

	if ((rc = outbox_tx(c, retry_fn, &a, cause)) == CACHE_OK)
		log_line("outbox", "%" PRId64 ": retried -> queued", id);
	return rc;
}

static int
edit_fn(struct cache *c, void *arg, char **cause)
{
	struct change_args *a = arg;
	sqlite3_stmt *st = NULL;

	/*
	 * A row that may have been applied keeps its key: the backend then
	 * answers the new body with idempotency_mismatch if the old one
	 * went through, and applies it if it never did.
	 */
	if (sqlite3_prepare_v2(cache_db(c), "UPDATE outbox SET payload = ?2, "
	    "state = 'queued', last_error = NULL, conflict_json = NULL, "
	    "idempotency_key = CASE WHEN idempotency_key IS NULL OR unsure "
	    "THEN idempotency_key ELSE ?3 END, updated_at = ?4 "
	    "WHERE id = ?1 AND state IN ('queued', 'failed', 'conflict')", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, a->payload, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, a->key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL)) != SQLITE_OK)
		return outbox_stmt_fail(c, st, "editing a write", cause);
	return change_step(c, st, a->id, "editing a write",
	    "queued, failed or conflicting writes can be edited", cause);
}

int
cache_outbox_edit(struct cache *c, int64_t id, const char *payload,
    char **cause)
{
	char key[OUTBOX_KEY_LEN + 1];
	struct change_args a = { id, payload, key, NULL };
	int rc;

	if (payload == NULL) {
		xcause(cause, "cache %s: an edit needs a payload", cache_filename(c));
		return CACHE_ERR;
	}
	if ((rc = outbox_new_key(c, key, cause)) != CACHE_OK)
		return rc;
	if ((rc = outbox_tx(c, edit_fn, &a, cause)) == CACHE_OK)
		log_line("outbox", "%" PRId64 ": edited -> queued", id);
	return rc;
}

static int
drop_fn(struct cache *c, void *arg, char **cause)
{
	struct change_args *a = arg;
	struct outbox_row r;
	sqlite3_stmt *st = NULL;
	bool found;
	int rc;

	if ((rc = cache_outbox_get(c, a->id, &r, &found, cause)) != CACHE_OK)
		return rc;
	if (!found) {
		xcause(cause, "cache %s: there is no outbox row %lld",
		    cache_filename(c), (long long)a->id);
		return CACHE_ERR;
	}
	if (r.state == OUTBOX_SENDING && !r.orphaned) {
		xcause(cause, "cache %s: outbox row %lld is being sent by process "
		    "%lld; drop it once that has finished", cache_filename(c),
		    (long long)a->id, (long long)r.claim_pid);
		cache_outbox_row_clear(&r);
		return CACHE_ERR;
	}
	*a->maybe_sent = cache_outbox_maybe_applied(&r);
	cache_outbox_row_clear(&r);
	/* The write lock is held since the read: the row is as it was read. */
	if (sqlite3_prepare_v2(cache_db(c), "DELETE FROM outbox WHERE id = ?1", -1,
	    &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->id) != SQLITE_OK)
		rc = cache_sqlite_error(c, cause, "dropping a write");
	else
		rc = outbox_step_done(c, st, "dropping a write", cause);
	sqlite3_finalize(st);
	return rc;
}

int
cache_outbox_drop(struct cache *c, int64_t id, bool *maybe_sent, char **cause)
{
	struct change_args a = { id, NULL, NULL, maybe_sent };
	int rc;

	*maybe_sent = false;
	if ((rc = outbox_tx(c, drop_fn, &a, cause)) != CACHE_OK)
		*maybe_sent = false;
	else
		log_line("outbox", "%" PRId64 ": dropped", id);
	return rc;
}

/* ---- Lists and counts ------------------------------------------------- */

/* The states of mask (0: every state but done) as a JSON array text. */
static char *
states_json(unsigned mask)
{
	json_t *states = json_array();
	size_t i;

	if (mask == 0)
		mask = ~(1u << OUTBOX_DONE);
	for (i = 0; i < (size_t)OUTBOX_CONFLICT + 1; i++) {
		if (mask & (1u << i))
			json_array_append_new(states, json_string(cache_outbox_state_name((enum outbox_state)i)));
	}
	return cache_json_text(states, "listing the outbox");
}

/*
 * The rows of mask after from_id in id order, or (before) the last limit
 * rows before it, read downwards and put back in id order.
 */
static int
outbox_window(struct cache *c, unsigned mask, int64_t from_id, bool before,
    size_t limit, struct outbox_row **rowsp, size_t *np, char **cause)
{
	struct outbox_row *rows = NULL, tmp;
	sqlite3_stmt *st = NULL;
	char *states_text = states_json(mask);
	size_t n = 0, cap = 0, i;
	int rc = CACHE_OK, step;

	*rowsp = NULL;
	*np = 0;
	if (limit > 10000)
		limit = 10000;
	if (sqlite3_prepare_v2(cache_db(c), before ?
	    "SELECT " OUTBOX_ROW_COLUMNS " FROM outbox "
	    "WHERE id < ?1 AND state IN (SELECT value FROM json_each(?2)) "
	    "ORDER BY id DESC LIMIT ?3" :
	    "SELECT " OUTBOX_ROW_COLUMNS " FROM outbox "
	    "WHERE id > ?1 AND state IN (SELECT value FROM json_each(?2)) "
	    "ORDER BY id LIMIT ?3", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)from_id) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, states_text, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, (sqlite3_int64)limit) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "listing the outbox");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		outbox_row_fill(st, &rows[n++]);
	}
	if (step != SQLITE_DONE) {
		rc = cache_sqlite_error(c, cause, "listing the outbox");
		cache_outbox_rows_free(&rows, n);
		n = 0;
	}
	for (i = 0; before && i < n / 2; i++) {
		tmp = rows[i];
		rows[i] = rows[n - 1 - i];
		rows[n - 1 - i] = tmp;
	}
	*rowsp = rows;
	*np = n;
out:
	sqlite3_finalize(st);
	free(states_text);
	return rc;
}

int
cache_outbox_list(struct cache *c, unsigned mask, int64_t after_id,
    size_t limit, struct outbox_row **rowsp, size_t *np, char **cause)
{
	return outbox_window(c, mask, after_id, false, limit, rowsp, np, cause);
}

int
cache_outbox_list_before(struct cache *c, unsigned mask, int64_t before_id,
    size_t limit, struct outbox_row **rowsp, size_t *np, char **cause)
{
	return outbox_window(c, mask, before_id > 0 ? before_id : INT64_MAX,
	    true, limit, rowsp, np, cause);
}

int
cache_outbox_count(struct cache *c, unsigned mask, int64_t *n, char **cause)
{
	sqlite3_stmt *st = NULL;
	char *states_text = states_json(mask);
	int rc = CACHE_OK;

	*n = 0;
	if (sqlite3_prepare_v2(cache_db(c), "SELECT count(*) FROM outbox WHERE "
	    "state IN (SELECT value FROM json_each(?1))", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, states_text, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		rc = cache_sqlite_error(c, cause, "counting the outbox");
	else
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	free(states_text);
	return rc;
}

int
cache_outbox_counts(struct cache *c, struct outbox_counts *out, char **cause)
{
	sqlite3_stmt *st = NULL;
	enum outbox_state s;
	int rc = CACHE_OK, step;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(cache_db(c), "SELECT state, count(*) FROM outbox "
	    "GROUP BY state", -1, &st, NULL) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "counting the outbox");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 1);

		if (cache_outbox_state_from_name((const char *)
		    sqlite3_column_text(st, 0), &s) != 0)
			continue;
		switch (s) {
		case OUTBOX_QUEUED:
			out->queued = n;
			break;
		case OUTBOX_SENDING:
			out->sending = n;
			break;
		case OUTBOX_DONE:
			out->done = n;
			break;
		case OUTBOX_FAILED:
			out->failed = n;
			break;
		case OUTBOX_CONFLICT:
			out->conflict = n;
			break;
		}
	}
	if (step != SQLITE_DONE) {
		rc = cache_sqlite_error(c, cause, "counting the outbox");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Few rows: those sending, and those a read-back has to settle. */
	if (sqlite3_prepare_v2(cache_db(c), "SELECT state, ifnull(claim_pid, 0), "
	    "claim_token, unsure FROM outbox WHERE state IN ('queued', "
	    "'sending') AND (state = 'sending' OR unsure = 1)", -1, &st, NULL) !=
	    SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "counting the outbox");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *state = (const char *)sqlite3_column_text(st, 0);
		bool sending = state != NULL && strcmp(state, "sending") == 0;
		bool live = sending && outbox_claimer_alive(sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2));

		if (!live && (sending || sqlite3_column_int(st, 3) != 0))
			out->unknown++;
	}
	if (step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "counting the outbox");
out:
	sqlite3_finalize(st);
	return rc;
}

struct prune_args {
	int64_t		 older_than;
	int64_t		*removed;
};

static int
prune_fn(struct cache *c, void *arg, char **cause)
{
	struct prune_args *a = arg;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(cache_db(c), "DELETE FROM outbox WHERE "
	    "state = 'done' AND updated_at < ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->older_than) != SQLITE_OK)
		rc = cache_sqlite_error(c, cause, "pruning the outbox");
	else if ((rc = outbox_step_done(c, st, "pruning the outbox", cause)) == CACHE_OK)
		*a->removed = sqlite3_changes(cache_db(c));
	sqlite3_finalize(st);
	return rc;
}

int
cache_outbox_prune(struct cache *c, int64_t older_than, int64_t *removed,
    char **cause)
{
	struct prune_args a = { older_than, removed };

	*removed = 0;
	return outbox_tx(c, prune_fn, &a, cause);
}
