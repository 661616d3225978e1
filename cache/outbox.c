/*
 * The outbox table: queueing a user's writes durably, and the claiming
 * protocol by which drainers (threads or processes, any number, on one
 * host) send each of them exactly once even when killed at any point.
 *
 * THE PROTOCOL
 *
 * 1. Enqueue. The row is INSERTed as 'queued' in its own BEGIN IMMEDIATE
 *    transaction committed with synchronous=FULL: when enqueue returns,
 *    the action survives kill -9 and power loss. For the payments backend
 *    the Idempotency-Key (128 random bits from getrandom(), hex) is made
 *    here and stored in the same row, so the very first send already
 *    carries the key every later resend will carry.
 *
 * 2. Order. A row may be sent only when it heads its target: no earlier
 *    row of the same target is in any state but 'done'. So writes to one
 *    ticket go out in the order they were made, and a row that is
 *    'sending', 'failed' or 'conflict' holds back the later ones until it
 *    is done, retried (and sent) or dropped.
 *
 * 3. Claim, before sending. cache_outbox_mark_sending runs, inside BEGIN
 *    IMMEDIATE (SQLite's write lock serialises all claimers, across
 *    connections and processes), a conditional UPDATE that moves the row
 *    from the state it was seen in to 'sending' only if it is still in
 *    that state with the same claimer, and heads its target:
 *        UPDATE outbox SET state = 'sending', attempts = attempts + 1,
 *            claim_pid = <us>, claim_token = <us>, ...
 *        WHERE id = ? AND state = 'queued' AND NOT EXISTS (<earlier row>)
 *    and counts it claimed only if changes() == 1. The commit is
 *    synchronous=FULL too: the claim is on disk before a byte of the
 *    request leaves, so no crash can forget that a send may have begun.
 *
 * 4. The claimer. claim_pid is the process id and claim_token tells that
 *    process from a later one given the same id: the kernel's boot id and
 *    the process start time (/proc/<pid>/stat, field 22). A claim is live
 *    while that process exists, is not a zombie, started at that time,
 *    and the machine has not rebooted since. Without /proc (not Linux) the
 *    token is "-:-" and liveness falls back to kill(pid, 0).
 *
 * 5. A live claim is never taken: another drainer passes the row over
 *    (cache_outbox_next skips it; mark_sending returns NOT_CLAIMED), and
 *    cache_outbox_drop refuses it. Two processes never both send a row.
 *
 * 6. Outcome. The claimer marks the row 'done', 'failed' (the backend
 *    answered with an error: the write certainly was not applied) or
 *    'conflict' (a 409; the server's version is kept), each conditional on
 *    the row still being 'sending' under its own claim. An unknown outcome
 *    (timeout, connection reset after the request was written, response
 *    lost) is NOT a failure: the claimer releases the row with
 *    maybe_sent, which keeps it 'sending' with no claimer.
 *
 * 7. Orphans. A 'sending' row whose claimer is gone (killed, crashed,
 *    rebooted) or was released with maybe_sent is an orphan: the write may
 *    or may not have reached the backend. The next drainer takes it over
 *    with the same conditional UPDATE (WHERE state = 'sending' AND
 *    claim_pid IS <dead pid> AND claim_token IS <dead token>), is told
 *    OUTBOX_CLAIMED_ORPHAN, and must read the target back (the ticket's
 *    comments and updated_at, the incident's updates) and mark the row done
 *    if the write is there, before sending again; a payments row is simply
 *    resent with its stored key, which the backend answers as the first
 *    time. Two drainers finding the same orphan: the conditional UPDATE
 *    lets one of them have it.
 *
 * 8. "It may already have been applied" outlives the claim. Taking over
 *    an orphan sets the row's unsure flag, and only two things clear it:
 *    the row is done, or a read-back found the write absent (the drainer
 *    then finishes the row with unsure false). A read-back that cannot
 *    tell (the ticket is gone, the server errs) fails the row with the
 *    flag kept (cache_outbox_mark_failed_unsure); a retry or an edit
 *    keeps it, so the next drainer reads back again before it sends,
 *    and a payments row keeps its Idempotency-Key.
 *
 * 9. Not too soon. A copy of the request may still be on its way to the
 *    backend after we stopped waiting for it (our timeout, a gateway's
 *    504, a claimer killed mid-send): reading back then finds nothing
 *    and the resend makes a duplicate. So a claim records readback_at =
 *    now + settle (the time a request may take to land), a release after
 *    such an outcome records its own, and cache_outbox_next passes over
 *    a row until its readback_at has come. An answer that proves the
 *    server finished with the request (an error, an unreadable 2xx)
 *    releases with readback_at 0: read back at once.
 *
 * Hence: killed before 1 commits, the action was never acknowledged to
 * the user; between 1 and 3 it is queued and will be sent; after 3, with
 * or without a reply, it is an orphan that is read back before any
 * resend; after 6 it is finished. No action is lost, none is sent twice.
 *
 * Dropping: a queued, failed, conflicting or done row is deleted. A row
 * being sent by a live process is refused (it may be on the wire now); an
 * orphan may be dropped, and the caller is told it may have been applied.
 *
 * This file holds the protocol; the user's retry, edit and drop, and the
 * lists and counts, are in outbox_user.c.
 */
#include "cache/outbox.h"

#include <sys/random.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache_int.h"
#include "cache/outbox_int.h"
#include "api/log.h"

#define TOKEN_MAX	96		/* "<boot id>:<start time>" */
#define OUTBOX_WAIT_MAX	(2 * 3600)	/* the longest readback_at ahead, s */
#define KEY_MAX		255		/* a caller's Idempotency-Key, in bytes */

static const char *const state_names[] = {
	[OUTBOX_QUEUED] = "queued",
	[OUTBOX_SENDING] = "sending",
	[OUTBOX_DONE] = "done",
	[OUTBOX_FAILED] = "failed",
	[OUTBOX_CONFLICT] = "conflict",
};

const char *
cache_outbox_state_name(enum outbox_state s)
{
	if ((unsigned)s >= sizeof state_names / sizeof state_names[0])
		return "unknown";
	return state_names[s];
}

int
cache_outbox_state_from_name(const char *name, enum outbox_state *out)
{
	size_t i;

	for (i = 0; name != NULL && i < sizeof state_names / sizeof *state_names;
	    i++) {
		if (strcmp(state_names[i], name) == 0) {
			*out = (enum outbox_state)i;
			return 0;
		}
	}
	return -1;
}

/* ---- Who claims: a process and its start ------------------------------ */

/* The first line of a small file, without its newline; false if unreadable. */
static bool
read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (f == NULL)
		return false;
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok && *buf != '\0';
}

/*
 * A process's state letter and start time (clock ticks after boot) from
 * /proc/<pid>/stat. The command name (field 2) is in parentheses and may
 * hold spaces and parentheses itself, so fields are counted from the last
 * ')'; the start time is field 22.
 */
static bool
proc_stat(pid_t pid, char *state, unsigned long long *start)
{
	char path[64], buf[1024], *p, *end;
	FILE *f;
	size_t n;
	int field;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ')
		return false;
	p += 2;
	*state = *p;
	for (field = 3; field < 22; field++) {
		if ((p = strchr(p, ' ')) == NULL)
			return false;
		p++;
	}
	errno = 0;
	*start = strtoull(p, &end, 10);
	return errno == 0 && end != p;
}

/* "<boot id>:<start time>" of this process; "-" for a part not known. */
static void
self_token(char *buf, size_t size)
{
	char boot[64], state;
	unsigned long long start;

	if (!read_line("/proc/sys/kernel/random/boot_id", boot, sizeof boot))
		snprintf(boot, sizeof boot, "-");
	if (proc_stat(getpid(), &state, &start))
		snprintf(buf, size, "%s:%llu", boot, start);
	else
		snprintf(buf, size, "%s:-", boot);
}

/*
 * Whether the process that made a claim still runs. This process's own
 * claims are live (another thread may be sending); an earlier process
 * that had our pid is not.
 */
bool
outbox_claimer_alive(int64_t pid, const char *token)
{
	char self[TOKEN_MAX], state;
	const char *colon, *mycolon;
	unsigned long long start;

	if (pid <= 0 || pid > INT_MAX || token == NULL)
		return false;
	self_token(self, sizeof self);
	if ((pid_t)pid == getpid())
		return strcmp(token, self) == 0;
	colon = strrchr(token, ':');
	mycolon = strrchr(self, ':');
	if (colon != NULL && mycolon != NULL && strncmp(token, "-:", 2) != 0 &&
	    strncmp(self, "-:", 2) != 0 && (colon - token != mycolon - self ||
	    strncmp(token, self, (size_t)(colon - token)) != 0))
		return false;		/* the machine rebooted since */
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return false;
	if (proc_stat((pid_t)pid, &state, &start)) {
		if (state == 'Z' || state == 'X')
			return false;	/* killed, not yet reaped */
		if (colon != NULL && strcmp(colon + 1, "-") != 0 &&
		    strtoull(colon + 1, NULL, 10) != start)
			return false;	/* the pid was given to another process */
	}
	return true;
}

/* ---- Keys ------------------------------------------------------------- */

static int
random_bytes(unsigned char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	while (got < len) {
		n = getrandom(buf + got, len - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (got == len)
		return 0;
	/* getrandom() missing (ENOSYS: an old kernel): the device then. */
	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while (got < len) {
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	return got == len ? 0 : -1;
}

int
outbox_new_key(struct cache *c, char key[OUTBOX_KEY_LEN + 1], char **cause)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[OUTBOX_KEY_LEN / 2];
	size_t i;

	if (random_bytes(raw, sizeof raw) != 0) {
		xcause(cause, "cache %s: no random bytes for an idempotency key: %s",
		    cache_filename(c), strerror(errno));
		return CACHE_ERR;
	}
	for (i = 0; i < sizeof raw; i++) {
		key[2 * i] = hex[raw[i] >> 4];
		key[2 * i + 1] = hex[raw[i] & 15];
	}
	key[OUTBOX_KEY_LEN] = '\0';
	return CACHE_OK;
}

/* A key goes into an HTTP header: visible ASCII only, and not too long. */
static bool
key_ok(const char *k)
{
	size_t n = 0;

	for (; *k != '\0'; k++, n++) {
		if (*k < 0x21 || *k > 0x7e)
			return false;
	}
	return n > 0 && n <= KEY_MAX;
}

/* ---- Rows ------------------------------------------------------------- */


static char *
text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

void
outbox_row_fill(sqlite3_stmt *st, struct outbox_row *r)
{
	enum outbox_state s = OUTBOX_QUEUED;

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->created_at = sqlite3_column_int64(st, 1);
	r->updated_at = sqlite3_column_int64(st, 2);
	r->backend = text(st, 3);
	r->target = text(st, 4);
	r->kind = text(st, 5);
	r->payload = text(st, 6);
	/* The schema's CHECK admits only the five names. */
	if (cache_outbox_state_from_name((const char *)sqlite3_column_text(st, 7),
	    &s) != 0)
		s = OUTBOX_QUEUED;
	r->state = s;
	r->attempts = sqlite3_column_int64(st, 8);
	r->idempotency_key = text(st, 9);
	r->last_error = text(st, 10);
	r->conflict_json = text(st, 11);
	r->claim_pid = sqlite3_column_int64(st, 12);
	r->claimed_at = sqlite3_column_int64(st, 14);
	r->orphaned = s == OUTBOX_SENDING && !outbox_claimer_alive(r->claim_pid,
	    (const char *)sqlite3_column_text(st, 13));
	r->unsure = sqlite3_column_int(st, 15) != 0;
	r->readback_at = sqlite3_column_int64(st, 16);
}

bool
cache_outbox_maybe_applied(const struct outbox_row *r)
{
	return r->state != OUTBOX_DONE && (r->orphaned || r->unsure);
}

bool
cache_outbox_waiting(const struct outbox_row *r, int64_t now)
{
	/*
	 * A wait longer than any tdesk sets means the clock was set back
	 * since: it is over, rather than kept for as long as the clock
	 * went back.
	 */
	return cache_outbox_maybe_applied(r) && r->readback_at > now &&
	    r->readback_at - now <= OUTBOX_WAIT_MAX &&
	    (r->state != OUTBOX_SENDING || r->orphaned);
}

const char *
cache_outbox_shown_state(const struct outbox_row *r)
{
	if (r->state == OUTBOX_SENDING && r->orphaned)
		return "unknown";
	return cache_outbox_state_name(r->state);
}

char *
cache_outbox_unsure_note(const struct outbox_row *r, int64_t now)
{
	int64_t in;

	if (!cache_outbox_maybe_applied(r))
		return NULL;
	if (r->state == OUTBOX_FAILED || r->state == OUTBOX_CONFLICT)
		return xstrdup("may already have been applied: a retry reads "
		    "it back before sending it again");
	if (cache_outbox_waiting(r, now)) {
		in = r->readback_at - now;
		return xasprintf("may already have been applied: read back in "
		    "%" PRId64 " %s, once the request can no longer land, "
		    "before it is sent again", in >= 120 ? (in + 59) / 60 : in,
		    in >= 120 ? "min" : "s");
	}
	return xstrdup("may already have been applied: read back before it is "
	    "sent again");
}

void
cache_outbox_row_clear(struct outbox_row *r)
{
	free(r->backend);
	free(r->target);
	free(r->kind);
	free(r->payload);
	free(r->idempotency_key);
	free(r->last_error);
	free(r->conflict_json);
	memset(r, 0, sizeof *r);
}

static void
outbox_row_clear(void *r)
{
	cache_outbox_row_clear(r);
}

CACHE_ROWS_FREE_FN(cache_outbox_rows_free, outbox_row, outbox_row_clear)

/* ---- Durable transactions --------------------------------------------- */

/*
 * fn inside BEGIN IMMEDIATE ... COMMIT at synchronous=FULL, so that when
 * this returns CACHE_OK the change is on disk. The connection goes back
 * to NORMAL afterwards; if that fails the committed change still stands
 * (a connection left at FULL is only slower), so it is not an error.
 */
int
outbox_tx(struct cache *c, outbox_fn *fn, void *arg, char **cause)
{
	int rc;

	if (cache_tx_open(c)) {
		xcause(cause, "cache %s: the outbox commits on its own, not inside "
		    "an open transaction", cache_filename(c));
		return CACHE_ERR;
	}
	if ((rc = cache_set_synchronous_full(c, true, cause)) != CACHE_OK)
		return rc;
	if ((rc = cache_tx_begin(c, cause)) != CACHE_OK)
		goto restore;
	if ((rc = fn(c, arg, cause)) != CACHE_OK) {
		cache_tx_rollback(c, NULL);
		goto restore;
	}
	rc = cache_tx_commit(c, cause);
restore:
	if (cache_set_synchronous_full(c, false, NULL) != CACHE_OK) {
		/* See above: nothing to undo. */
	}
	return rc;
}

/* Runs a prepared, bound statement that returns no row. */
int
outbox_step_done(struct cache *c, sqlite3_stmt *st, const char *what, char **cause)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return cache_sqlite_error(c, cause, what);
	return CACHE_OK;
}

int
outbox_stmt_fail(struct cache *c, sqlite3_stmt *st, const char *what,
    char **cause)
{
	int rc;

	rc = cache_sqlite_error(c, cause, what);
	sqlite3_finalize(st);
	return rc;
}

/* ---- Enqueue ---------------------------------------------------------- */

struct enqueue_args {
	const char	*backend, *target, *kind, *payload, *key;
	int64_t		*id;
};

static int
enqueue_fn(struct cache *c, void *arg, char **cause)
{
	struct enqueue_args *a = arg;
	sqlite3_stmt *st = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc = CACHE_OK;

	if (sqlite3_prepare_v2(cache_db(c), "INSERT INTO outbox (created_at, "
	    "backend, target, kind, payload, state, attempts, idempotency_key, "
	    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'queued', 0, ?6, ?1)", -1,
	    &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, a->backend, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, a->target, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 4, a->kind, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 5, a->payload, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (a->key != NULL ? sqlite3_bind_text(st, 6, a->key, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, 6)) != SQLITE_OK)
		rc = cache_sqlite_error(c, cause, "queueing a write");
	else if ((rc = outbox_step_done(c, st, "queueing a write", cause)) == CACHE_OK)
		*a->id = (int64_t)sqlite3_last_insert_rowid(cache_db(c));
	sqlite3_finalize(st);
	return rc;
}

int
cache_outbox_enqueue(struct cache *c, const char *backend, const char *target,
    const char *kind, const char *payload, const char *key, int64_t *id,
    char **cause)
{
	struct enqueue_args a = { backend, target, kind, payload, key, id };
	char made[OUTBOX_KEY_LEN + 1];
	int rc;

	*id = 0;
	if (backend == NULL || target == NULL || *target == '\0' || kind == NULL ||
	    *kind == '\0' || payload == NULL) {
		xcause(cause, "cache %s: a write needs a backend, a target, a kind "
		    "and a payload", cache_filename(c));
		return CACHE_ERR;
	}
	if (key != NULL && !key_ok(key)) {
		xcause(cause, "cache %s: an idempotency key must be 1 to %d visible "
		    "ASCII characters", cache_filename(c), KEY_MAX);
		return CACHE_ERR;
	}
	if (key == NULL && strcmp(backend, "payments") == 0) {
		if ((rc = outbox_new_key(c, made, cause)) != CACHE_OK)
			return rc;
		a.key = made;
	}
	if ((rc = outbox_tx(c, enqueue_fn, &a, cause)) == CACHE_OK)
		log_line("outbox", "%" PRId64 " %s %s %s: queued", *id, backend,
		    kind, target);
	return rc;
}

/* ---- Reading ---------------------------------------------------------- */

int
cache_outbox_get(struct cache *c, int64_t id, struct outbox_row *out,
    bool *found, char **cause)
{
	sqlite3_stmt *st = NULL;
	int rc = CACHE_OK, step;

	memset(out, 0, sizeof *out);
	*found = false;
	if (sqlite3_prepare_v2(cache_db(c), "SELECT " OUTBOX_ROW_COLUMNS " FROM outbox "
	    "WHERE id = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)id) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "reading the outbox");
		goto out;
	}
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		outbox_row_fill(st, out);
		*found = true;
	} else if (step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "reading the outbox");
out:
	sqlite3_finalize(st);
	return rc;
}

/* An earlier row of the same target that is not done holds this one back. */
#define HELD_BACK \
	"EXISTS (SELECT 1 FROM outbox AS p WHERE p.target = o.target " \
	"AND p.id < o.id AND p.state <> 'done')"

int
cache_outbox_next(struct cache *c, const char *backend, struct outbox_row *out,
    bool *found, char **cause)
{
	sqlite3_stmt *st = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc = CACHE_OK, step;

	memset(out, 0, sizeof *out);
	*found = false;
	if (sqlite3_prepare_v2(cache_db(c), "SELECT " OUTBOX_ROW_COLUMNS " FROM outbox "
	    "AS o WHERE o.state IN ('queued', 'sending') "
	    "AND (?1 IS NULL OR o.backend = ?1) AND NOT " HELD_BACK
	    " ORDER BY o.id", -1, &st, NULL) != SQLITE_OK ||
	    (backend != NULL ? sqlite3_bind_text(st, 1, backend, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, 1)) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "reading the outbox");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		outbox_row_fill(st, out);
		if ((out->state == OUTBOX_QUEUED || out->orphaned) &&
		    !cache_outbox_waiting(out, now)) {
			*found = true;
			break;
		}
		/* Claimed by a live process, or not to be read back yet. */
		cache_outbox_row_clear(out);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = cache_sqlite_error(c, cause, "reading the outbox");
out:
	sqlite3_finalize(st);
	return rc;
}

/* ---- Claiming --------------------------------------------------------- */

struct claim_args {
	int64_t		 id;
	int64_t		 settle_s;
	enum outbox_claim *result;
};

static int
claim_fn(struct cache *c, void *arg, char **cause)
{
	struct claim_args *a = arg;
	sqlite3_stmt *st = NULL, *up = NULL;
	char self[TOKEN_MAX], *old_token = NULL;
	int64_t now = (int64_t)time(NULL), old_pid;
	const char *state;
	bool queued, unsure;
	int rc = CACHE_OK, step;

	*a->result = OUTBOX_NOT_CLAIMED;
	if (sqlite3_prepare_v2(cache_db(c), "SELECT o.state, "
	    "ifnull(o.claim_pid, 0), o.claim_token, " HELD_BACK ", o.unsure "
	    "FROM outbox AS o WHERE o.id = ?1", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, (sqlite3_int64)a->id) != SQLITE_OK) {
		rc = cache_sqlite_error(c, cause, "claiming a write");
		goto out;
	}
	if ((step = sqlite3_step(st)) == SQLITE_DONE)
		goto out;		/* dropped meanwhile */
	if (step != SQLITE_ROW) {
		rc = cache_sqlite_error(c, cause, "claiming a write");
		goto out;
	}
	state = (const char *)sqlite3_column_text(st, 0);
	old_pid = sqlite3_column_int64(st, 1);
	old_token = text(st, 2);
	unsure = sqlite3_column_int(st, 4) != 0;
	if (sqlite3_column_int(st, 3) != 0 || state == NULL)
		goto out;		/* an earlier row of its target first */
	if (strcmp(state, "queued") == 0)
		queued = true;
	else if (strcmp(state, "sending") == 0 && !outbox_claimer_alive(old_pid, old_token))
		queued = false;
	else
		goto out;		/* live claim, or finished */

	/*
	 * Compare and set: the row moves only from exactly what was read.
	 * The write lock already excludes other claimers between the SELECT
	 * and here; the condition keeps this true on its own.
	 */
	self_token(self, sizeof self);
	if (sqlite3_prepare_v2(cache_db(c), queued ?
	    "UPDATE outbox AS o SET state = 'sending', attempts = attempts + 1, "
	    "claim_pid = ?2, claim_token = ?3, claimed_at = ?4, updated_at = ?4, "
	    "readback_at = ?4 + ?7, last_error = NULL "
	    "WHERE o.id = ?1 AND o.state = 'queued' AND NOT " HELD_BACK :
	    "UPDATE outbox AS o SET attempts = attempts + 1, claim_pid = ?2, "
	    "claim_token = ?3, claimed_at = ?4, updated_at = ?4, "
	    "readback_at = ?4 + ?7, unsure = 1 "
	    "WHERE o.id = ?1 AND o.state = 'sending' AND o.claim_pid IS ?5 "
	    "AND o.claim_token IS ?6", -1, &up, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(up, 1, (sqlite3_int64)a->id) != SQLITE_OK ||
	    sqlite3_bind_int64(up, 2, (sqlite3_int64)getpid()) != SQLITE_OK ||
	    sqlite3_bind_text(up, 3, self, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(up, 4, (sqlite3_int64)now) != SQLITE_OK ||
	    sqlite3_bind_int64(up, 7, (sqlite3_int64)a->settle_s) != SQLITE_OK ||
	    (!queued && ((old_pid != 0 ? sqlite3_bind_int64(up, 5, old_pid) :
	    sqlite3_bind_null(up, 5)) != SQLITE_OK ||
	    (old_token != NULL ? sqlite3_bind_text(up, 6, old_token, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(up, 6)) != SQLITE_OK))) {
		rc = cache_sqlite_error(c, cause, "claiming a write");
		goto out;
	}
	if ((rc = outbox_step_done(c, up, "claiming a write", cause)) != CACHE_OK)
		goto out;
	if (sqlite3_changes(cache_db(c)) == 1)
		*a->result = !queued ? OUTBOX_CLAIMED_ORPHAN : unsure ?
		    OUTBOX_CLAIMED_UNSURE : OUTBOX_CLAIMED;
out:
	sqlite3_finalize(up);
	sqlite3_finalize(st);
	free(old_token);
	return rc;
}

int
cache_outbox_mark_sending(struct cache *c, int64_t id, int64_t settle_s,
    enum outbox_claim *result, char **cause)
{
	struct claim_args a = { id, settle_s > 0 ? settle_s : 0, result };
	int rc;

	*result = OUTBOX_NOT_CLAIMED;
	if ((rc = outbox_tx(c, claim_fn, &a, cause)) != CACHE_OK)
		*result = OUTBOX_NOT_CLAIMED;
	return rc;
}

/* ---- Outcomes of a claimed row ---------------------------------------- */

struct finish_args {
	int64_t		 id;
	const char	*state;		/* the new state */
	const char	*error;		/* last_error */
	const char	*conflict;	/* conflict_json */
	bool		 unsure;	/* it may have been applied */
	int64_t		 readback_at;	/* not read back before; 0: at once */
};

/* Why row id could not be finished by us, for the message. */
static void
not_ours(struct cache *c, int64_t id, char **cause)
{
	struct outbox_row r;
	bool found;

	if (cache_outbox_get(c, id, &r, &found, NULL) != CACHE_OK || !found)
		xcause(cause, "cache %s: there is no outbox row %lld",
		    cache_filename(c), (long long)id);
	else {
		xcause(cause, "cache %s: outbox row %lld is %s%s, not being sent "
		    "by this process", cache_filename(c), (long long)id,
		    cache_outbox_state_name(r.state), r.state == OUTBOX_SENDING ?
		    (r.orphaned ? " (orphaned)" : " by another process") : "");
		cache_outbox_row_clear(&r);
	}
}

/* The WHERE of an UPDATE of row ?1 that this process is sending. */
#define CLAIMED_BY_SELF \
	"id = ?1 AND state = 'sending' AND claim_pid = :pid AND " \
	"claim_token = :token"

/*
 * Prepares sql, an UPDATE ... WHERE CLAIMED_BY_SELF, into *st and binds
 * id, this process's id and its token; the caller binds the rest. An
 * SQLite result: on failure, outbox_stmt_fail right after.
 */
static int
claimed_prepare(struct cache *c, const char *sql, int64_t id,
    sqlite3_stmt **st)
{
	char self[TOKEN_MAX];
	int rc;

	self_token(self, sizeof self);
	if ((rc = sqlite3_prepare_v2(cache_db(c), sql, -1, st, NULL)) !=
	    SQLITE_OK ||
	    (rc = sqlite3_bind_int64(*st, 1, (sqlite3_int64)id)) != SQLITE_OK ||
	    (rc = sqlite3_bind_int64(*st, sqlite3_bind_parameter_index(*st,
	    ":pid"), (sqlite3_int64)getpid())) != SQLITE_OK)
		return rc;
	return sqlite3_bind_text(*st, sqlite3_bind_parameter_index(*st,
	    ":token"), self, -1, SQLITE_TRANSIENT);
}

/*
 * Runs st, an UPDATE of row id under this process's claim, and frees it:
 * CACHE_ERR (saying why) unless it changed that one row.
 */
static int
claimed_step(struct cache *c, sqlite3_stmt *st, int64_t id, const char *what,
    char **cause)
{
	int rc;

	rc = outbox_step_done(c, st, what, cause);
	sqlite3_finalize(st);
	if (rc == CACHE_OK && sqlite3_changes(cache_db(c)) != 1) {
		not_ours(c, id, cause);
		rc = CACHE_ERR;
	}
	return rc;
}

static int
finish_fn(struct cache *c, void *arg, char **cause)
{
	struct finish_args *a = arg;
	sqlite3_stmt *st = NULL;

	if (claimed_prepare(c, "UPDATE outbox SET state = ?2, "
	    "last_error = ?3, conflict_json = CASE WHEN ?4 IS NULL OR "
	    "json_valid(?4) THEN ?4 ELSE json_quote(?4) END, claim_pid = NULL, "
	    "claim_token = NULL, claimed_at = NULL, updated_at = ?5, "
	    "unsure = ?8, readback_at = nullif(?9, 0) WHERE " CLAIMED_BY_SELF,
	    a->id, &st) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, a->state, -1, SQLITE_STATIC) != SQLITE_OK ||
	    (a->error != NULL ? sqlite3_bind_text(st, 3, a->error, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(st, 3)) != SQLITE_OK ||
	    (a->conflict != NULL ? sqlite3_bind_text(st, 4, a->conflict, -1,
	    SQLITE_STATIC) : sqlite3_bind_null(st, 4)) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL)) != SQLITE_OK ||
	    sqlite3_bind_int(st, 8, a->unsure) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 9, (sqlite3_int64)(a->unsure ?
	    a->readback_at : 0)) != SQLITE_OK)
		return outbox_stmt_fail(c, st, "recording a write's outcome",
		    cause);
	return claimed_step(c, st, a->id, "recording a write's outcome", cause);
}

int
cache_outbox_mark_done(struct cache *c, int64_t id, char **cause)
{
	struct finish_args a = { id, "done", NULL, NULL, false, 0 };

	return outbox_tx(c, finish_fn, &a, cause);
}

int
cache_outbox_mark_failed(struct cache *c, int64_t id, const char *reason,
    char **cause)
{
	struct finish_args a = { id, "failed",
	    reason != NULL ? reason : "failed", NULL, false, 0 };

	return outbox_tx(c, finish_fn, &a, cause);
}

int
cache_outbox_mark_failed_unsure(struct cache *c, int64_t id,
    const char *reason, char **cause)
{
	struct finish_args a = { id, "failed",
	    reason != NULL ? reason : "failed", NULL, true, 0 };

	return outbox_tx(c, finish_fn, &a, cause);
}

int
cache_outbox_mark_conflict(struct cache *c, int64_t id,
    const char *conflict_json, char **cause)
{
	struct finish_args a = { id, "conflict", NULL, conflict_json, false,
	    0 };

	return outbox_tx(c, finish_fn, &a, cause);
}

int
cache_outbox_release(struct cache *c, int64_t id, bool maybe_sent,
    const char *reason, char **cause)
{
	if (maybe_sent)
		return cache_outbox_release_unknown(c, id, 0, reason, cause);
	else {
		struct finish_args a = { id, "queued", reason, NULL, false, 0 };

		return outbox_tx(c, finish_fn, &a, cause);
	}
}

struct resend_args {
	int64_t		 id;
	int64_t		 settle_s;
};

static int
resend_fn(struct cache *c, void *arg, char **cause)
{
	struct resend_args *a = arg;
	sqlite3_stmt *st = NULL;

	if (claimed_prepare(c, "UPDATE outbox SET readback_at = ?2 WHERE "
	    CLAIMED_BY_SELF, a->id, &st) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)(time(NULL) +
	    a->settle_s)) != SQLITE_OK)
		return outbox_stmt_fail(c, st, "recording a resend", cause);
	return claimed_step(c, st, a->id, "recording a resend", cause);
}

int
cache_outbox_mark_resending(struct cache *c, int64_t id, int64_t settle_s,
    char **cause)
{
	struct resend_args a = { id, settle_s > 0 ? settle_s : 0 };

	return outbox_tx(c, resend_fn, &a, cause);
}

int
cache_outbox_release_unknown(struct cache *c, int64_t id, int64_t readback_at,
    const char *reason, char **cause)
{
	/* Sending with no claimer is an orphan: the next drain reads it back. */
	struct finish_args a = { id, "sending", reason, NULL, true,
	    readback_at > 0 ? readback_at : 0 };

	return outbox_tx(c, finish_fn, &a, cause);
}
