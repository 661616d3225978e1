/*
 * What every store function shares: deciding whether a record needs
 * writing, binding absent values as NULL, and running a page and its sync
 * cursor in one transaction that writes nothing when nothing is new.
 */
#include "cache/store_int.h"

#include <stdlib.h>
#include <string.h>

void
cache_store_count(struct cache_store_stats *s, enum store_outcome o)
{
	switch (o) {
	case STORE_INSERTED:
		s->inserted++;
		break;
	case STORE_UPDATED:
		s->updated++;
		break;
	case STORE_UNCHANGED:
		s->unchanged++;
		break;
	}
}

int
cache_store_stmt(struct cache *c, sqlite3_stmt **st, const char *sql,
    char **cause)
{
	if (*st != NULL) {
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return CACHE_OK;
	}
	if (sqlite3_prepare_v2(cache_db(c), sql, -1, st, NULL) != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return cache_sqlite_error(c, cause, "preparing a store statement");
	}
	return CACHE_OK;
}

void
cache_store_finalize(sqlite3_stmt **const *all, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
}

int
cache_store_step(struct cache *c, sqlite3_stmt *st, const char *what,
    char **cause)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
		sqlite3_reset(st);
		return CACHE_OK;
	}
	/* The message is the statement's: read it before the reset clears it. */
	rc = cache_sqlite_error(c, cause, what);
	sqlite3_reset(st);
	return rc;
}

int
cache_store_bind_text(sqlite3_stmt *st, int col, const char *s)
{
	return s == NULL ? sqlite3_bind_null(st, col) :
	    sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
}

int
cache_store_bind_id(sqlite3_stmt *st, int col, int64_t v)
{
	return v == 0 ? sqlite3_bind_null(st, col) :
	    sqlite3_bind_int64(st, col, (sqlite3_int64)v);
}

int
cache_store_bind_time(sqlite3_stmt *st, int col, const struct timestamp *t)
{
	return t->text == NULL ? sqlite3_bind_null(st, col) :
	    sqlite3_bind_int64(st, col, (sqlite3_int64)t->secs);
}

char *
cache_store_join(const struct string_array *a)
{
	size_t i, len = 0;
	char *s, *o;

	for (i = 0; i < a->n; i++)
		len += (a->items[i] != NULL ? strlen(a->items[i]) : 0) + 1;
	o = s = xmalloc(len + 1);
	for (i = 0; i < a->n; i++) {
		size_t n;

		if (a->items[i] == NULL || *a->items[i] == '\0')
			continue;
		if (o != s)
			*o++ = ' ';
		n = strlen(a->items[i]);
		memcpy(o, a->items[i], n);
		o += n;
	}
	*o = '\0';
	return s;
}

/* The member of rec at f's offset. */
#define MEMBER(rec, f, type) \
	((type const *)(const void *)((const char *)(rec) + (f)->off))

/* Binds one column; an allocated text is copied by SQLite and freed. */
static int
bind_col(sqlite3_stmt *st, int col, const struct field *f, const void *rec)
{
	const struct timestamp *t;
	char *s;
	int rc;

	switch (f->type) {
	case FIELD_STRING:
		return cache_store_bind_text(st, col, *MEMBER(rec, f, char *));
	case FIELD_ID:
		return cache_store_bind_id(st, col, *MEMBER(rec, f, int64_t));
	case FIELD_INT64:
	case FIELD_MONEY:
		if (f->flags & FIELD_ZNULL)
			return cache_store_bind_id(st, col,
			    *MEMBER(rec, f, int64_t));
		return sqlite3_bind_int64(st, col,
		    (sqlite3_int64)*MEMBER(rec, f, int64_t));
	case FIELD_BOOL:
		return sqlite3_bind_int(st, col, *MEMBER(rec, f, int) != 0);
	case FIELD_TIME:
	case FIELD_DATE:
		t = MEMBER(rec, f, struct timestamp);
		if (f->flags & STORE_TEXT)
			return cache_store_bind_text(st, col, t->text);
		if (f->flags & STORE_SECS)
			return sqlite3_bind_int64(st, col,
			    (sqlite3_int64)t->secs);
		return cache_store_bind_time(st, col, t);
	case FIELD_STRINGS:
		s = cache_store_join(MEMBER(rec, f, struct string_array));
		rc = sqlite3_bind_text(st, col, s, -1, SQLITE_TRANSIENT);
		free(s);
		return rc;
	default:
		return SQLITE_MISUSE;
	}
}

int
cache_store_row(struct cache *c, const struct store_row *r,
    sqlite3_stmt **prior, sqlite3_stmt **up, const void *rec, char *json,
    struct cache_store_stats *stats, enum store_outcome *whatp, char **cause)
{
	enum store_outcome what = STORE_UPDATED;
	const struct field *key = &r->cols[0];
	int64_t v1 = 0, v2 = 0;
	size_t i;
	int rc = CACHE_OK;

	if (r->v1 >= 0)
		v1 = ((const struct timestamp *)(const void *)
		    ((const char *)rec + r->v1))->secs;
	if (r->v2 >= 0)
		v2 = *(const int64_t *)(const void *)((const char *)rec + r->v2);
	if (r->prior_sql != NULL && ((rc = cache_store_decide(c, prior,
	    r->prior_sql, key->type == FIELD_STRING ? 0 :
	    *MEMBER(rec, key, int64_t), key->type == FIELD_STRING ?
	    *MEMBER(rec, key, char *) : NULL, json, v1, v2, &what,
	    cause)) != CACHE_OK || what == STORE_UNCHANGED))
		goto out;
	if ((rc = cache_store_stmt(c, up, r->up_sql, cause)) != CACHE_OK)
		goto out;
	for (i = 0; i < r->ncols; i++) {
		const struct field *f = &r->cols[i];

		if (((f->flags & FIELD_ENC_HAND) ? r->bind(*up, (int)i + 1, f,
		    rec) : bind_col(*up, (int)i + 1, f, rec)) != SQLITE_OK)
			break;
	}
	if (i < r->ncols || cache_store_bind_text(*up, (int)i + 1,
	    json) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, r->what);
		goto out;
	}
	rc = cache_store_step(c, *up, r->what, cause);
out:
	if (rc == CACHE_OK && stats != NULL && r->prior_sql != NULL)
		cache_store_count(stats, what);
	if (whatp != NULL)
		*whatp = what;
	free(json);
	return rc;
}

int
cache_store_decide(struct cache *c, sqlite3_stmt **prior, const char *prior_sql,
    int64_t id, const char *sid, const char *json, int64_t v1, int64_t v2,
    enum store_outcome *out, char **cause)
{
	sqlite3_stmt *st;
	const unsigned char *old;
	int64_t o1, o2;
	int rc, step;

	if ((rc = cache_store_stmt(c, prior, prior_sql, cause)) != CACHE_OK)
		return rc;
	st = *prior;
	if ((sid != NULL ? sqlite3_bind_text(st, 1, sid, -1, SQLITE_STATIC) :
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)id)) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "reading a cached record");
	step = sqlite3_step(st);
	if (step == SQLITE_DONE) {
		*out = STORE_INSERTED;
		sqlite3_reset(st);
		return CACHE_OK;
	}
	if (step != SQLITE_ROW) {
		rc = cache_sqlite_error(c, cause, "reading a cached record");
		sqlite3_reset(st);
		return rc;
	}
	old = sqlite3_column_text(st, 0);
	o1 = sqlite3_column_int64(st, 1);
	o2 = sqlite3_column_int64(st, 2);
	if (old != NULL && strcmp((const char *)old, json) == 0)
		*out = STORE_UNCHANGED;
	else if (v2 != 0 && o2 != 0)
		*out = v2 < o2 ? STORE_UNCHANGED : STORE_UPDATED;
	else if (v1 != 0 && o1 != 0)
		*out = v1 < o1 ? STORE_UNCHANGED : STORE_UPDATED;
	else
		*out = STORE_UPDATED;
	sqlite3_reset(st);
	return CACHE_OK;
}

static bool
str_same(const unsigned char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (const void *)a == (const void *)b;
	return strcmp((const char *)a, b) == 0;
}

/*
 * Whether the endpoint's stored row already says what next says (ignoring
 * last_success, which only moves with a change): *same true then.
 */
static int
sync_state_same(struct cache *c, const char *backend, const char *endpoint,
    const struct cache_sync_state *next, bool *same, char **cause)
{
	sqlite3_stmt *st;
	int rc, step;

	*same = false;
	if ((rc = cache_sync_state_select(c, "SELECT cursor, etag, last_error, "
	    "ifnull(last_error_at, 0) FROM sync_state "
	    "WHERE backend = ?1 AND endpoint = ?2", backend, endpoint, &st,
	    cause)) != CACHE_OK)
		return rc;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		*same = str_same(sqlite3_column_text(st, 0), next->cursor) &&
		    str_same(sqlite3_column_text(st, 1), next->etag) &&
		    str_same(sqlite3_column_text(st, 2), next->last_error) &&
		    sqlite3_column_int64(st, 3) == next->last_error_at;
	else if (step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "reading sync state");
	sqlite3_finalize(st);
	return rc;
}

int
cache_store_page(struct cache *c, const char *backend, const char *endpoint,
    const struct cache_sync_state *next, store_page_fn *fn, const void *arg,
    struct cache_store_stats *stats, char **cause)
{
	struct cache_store_stats page = { 0 };
	bool same;
	int rc;

	if (cache_tx_open(c)) {
		xcause(cause, "cache %s: storing a page inside an open "
		    "transaction", cache_filename(c));
		return CACHE_ERR;
	}
	if ((rc = cache_tx_begin(c, cause)) != CACHE_OK)
		return rc;
	if ((rc = fn(c, arg, &page, cause)) != CACHE_OK)
		goto fail;
	if (endpoint != NULL && next != NULL) {
		if ((rc = sync_state_same(c, backend, endpoint, next, &same,
		    cause)) != CACHE_OK)
			goto fail;
		if ((!same || page.inserted + page.updated + page.deleted > 0) &&
		    (rc = cache_sync_state_put(c, backend, endpoint, next,
		    cause)) != CACHE_OK)
			goto fail;
	}
	if ((rc = cache_tx_commit(c, cause)) != CACHE_OK)
		return rc;
	if (stats != NULL) {
		stats->inserted += page.inserted;
		stats->updated += page.updated;
		stats->unchanged += page.unchanged;
		stats->deleted += page.deleted;
	}
	return CACHE_OK;

fail:
	cache_tx_rollback(c, NULL);
	return rc;
}

/* Whether rec lacks a text its row cannot do without. */
static bool
text_missing(const struct store_row *r, const void *rec)
{
	size_t i;

	for (i = 0; i < r->ncols; i++) {
		if ((r->cols[i].flags & STORE_NOTNULL) &&
		    *MEMBER(rec, &r->cols[i], char *) == NULL)
			return true;
	}
	return false;
}

int
cache_store_rows(struct cache *c, const struct store_list *l,
    struct cache_store_stats *stats, char **cause)
{
	const struct store_row *r = l->kind;
	sqlite3_stmt *prior = NULL, *up = NULL, *more[STORE_NMORE] = { 0 };
	sqlite3_stmt **all[2 + STORE_NMORE] = { &prior, &up };
	enum store_outcome what;
	const void *rec;
	size_t i;
	int rc = CACHE_OK;

	for (i = 0; rc == CACHE_OK && i < l->n; i++) {
		rec = (const char *)l->items + i * l->size;
		if (text_missing(r, rec)) {
			xcause(cause, "cache %s: %s", cache_filename(c),
			    r->refused);
			rc = CACHE_ERR;
			break;
		}
		if (r->before != NULL &&
		    (rc = r->before(c, more, rec, stats, cause)) != CACHE_OK) {
			if (rc == STORE_DONE)
				rc = CACHE_OK;
			continue;
		}
		rc = cache_store_row(c, r, &prior, &up, rec,
		    cache_store_json(r->record, rec, r->hand), stats, &what,
		    cause);
		if (rc == CACHE_OK && what != STORE_UNCHANGED &&
		    r->after != NULL)
			rc = r->after(c, more, rec, stats, cause);
	}
	for (i = 0; i < STORE_NMORE; i++)
		all[2 + i] = &more[i];
	cache_store_finalize(all, sizeof all / sizeof all[0]);
	return rc;
}

static int
list_page(struct cache *c, const void *arg, struct cache_store_stats *stats,
    char **cause)
{
	return cache_store_rows(c, arg, stats, cause);
}

int
cache_store_list(struct cache *c, const char *backend, const char *endpoint,
    const struct cache_sync_state *next, const struct store_list *l,
    struct cache_store_stats *stats, char **cause)
{
	return cache_store_page(c, backend, endpoint, next, list_page, l, stats,
	    cause);
}
