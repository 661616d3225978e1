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

char *
cache_query_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
cache_query_collect(struct cache *c, sqlite3_stmt *st, size_t size,
    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
    void **rowsp, size_t *np, char **cause)
{
	char *rows = NULL;
	size_t n = 0, cap = 0, i;
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
		for (i = 0; i < n; i++)
			free_row(rows + i * size);
		free(rows);
		*rowsp = NULL;
		*np = 0;
		return rc;
	}
	*rowsp = rows;
	*np = n;
	return CACHE_OK;
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
