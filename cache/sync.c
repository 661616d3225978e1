/*
 * What every backend's sync round shares: names, the breaker check,
 * counting pages for the progress callback, and recording each
 * endpoint's health in sync_state without writing when nothing changed.
 */
#include "cache/sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/sync_int.h"
#include "api/log.h"

static const char *const backend_names[SYNC_NBACKENDS] = {
	[SYNC_ZENDESK] = "zendesk",
	[SYNC_STATUSPAGE] = "statuspage",
	[SYNC_PAYMENTS] = "payments",
};

const char *
sync_backend_name(enum sync_backend b)
{
	if ((int)b < 0 || b >= SYNC_NBACKENDS)
		return "?";
	return backend_names[b];
}

const char *
sync_state_name(enum sync_state s)
{
	switch (s) {
	case SYNC_STATE_OFF:
		return "off";
	case SYNC_STATE_IDLE:
		return "idle";
	case SYNC_STATE_SYNCING:
		return "syncing";
	case SYNC_STATE_OFFLINE:
		return "offline";
	case SYNC_STATE_ERROR:
		return "error";
	case SYNC_STATE_BREAKER_OPEN:
		return "circuit open";
	}
	return "?";
}

int64_t
sync_now(void)
{
	return (int64_t)time(NULL);
}

size_t
sync_changed(const struct cache_store_stats *s)
{
	return s->inserted + s->updated + s->deleted;
}

void
sync_run_init(struct sync_run *r, enum sync_backend backend, struct cache *c,
    struct http_client *cl, const struct sync_options *opt,
    struct sync_report *rep, char **cause)
{
	memset(r, 0, sizeof *r);
	r->c = c;
	r->cl = cl;
	r->opt = opt;
	r->rep = rep;
	r->backend = backend;
	r->name = sync_backend_name(backend);
	r->cause = cause;
	r->max_pages = opt->max_pages > 0 ? opt->max_pages : SYNC_MAX_PAGES;
	log_line("sync", "%s round started", r->name);
}

/* Keeps msg as the round's message if it is the first; frees it otherwise. */
static void
keep_cause(struct sync_run *r, char *msg)
{
	if (r->rc == SYNC_OK && r->cause != NULL)
		*r->cause = msg;
	else
		free(msg);
}

bool
sync_breaker_open(struct sync_run *r)
{
	struct http_health h;

	http_client_health(r->cl, &h);
	if (h.breaker != BREAKER_OPEN || h.retry_in_ms <= 0)
		return false;
	log_line("sync", "%s round skipped: circuit open", r->name);
	r->rep->result = HTTP_BREAKER_OPEN;
	r->rep->retry_in_ms = h.retry_in_ms;
	keep_cause(r, xasprintf("%s: circuit open after %d consecutive "
	    "failures, retry in %lld s%s%s", r->name, h.failures,
	    (long long)((h.retry_in_ms + 999) / 1000),
	    h.last_error[0] != '\0' ? "; last error: " : "", h.last_error));
	r->rc = SYNC_ERR_BACKEND;
	r->halt = true;
	return true;
}

bool
sync_stopping(struct sync_run *r)
{
	if (r->rc == SYNC_ERR_CANCELLED)
		return true;
	if (r->opt->cancelled == NULL || r->opt->cancelled(r->opt->arg) == 0)
		return false;
	if (r->rc == SYNC_OK && r->cause != NULL)
		*r->cause = xasprintf("%s: sync cancelled", r->name);
	if (r->rc != SYNC_ERR_CACHE)
		r->rc = SYNC_ERR_CANCELLED;
	r->halt = true;
	return true;
}

bool
sync_request(struct sync_run *r)
{
	if (r->halt || sync_stopping(r))
		return false;
	r->rep->requests++;
	return true;
}

void
sync_cache_failed(struct sync_run *r, int rc, char *msg)
{
	(void)rc;
	if (r->rc == SYNC_OK && r->cause != NULL)
		*r->cause = msg;
	else if (r->rc != SYNC_ERR_CACHE && r->cause != NULL) {
		/* A cache failure outranks a backend's: say it. */
		free(*r->cause);
		*r->cause = msg;
	} else
		free(msg);
	r->rc = SYNC_ERR_CACHE;
	r->halt = true;
}

/* Whether a sync-state read or write went through; else sync_cache_failed. */
static bool
state_ok(struct sync_run *r, int rc, char *why)
{
	if (rc == CACHE_OK)
		return true;
	sync_cache_failed(r, rc, why);
	return false;
}

/* Reads endpoint's row into *st; false after sync_cache_failed. */
static bool
state_get(struct sync_run *r, const char *endpoint, struct cache_sync_state *st)
{
	char *why = NULL;
	int rc;

	rc = cache_sync_state_get(r->c, r->name, endpoint, st, &why);
	return state_ok(r, rc, why);
}

static bool
state_put(struct sync_run *r, const char *endpoint,
    const struct cache_sync_state *st)
{
	char *why = NULL;
	int rc;

	rc = cache_sync_state_put(r->c, r->name, endpoint, st, &why);
	return state_ok(r, rc, why);
}

bool
sync_cursor_due(struct sync_run *r, const char *endpoint)
{
	char *cursor = NULL;
	bool due;

	if (sync_get_cursor(r, endpoint, &cursor) != 0)
		return false;
	due = r->opt->refresh_lists || cursor == NULL;
	free(cursor);
	return due;
}

bool
sync_list_due(struct sync_run *r, const char *endpoint)
{
	struct cache_sync_state st;
	bool due;

	if (r->opt->refresh_lists)
		return true;
	if (!state_get(r, endpoint, &st))
		return false;
	due = st.last_success == 0;
	cache_sync_state_free(&st);
	return due;
}

static bool
str_differ(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* A refusal of one endpoint, which the others need not share. */
static bool
refusal(enum http_result res, long status)
{
	if (status == 401)
		return false;	/* the credentials: every endpoint fails */
	return res == HTTP_CLIENT_ERROR || res == HTTP_DECODE ||
	    res == HTTP_TOO_LARGE;
}

void
sync_failed(struct sync_run *r, const char *endpoint, enum http_result res,
    char *msg)
{
	struct cache_sync_state st;
	struct http_last last;
	int64_t now = sync_now();

	/* An aborted transfer is the stop, not the backend's failure. */
	if (sync_stopping(r)) {
		free(msg);
		return;
	}
	http_client_last(r->cl, &last);
	if (r->rep->result == HTTP_OK) {
		r->rep->result = res;
		r->rep->status = last.status;
		r->rep->retry_in_ms = last.retry_in_ms;
	}
	if (msg == NULL)
		msg = xasprintf("%s: %s: %s", r->name, endpoint,
		    http_result_name(res));
	if (!refusal(res, last.status))
		r->halt = true;
	log_line("sync", "%s %s: %s (HTTP %ld)%s", r->name, endpoint,
	    http_result_name(res), last.status, r->halt ? "; round ends" : "");
	if (r->rc == SYNC_ERR_CACHE) {
		free(msg);
		return;
	}
	/*
	 * Recorded unless the same message was recorded lately: a backend
	 * down for an hour does not rewrite the row every round.
	 */
	if (state_get(r, endpoint, &st)) {
		if (str_differ(st.last_error, msg) ||
		    now - st.last_error_at >= SYNC_PERSIST_S) {
			free(st.last_error);
			st.last_error = xstrdup(msg);
			st.last_error_at = now;
			(void)state_put(r, endpoint, &st);
		}
		cache_sync_state_free(&st);
	}
	if (r->rc == SYNC_ERR_CACHE) {
		free(msg);
		return;
	}
	keep_cause(r, msg);
	r->rc = SYNC_ERR_BACKEND;
}

void
sync_succeeded(struct sync_run *r, const char *endpoint, bool changed)
{
	struct cache_sync_state st;
	int64_t now = sync_now();
	bool write;

	if (r->rc == SYNC_ERR_CACHE || !state_get(r, endpoint, &st))
		return;
	if (st.last_error != NULL)
		write = true;
	else if (changed)
		write = st.last_success < now;
	else
		write = now - st.last_success >= SYNC_PERSIST_S;
	if (write) {
		free(st.last_error);
		st.last_error = NULL;
		st.last_success = now;
		(void)state_put(r, endpoint, &st);
	}
	cache_sync_state_free(&st);
}

void
sync_set_cursor(struct sync_run *r, const char *endpoint, const char *cursor)
{
	struct cache_sync_state st;

	if (r->rc == SYNC_ERR_CACHE || !state_get(r, endpoint, &st))
		return;
	if (str_differ(st.cursor, cursor)) {
		free(st.cursor);
		st.cursor = cursor != NULL ? xstrdup(cursor) : NULL;
		free(st.last_error);
		st.last_error = NULL;
		st.last_success = sync_now();
		(void)state_put(r, endpoint, &st);
		cache_sync_state_free(&st);
		return;
	}
	cache_sync_state_free(&st);
	sync_succeeded(r, endpoint, false);
}

int
sync_next_state(struct sync_run *r, const char *endpoint, const char *cursor,
    struct cache_sync_state *st)
{
	if (!state_get(r, endpoint, st))
		return -1;
	if (cursor != NULL) {
		free(st->cursor);
		st->cursor = xstrdup(cursor);
	}
	free(st->last_error);
	st->last_error = NULL;
	st->last_success = sync_now();
	return 0;
}

int
sync_get_cursor(struct sync_run *r, const char *endpoint, char **cursor)
{
	struct cache_sync_state st;

	*cursor = NULL;
	if (!state_get(r, endpoint, &st))
		return -1;
	*cursor = st.cursor;
	st.cursor = NULL;
	cache_sync_state_free(&st);
	return 0;
}

bool
sync_page_done(struct sync_run *r, const char *endpoint, size_t records)
{
	struct sync_progress p;

	r->rep->pages++;
	r->rep->records += records;
	log_line("sync", "%s %s: a page of %zu records", r->name, endpoint,
	    records);
	if (r->opt->progress != NULL) {
		memset(&p, 0, sizeof p);
		p.backend = r->backend;
		p.endpoint = endpoint;
		p.pages = r->rep->pages;
		p.records = r->rep->records;
		p.changed = sync_changed(&r->rep->stats);
		r->opt->progress(r->opt->arg, &p);
	}
	if (sync_stopping(r))
		return false;
	if (r->opt->between != NULL)
		r->opt->between(r->opt->arg);
	return !r->halt;
}
