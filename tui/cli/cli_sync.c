/*
 * tdesk sync [--once]: bring the profile's backends into its cache and
 * send the outbox. --once runs every backend's round until it is caught
 * up, drains the outbox and exits; without it the background engine runs
 * in the foreground until SIGINT or SIGTERM, printing what changes.
 */
#include "tui/cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "tui/config/clients.h"
#include "tui/config/config.h"
#include "cache/drain.h"
#include "tui/cli/exitcode.h"
#include "api/http.h"
#include "tui/cli/msg.h"
#include "cache/outbox.h"
#include "tui/cli/output.h"
#include "cache/sync.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"
#include "api/xmalloc.h"

/* A round that keeps reporting more pages is stopped after this many. */
#define SYNC_ONCE_MAX_ROUNDS	10000

/*
 * Progress on a terminal: one line rewritten after each page. Elsewhere
 * (a log, cron) only the summary line of each backend is written.
 */
static void
progress(void *arg, const struct sync_progress *p)
{
	(void)arg;
	if (!isatty(STDERR_FILENO))
		return;
	fputs("\r", stderr);
	msg_print(stderr, "%s: %s: %zu pages, %zu records",
	    sync_backend_name(p->backend), p->endpoint, p->pages, p->records);
	fputs("\033[K", stderr);
}

/* "tdesk: " and a message that may quote a backend, sanitised. */
static void
print_cause(const char *cause)
{
	char *clean = text_sanitize_line(cause, TEXT_NUL, 0);

	msg_error("%s", clean);
	free(clean);
}

/*
 * Whether a backend's reference lists (groups, organizations, macros,
 * staff; templates; the payments role) are older than the engine's refresh
 * interval, judged by one endpoint refreshed with them. A sync --once run
 * every minute from cron then costs what a background round does, which
 * matters under Statuspage's one request a second.
 */
static bool
lists_stale(struct cache *c, enum sync_backend b)
{
	static const char *const endpoint[SYNC_NBACKENDS] = {
		"groups", "templates", "me",
	};
	struct cache_sync_state st;
	char *cause = NULL;
	bool stale;

	if (cache_sync_state_get(c, sync_backend_name(b), endpoint[b], &st,
	    &cause) != CACHE_OK) {
		free(cause);
		return true;
	}
	stale = st.last_success == 0 || (int64_t)time(NULL) - st.last_success >=
	    SYNC_LISTS_INTERVAL_MS / 1000;
	cache_sync_state_free(&st);
	return stale;
}

/* Runs one backend's rounds until it is caught up. 0, or -1 (reported). */
static int
sync_backend(struct cache *c, enum sync_backend b, struct http_client *cl,
    const struct config_profile *p)
{
	struct sync_options opt = {
		.billing_field = p->zendesk_billing_field,
		.refresh_lists = lists_stale(c, b),
		.progress = progress,
	};
	struct sync_report rep;
	size_t pages = 0, records = 0, changed = 0;
	char *cause = NULL;
	int rc, rounds = 0;

	do {
		memset(&rep, 0, sizeof rep);
		switch (b) {
		case SYNC_ZENDESK:
			rc = sync_zendesk_round(c, cl, &opt, &rep, &cause);
			break;
		case SYNC_STATUSPAGE:
			rc = sync_statuspage_round(c, cl, &opt, &rep, &cause);
			break;
		default:
			rc = sync_payments_round(c, cl, &opt, &rep, &cause);
			break;
		}
		opt.refresh_lists = false;
		pages += rep.pages;
		records += rep.records;
		changed += rep.stats.inserted + rep.stats.updated +
		    rep.stats.deleted;
	} while (rc == SYNC_OK && rep.more && ++rounds < SYNC_ONCE_MAX_ROUNDS);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (rc != SYNC_OK) {
		print_cause(cause != NULL ? cause : "sync failed");
		free(cause);
		return rc == SYNC_ERR_CACHE ? -2 : -1;
	}
	if (rep.more) {
		msg_line(stderr, "%s: stopped after %d rounds with more to "
		    "fetch", sync_backend_name(b), rounds);
		return -1;
	}
	msg_line(stderr, "%s: up to date (%zu pages, %zu records, %zu changed)",
	    sync_backend_name(b), pages, records, changed);
	return 0;
}

static int
sync_once(struct cli_ctx *ctx, struct clients *cl)
{
	struct drain_clients dc = {
		.zendesk = cl->zendesk,
		.statuspage = cl->statuspage,
		.payments = cl->payments,
		.billing_field = ctx->profile->zendesk_billing_field,
	};
	struct http_client *by[SYNC_NBACKENDS] = {
		cl->zendesk, cl->statuspage, cl->payments,
	};
	struct drain_options opt = { 0 };
	struct drain_report rep;
	struct outbox_counts counts;
	char *cause = NULL;
	int rc = EXIT_OK, r;
	size_t i;

	for (i = 0; i < SYNC_NBACKENDS; i++) {
		if (by[i] == NULL)
			continue;
		if ((r = sync_backend(ctx->cache, (enum sync_backend)i, by[i],
		    ctx->profile)) == -2)
			return EXIT_CACHE;
		if (r != 0)
			rc = EXIT_FAIL;
	}
	memset(&rep, 0, sizeof rep);
	opt.readback_delay_s = clients_readback_delay(ctx->cfg);
	if (cache_drain(ctx->cache, &dc, &opt, &rep, &cause) != CACHE_OK) {
		print_cause(cause);
		free(cause);
		cache_drain_report_clear(&rep);
		return EXIT_CACHE;
	}
	for (i = 0; i < rep.nmessages; i++)
		print_cause(rep.messages[i]);
	for (i = 0; i < DRAIN_NBACKENDS; i++) {
		const struct drain_counts *n = &rep.backend[i];

		if (n->done + n->failed + n->conflict + n->released > 0)
			msg_line(stderr, "%s: outbox: %zu sent, %zu failed, %zu "
			    "in conflict, %zu to retry",
			    cache_drain_backend_name((enum drain_backend)i),
			    n->done, n->failed, n->conflict, n->released);
		if (n->failed + n->conflict + n->released > 0 || n->stopped)
			rc = EXIT_FAIL;
	}
	cache_drain_report_clear(&rep);
	/*
	 * Writes whose outcome is still unknown, this run's or an earlier
	 * one's: not done, and not to be forgotten by a script.
	 */
	if (cache_outbox_counts(ctx->cache, &counts, &cause) != CACHE_OK) {
		print_cause(cause);
		free(cause);
		return EXIT_CACHE;
	}
	if (counts.unknown > 0) {
		msg_error("outbox: %" PRId64 " write%s may already have been "
		    "applied and %s read back before %s sent again (tdesk "
		    "outbox list says when)", counts.unknown,
		    counts.unknown == 1 ? "" : "s", counts.unknown == 1 ? "is" :
		    "are", counts.unknown == 1 ? "it is" : "they are");
		rc = EXIT_FAIL;
	}
	return rc;
}

static int signal_pipe[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(signal_pipe[1], &c, 1) < 0) {
		/* Nothing to do: a byte is already waiting. */
	}
	errno = saved;
}

/*
 * Prints each backend's line, and the outbox's, when it differs from what
 * was printed last: a change of state, not every page stored.
 */
static void
print_status(const struct sync_status *st, char last[][SYNC_MESSAGE_MAX * 2])
{
	char line[SYNC_MESSAGE_MAX * 2], when[32], *clean;
	size_t i;

	for (i = 0; i < SYNC_NBACKENDS; i++) {
		const struct sync_backend_status *b = &st->backends[i];

		if (!b->configured)
			continue;
		clean = text_sanitize_line(b->last_error, TEXT_NUL, 0);
		snprintf(line, sizeof line, "%s: %s%s%s%s%s",
		    sync_backend_name((enum sync_backend)i),
		    sync_state_name(b->state),
		    b->last_success_ms > 0 ? ", synced " : "",
		    b->last_success_ms > 0 ? timefmt_rfc3339(
		    b->last_success_ms / 1000, when, sizeof when) : "",
		    clean[0] != '\0' ? ": " : "", clean);
		free(clean);
		if (strcmp(line, last[i]) != 0) {
			msg_line(stderr, "%s", line);
			memcpy(last[i], line, sizeof line);
		}
	}
	snprintf(line, sizeof line, "outbox: %" PRId64 " queued, %" PRId64
	    " failed, %" PRId64 " in conflict", st->outbox.queued,
	    st->outbox.failed, st->outbox.conflict);
	if (strcmp(line, last[SYNC_NBACKENDS]) != 0) {
		msg_line(stderr, "%s", line);
		memcpy(last[SYNC_NBACKENDS], line, sizeof line);
	}
	clean = text_sanitize_line(st->drain_error, TEXT_NUL, 0);
	if (strcmp(clean, last[SYNC_NBACKENDS + 1]) != 0) {
		if (clean[0] != '\0')
			msg_error("outbox: %s", clean);
		snprintf(last[SYNC_NBACKENDS + 1], SYNC_MESSAGE_MAX * 2, "%s",
		    clean);
	}
	free(clean);
}

static int
sync_forever(struct cli_ctx *ctx, struct clients *cl)
{
	const struct config_profile *p = ctx->profile;
	struct cache_identity id = cli_identity(p);
	struct sync_config sc = {
		.cache_path = cache_filename(ctx->cache),
		.identity = &id,
		.zendesk = cl->zendesk,
		.statuspage = cl->statuspage,
		.payments = cl->payments,
		.billing_field = p->zendesk_billing_field,
		.readback_delay_s = clients_readback_delay(ctx->cfg),
	};
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	sigset_t block, saved;
	struct sync_engine *e;
	struct sync_status st;
	struct pollfd pfd[2];
	char last[SYNC_NBACKENDS + 2][SYNC_MESSAGE_MAX * 2];
	char *cause = NULL, c;
	int rc = EXIT_OK, r;
	size_t i;

	memset(last, 0, sizeof last);
	if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
		msg_error("pipe: %s", strerror(errno));
		return EXIT_FAIL;	/* the caller still owns and frees cl */
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);

	/*
	 * The engine's thread starts with these signals blocked, so they are
	 * always taken here and never interrupt its SQLite or curl calls.
	 */
	sigemptyset(&block);
	for (i = 0; i < 3; i++)
		sigaddset(&block, sigs[i]);
	pthread_sigmask(SIG_BLOCK, &block, &saved);
	memset(cl, 0, sizeof *cl);	/* handed over to the engine */
	e = sync_engine_start(&sc, &cause);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (e == NULL) {
		print_cause(cause);
		free(cause);
		rc = EXIT_CACHE;
		goto out;
	}
	pfd[0] = (struct pollfd){ .fd = sync_engine_fd(e), .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = signal_pipe[0], .events = POLLIN };
	for (;;) {
		if ((r = poll(pfd, 2, -1)) < 0) {
			if (errno == EINTR)
				continue;
			msg_error("poll: %s", strerror(errno));
			rc = EXIT_FAIL;
			break;
		}
		if (pfd[1].revents & POLLIN) {
			if (read(signal_pipe[0], &c, 1) == 1)
				msg_error("stopping (signal %d)", c);
			break;
		}
		if (pfd[0].revents & POLLIN) {
			sync_engine_ack(e);
			sync_engine_status(e, &st);
			print_status(&st, last);
		}
	}
	/* A second signal while stopping acts as it did before tdesk. */
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	sync_engine_stop(&e);
out:
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	close(signal_pipe[0]);
	close(signal_pipe[1]);
	signal_pipe[0] = signal_pipe[1] = -1;
	return rc;
}

int
cli_sync(const struct cli *cli, int argc, char **argv)
{
	static const struct http_hooks engine_hooks = {
		.cancelled = sync_hook_cancelled,
	};
	struct http_policy policy;
	struct clients cl;
	struct cli_ctx ctx;
	char *cause = NULL;
	int once = 0, i, rc;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			once = 1;
		else {
			msg_error("sync: unknown argument %s", argv[i]);
			return EXIT_USAGE;
		}
	}
	memset(&cl, 0, sizeof cl);
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if (http_global_init() != 0) {
		msg_error("libcurl could not be initialised");
		rc = EXIT_INTERNAL;
		goto out;
	}
	clients_policy(ctx.cfg, &policy);
	/*
	 * A run with an end waits on a backend that does not answer once:
	 * after a timeout its other reads and its outbox rows wait for the
	 * next run, which keeps the run within the bound tdesk(1) states.
	 */
	policy.stop_after_timeout = once;
	if (clients_new(ctx.profile, &policy, once ? NULL : &engine_hooks, &cl,
	    &cause) != 0) {
		print_cause(cause);
		free(cause);
		rc = EXIT_CONFIG;
		goto cleanup;
	}
	rc = once ? sync_once(&ctx, &cl) : sync_forever(&ctx, &cl);
cleanup:
	clients_free(&cl);
	http_global_cleanup();
out:
	cli_close(&ctx);
	return rc;
}
