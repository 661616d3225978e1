/*
 * Shared by the cache/ modules only: the SQLite handle behind a struct cache
 * and the helpers the foundation's own files use between them. Nothing
 * outside cache/ (and the cache unit tests) includes this.
 */
#ifndef TDESK_CACHE_INT_H
#define TDESK_CACHE_INT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "cache/cache.h"

/* Application id in the database header: "tdsk". Set by schema patch 1. */
#define CACHE_APPLICATION_ID 0x7464736b

/* The connection; owned by the cache, valid until cache_close. */
sqlite3	*cache_db(struct cache *c);

/*
 * Sets *cause to "cache PATH: WHAT: <sqlite3_errmsg>" and returns
 * CACHE_ERR_BUSY for a lock timeout, CACHE_ERR otherwise; when the disk
 * holding the file is full (SQLITE_FULL, or an I/O error whose errno is
 * ENOSPC or EDQUOT) the message says "disk is full" and it returns
 * CACHE_ERR_FULL. For use right after the failing sqlite3 call.
 */
int	 cache_sqlite_error(struct cache *c, char **cause, const char *what);

/* The same for a connection that is not (yet) a struct cache's. */
int	 cache_db_error(sqlite3 *db, const char *path, const char *what,
	    char **cause);

/* Sets the "written by a newer tdesk" message; returns CACHE_ERR_NEWER. */
int	 cache_refuse_newer(const char *path, int version, char **cause);

/*
 * Frees an array of n records of size bytes, each emptied by clear
 * first; NULL is nothing to free.
 */
void	 cache_rows_free(void *rows, size_t n, size_t size,
	    void (*clear)(void *));

/*
 * Defines fn(struct type **rows, size_t n), the public *_rows_free of a
 * row type (query.h, outbox.h): cache_rows_free with clear emptying each
 * row, then *rows is NULL.
 */
#define CACHE_ROWS_FREE_FN(fn, type, clear)				\
void									\
fn(struct type **rows, size_t n)					\
{									\
	cache_rows_free(*rows, n, sizeof **rows, (clear));		\
	*rows = NULL;							\
}

/*
 * The compact JSON text of v, which is released; out of memory is fatal,
 * "out of memory <what>".
 */
char	*cache_json_text(json_t *v, const char *what);

/*
 * Prepares sql, a SELECT from sync_state with backend = ?1 AND endpoint
 * = ?2, into *st with both bound (borrowed until st is finalized). On
 * failure the cause says "reading sync state" and *st is NULL.
 */
int	 cache_sync_state_select(struct cache *c, const char *sql,
	    const char *backend, const char *endpoint, sqlite3_stmt **st,
	    char **cause) TD_WUR;

/* Runs static SQL (no parameters, no rows wanted); cache_sqlite_error on failure. */
int	 cache_exec(struct cache *c, const char *sql, char **cause) TD_WUR;

/*
 * cache_schema.c: the statements of patch k (1-based), a NULL-terminated
 * list; NULL past the newest.
 */
const char *const *cache_schema_patch(int k);

/* Applies the patches db lacks, each in its own BEGIN IMMEDIATE transaction. */
int	 cache_schema_apply(struct cache *c, char **cause) TD_WUR;

/* cache_path.c: file-system checks for cache_open. */

/*
 * Creates path 0600 if it does not exist (*created = true). Then refuses
 * (CACHE_ERR_PERM, with the command that fixes it) path, path-wal or
 * path-shm if one exists and is not a regular file owned by us with no
 * group or other permission bits.
 */
int	 cache_path_prepare_file(const char *path, bool *created, char **cause) TD_WUR;

/*
 * The checks of cache_path_prepare_file without creating anything: *exists
 * says whether path is there; a -wal or -shm beside it is checked too.
 */
int	 cache_path_check_file(const char *path, bool *exists, char **cause) TD_WUR;

/* A copy of s quoted for a POSIX shell when it needs quoting. */
char	*cache_path_shell_quote(const char *s);

/* cache_identity.c: the backend identity guard. */

/*
 * URL as compared and recorded: scheme and host lower-cased, a default port
 * (:443 for https, :80 for http) and trailing slashes of the path removed.
 * Caller frees.
 */
char	*cache_identity_normalise_url(const char *url);

/*
 * Compares each backend configured in id with the row recorded in the
 * identity table; CACHE_ERR_IDENTITY naming both on a difference. With
 * record, a configured backend with no row is recorded (the caller holds a
 * write transaction). db may be another connection than cache_db(c), as
 * for the read-only check; path names the file in messages.
 */
int	 cache_identity_check(sqlite3 *db, const char *path,
	    const struct cache_identity *id, bool record, char **cause) TD_WUR;

#endif
