/*
 * The background sync engine: a thread with its own cache connection and
 * clients that runs each backend's round when it is due, drains the
 * outbox, and tells the console through a status snapshot and a pipe.
 */
#include "cache/sync.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/clock.h"
#include "cache/actions.h"
#include "cache/drain.h"
#include "cache/outbox.h"
#include "cache/query.h"
#include "cache/sync_int.h"
#include "api/zendesk.h"

_Static_assert(SYNC_MACRO_QUEUE >= ACTION_BULK_MAX,
    "a macro on every ticket of a bulk selection must fit the queue");

/* Comment requests kept; the oldest go when more pile up. */
#define ENGINE_COMMENT_QUEUE	16
/* The longest the thread sleeps without looking at the clock again. */
#define ENGINE_MAX_WAIT_MS	60000

struct sync_engine {
	pthread_t	 thread;
	struct cache	*c;			/* the thread's connection */
	struct http_client *cl[SYNC_NBACKENDS];	/* NULL: not configured */
	char		*billing_field;
	struct sync_options base;		/* window, comments, pages */
	int64_t		 interval_ms[SYNC_NBACKENDS];
	int64_t		 lists_ms;
	bool		 no_drain;
	int64_t		 readback_delay_s;	/* drain_options' */
	int		 fds[2];		/* the console's wake-up pipe */
	atomic_int	 stop;			/* sync_engine_stop was called */

	pthread_mutex_t	 lock;			/* guards the fields below */
	pthread_cond_t	 cond;			/* a request or the stop */
	bool		 want_now;
	bool		 want_drain;
	int64_t		 comments[ENGINE_COMMENT_QUEUE];	/* ticket ids,
							 * oldest first */
	size_t		 ncomments;
	struct {
		int64_t	 ticket_id;
		int64_t	 macro_id;
	}		 macros[SYNC_MACRO_QUEUE];	/* a ring, FIFO */
	size_t		 macro_head;		/* the oldest request */
	size_t		 nmacros;
	bool		 notified;		/* a byte is in the pipe */
	struct sync_status st;

	/* The thread's own (no lock). */
	int64_t		 due_ms[SYNC_NBACKENDS];	/* monotonic */
	int64_t		 lists_at_ms[SYNC_NBACKENDS];	/* last refresh;
							 * 0: never */
	size_t		 seen_changed;		/* the round's changed rows
						 * already counted */
	bool		 in_between;		/* serving comment requests */
};

/* The stop flag of the engine whose thread this is; NULL elsewhere. */
static _Thread_local atomic_int *engine_tls_stop;

int
sync_hook_cancelled(void *arg)
{
	(void)arg;
	return engine_tls_stop != NULL && atomic_load(engine_tls_stop) != 0;
}

static bool
stopping(struct sync_engine *e)
{
	return atomic_load(&e->stop) != 0;
}

/* With e->lock held: make the pipe readable, once until the next ack. */
static void
notify_locked(struct sync_engine *e)
{
	ssize_t n;

	if (e->notified)
		return;
	do
		n = write(e->fds[1], "!", 1);
	while (n < 0 && errno == EINTR);
	/* EAGAIN: the pipe is full, so readable already. */
	e->notified = true;
}

static void
set_message(char *dst, const char *msg)
{
	snprintf(dst, SYNC_MESSAGE_MAX, "%s", msg != NULL ? msg : "");
}

/* ---- callbacks from a round ---------------------------------------------- */

static int
engine_cancelled(void *arg)
{
	return stopping(arg);
}

static void
engine_progress(void *arg, const struct sync_progress *p)
{
	struct sync_engine *e = arg;
	struct sync_backend_status *b;

	pthread_mutex_lock(&e->lock);
	b = &e->st.backends[p->backend];
	snprintf(b->endpoint, sizeof b->endpoint, "%s", p->endpoint);
	b->pages = p->pages;
	b->records = p->records;
	b->changed = p->changed;
	if (p->changed > e->seen_changed) {
		e->seen_changed = p->changed;
		e->st.changes++;
	}
	notify_locked(e);
	pthread_mutex_unlock(&e->lock);
}

/* The newest comment request, or 0. */
static int64_t
pop_comment(struct sync_engine *e)
{
	int64_t id = 0;

	pthread_mutex_lock(&e->lock);
	if (e->ncomments > 0)
		id = e->comments[--e->ncomments];
	pthread_mutex_unlock(&e->lock);
	return id;
}

/* Fetches the requested tickets' comments, newest request first. */
static void
serve_comments(struct sync_engine *e)
{
	struct sync_options opt;
	struct sync_report rep;
	char *cause = NULL;
	int64_t id;
	int rc;

	if (e->in_between)
		return;
	e->in_between = true;
	while (!stopping(e) && (id = pop_comment(e)) != 0) {
		if (e->cl[SYNC_ZENDESK] == NULL)
			continue;
		opt = e->base;
		opt.cancelled = engine_cancelled;
		opt.arg = e;
		memset(&rep, 0, sizeof rep);
		rc = sync_zendesk_comments(e->c, e->cl[SYNC_ZENDESK], id, &opt,
		    &rep, &cause);
		pthread_mutex_lock(&e->lock);
		if (sync_changed(&rep.stats) > 0)
			e->st.changes++;
		if (rc != SYNC_OK && rc != SYNC_ERR_CANCELLED) {
			set_message(e->st.backends[SYNC_ZENDESK].last_error,
			    cause);
			e->st.backends[SYNC_ZENDESK].last_error_ms =
			    clock_wall_ms();
		}
		notify_locked(e);
		pthread_mutex_unlock(&e->lock);
		free(cause);
		cause = NULL;
	}
	e->in_between = false;
}

/* With e->lock held: a new notice for the console. */
static void	notice_locked(struct sync_engine *, bool, const char *, ...)
		    TD_PRINTF(3, 4);

static void
notice_locked(struct sync_engine *e, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->st.notice, sizeof e->st.notice, fmt, ap);
	va_end(ap);
	e->st.notice_error = error;
	e->st.notice_seq++;
	notify_locked(e);
}

/* The oldest macro request, false when there is none. */
static bool
pop_macro(struct sync_engine *e, int64_t *ticket_id, int64_t *macro_id)
{
	bool any;

	pthread_mutex_lock(&e->lock);
	if ((any = e->nmacros > 0)) {
		*ticket_id = e->macros[e->macro_head].ticket_id;
		*macro_id = e->macros[e->macro_head].macro_id;
		e->macro_head = (e->macro_head + 1) % SYNC_MACRO_QUEUE;
		e->nmacros--;
	}
	pthread_mutex_unlock(&e->lock);
	return any;
}

/*
 * One macro request: resolved by Zendesk for the ticket, queued as a
 * write; true when a write was queued. The notice names the macro by its
 * cached title, or by its id when it is not cached.
 */
static bool
serve_macro(struct sync_engine *e, int64_t tid, int64_t mid)
{
	struct macro_result m;
	struct macro_row mr;
	enum http_result res;
	char *cause = NULL, *name;
	bool found = false, queued = false;
	int64_t row;

	memset(&m, 0, sizeof m);
	if (cache_macro_get(e->c, mid, &mr, &found, &cause) == CACHE_OK &&
	    found && mr.title != NULL)
		name = xasprintf("'%s'", mr.title);
	else
		name = xasprintf("%" PRId64, mid);
	if (found)
		cache_macro_row_clear(&mr);
	free(cause);
	cause = NULL;
	if (e->cl[SYNC_ZENDESK] == NULL) {
		pthread_mutex_lock(&e->lock);
		notice_locked(e, true, "macro %s for ticket %" PRId64 " not "
		    "applied: Zendesk is not configured", name, tid);
		pthread_mutex_unlock(&e->lock);
		goto out;
	}
	res = zendesk_macro_apply(e->cl[SYNC_ZENDESK], tid, mid, &m, &cause);
	pthread_mutex_lock(&e->lock);
	if (res != HTTP_OK)
		notice_locked(e, true, "macro %s for ticket %" PRId64 " not "
		    "applied: %s", name, tid, cause != NULL ? cause : "failed");
	pthread_mutex_unlock(&e->lock);
	if (res != HTTP_OK)
		goto out;
	free(cause);
	cause = NULL;
	queued = cache_action_ticket_macro(e->c, tid, mid, &m, &row, &cause) ==
	    CACHE_OK;
	pthread_mutex_lock(&e->lock);
	if (queued)
		notice_locked(e, false, "macro %s queued for ticket %" PRId64,
		    name, tid);
	else
		notice_locked(e, true, "macro %s for ticket %" PRId64 " not "
		    "queued: %s", name, tid, cause != NULL ? cause : "failed");
	pthread_mutex_unlock(&e->lock);
out:
	macro_result_clear(&m);
	free(cause);
	free(name);
	return queued;
}

static void	run_drain(struct sync_engine *);

/* Serves the macro requests in the order asked, then drains what they queued. */
static void
serve_macros(struct sync_engine *e)
{
	int64_t tid, mid;
	bool queued = false;

	while (!stopping(e) && pop_macro(e, &tid, &mid))
		queued |= serve_macro(e, tid, mid);
	if (queued && !stopping(e))
		run_drain(e);
}

static void
engine_between(void *arg)
{
	serve_comments(arg);
	serve_macros(arg);
}

/* ---- rounds and the drain ------------------------------------------------ */

typedef int round_fn(struct cache *, struct http_client *,
    const struct sync_options *, struct sync_report *, char **);

static round_fn *const rounds[SYNC_NBACKENDS] = {
	[SYNC_ZENDESK] = sync_zendesk_round,
	[SYNC_STATUSPAGE] = sync_statuspage_round,
	[SYNC_PAYMENTS] = sync_payments_round,
};

/* The state a failed round leaves its backend in. */
static enum sync_state
failed_state(const struct sync_report *rep, const struct http_health *h)
{
	if (h->breaker == BREAKER_OPEN && h->retry_in_ms > 0)
		return SYNC_STATE_BREAKER_OPEN;
	switch (rep->result) {
	case HTTP_BREAKER_OPEN:
		return SYNC_STATE_BREAKER_OPEN;
	case HTTP_TRANSIENT:
	case HTTP_UNKNOWN:
	case HTTP_RATE_LIMITED:
		return SYNC_STATE_OFFLINE;
	default:
		return SYNC_STATE_ERROR;
	}
}

static void
run_round(struct sync_engine *e, enum sync_backend b)
{
	struct sync_backend_status *s = &e->st.backends[b];
	struct sync_options opt = e->base;
	struct sync_report rep;
	struct http_health h;
	int64_t now = clock_mono_ms(), wait;
	char *cause = NULL;
	int rc;

	opt.refresh_lists = e->lists_at_ms[b] == 0 ||
	    now - e->lists_at_ms[b] >= e->lists_ms;
	opt.progress = engine_progress;
	opt.cancelled = engine_cancelled;
	opt.between = engine_between;
	opt.arg = e;
	memset(&rep, 0, sizeof rep);
	e->seen_changed = 0;

	pthread_mutex_lock(&e->lock);
	s->state = SYNC_STATE_SYNCING;
	s->endpoint[0] = '\0';
	s->pages = s->records = s->changed = 0;
	s->more = false;
	notify_locked(e);
	pthread_mutex_unlock(&e->lock);

	rc = rounds[b](e->c, e->cl[b], &opt, &rep, &cause);

	http_client_health(e->cl[b], &h);
	now = clock_mono_ms();
	wait = e->interval_ms[b];
	if (rc != SYNC_ERR_CANCELLED && opt.refresh_lists)
		e->lists_at_ms[b] = now;
	pthread_mutex_lock(&e->lock);
	s->endpoint[0] = '\0';
	s->pages = rep.pages;
	s->records = rep.records;
	s->changed = sync_changed(&rep.stats);
	s->more = rep.more;
	if (s->changed > e->seen_changed)
		e->st.changes++;
	s->retry_in_ms = 0;
	switch (rc) {
	case SYNC_OK:
		s->state = SYNC_STATE_IDLE;
		s->last_success_ms = clock_wall_ms();
		s->failures = 0;
		s->last_error[0] = '\0';
		if (rep.more)
			wait = 0;
		break;
	case SYNC_ERR_CANCELLED:
		s->state = SYNC_STATE_IDLE;
		break;
	default:
		s->state = rc == SYNC_ERR_CACHE ? SYNC_STATE_ERROR :
		    failed_state(&rep, &h);
		s->failures++;
		set_message(s->last_error, cause);
		s->last_error_ms = clock_wall_ms();
		if (s->state == SYNC_STATE_BREAKER_OPEN) {
			s->retry_in_ms = h.retry_in_ms > 0 ? h.retry_in_ms :
			    rep.retry_in_ms;
			if (s->retry_in_ms > 0)
				wait = s->retry_in_ms;
		} else if (rep.retry_in_ms > wait)
			wait = rep.retry_in_ms;	/* a Retry-After longer
						 * than the interval */
		break;
	}
	e->due_ms[b] = now + wait;
	s->next_attempt_ms = clock_wall_ms() + wait;
	notify_locked(e);
	pthread_mutex_unlock(&e->lock);
	free(cause);
}

/* The token's Zendesk user, which the drain's read-back looks for; 0: ask. */
static int64_t
zendesk_user_id(struct sync_engine *e)
{
	struct cache_sync_state st;
	char *why = NULL, *end;
	long long id = 0;

	if (cache_sync_state_get(e->c, "zendesk", "me", &st, &why) != CACHE_OK) {
		free(why);
		return 0;
	}
	if (st.cursor != NULL) {
		id = strtoll(st.cursor, &end, 10);
		if (*end != '\0' || id < 0)
			id = 0;
	}
	cache_sync_state_free(&st);
	return (int64_t)id;
}

/*
 * Sends what the outbox holds (cache/drain.h), then refreshes the outbox
 * counts of the status. A row the drain settled changed rows (the
 * answer is stored), so the console is told to re-read.
 */
static void
run_drain(struct sync_engine *e)
{
	struct drain_clients dc;
	struct drain_options opt;
	struct drain_report rep;
	struct outbox_counts counts;
	char *cause = NULL, *why = NULL;
	size_t settled = 0;
	int rc = CACHE_OK, crc, b;

	memset(&rep, 0, sizeof rep);
	if (!e->no_drain) {
		memset(&dc, 0, sizeof dc);
		dc.zendesk = e->cl[SYNC_ZENDESK];
		dc.statuspage = e->cl[SYNC_STATUSPAGE];
		dc.payments = e->cl[SYNC_PAYMENTS];
		dc.billing_field = e->billing_field;
		if (dc.zendesk != NULL)
			dc.zendesk_user_id = zendesk_user_id(e);
		memset(&opt, 0, sizeof opt);
		opt.readback_delay_s = e->readback_delay_s;
		rc = cache_drain(e->c, &dc, &opt, &rep, &cause);
		for (b = 0; b < DRAIN_NBACKENDS; b++)
			settled += rep.backend[b].done + rep.backend[b].failed +
			    rep.backend[b].conflict;
	}
	crc = cache_outbox_counts(e->c, &counts, &why);
	pthread_mutex_lock(&e->lock);
	if (!e->no_drain)
		set_message(e->st.drain_error, rc != CACHE_OK ? cause : NULL);
	if (settled > 0)
		e->st.changes++;
	if (crc == CACHE_OK) {
		if (memcmp(&counts, &e->st.outbox, sizeof counts) != 0)
			e->st.changes++;
		e->st.outbox = counts;
	}
	notify_locked(e);
	pthread_mutex_unlock(&e->lock);
	cache_drain_report_clear(&rep);
	free(cause);
	free(why);
}

/* ---- the thread ---------------------------------------------------------- */

/* Sleeps until the first due round, a request or the stop. */
static void
engine_wait(struct sync_engine *e)
{
	struct timespec ts;
	int64_t now = clock_mono_ms(), until;
	int b;

	until = now + ENGINE_MAX_WAIT_MS;
	for (b = 0; b < SYNC_NBACKENDS; b++) {
		if (e->cl[b] != NULL && e->due_ms[b] < until)
			until = e->due_ms[b];
	}
	if (until <= now)
		return;
	ts.tv_sec = (time_t)(until / 1000);
	ts.tv_nsec = (long)(until % 1000) * 1000000L;
	pthread_mutex_lock(&e->lock);
	while (!stopping(e) && !e->want_now && !e->want_drain &&
	    e->ncomments == 0 && e->nmacros == 0) {
		if (pthread_cond_timedwait(&e->cond, &e->lock, &ts) ==
		    ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&e->lock);
}

static void *
engine_main(void *arg)
{
	struct sync_engine *e = arg;
	int64_t now;
	bool now_all, drain, ran;
	int b;

	engine_tls_stop = &e->stop;
	while (!stopping(e)) {
		pthread_mutex_lock(&e->lock);
		now_all = e->want_now;
		drain = e->want_drain;
		e->want_now = e->want_drain = false;
		pthread_mutex_unlock(&e->lock);

		serve_comments(e);
		serve_macros(e);
		ran = false;
		for (b = 0; b < SYNC_NBACKENDS && !stopping(e); b++) {
			now = clock_mono_ms();
			if (e->cl[b] == NULL || (!now_all && e->due_ms[b] > now))
				continue;
			run_round(e, (enum sync_backend)b);
			ran = true;
			serve_comments(e);
			serve_macros(e);
		}
		if (!stopping(e) && (ran || drain))
			run_drain(e);
		if (!stopping(e))
			engine_wait(e);
	}
	engine_tls_stop = NULL;
	return NULL;
}

/* ---- the console's side -------------------------------------------------- */

/* The newest last_success stored per backend, for the status at start. */
static int
last_success_each(const char *backend, const char *endpoint,
    const struct cache_sync_state *st, void *arg)
{
	struct sync_status *s = arg;
	int b;

	(void)endpoint;
	for (b = 0; b < SYNC_NBACKENDS; b++) {
		if (strcmp(backend, sync_backend_name((enum sync_backend)b)) ==
		    0 && st->last_success * 1000 >
		    s->backends[b].last_success_ms)
			s->backends[b].last_success_ms = st->last_success * 1000;
	}
	return 0;
}

static void
engine_free(struct sync_engine *e)
{
	int b;

	for (b = 0; b < SYNC_NBACKENDS; b++)
		http_client_free(&e->cl[b]);
	cache_close(&e->c);
	if (e->fds[0] >= 0)
		close(e->fds[0]);
	if (e->fds[1] >= 0)
		close(e->fds[1]);
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->lock);
	free(e->billing_field);
	free(e);
}

static int
engine_init_sync(struct sync_engine *e, char **cause)
{
	pthread_condattr_t ca;

	if (pthread_mutex_init(&e->lock, NULL) != 0) {
		xcause(cause, "sync: cannot make a mutex");
		return -1;
	}
	if (pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&e->cond, &ca) != 0) {
		pthread_mutex_destroy(&e->lock);
		xcause(cause, "sync: cannot make a condition variable");
		return -1;
	}
	pthread_condattr_destroy(&ca);
	return 0;
}

struct sync_engine *
sync_engine_start(const struct sync_config *cfg, char **cause)
{
	static const int64_t intervals[SYNC_NBACKENDS] = {
		[SYNC_ZENDESK] = SYNC_ZENDESK_INTERVAL_MS,
		[SYNC_STATUSPAGE] = SYNC_STATUSPAGE_INTERVAL_MS,
		[SYNC_PAYMENTS] = SYNC_PAYMENTS_INTERVAL_MS,
	};
	struct sync_engine *e;
	sigset_t all, old;
	char *why = NULL;
	int b, rc;

	e = xcalloc(1, sizeof *e);
	e->fds[0] = e->fds[1] = -1;
	e->cl[SYNC_ZENDESK] = cfg->zendesk;
	e->cl[SYNC_STATUSPAGE] = cfg->statuspage;
	e->cl[SYNC_PAYMENTS] = cfg->payments;
	atomic_init(&e->stop, 0);
	if (engine_init_sync(e, cause) != 0) {
		for (b = 0; b < SYNC_NBACKENDS; b++)
			http_client_free(&e->cl[b]);
		free(e);
		return NULL;
	}
	e->billing_field = cfg->billing_field != NULL ?
	    xstrdup(cfg->billing_field) : NULL;
	e->base.billing_field = e->billing_field;
	e->base.zendesk_window_s = cfg->zendesk_window_s;
	e->base.comments_ahead = cfg->comments_ahead;
	e->base.max_pages = cfg->max_pages;
	e->lists_ms = cfg->lists_interval_ms > 0 ? cfg->lists_interval_ms :
	    SYNC_LISTS_INTERVAL_MS;
	e->no_drain = cfg->no_drain;
	e->readback_delay_s = cfg->readback_delay_s;
	for (b = 0; b < SYNC_NBACKENDS; b++) {
		e->interval_ms[b] = cfg->interval_ms[b] > 0 ?
		    cfg->interval_ms[b] : intervals[b];
		e->st.backends[b].configured = e->cl[b] != NULL;
		e->st.backends[b].state = e->cl[b] != NULL ? SYNC_STATE_IDLE :
		    SYNC_STATE_OFF;
	}
	if (pipe2(e->fds, O_NONBLOCK | O_CLOEXEC) != 0) {
		xcause(cause, "sync: pipe: %s", strerror(errno));
		goto fail;
	}
	if ((rc = cache_open(cfg->cache_path, cfg->identity, &e->c, cause)) !=
	    CACHE_OK)
		goto fail;
	if (cache_sync_state_each(e->c, last_success_each, &e->st, &why) !=
	    CACHE_OK || cache_outbox_counts(e->c, &e->st.outbox, &why) !=
	    CACHE_OK) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		goto fail;
	}
	/* Signals are the console's: the thread takes none. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&e->thread, NULL, engine_main, e);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		xcause(cause, "sync: cannot start a thread: %s", strerror(rc));
		goto fail;
	}
	return e;

fail:
	engine_free(e);
	return NULL;
}

void
sync_engine_stop(struct sync_engine **ep)
{
	struct sync_engine *e;

	if (ep == NULL || (e = *ep) == NULL)
		return;
	atomic_store(&e->stop, 1);
	pthread_mutex_lock(&e->lock);
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lock);
	pthread_join(e->thread, NULL);
	engine_free(e);
	*ep = NULL;
}

int
sync_engine_fd(const struct sync_engine *e)
{
	return e->fds[0];
}

void
sync_engine_ack(struct sync_engine *e)
{
	char buf[64];
	ssize_t n;

	pthread_mutex_lock(&e->lock);
	do
		n = read(e->fds[0], buf, sizeof buf);
	while (n > 0 || (n < 0 && errno == EINTR));
	e->notified = false;
	pthread_mutex_unlock(&e->lock);
}

void
sync_engine_status(struct sync_engine *e, struct sync_status *out)
{
	pthread_mutex_lock(&e->lock);
	*out = e->st;
	pthread_mutex_unlock(&e->lock);
}

static void
request(struct sync_engine *e, bool *flag)
{
	pthread_mutex_lock(&e->lock);
	*flag = true;
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lock);
}

void
sync_request_now(struct sync_engine *e)
{
	request(e, &e->want_now);
}

void
sync_request_drain(struct sync_engine *e)
{
	request(e, &e->want_drain);
}

void
sync_request_comments(struct sync_engine *e, int64_t ticket_id)
{
	size_t i;

	if (ticket_id <= 0)
		return;
	pthread_mutex_lock(&e->lock);
	for (i = 0; i < e->ncomments; i++) {
		if (e->comments[i] == ticket_id) {
			memmove(&e->comments[i], &e->comments[i + 1],
			    (e->ncomments - i - 1) * sizeof *e->comments);
			e->ncomments--;
			break;
		}
	}
	if (e->ncomments == ENGINE_COMMENT_QUEUE) {
		memmove(&e->comments[0], &e->comments[1],
		    (ENGINE_COMMENT_QUEUE - 1) * sizeof *e->comments);
		e->ncomments--;
	}
	e->comments[e->ncomments++] = ticket_id;
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lock);
}

void
sync_request_macro(struct sync_engine *e, int64_t ticket_id, int64_t macro_id)
{
	pthread_mutex_lock(&e->lock);
	if (ticket_id <= 0 || macro_id <= 0)
		notice_locked(e, true, "macro %" PRId64 " for ticket %" PRId64
		    " not applied: not a ticket and macro id", macro_id,
		    ticket_id);
	else if (e->nmacros == SYNC_MACRO_QUEUE)
		notice_locked(e, true, "macro %" PRId64 " for ticket %" PRId64
		    " not applied: %d macros are already waiting; try again "
		    "once they are done", macro_id, ticket_id,
		    SYNC_MACRO_QUEUE);
	else {
		size_t tail = (e->macro_head + e->nmacros) % SYNC_MACRO_QUEUE;

		e->macros[tail].ticket_id = ticket_id;
		e->macros[tail].macro_id = macro_id;
		e->nmacros++;
		pthread_cond_signal(&e->cond);
	}
	pthread_mutex_unlock(&e->lock);
}
