/*
 * Per-endpoint sync positions: the cursor or start time to resume from, the
 * last ETag, and when the endpoint last succeeded or failed.
 */
#include "cache/cache_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static char *
column_strdup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
cache_sync_state_select(struct cache *c, const char *sql, const char *backend,
    const char *endpoint, sqlite3_stmt **st, char **cause)
{
	int rc;

	if (sqlite3_prepare_v2(cache_db(c), sql, -1, st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(*st, 1, backend, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(*st, 2, endpoint, -1, SQLITE_STATIC) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "reading sync state");
		sqlite3_finalize(*st);
		*st = NULL;
		return rc;
	}
	return CACHE_OK;
}

int
cache_sync_state_get(struct cache *c, const char *backend, const char *endpoint,
    struct cache_sync_state *out, char **cause)
{
	sqlite3_stmt *st;
	int rc, step;

	memset(out, 0, sizeof *out);
	if ((rc = cache_sync_state_select(c, "SELECT cursor, etag, "
	    "last_success, last_error, last_error_at FROM sync_state "
	    "WHERE backend = ?1 AND endpoint = ?2", backend, endpoint, &st,
	    cause)) != CACHE_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		out->cursor = column_strdup(st, 0);
		out->etag = column_strdup(st, 1);
		out->last_success = sqlite3_column_int64(st, 2);
		out->last_error = column_strdup(st, 3);
		out->last_error_at = sqlite3_column_int64(st, 4);
	} else if (step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "reading sync state");
	sqlite3_finalize(st);
	return rc;
}

/* 0 means never, stored as NULL. */
static int
bind_time(sqlite3_stmt *st, int col, int64_t t)
{
	return t == 0 ? sqlite3_bind_null(st, col) :
	    sqlite3_bind_int64(st, col, (sqlite3_int64)t);
}

int
cache_sync_state_put(struct cache *c, const char *backend, const char *endpoint,
    const struct cache_sync_state *in, char **cause)
{
	sqlite3_stmt *st = NULL;
	bool own = !cache_tx_open(c);
	int rc;

	if (own && (rc = cache_tx_begin(c, cause)) != CACHE_OK)
		return rc;
	if (sqlite3_prepare_v2(cache_db(c), "INSERT INTO sync_state (backend, "
	    "endpoint, cursor, etag, last_success, last_error, last_error_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (backend, endpoint) DO UPDATE SET "
	    "cursor = excluded.cursor, etag = excluded.etag, "
	    "last_success = excluded.last_success, "
	    "last_error = excluded.last_error, "
	    "last_error_at = excluded.last_error_at", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, backend, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, endpoint, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, in->cursor, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, in->etag, -1, SQLITE_STATIC) != SQLITE_OK ||
	    bind_time(st, 5, in->last_success) != SQLITE_OK ||
	    sqlite3_bind_text(st, 6, in->last_error, -1, SQLITE_STATIC) != SQLITE_OK ||
	    bind_time(st, 7, in->last_error_at) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = cache_sqlite_error(c, cause, "writing sync state");
		sqlite3_finalize(st);
		if (own)
			cache_tx_rollback(c, NULL);
		return rc;
	}
	sqlite3_finalize(st);
	return own ? cache_tx_commit(c, cause) : CACHE_OK;
}

void
cache_sync_state_free(struct cache_sync_state *st)
{
	free(st->cursor);
	free(st->etag);
	free(st->last_error);
	memset(st, 0, sizeof *st);
}

int
cache_sync_state_each(struct cache *c, cache_sync_state_fn *fn, void *arg,
    char **cause)
{
	struct cache_sync_state s;
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK, step;

	if (sqlite3_prepare_v2(cache_db(c), "SELECT backend, endpoint, cursor, "
	    "etag, last_success, last_error, last_error_at FROM sync_state "
	    "ORDER BY backend, endpoint", -1, &st, NULL) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "reading sync state");
	/*
	 * The row's strings are lent to fn, not copied: fn gets a const
	 * struct and the struct's fields are only non-const because
	 * cache_sync_state_get hands out owned copies in the same type.
	 */
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		s.cursor = (char *)(uintptr_t)sqlite3_column_text(st, 2);
		s.etag = (char *)(uintptr_t)sqlite3_column_text(st, 3);
		s.last_success = sqlite3_column_int64(st, 4);
		s.last_error = (char *)(uintptr_t)sqlite3_column_text(st, 5);
		s.last_error_at = sqlite3_column_int64(st, 6);
		if (fn((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), &s, arg) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "reading sync state");
	sqlite3_finalize(st);
	return rc;
}
