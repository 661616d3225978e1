/*
 * Helpers every query module shares: statements from fixed fragments,
 * binding by name, owned copies of columns, and collecting rows.
 */
#include "cache/query_int.h"

#include <stdlib.h>
#include <string.h>

void
cache_query_sql_add(struct sqlbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

void
cache_query_sql_free(struct sqlbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}

int
cache_query_bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	return i == 0 ? SQLITE_OK : sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

int
cache_query_bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i == 0)
		return SQLITE_OK;
	return v == NULL ? sqlite3_bind_null(st, i) :
	    sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int
cache_query_prepare(struct cache *c, const char *sql,
    const struct query_arg *args, sqlite3_stmt **stp, const char *what,
    char **cause)
{
	sqlite3_stmt *st = NULL;
	const struct query_arg *a;
	int rc;

	*stp = NULL;
	if (sqlite3_prepare_v2(cache_db(c), sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (a = args; a != NULL && a->name != NULL; a++) {
		if (a->is_text)
			rc = cache_query_bind_text(st, a->name, a->text);
		else
			rc = cache_query_bind_int(st, a->name, a->num);
		if (rc != SQLITE_OK)
			goto fail;
	}
	*stp = st;
	return CACHE_OK;
fail:
	rc = cache_sqlite_error(c, cause, what);
	sqlite3_finalize(st);
	return rc;
}

int
cache_query_step(struct cache *c, sqlite3_stmt *st, bool *row,
    const char *what, char **cause)
{
	int step = sqlite3_step(st);

	*row = step == SQLITE_ROW;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return cache_sqlite_error(c, cause, what);
	return CACHE_OK;
}

int
cache_query_count(struct cache *c, sqlite3_stmt *st, int64_t *n,
    const char *what, char **cause)
{
	if (sqlite3_step(st) != SQLITE_ROW)
		return cache_sqlite_error(c, cause, what);
	*n = sqlite3_column_int64(st, 0);
	return CACHE_OK;
}

char *
cache_query_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
cache_query_fill(sqlite3_stmt *st, int col, const struct record *r,
    void *rec)
{
	const struct field *f;
	char *at, *s;
	size_t i;
	int64_t v;

	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		at = (char *)rec + f->off;
		/* Bytes, not a cast: at has no type the compiler knows. */
		if (f->type == FIELD_OBJECT)
			col = cache_query_fill(st, col, f->sub, at);
		else if (f->flags & FIELD_DEC_HAND)
			col++;
		else if (f->type == FIELD_STRING) {
			s = cache_query_text(st, col++);
			memcpy(at, &s, sizeof s);
		} else {
			v = sqlite3_column_int64(st, col++);
			memcpy(at, &v, sizeof v);
		}
	}
	return col;
}

int
cache_query_collect(struct cache *c, sqlite3_stmt *st, size_t size,
    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
    void **rowsp, size_t *np, char **cause)
{
	char *rows = NULL;
	size_t n = 0, cap = 0;
	int step, rc;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xreallocarray(rows, cap, size);
		}
		memset(rows + n * size, 0, size);
		fill(st, rows + n * size);
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = cache_sqlite_error(c, cause, "reading the cache");
		cache_rows_free(rows, n, size, free_row);
		*rowsp = NULL;
		*np = 0;
		return rc;
	}
	*rowsp = rows;
	*np = n;
	return CACHE_OK;
}

int
cache_query_rows(struct cache *c, const char *sql,
    const struct query_arg *args, size_t size,
    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
    void **rows, size_t *n, const char *what, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*rows = NULL;
	*n = 0;
	if ((rc = cache_query_prepare(c, sql, args, &st, what, cause)) !=
	    CACHE_OK)
		return rc;
	rc = cache_query_collect(c, st, size, fill, free_row, rows, n, cause);
	sqlite3_finalize(st);
	return rc;
}

int
cache_query_window(struct cache *c, const char *sql, const char *name,
    const char *text, size_t offset, size_t limit, size_t size,
    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
    void **rows, size_t *n, const char *what, char **cause)
{
	struct query_arg args[] = {
		QUERY_INT(":offset", offset > (size_t)INT64_MAX ? INT64_MAX :
		    (int64_t)offset),
		QUERY_INT(":limit", cache_query_limit(limit)),
		QUERY_TEXT(name, text),
		QUERY_END
	};

	return cache_query_rows(c, sql, args, size, fill, free_row, rows, n,
	    what, cause);
}

int
cache_query_one(struct cache *c, const char *sql,
    const struct query_arg *args, void (*fill)(sqlite3_stmt *, void *),
    void *out, bool *found, const char *what, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	*found = false;
	if ((rc = cache_query_prepare(c, sql, args, &st, what, cause)) !=
	    CACHE_OK)
		return rc;
	if ((rc = cache_query_step(c, st, found, what, cause)) == CACHE_OK &&
	    *found)
		fill(st, out);
	sqlite3_finalize(st);
	return rc;
}

void
cache_query_reverse(void *rows, size_t n, size_t size)
{
	char *a = rows, *tmp;
	size_t i;

	if (n < 2)
		return;
	tmp = xmalloc(size);
	for (i = 0; i < n / 2; i++) {
		memcpy(tmp, a + i * size, size);
		memcpy(a + i * size, a + (n - 1 - i) * size, size);
		memcpy(a + (n - 1 - i) * size, tmp, size);
	}
	free(tmp);
}

int64_t
cache_query_limit(size_t limit)
{
	return limit > CACHE_WINDOW_MAX ? CACHE_WINDOW_MAX : (int64_t)limit;
}
