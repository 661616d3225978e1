/*
 * Opening and closing the cache, its connection settings and write
 * transactions. The schema is in cache_schema.c, the file-system checks in
 * cache_path.c, the backend identity guard in cache_identity.c.
 */
#include "cache.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache_int.h"

#define CACHE_BUSY_TIMEOUT_MS	5000	/* default wait for another connection's lock */
#define CACHE_SQLITE_MIN	3034000	/* trigram tokenizer */

struct cache {
	sqlite3		*db;
	char		*path;		/* as opened, for messages */
	int		 busy_ms;	/* current busy timeout */
};

sqlite3 *
cache_db(struct cache *c)
{
	return c->db;
}

const char *
cache_filename(const struct cache *c)
{
	return c->path;
}

static bool
is_busy(sqlite3 *db)
{
	return (sqlite3_extended_errcode(db) & 0xff) == SQLITE_BUSY;
}

/*
 * Whether the directory holding path has no block or no inode left for
 * us. SQLite reports a -wal or -shm it could not create as "unable to
 * open", with the errno of its read-only retry (ENOENT), not ENOSPC.
 */
static bool
dir_full(const char *path)
{
	struct statvfs vfs;
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xstrndup(path, (size_t)(slash - path));
	rc = statvfs(dir, &vfs);
	free(dir);
	return rc == 0 && (vfs.f_bavail == 0 ||
	    (vfs.f_files > 0 && vfs.f_favail == 0));
}

/*
 * Whether the last error on db came from a full disk: SQLITE_FULL (a write
 * that found no space); an I/O error or a file that could not be created
 * with errno ENOSPC, or EDQUOT (*quota) for a quota used up; or either
 * with nothing left on the file's disk.
 */
static bool
disk_full(sqlite3 *db, const char *path, bool *quota)
{
	int code = sqlite3_extended_errcode(db) & 0xff;
	int sys = sqlite3_system_errno(db);

	*quota = sys == EDQUOT;
	if (code == SQLITE_FULL)
		return true;
	if (code != SQLITE_IOERR && code != SQLITE_CANTOPEN)
		return false;
	return sys == ENOSPC || sys == EDQUOT || dir_full(path);
}

int
cache_db_error(sqlite3 *db, const char *path, const char *what, char **cause)
{
	bool quota;

	/*
	 * SQLite rolls back what it could not write, and every caller rolls
	 * back its transaction on an error: nothing is left half-written, so
	 * freeing space and trying again is all there is to do.
	 */
	if (disk_full(db, path, &quota)) {
		xcause(cause, "cache %s: disk is full%s (%s: %s); free some space "
		    "and try again", path, quota ? ": the disk quota is used up" :
		    "", what, sqlite3_errmsg(db));
		return CACHE_ERR_FULL;
	}
	xcause(cause, "cache %s: %s: %s", path, what, sqlite3_errmsg(db));
	return is_busy(db) ? CACHE_ERR_BUSY : CACHE_ERR;
}

int
cache_sqlite_error(struct cache *c, char **cause, const char *what)
{
	return cache_db_error(c->db, c->path, what, cause);
}

int
cache_refuse_newer(const char *path, int version, char **cause)
{
	xcause(cause, "cache %s was written by a newer tdesk (schema %d, this "
	    "build knows up to %d); upgrade tdesk or remove the file", path,
	    version, CACHE_SCHEMA_VERSION);
	return CACHE_ERR_NEWER;
}

int
cache_exec(struct cache *c, const char *sql, char **cause)
{
	if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cache_sqlite_error(c, cause, sql);
	return CACHE_OK;
}

/* Runs a PRAGMA that returns one integer; an SQLite result code. */
static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int
cache_schema_version(struct cache *c)
{
	int v;

	if (pragma_int(c->db, "PRAGMA user_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

/* "file:" URI for path, percent-encoding all but unreserved bytes and '/'. */
static char *
file_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char *uri, *o;

	uri = o = xmalloc(5 + 3 * strlen(path) + strlen(query) + 1);
	memcpy(o, "file:", 5);
	o += 5;
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL)
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	memcpy(o, query, strlen(query) + 1);
	return uri;
}

/* "cannot read cache PATH: ..." for a failed read; disk full as such. */
static int
read_error(sqlite3 *db, const char *path, char **cause)
{
	bool quota;

	if (disk_full(db, path, &quota))
		return cache_db_error(db, path, "reading it", cause);
	xcause(cause, "cannot read cache %s: %s", path, sqlite3_errmsg(db));
	return is_busy(db) ? CACHE_ERR_BUSY : CACHE_ERR;
}

/*
 * Looks at an existing file before anything may change it: refuses a newer
 * schema, another program's database and a backend other than the one
 * recorded. The connection is read-only; and unless a -wal file with
 * content exists (another connection is using the file, or one crashed),
 * it is immutable too, because a read-only open of a WAL database would
 * otherwise create -wal and -shm files and leave them behind. Without a
 * -wal file the main file is the whole database, so immutable reads it
 * exactly; the read-write open rechecks the version under the write lock.
 */
static int
preflight(const char *path, const struct cache_identity *id, char **cause)
{
	sqlite3 *db = NULL;
	struct stat sb;
	char *wal, *uri;
	bool wal_used;
	int rc = CACHE_OK, app, ver, tables;

	wal = xasprintf("%s-wal", path);
	wal_used = stat(wal, &sb) == 0 && sb.st_size > 0;
	free(wal);
	uri = file_uri(path, wal_used ? "?mode=ro" : "?mode=ro&immutable=1");
	if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL) != SQLITE_OK) {
		xcause(cause, "cannot open cache %s: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		rc = CACHE_ERR;
		goto out;
	}
	sqlite3_busy_timeout(db, CACHE_BUSY_TIMEOUT_MS);
	if (pragma_int(db, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(db, "PRAGMA user_version", &ver) != SQLITE_OK ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK) {
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB) {
			xcause(cause, "cache %s is not a tdesk cache (%s); remove it "
			    "or use another profile", path, sqlite3_errmsg(db));
			rc = CACHE_ERR_NOT_CACHE;
		} else
			rc = read_error(db, path, cause);
		goto out;
	}
	if ((app != 0 && app != CACHE_APPLICATION_ID) ||
	    (app == 0 && (ver != 0 || tables != 0))) {
		xcause(cause, "cache %s is an SQLite database that tdesk did not "
		    "create (application_id %d, user_version %d); remove it or "
		    "use another profile", path, app, ver);
		rc = CACHE_ERR_NOT_CACHE;
		goto out;
	}
	if (ver > CACHE_SCHEMA_VERSION) {
		rc = cache_refuse_newer(path, ver, cause);
		goto out;
	}
	if (ver >= 1)
		rc = cache_identity_check(db, path, id, false, cause);
out:
	if (sqlite3_close(db) != SQLITE_OK && rc == CACHE_OK) {
		xcause(cause, "cannot close cache %s: %s", path, sqlite3_errmsg(db));
		rc = CACHE_ERR;
	}
	free(uri);
	return rc;
}

/* Connection settings, in an order that needs no transaction. */
static int
configure(struct cache *c, char **cause)
{
	sqlite3_stmt *st = NULL;
	const char *mode;
	int rc = CACHE_OK;

	sqlite3_extended_result_codes(c->db, 1);
	cache_set_busy_timeout(c, CACHE_BUSY_TIMEOUT_MS);
	/* The first statement reads the schema, through the -wal and -shm. */
	if (sqlite3_exec(c->db, "PRAGMA foreign_keys = ON; "
	    "PRAGMA recursive_triggers = ON; "
	    "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK)
		return cache_sqlite_error(c, cause, "opening it");
	if (sqlite3_prepare_v2(c->db, "PRAGMA journal_mode = WAL", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		rc = cache_sqlite_error(c, cause, "switching to WAL journal");
		sqlite3_finalize(st);
		return rc;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	/* An in-memory database has no file to journal to; it answers "memory". */
	if (mode == NULL || (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0)) {
		xcause(cause, "cache %s: cannot use a WAL journal (journal_mode "
		    "stays %s); is it on a network file system?", c->path,
		    mode != NULL ? mode : "unknown");
		rc = CACHE_ERR;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Records the backends not yet recorded, under the write lock. */
static int
record_identity(struct cache *c, const struct cache_identity *id, char **cause)
{
	int rc;

	if ((rc = cache_tx_begin(c, cause)) != CACHE_OK)
		return rc;
	if ((rc = cache_identity_check(c->db, c->path, id, true, cause)) != CACHE_OK) {
		cache_tx_rollback(c, NULL);
		return rc;
	}
	return cache_tx_commit(c, cause);
}

int
cache_open(const char *path, const struct cache_identity *id,
    struct cache **out, char **cause)
{
	static const struct cache_identity none;
	struct cache *c;
	bool memory = strcmp(path, ":memory:") == 0, created = false;
	int rc, flags = SQLITE_OPEN_READWRITE;

	*out = NULL;
	if (id == NULL)
		id = &none;
	if (sqlite3_libversion_number() < CACHE_SQLITE_MIN) {
		xcause(cause, "tdesk needs SQLite 3.34 or newer (for trigram "
		    "search); this is %s", sqlite3_libversion());
		return CACHE_ERR;
	}
	if (memory)
		flags |= SQLITE_OPEN_CREATE;
	else {
		if ((rc = cache_path_prepare_file(path, &created, cause)) != CACHE_OK)
			return rc;
		if (!created && (rc = preflight(path, id, cause)) != CACHE_OK)
			return rc;
	}

	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
		xcause(cause, "cannot open cache %s: %s", path,
		    c->db != NULL ? sqlite3_errmsg(c->db) : "out of memory");
		rc = CACHE_ERR;
		goto fail;
	}
	if ((rc = configure(c, cause)) != CACHE_OK ||
	    (rc = cache_schema_apply(c, cause)) != CACHE_OK ||
	    (rc = record_identity(c, id, cause)) != CACHE_OK)
		goto fail;
	*out = c;
	return CACHE_OK;

fail:
	cache_close(&c);
	return rc;
}

void
cache_close(struct cache **cp)
{
	struct cache *c = *cp;

	if (c == NULL)
		return;
	if (c->db != NULL) {
		if (!sqlite3_get_autocommit(c->db))
			(void)sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
		/*
		 * close_v2: a statement another module forgot to finalize
		 * keeps the connection alive until it is, rather than failing
		 * here with nothing the caller could do about it.
		 */
		sqlite3_close_v2(c->db);
	}
	free(c->path);
	free(c);
	*cp = NULL;
}

void
cache_set_busy_timeout(struct cache *c, int ms)
{
	c->busy_ms = ms;
	sqlite3_busy_timeout(c->db, ms);
}

int
cache_set_synchronous_full(struct cache *c, bool full, char **cause)
{
	return cache_exec(c, full ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL", cause);
}

bool
cache_tx_open(struct cache *c)
{
	return !sqlite3_get_autocommit(c->db);
}

int
cache_tx_begin(struct cache *c, char **cause)
{
	if (cache_tx_open(c)) {
		xcause(cause, "cache %s: a transaction is already open", c->path);
		return CACHE_ERR;
	}
	if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK)
		return CACHE_OK;
	if (is_busy(c->db)) {
		xcause(cause, "cache %s is locked: another tdesk process held the "
		    "write lock for more than %d ms (%s); try again", c->path,
		    c->busy_ms, sqlite3_errmsg(c->db));
		return CACHE_ERR_BUSY;
	}
	return cache_sqlite_error(c, cause, "BEGIN IMMEDIATE");
}

int
cache_tx_commit(struct cache *c, char **cause)
{
	int rc;

	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
		return CACHE_OK;
	rc = cache_sqlite_error(c, cause, "COMMIT");
	cache_tx_rollback(c, NULL);
	return rc;
}

int
cache_tx_rollback(struct cache *c, char **cause)
{
	/* SQLite rolls back by itself after some errors; nothing left to do then. */
	if (!cache_tx_open(c))
		return CACHE_OK;
	return cache_exec(c, "ROLLBACK", cause);
}
