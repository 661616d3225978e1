/*
 * The local cache: one SQLite file per profile holding tickets, payments,
 * incidents, the outbox and the sync cursors. This header is the foundation
 * every other cache/ module builds on: where the file lives, opening it
 * safely (permissions, schema version, backend identity), transactions and
 * the per-endpoint sync state.
 *
 * Errors: functions returning int return enum cache_err (0 = ok). On failure
 * they set *cause (when cause is not NULL) to a message for the user that
 * the caller frees; on success *cause is left alone.
 */
#ifndef TDESK_CACHE_H
#define TDESK_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "api/xmalloc.h"

/* The newest schema this build knows (the number of schema patches). */
#define CACHE_SCHEMA_VERSION 4

enum cache_err {
	CACHE_OK = 0,
	CACHE_ERR,		/* SQLite or I/O failure, or a misuse */
	CACHE_ERR_NEWER,	/* written by a newer tdesk: upgrade or remove */
	CACHE_ERR_IDENTITY,	/* filled from other backends than the profile's */
	CACHE_ERR_PERM,		/* file or directory too open, or not ours */
	CACHE_ERR_BUSY,		/* another connection held the lock past the busy timeout */
	CACHE_ERR_NOT_CACHE,	/* not an SQLite file, or another program's database */
	CACHE_ERR_FULL,		/* the disk (or quota) holding the cache is full;
				 * what failed was rolled back */
	CACHE_ERR_UPGRADE,	/* cache_open_readonly: the file does not exist
				 * yet or needs schema patches, which only
				 * cache_open can apply */
};

/*
 * Which backends the profile points at. A backend is configured when its
 * URL is not NULL (give statuspage_url its default, not NULL, when a page
 * is set); an account may be NULL. Strings are borrowed for the duration of
 * cache_open.
 */
struct cache_identity {
	const char	*zendesk_url;		/* account root, https://acme.zendesk.com */
	const char	*zendesk_account;	/* the agent's email */
	const char	*statuspage_url;	/* API root, https://api.statuspage.io/v1 */
	const char	*statuspage_page;	/* page id */
	const char	*payments_url;		/* payments review API root */
};

/* One endpoint's sync position. Strings are owned; free with cache_sync_state_free. */
struct cache_sync_state {
	char		*cursor;	/* next cursor or start time, NULL = from scratch */
	char		*etag;		/* last ETag seen, NULL = none */
	char		*last_error;	/* last failure message, NULL = none */
	int64_t		 last_success;	/* unix seconds, 0 = never */
	int64_t		 last_error_at;	/* unix seconds, 0 = never */
};

struct cache;

/*
 * The cache file for a profile: $XDG_DATA_HOME/tdesk/<profile>.db, or
 * $HOME/.local/share/tdesk/<profile>.db when XDG_DATA_HOME is unset, empty
 * or relative (the XDG spec says to ignore a relative value). The tdesk
 * directory is created 0700 together with any missing parents (also 0700);
 * an existing tdesk directory open to group or others is tightened to 0700,
 * since it is ours and only holds our 0600 files. A directory owned by
 * another user is refused.
 *
 * Refuses profile names that are empty, contain '/' or control characters,
 * start with '.' (which covers "." and "..") or are too long.
 *
 * Returns the path (caller frees), or NULL with *cause set.
 */
char	*cache_path_for_profile(const char *profile, char **cause);

/*
 * Opens (creating if missing) the cache at path; ":memory:" gives a private
 * in-memory cache for tests. In order:
 *  - a missing file is created 0600 whatever the umask; SQLite then gives
 *    its -wal and -shm files the same mode;
 *  - an existing file (or -wal, -shm) that is not ours or that group or
 *    others may access is refused with CACHE_ERR_PERM and the chmod command;
 *  - an existing file is first read through a read-only connection that
 *    writes nothing and creates no files: a schema newer than
 *    CACHE_SCHEMA_VERSION is refused with CACHE_ERR_NEWER, another
 *    program's database with CACHE_ERR_NOT_CACHE, and a backend that
 *    differs from the one recorded with CACHE_ERR_IDENTITY; the file is left
 *    byte-for-byte untouched in all three cases;
 *  - then WAL journal, busy_timeout 5000 ms, foreign_keys, recursive
 *    triggers (so INSERT OR REPLACE keeps the FTS tables in step) and
 *    synchronous=NORMAL are set, the schema patches the file lacks are
 *    applied, each in its own transaction, and each configured backend not
 *    yet recorded is recorded.
 * id may be NULL: no backend configured (tests, offline tools).
 * On success *out is the cache; on failure *out is NULL and *cause is set.
 */
int	 cache_open(const char *path, const struct cache_identity *id,
	    struct cache **out, char **cause) TD_WUR;

/*
 * Opens an existing cache for reading only, for the commands that only
 * read: they then work where nothing can be written, on a full disk or a
 * read-only file system. Nothing is written to the file, ever. The checks
 * of cache_open apply, read-only: permissions (CACHE_ERR_PERM), another
 * program's database (CACHE_ERR_NOT_CACHE), a newer schema
 * (CACHE_ERR_NEWER) and the identity guard (CACHE_ERR_IDENTITY; a
 * configured backend not yet recorded is let through unrecorded). A file
 * that does not exist, or whose schema is older than this build's, is
 * CACHE_ERR_UPGRADE with *cause saying which: creating and patching are
 * writes, left to cache_open. A file refused as not ours, newer or filled
 * from other backends is left as cache_open leaves it: untouched, with
 * nothing made beside it.
 *
 * A read-only connection finds a WAL database's changes through its -shm
 * index; how, in this order:
 *  1. SQLite's read-only mode: it shares the -shm of a connection that has
 *     the cache open (sync, the console), seeing what that committed, or
 *     creates -shm and -wal itself and leaves them (a read-only connection
 *     may not remove them). Creating them takes space.
 *  2. If that fails for want of space or permission beside the file and a
 *     -shm file exists (left by a writer that died, or created empty by
 *     step 1 before it failed): SQLite's readonly_shm=1, which builds the
 *     index in memory from the -wal file and writes nothing.
 *  3. Else, if the -wal is empty or absent: the main file alone
 *     (immutable=1), which is then the whole database. No writer is
 *     changing it: a live one has a -shm that step 1 would have shared,
 *     and a new one needs the files step 1 could not make.
 * A -wal holding changes that none of these can read is refused, saying
 * why (CACHE_ERR_FULL when the disk is full).
 */
int	 cache_open_readonly(const char *path, const struct cache_identity *id,
	    struct cache **out, char **cause) TD_WUR;

/* Whether c came from cache_open_readonly; its write transactions are CACHE_ERR. */
bool	 cache_readonly(const struct cache *c);

/* Rolls back an open transaction, closes and frees *c, sets *c to NULL. NULL-safe. */
void	 cache_close(struct cache **c);

/* The path the cache was opened with (for messages); owned by the cache. */
const char *cache_filename(const struct cache *c);

/* The schema version of the open cache (PRAGMA user_version), -1 on error. */
int	 cache_schema_version(struct cache *c);

/* The newest schema this build knows: CACHE_SCHEMA_VERSION. */
int	 cache_schema_newest(void);

/*
 * How long a statement waits for another connection's lock before failing
 * with CACHE_ERR_BUSY. 5000 ms after cache_open.
 */
void	 cache_set_busy_timeout(struct cache *c, int ms);

/*
 * synchronous=FULL (true) or NORMAL (false, the default). NORMAL in WAL mode
 * may lose the last transactions on power loss but never corrupts; the
 * outbox switches to FULL around the commits that record a user's action.
 * Inside a transaction SQLite refuses the change: CACHE_ERR.
 */
int	 cache_set_synchronous_full(struct cache *c, bool full, char **cause) TD_WUR;

/*
 * Write transactions. cache_tx_begin issues BEGIN IMMEDIATE, so the write
 * lock is taken at once (waiting up to the busy timeout, then
 * CACHE_ERR_BUSY) and a transaction never fails later on a lock upgrade.
 * Nested transactions are a misuse (CACHE_ERR). If cache_tx_commit fails,
 * the transaction has been rolled back. cache_tx_rollback with no open
 * transaction does nothing and returns CACHE_OK; its result may be ignored
 * on error paths.
 */
int	 cache_tx_begin(struct cache *c, char **cause) TD_WUR;
int	 cache_tx_commit(struct cache *c, char **cause) TD_WUR;
int	 cache_tx_rollback(struct cache *c, char **cause);

/* True between cache_tx_begin and its commit or rollback. */
bool	 cache_tx_open(struct cache *c);

/*
 * The sync position of one endpoint of one backend ("zendesk",
 * "tickets/cursor"). A missing row is not an error: *st is all NULL and 0.
 * *st is overwritten, not freed first; on failure it is all NULL and 0.
 */
int	 cache_sync_state_get(struct cache *c, const char *backend,
	    const char *endpoint, struct cache_sync_state *st, char **cause) TD_WUR;

/*
 * Replaces the endpoint's row with *st (NULL strings are stored as NULL).
 * Joins the open transaction if there is one (so it commits or rolls back
 * with the rows it describes); otherwise runs in a transaction of its own.
 */
int	 cache_sync_state_put(struct cache *c, const char *backend,
	    const char *endpoint, const struct cache_sync_state *st,
	    char **cause) TD_WUR;

/* Frees the strings of *st and zeroes it. */
void	 cache_sync_state_free(struct cache_sync_state *st);

/*
 * Calls fn for every stored endpoint, ordered by backend and endpoint. The
 * strings passed to fn are valid only during the call. fn returns 0 to go
 * on, non-zero to stop (not an error).
 */
typedef int cache_sync_state_fn(const char *backend, const char *endpoint,
	    const struct cache_sync_state *st, void *arg);
int	 cache_sync_state_each(struct cache *c, cache_sync_state_fn *fn,
	    void *arg, char **cause) TD_WUR;

#endif
