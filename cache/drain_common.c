/*
 * What the drainer's files share (drain_int.h): the backends' names, the
 * crash switch the crash tests use (see drain.c), turning a failed or
 * undecodable answer into an outcome, and moving the later rows of a
 * target on to the state a done row made (drain_rebase).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/actions.h"
#include "cache/cache_int.h"
#include "api/decode.h"
#include "cache/drain_int.h"
#include "cache/store.h"
#include "cache/sync.h"

/* A backend has one name: the sync's, whose enum runs in the same order. */
_Static_assert((int)DRAIN_ZENDESK == (int)SYNC_ZENDESK &&
    (int)DRAIN_STATUSPAGE == (int)SYNC_STATUSPAGE &&
    (int)DRAIN_PAYMENTS == (int)SYNC_PAYMENTS &&
    (int)DRAIN_NBACKENDS == (int)SYNC_NBACKENDS,
    "the drainer's backends are the sync's, in its order");

const char *
cache_drain_backend_name(enum drain_backend b)
{
	return (unsigned)b < DRAIN_NBACKENDS ?
	    sync_backend_name((enum sync_backend)b) : "unknown";
}

/* ---- The crash switch ------------------------------------------------- */

static pthread_mutex_t crash_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t	crash_pid;	/* the process that read TDESK_CRASH_AT */
static long	crash_at;	/* its value; 0: off */
static long	crash_steps;	/* steps reached so far */

void
drain_crash_point(const char *step)
{
	const char *v;
	char *end;

	(void)step;	/* the name is for the reader of a call site */
	pthread_mutex_lock(&crash_lock);
	/* Once per process: a forked child counts its own steps. */
	if (crash_pid != getpid()) {
		crash_pid = getpid();
		crash_steps = 0;
		crash_at = 0;
		if ((v = getenv("TDESK_CRASH_AT")) != NULL && *v != '\0') {
			errno = 0;
			crash_at = strtol(v, &end, 10);
			if (errno != 0 || *end != '\0' || crash_at < 0)
				crash_at = 0;
		}
	}
	if (crash_at > 0 && ++crash_steps == crash_at)
		raise(SIGKILL);
	pthread_mutex_unlock(&crash_lock);
}

/* ---- Small helpers ---------------------------------------------------- */

void
drain_outcome_clear(struct drain_outcome *o)
{
	free(o->reason);
	free(o->conflict_json);
	free(o->note);
	ticket_free(&o->ticket);
	if (o->comments != NULL) {
		zendesk_comment_page_clear(o->comments);
		free(o->comments);
	}
	payment_free(&o->payment);
	incident_free(&o->incident);
	component_free(&o->component);
	free(o->rebase_stamp);
	free(o->rebase_after);
	memset(o, 0, sizeof *o);
}

void
drain_failure(enum http_result r, const struct http_response *resp,
    char *cause, struct drain_outcome *o)
{
	long status = resp != NULL ? resp->status : 0;

	free(o->reason);
	o->reason = cause != NULL ? cause : xstrdup(http_result_name(r));
	switch (r) {
	case HTTP_CLIENT_ERROR:
	case HTTP_CONFLICT:
		if (status == 401) {
			/*
			 * The credentials, not the write: every row of the
			 * backend would fail alike. They wait for a token
			 * that works.
			 */
			o->v = DRAIN_RELEASE;
			o->stop = true;
			break;
		}
		o->v = DRAIN_FAILED;
		break;
	case HTTP_TRANSIENT:
	case HTTP_BREAKER_OPEN:
	case HTTP_RATE_LIMITED:
	case HTTP_ERROR:
		/*
		 * HTTP_ERROR is a setup problem (TLS, a redirect): every row
		 * of the backend would meet it, and fixing the profile fixes
		 * them, so they wait rather than fail one by one.
		 */
		o->v = DRAIN_RELEASE;
		o->stop = true;
		break;
	default:
		o->v = DRAIN_RELEASE;	/* unknown: the row is an orphan */
		o->maybe_sent = true;
		o->late = resp != NULL && resp->late;
		break;
	}
}

void
drain_undecodable(const char *backend, const char *what, char *why,
    struct drain_outcome *o)
{
	free(o->reason);
	o->reason = xasprintf("%s: %s: the answer is not the API's (%s); it "
	    "may have been applied", backend, what, why != NULL ? why : "?");
	free(why);
	o->v = DRAIN_RELEASE;
	o->maybe_sent = true;
	o->late = false;
	/* Nothing of the answer is stored. */
	ticket_free(&o->ticket);
	payment_free(&o->payment);
	incident_free(&o->incident);
	component_free(&o->component);
	if (o->comments != NULL) {
		zendesk_comment_page_clear(o->comments);
		free(o->comments);
		o->comments = NULL;
	}
	free(o->rebase_stamp);
	o->rebase_stamp = NULL;
	free(o->rebase_after);
	o->rebase_after = NULL;
	o->rebase_comment = 0;
	free(o->note);
	o->note = NULL;
}

void
drain_read_failed(enum http_result r, long status, char *cause,
    struct drain_outcome *o)
{
	free(o->reason);
	o->reason = cause != NULL ? cause : xstrdup(http_result_name(r));
	if (r == HTTP_CLIENT_ERROR && status == 404) {
		o->v = DRAIN_FAILED;
		return;
	}
	o->v = DRAIN_RELEASE;
	o->stop = true;
}

void
drain_say(struct drain *d, const char *fmt, ...)
{
	struct drain_report *rep = d->rep;
	va_list ap;

	rep->messages = xreallocarray(rep->messages, rep->nmessages + 1,
	    sizeof *rep->messages);
	va_start(ap, fmt);
	rep->messages[rep->nmessages++] = xvasprintf(fmt, ap);
	va_end(ap);
}

void
cache_drain_report_clear(struct drain_report *rep)
{
	xfree_strings(rep->messages, rep->nmessages);
	memset(rep, 0, sizeof *rep);
}

char *
drain_dump(const json_t *v)
{
	char *s;

	if (v == NULL)
		return NULL;
	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		fatal("out of memory writing JSON");
	return s;
}

char *
drain_describe(const struct drain_row *dr)
{
	static const char *const names[] = {
		[HTTP_GET] = "GET", [HTTP_POST] = "POST", [HTTP_PUT] = "PUT",
		[HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE",
	};

	return xasprintf("%s %s", (unsigned)dr->method < sizeof names /
	    sizeof names[0] ? names[dr->method] : "?", dr->path != NULL ?
	    dr->path : "?");
}

char *
drain_body_text(const struct drain_row *dr)
{
	return drain_dump(dr->body);
}

char *
drain_squash(const char *s)
{
	char *out = xmalloc(strlen(s != NULL ? s : "") + 1), *o = out;
	bool space = false;

	for (; s != NULL && *s != '\0'; s++) {
		if (strchr(" \t\r\n\f\v", *s) != NULL) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = false;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

bool
drain_after(const struct timestamp *t, int64_t bs, int32_t bn)
{
	if (t->text == NULL)
		return false;
	return t->secs > bs || (t->secs == bs && t->nsec > bn);
}

enum http_result
drain_http(struct drain *d, struct http_client *cl, enum http_method m,
    const char *path, const char *query, const char *body, const char *key,
    const char *budget, const char *budget_key, struct http_response *resp,
    char **cause)
{
	struct http_request req;

	memset(&req, 0, sizeof req);
	req.method = m;
	req.path = path;
	req.query = query;
	req.body = body;
	req.body_len = body != NULL ? strlen(body) : 0;
	req.idempotency_key = key;
	req.retry = m == HTTP_GET;
	req.budget = budget;
	req.budget_key = budget_key;
	req.max_wait_ms = d->opt.max_wait_ms;
	return http_send(cl, &req, resp, cause);
}

/* ---- Looking at other rows of a target -------------------------------- */

int
drain_rebase(struct drain *d, const struct drain_row *dr, drain_rebase_fn *fn,
    void *arg, char **cause)
{
	sqlite3_stmt *st = NULL;
	struct later { int64_t id; char *payload; } *rows = NULL;
	size_t n = 0, i;
	json_t *p;
	char *text;
	int rc = CACHE_OK, step;

	if (sqlite3_prepare_v2(cache_db(d->c), "SELECT id, kind, payload FROM "
	    "outbox WHERE target = ?1 AND id > ?2 AND state = 'queued' "
	    "ORDER BY id", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, dr->r.target, -1, SQLITE_STATIC) !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)dr->r.id) != SQLITE_OK) {
		rc = cache_sqlite_error(d->c, cause, "reading the outbox");
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = (const char *)sqlite3_column_text(st, 1);
		const char *text0 = (const char *)sqlite3_column_text(st, 2);

		if (kind == NULL || text0 == NULL ||
		    (p = json_loads(text0, 0, NULL)) == NULL)
			continue;
		if (fn(kind, p, arg)) {
			rows = xreallocarray(rows, n + 1, sizeof *rows);
			rows[n].id = sqlite3_column_int64(st, 0);
			rows[n++].payload = drain_dump(p);
		}
		json_decref(p);
	}
	if (step != SQLITE_DONE)
		rc = cache_sqlite_error(d->c, cause, "reading the outbox");
	sqlite3_finalize(st);
	st = NULL;
	/*
	 * Each edit is its own durable transaction (the outbox's rule). A
	 * row claimed or dropped meanwhile by another drainer is refused by
	 * the edit; that is no error here: it goes its own way.
	 */
	for (i = 0; rc == CACHE_OK && i < n; i++) {
		text = NULL;
		if (cache_outbox_edit(d->c, rows[i].id, rows[i].payload,
		    &text) != CACHE_OK)
			free(text);
	}
out:
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		free(rows[i].payload);
	free(rows);
	return rc;
}
