/*
 * Shared by the query modules (cache/query_*.c) only: assembling a
 * statement from fixed fragments, reading columns as owned copies, and
 * collecting a window's rows into an array.
 */
#ifndef TDESK_QUERY_INT_H
#define TDESK_QUERY_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache_int.h"
#include "cache/query.h"

/* Rows a window returns at most, whatever limit asks for. */
#define CACHE_WINDOW_MAX	10000

/*
 * A statement assembled from fragments. Only string literals go in (the
 * macro refuses anything else at compile time), so the text is one of a
 * fixed, finite set and every value reaches SQLite as a bound parameter.
 */
struct sqlbuf {
	char		*s;
	size_t		 len, cap;
};

#define SQL_ADD(b, literal) cache_query_sql_add((b), "" literal "")
/* One of two literals. */
#define SQL_ADD_IF(b, cond, yes, no) \
	((cond) ? cache_query_sql_add((b), "" yes "") : \
	    cache_query_sql_add((b), "" no ""))
void	 cache_query_sql_add(struct sqlbuf *, const char *);
void	 cache_query_sql_free(struct sqlbuf *);

/* Binders by parameter name; a name the statement lacks is skipped. */
int	 cache_query_bind_int(sqlite3_stmt *, const char *name, int64_t v);
int	 cache_query_bind_text(sqlite3_stmt *, const char *name, const char *v);

/* Column text as an owned copy; NULL stays NULL. */
char	*cache_query_text(sqlite3_stmt *, int col);

/*
 * Steps st to the end, growing *rows (elements of size bytes, zeroed) and
 * calling fill(st, row) for each; *n is the count. On failure *rows is
 * freed with free_row for each filled row, and *rows, *n are NULL, 0.
 */
int	 cache_query_collect(struct cache *c, sqlite3_stmt *st, size_t size,
	    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
	    void **rows, size_t *n, char **cause) TD_WUR;

/* Reverses n elements of size bytes (a backward window back into order). */
void	 cache_query_reverse(void *rows, size_t n, size_t size);

/* limit clamped to CACHE_WINDOW_MAX. */
int64_t	 cache_query_limit(size_t limit);

#endif
