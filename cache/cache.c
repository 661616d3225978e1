/*
 * Opening and closing the cache, its connection settings and write
 * transactions. The schema is in cache_schema.c, the file-system checks in
 * cache_path.c, the backend identity guard in cache_identity.c.
 */
#include "cache/cache.h"

#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache/cache_int.h"

#define CACHE_BUSY_TIMEOUT_MS	5000	/* default wait for another connection's lock */
#define CACHE_SQLITE_MIN	3034000	/* trigram tokenizer */

struct cache {
	sqlite3		*db;
	char		*path;		/* as opened, for messages */
	int		 busy_ms;	/* current busy timeout */
	bool		 readonly;	/* cache_open_readonly: no writes */
};

/*
 * The ways cache_open_readonly reaches a file, in the order it tries them
 * (cache.h says why): SQLite's read-only mode sharing or making the -shm
 * index; the index built in memory from the -wal; the main file alone.
 */
enum ro_way {
	RO_SHARED,
	RO_HEAP_INDEX,
	RO_IMMUTABLE,
};

/*
 * readonly_shm is not in SQLite's list of URI parameters, but its unix VFS
 * has read it since 3.22 (test/walro2.test): the -shm is opened read-only,
 * and a reader that cannot trust it keeps the WAL index in its own memory.
 * That is what a process without write permission gets anyway.
 */
static const char *const ro_query[] = {
	[RO_SHARED] = "?mode=ro",
	[RO_HEAP_INDEX] = "?mode=ro&readonly_shm=1",
	[RO_IMMUTABLE] = "?mode=ro&immutable=1",
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

void
cache_rows_free(void *rows, size_t n, size_t size, void (*clear)(void *))
{
	size_t i;

	if (rows == NULL)
		return;
	for (i = 0; i < n; i++)
		clear((char *)rows + i * size);
	free(rows);
}

char *
cache_json_text(json_t *v, const char *what)
{
	char *s = json_dumps(v, JSON_COMPACT);

	json_decref(v);
	if (s == NULL)
		fatal("out of memory %s", what);
	return s;
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
 * The checks made before anything is written, on a read-only connection:
 * another program's database, a newer schema, another backend than the
 * one recorded. *ver is the file's schema version.
 */
static int
inspect(sqlite3 *db, const char *path, const struct cache_identity *id,
    int *ver, char **cause)
{
	int app, tables;

	if (pragma_int(db, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(db, "PRAGMA user_version", ver) != SQLITE_OK ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables) != SQLITE_OK) {
		if ((sqlite3_errcode(db) & 0xff) == SQLITE_NOTADB) {
			xcause(cause, "cache %s is not a tdesk cache (%s); remove it "
			    "or use another profile", path, sqlite3_errmsg(db));
			return CACHE_ERR_NOT_CACHE;
		}
		return read_error(db, path, cause);
	}
	if ((app != 0 && app != CACHE_APPLICATION_ID) ||
	    (app == 0 && (*ver != 0 || tables != 0))) {
		xcause(cause, "cache %s is an SQLite database that tdesk did not "
		    "create (application_id %d, user_version %d); remove it or "
		    "use another profile", path, app, *ver);
		return CACHE_ERR_NOT_CACHE;
	}
	if (*ver > CACHE_SCHEMA_VERSION)
		return cache_refuse_newer(path, *ver, cause);
	if (*ver >= 1)
		return cache_identity_check(db, path, id, false, cause);
	return CACHE_OK;
}

/*
 * Opens path read-only the given way and reads its schema, which maps (or
 * makes) the WAL index. An SQLite result code; *dbp is set whenever SQLite
 * made a connection, failed or not, for the caller to read and close.
 */
static int
ro_try(const char *path, enum ro_way way, sqlite3 **dbp)
{
	char *uri = file_uri(path, ro_query[way]);
	int rc;

	*dbp = NULL;
	rc = sqlite3_open_v2(uri, dbp, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
	    NULL);
	free(uri);
	if (*dbp == NULL)
		fatal("out of memory opening cache %s", path);
	sqlite3_extended_result_codes(*dbp, 1);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_busy_timeout(*dbp, CACHE_BUSY_TIMEOUT_MS);
	return sqlite3_exec(*dbp, "SELECT count(*) FROM sqlite_master", NULL,
	    NULL, NULL);
}

/* Whether a read-only open failed on what it creates or writes beside the file. */
static bool
ro_cannot_write(sqlite3 *db)
{
	switch (sqlite3_extended_errcode(db) & 0xff) {
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
		return true;
	}
	return false;
}

/* The size of path, 0 when it does not exist. */
static off_t
file_size(const char *path, const char *suffix, bool *exists)
{
	struct stat sb;
	char *p = xasprintf("%s%s", path, suffix);
	bool there = stat(p, &sb) == 0;

	free(p);
	if (exists != NULL)
		*exists = there;
	return there ? sb.st_size : 0;
}

/*
 * A read-only connection to path, the first way of cache.h's three that
 * works. A failure other than one of writing beside the file is left for
 * inspect() to report: the connection is returned as it is.
 */
static int
ro_connect(const char *path, sqlite3 **out, char **cause)
{
	sqlite3 *db = NULL;
	char *why = NULL;
	bool have_shm;
	off_t wal;
	int rc;

	*out = NULL;
	if (ro_try(path, RO_SHARED, &db) == SQLITE_OK || !ro_cannot_write(db)) {
		*out = db;
		return CACHE_OK;
	}
	/*
	 * The first failure is the one that says what is missing. The
	 * connection goes before the next way is tried: SQLite shares one
	 * -shm mapping between the connections of a process, and would give
	 * the next one this one's.
	 */
	rc = read_error(db, path, &why);
	wal = file_size(path, "-wal", NULL);
	if (wal > 0 && rc != CACHE_ERR_FULL) {
		free(why);
		why = xasprintf("cannot read cache %s: its -wal file holds "
		    "changes that cannot be read without writing beside it (%s)",
		    path, sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	(void)file_size(path, "-shm", &have_shm);
	if (have_shm) {
		if (ro_try(path, RO_HEAP_INDEX, &db) == SQLITE_OK)
			goto ok;
		sqlite3_close(db);
	}
	if (wal == 0) {
		if (ro_try(path, RO_IMMUTABLE, &db) == SQLITE_OK)
			goto ok;
		sqlite3_close(db);
	}
	xcause(cause, "%s", why);
	free(why);
	return rc;
ok:
	free(why);
	*out = db;
	return CACHE_OK;
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
	int rc, ver;

	if (file_size(path, "-wal", NULL) > 0)
		rc = ro_connect(path, &db, cause);
	else {
		if (ro_try(path, RO_IMMUTABLE, &db) != SQLITE_OK &&
		    (sqlite3_errcode(db) & 0xff) != SQLITE_NOTADB) {
			rc = read_error(db, path, cause);
			goto out;
		}
		rc = CACHE_OK;
	}
	if (rc == CACHE_OK)
		rc = inspect(db, path, id, &ver, cause);
out:
	if (db != NULL && sqlite3_close(db) != SQLITE_OK && rc == CACHE_OK) {
		xcause(cause, "cannot close cache %s: %s", path, sqlite3_errmsg(db));
		rc = CACHE_ERR;
	}
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

int
cache_open_readonly(const char *path, const struct cache_identity *id,
    struct cache **out, char **cause)
{
	static const struct cache_identity none;
	struct cache *c;
	sqlite3 *db = NULL;
	bool exists;
	int rc, ver;

	*out = NULL;
	if (id == NULL)
		id = &none;
	if (strcmp(path, ":memory:") == 0) {
		xcause(cause, "an in-memory cache cannot be opened read-only");
		return CACHE_ERR;
	}
	if ((rc = cache_path_check_file(path, &exists, cause)) != CACHE_OK)
		return rc;
	if (!exists) {
		xcause(cause, "cache %s does not exist yet", path);
		return CACHE_ERR_UPGRADE;
	}
	/*
	 * What is refused is refused before SQLite's read-only mode may make
	 * a -wal and -shm beside a file that is not ours to change; then the
	 * checks again, on the connection that reads.
	 */
	if ((rc = preflight(path, id, cause)) != CACHE_OK)
		return rc;
	if ((rc = ro_connect(path, &db, cause)) != CACHE_OK)
		return rc;
	if ((rc = inspect(db, path, id, &ver, cause)) != CACHE_OK)
		goto fail;
	if (ver < CACHE_SCHEMA_VERSION) {
		xcause(cause, "cache %s has schema %d, older than this tdesk's %d: "
		    "it must be upgraded, which a read-only open cannot do", path,
		    ver, CACHE_SCHEMA_VERSION);
		rc = CACHE_ERR_UPGRADE;
		goto fail;
	}
	/* Sorts and temporary tables in memory: no temporary file either. */
	if (sqlite3_exec(db, "PRAGMA query_only = ON; PRAGMA temp_store = MEMORY",
	    NULL, NULL, NULL) != SQLITE_OK) {
		rc = read_error(db, path, cause);
		goto fail;
	}
	c = xcalloc(1, sizeof *c);
	c->db = db;
	c->path = xstrdup(path);
	c->readonly = true;
	cache_set_busy_timeout(c, CACHE_BUSY_TIMEOUT_MS);
	*out = c;
	return CACHE_OK;
fail:
	sqlite3_close(db);
	return rc;
}

bool
cache_readonly(const struct cache *c)
{
	return c->readonly;
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
	if (c->readonly) {
		xcause(cause, "cache %s is open read-only", c->path);
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
