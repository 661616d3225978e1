/*
 * Shared by the query modules (cache/query_*.c) only: assembling a
 * statement from fixed fragments, binding its parameters by name, reading
 * columns as owned copies, and collecting a window's rows into an array.
 */
#ifndef TDESK_QUERY_INT_H
#define TDESK_QUERY_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "api/fields.h"
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

/*
 * A value for a named parameter (":limit", or "?1" for a numbered one):
 * text if is_text (NULL binds NULL), else num. A list ends at a NULL name.
 */
struct query_arg {
	const char	*name;
	const char	*text;
	int64_t		 num;
	int		 is_text;
};
#define QUERY_INT(n, v)		{ (n), NULL, (int64_t)(v), 0 }
#define QUERY_TEXT(n, v)	{ (n), (v), 0, 1 }
#define QUERY_END		{ NULL, NULL, 0, 0 }

/*
 * Prepares sql into *st and binds args (a name sql lacks is skipped). On
 * failure returns cache_sqlite_error's code with a cause naming what, and
 * *st is finalized and NULL.
 */
int	 cache_query_prepare(struct cache *c, const char *sql,
	    const struct query_arg *args, sqlite3_stmt **st, const char *what,
	    char **cause) TD_WUR;

/*
 * One step of st: *row is true on a row, false at the end; any other
 * result is an error naming what.
 */
int	 cache_query_step(struct cache *c, sqlite3_stmt *st, bool *row,
	    const char *what, char **cause) TD_WUR;

/*
 * Steps st, a count(*) statement, for its one row into *n; no row, or an
 * error, is an error naming what.
 */
int	 cache_query_count(struct cache *c, sqlite3_stmt *st, int64_t *n,
	    const char *what, char **cause) TD_WUR;

/* Column text as an owned copy; NULL stays NULL. */
char	*cache_query_text(sqlite3_stmt *, int col);

/*
 * A row struct described by a record table of api/fields.h, one field a
 * column in the order the statement selects them. The table is what
 * frees the row (record_clear) and reads it: STRING as an owned copy,
 * INT64 and ID as integers, an OBJECT as its own fields in their place
 * (a detail's row, then the detail's columns). A field a table cannot
 * read -- a bool, a column read twice -- is marked FIELD_DEC_HAND, and
 * its fill sets it by hand; it still holds its column's place.
 */
#define ROW_NITEMS(a)	(sizeof (a) / sizeof (a)[0])
#define ROW_FIELD(st, m, t, fl)	FIELD_AT(st, m, #m, FIELD_##t, fl)
#define ROW_OBJECT(st, m, rec) \
	{ .key = #m, .type = FIELD_OBJECT, .off = offsetof(struct st, m), \
	  .sub = &(rec) }
#define ROW_RECORD(st) \
	{ #st, sizeof (struct st), st##_fields, ROW_NITEMS(st##_fields), NULL }

/* The tables (query_rows.c), by the name of their struct. */
extern const struct record
    record_ticket_row, record_ticket_detail, record_comment_row,
    record_user_row, record_group_row, record_organization_row,
    record_macro_row, record_payment_row, record_payment_event_row,
    record_payment_ticket_row, record_incident_row,
    record_incident_update_row, record_component_row, record_template_row;

/*
 * The fill and free_row of rows rec describes, for the collecting
 * functions below; a row with a hand field writes its own fill.
 */
#define ROW_FILL_FN(fn, rec) \
	static void fn(sqlite3_stmt *st, void *p) \
	{ (void)cache_query_fill(st, 0, &(rec), p); }
#define ROW_CLEAR_FN(fn, rec) \
	static void fn(void *p) { record_clear(&(rec), p); }

/*
 * Defines fn, the rows of struct type linked to one ticket (query.h's
 * cache_ticket_incidents and cache_ticket_payments): cache_query_rows of
 * sql with :ticket and :limit (clamped to CACHE_WINDOW_MAX) bound.
 */
#define ROW_TICKET_ROWS_FN(fn, type, sql, fill, clear, what)		\
int									\
fn(struct cache *c, int64_t ticket_id, size_t limit,			\
    struct type **rows, size_t *n, char **cause)			\
{									\
	struct query_arg args[] = {					\
		QUERY_INT(":ticket", ticket_id),			\
		QUERY_INT(":limit", cache_query_limit(limit)),		\
		QUERY_END						\
	};								\
	void *out = NULL;						\
	int rc;								\
									\
	rc = cache_query_rows(c, sql, args, sizeof **rows, fill, clear,	\
	    &out, n, what, cause);					\
	*rows = out;							\
	return rc;							\
}

/*
 * The fill of a row whose one hand field is the bool m, read from column
 * col as not 0.
 */
#define ROW_FILL_BOOL_FN(fn, type, rec, m, col) \
	static void fn(sqlite3_stmt *st, void *p) \
	{ \
		struct type *r = p; \
		(void)cache_query_fill(st, 0, &(rec), r); \
		r->m = sqlite3_column_int(st, (col)) != 0; \
	}

/* The public clear of one row of rec's struct (query.h's *_row_clear). */
#define ROW_CLEAR_PUBLIC_FN(fn, type, rec) \
	void fn(struct type *r) { record_clear(&(rec), r); }

/*
 * Defines fn, a public window by offset with nothing to filter (query.h's
 * cache_incidents_window and the like): cache_query_window of sql, whose
 * rows of struct type fill reads and clear empties; what names it in a
 * cause.
 */
#define ROW_WINDOW_FN(fn, type, sql, fill, clear, what)			\
int									\
fn(struct cache *c, size_t offset, size_t limit, struct type **rows,	\
    size_t *n, char **cause)						\
{									\
	void *out = NULL;						\
	int rc;								\
									\
	rc = cache_query_window(c, sql, NULL, NULL, offset, limit,	\
	    sizeof **rows, fill, clear, &out, n, what, cause);		\
	*rows = out;							\
	return rc;							\
}

/*
 * Reads the columns from col on into rec, field by field of r (see
 * above); returns the column after the last it read.
 */
int	 cache_query_fill(sqlite3_stmt *, int col, const struct record *r,
	    void *rec);

/*
 * Steps st to the end, growing *rows (elements of size bytes, zeroed) and
 * calling fill(st, row) for each; *n is the count. On failure *rows is
 * freed with free_row for each filled row, and *rows, *n are NULL, 0.
 */
int	 cache_query_collect(struct cache *c, sqlite3_stmt *st, size_t size,
	    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
	    void **rows, size_t *n, char **cause) TD_WUR;

/*
 * cache_query_prepare, then cache_query_collect of every row, then
 * finalize: *rows and *n are NULL and 0 on failure.
 */
int	 cache_query_rows(struct cache *c, const char *sql,
	    const struct query_arg *args, size_t size,
	    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
	    void **rows, size_t *n, const char *what, char **cause) TD_WUR;

/*
 * cache_query_rows for a window by offset: :offset and :limit (clamped
 * to CACHE_WINDOW_MAX) are bound, and name to text when name is not NULL.
 */
int	 cache_query_window(struct cache *c, const char *sql, const char *name,
	    const char *text, size_t offset, size_t limit, size_t size,
	    void (*fill)(sqlite3_stmt *, void *), void (*free_row)(void *),
	    void **rows, size_t *n, const char *what, char **cause) TD_WUR;

/*
 * Runs sql with args for at most one row: fill(st, out) on a row and
 * *found true; *found false when there is none.
 */
int	 cache_query_one(struct cache *c, const char *sql,
	    const struct query_arg *args, void (*fill)(sqlite3_stmt *, void *),
	    void *out, bool *found, const char *what, char **cause) TD_WUR;

/* Reverses n elements of size bytes (a backward window back into order). */
void	 cache_query_reverse(void *rows, size_t n, size_t size);

/* limit clamped to CACHE_WINDOW_MAX. */
int64_t	 cache_query_limit(size_t limit);

#endif
