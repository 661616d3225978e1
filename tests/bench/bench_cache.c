/*
 * Cache benchmark: fills a temporary cache with a million tickets through
 * the store (as a first full sync would, in pages of 10,000, no network)
 * and times what the console does on it: open, the first window, a deep
 * keyset page, filtered windows, searches, counts, and a re-sync of a page
 * that brings nothing new. Figures, not pass/fail.
 *
 *	bench_cache [-n tickets] [-f file]
 *
 * -f keeps the cache in file and reuses it on the next run if it is there.
 */
#include <sys/stat.h>

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cache/cache.h"
#include "cache/cache_int.h"
#include "api/model.h"
#include "cache/query.h"
#include "cache/store.h"
#include "tui/views/view_tickets.h"
#include "api/xmalloc.h"

#define PAGE	10000		/* tickets per store call (one transaction) */
#define WINDOW	50		/* rows a list pane shows */
#define RUNS	7		/* each figure is the median of this many */
#define T0	1700000000	/* 2023-11-14 */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
die(const char *what, char *cause)
{
	fprintf(stderr, "bench_cache: %s: %s\n", what, cause != NULL ? cause : "?");
	exit(1);
}

static void
ts_set(struct timestamp *t, int64_t secs)
{
	time_t tt = (time_t)secs;
	struct tm tm;
	char buf[32];

	gmtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	t->text = xstrdup(buf);
	t->secs = secs;
}

static void
add_tag(struct string_array *a, const char *tag)
{
	a->items = xreallocarray(a->items, a->n + 1, sizeof *a->items);
	a->items[a->n++] = xstrdup(tag);
}

/* Subjects in the languages of the demo stories; the id makes each unique. */
static const char *const subjects[] = {
	"Pagamento falhou no pedido",
	"Płatność odrzucona, zamówienie",
	"決済エラー 注文",
	"Invoice question about order",
	"Banner says payment failed, account",
};

static void
ticket_make(struct ticket *t, int64_t id)
{
	static const char *const st[] = { "new", "open", "pending", "hold",
	    "solved", "closed" };
	static const unsigned weight[] = { 5, 25, 10, 2, 28, 30 };
	unsigned r = (unsigned)(next_rand() % 100), i = 0, acc = weight[0];
	char subject[128];

	memset(t, 0, sizeof *t);
	t->id = id;
	while (r >= acc)
		acc += weight[++i];
	if (next_rand() % 10000 == 0)
		snprintf(subject, sizeof subject, "Chargeback dispute %" PRId64, id);
	else
		snprintf(subject, sizeof subject, "%s %" PRId64,
		    subjects[next_rand() % (sizeof subjects / sizeof subjects[0])], id);
	t->subject = xstrdup(subject);
	t->status = xstrdup(st[i]);
	t->priority = xstrdup(next_rand() % 4 ? "normal" : "high");
	t->requester_id = 100000 + (int64_t)(next_rand() % 50000);
	t->assignee_id = next_rand() % 5 ? 1 + (int64_t)(next_rand() % 200) : 0;
	t->group_id = 1000 + (int64_t)(next_rand() % 30);
	t->organization_id = 5000 + (int64_t)(next_rand() % 5000);
	if (next_rand() % 100 == 0)
		add_tag(&t->tags, "billing");
	if (next_rand() % 1000 == 0)
		add_tag(&t->tags, "vip");
	add_tag(&t->tags, "web");
	ts_set(&t->created_at, T0 + id * 20);
	ts_set(&t->updated_at, T0 + id * 20 + (int64_t)(next_rand() % 10000000));
	t->generated_timestamp = t->updated_at.secs;
}

static void
fill(struct cache *c, int64_t n)
{
	struct zendesk_ticket_page p;
	struct zendesk_user_page up;
	struct zendesk_organization_page op;
	struct cache_store_stats stats = { 0 };
	char *cause = NULL;
	double t0 = now_ms();
	int64_t id, i;

	memset(&up, 0, sizeof up);
	up.users = xcalloc(200, sizeof *up.users);
	up.nusers = 200;
	for (i = 0; i < 200; i++) {
		up.users[i].id = 1 + i;
		up.users[i].name = xasprintf("Agent %03" PRId64, i);
		up.users[i].role = xstrdup("agent");
	}
	if (cache_store_zendesk_user_page(c, &up, NULL, NULL, NULL, &cause) != CACHE_OK)
		die("agents", cause);
	zendesk_user_page_clear(&up);
	memset(&op, 0, sizeof op);
	op.organizations = xcalloc(5000, sizeof *op.organizations);
	op.norganizations = 5000;
	for (i = 0; i < 5000; i++) {
		op.organizations[i].id = 5000 + i;
		op.organizations[i].name = xasprintf("Customer %04" PRId64, i);
		op.organizations[i].billing_standing = xstrdup(i % 7 ? "good_standing" :
		    "dunning");
	}
	if (cache_store_zendesk_organization_page(c, &op, NULL, NULL, NULL,
	    &cause) != CACHE_OK)
		die("organizations", cause);
	zendesk_organization_page_clear(&op);

	for (id = 1; id <= n; id += PAGE) {
		size_t k = (size_t)(n - id + 1 < PAGE ? n - id + 1 : PAGE);
		struct cache_sync_state next = { 0 };
		char cursor[32];

		memset(&p, 0, sizeof p);
		p.tickets = xcalloc(k, sizeof *p.tickets);
		p.ntickets = k;
		for (i = 0; i < (int64_t)k; i++)
			ticket_make(&p.tickets[i], id + i);
		snprintf(cursor, sizeof cursor, "c%" PRId64, id);
		next.cursor = cursor;
		next.last_success = T0;
		if (cache_store_zendesk_ticket_page(c, &p, "tickets/list", &next,
		    &stats, &cause) != CACHE_OK)
			die("store", cause);
		zendesk_ticket_page_clear(&p);
	}
	printf("%-44s %10.0f ms  (%zu tickets, %.0f per second)\n",
	    "fill through the store, pages of 10,000", now_ms() - t0,
	    stats.inserted, (double)stats.inserted / ((now_ms() - t0) / 1e3));
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
report(const char *name, double *runs, const char *extra)
{
	qsort(runs, RUNS, sizeof *runs, cmp_double);
	printf("%-44s %10.3f ms  (min %.3f, max %.3f)%s%s\n", name, runs[RUNS / 2],
	    runs[0], runs[RUNS - 1], extra != NULL ? "  " : "",
	    extra != NULL ? extra : "");
}

static void
time_window(struct cache *c, const char *name, const struct ticket_query *q,
    const struct cache_key *key, enum cache_dir dir)
{
	struct ticket_row *rows = NULL;
	double runs[RUNS];
	char *cause = NULL, extra[32];
	size_t n = 0;
	int i;

	for (i = 0; i < RUNS; i++) {
		double t0 = now_ms();

		if (cache_tickets_window(c, q, key, dir, WINDOW, &rows, &n,
		    &cause) != CACHE_OK)
			die(name, cause);
		runs[i] = now_ms() - t0;
		cache_ticket_rows_free(&rows, n);
	}
	snprintf(extra, sizeof extra, "%zu rows", n);
	report(name, runs, extra);
}

static void
time_count(struct cache *c, const char *name, const struct ticket_query *q)
{
	double runs[RUNS];
	char *cause = NULL, extra[32];
	int64_t n = 0;
	int i;

	for (i = 0; i < RUNS; i++) {
		double t0 = now_ms();

		if (cache_tickets_count(c, q, &n, &cause) != CACHE_OK)
			die(name, cause);
		runs[i] = now_ms() - t0;
	}
	snprintf(extra, sizeof extra, "= %" PRId64, n);
	report(name, runs, extra);
}

/* The key of the row at offset in the default order (setup, not timed). */
static struct cache_key
key_at(struct cache *c, int64_t offset)
{
	struct cache_key k = { 0, 0 };
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(cache_db(c), "SELECT updated_at, id FROM tickets "
	    "ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET ?1", -1, &st,
	    NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, offset) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		die("key", xstrdup(sqlite3_errmsg(cache_db(c))));
	k.at = sqlite3_column_int64(st, 0);
	k.id = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	return k;
}

/*
 * What the console's ticket list does on the cache: the list widget over
 * the Tickets tab's own source, as a pane of WINDOW rows. Each figure is
 * the whole gesture (1,000 moves down is a held j).
 */
static void
time_console(struct cache *c)
{
	struct config cfg;
	struct app app;
	struct tickets t;
	double runs[RUNS];
	int i, k;

	memset(&cfg, 0, sizeof cfg);
	memset(&app, 0, sizeof app);
	memset(&t, 0, sizeof t);
	app.cfg = &cfg;
	app.cache = c;
	app.now = T0;
	t.tab.app = &app;
	list_init(&t.tab.list, &tickets_list_source, &t);
	t.tab.list.height = WINDOW;

#define GESTURE(name, setup, body) do {					\
	for (i = 0; i < RUNS; i++) {					\
		setup;							\
		double t0 = now_ms();					\
		body;							\
		runs[i] = now_ms() - t0;				\
	}								\
	report(name, runs, NULL);					\
} while (0)

	GESTURE("console: open the list (window + count)",
	    (list_free(&t.tab.list), list_init(&t.tab.list, &tickets_list_source, &t),
	    t.tab.list.height = WINDOW), list_reload(&t.tab.list));
	GESTURE("console: 1,000 moves down (j held)",
	    (void)list_action(&t.tab.list, ACT_TOP),
	    for (k = 0; k < 1000; k++) (void)list_action(&t.tab.list, ACT_MOVE_DOWN));
	GESTURE("console: 100 pages down",
	    (void)list_action(&t.tab.list, ACT_TOP),
	    for (k = 0; k < 100; k++) (void)list_action(&t.tab.list, ACT_PAGE_DOWN));
	GESTURE("console: to the bottom (G)", (void)list_action(&t.tab.list, ACT_TOP),
	    (void)list_action(&t.tab.list, ACT_BOTTOM));
	GESTURE("console: reload keeping the selection", (void)0,
	    list_reload(&t.tab.list));
	GESTURE("console: search a rare word, then 5 x next",
	    (void)list_action(&t.tab.list, ACT_TOP),
	    (void)list_search(&t.tab.list, "chargeback", CACHE_FORWARD);
	    for (k = 0; k < 5; k++) (void)list_action(&t.tab.list, ACT_SEARCH_NEXT));
#undef GESTURE
	list_free(&t.tab.list);
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int
main(int argc, char **argv)
{
	struct ticket_query q;
	struct cache_key deep;
	struct cache *c = NULL;
	struct zendesk_ticket_page p;
	struct cache_store_stats stats = { 0 };
	struct stat sb;
	const char *file = NULL, *base;
	char *dir = NULL, *path, *cause = NULL;
	double runs[RUNS], t0;
	int64_t n = 1000000, have = 0, pos = 0;
	int ch, i;

	while ((ch = getopt(argc, argv, "n:f:")) != -1) {
		switch (ch) {
		case 'n':
			n = strtoll(optarg, NULL, 10);
			break;
		case 'f':
			file = optarg;
			break;
		default:
			fprintf(stderr, "usage: bench_cache [-n tickets] [-f file]\n");
			return 2;
		}
	}
	if (n < 1000)
		n = 1000;
	if (file != NULL)
		path = xstrdup(file);
	else {
		if ((base = getenv("TMPDIR")) == NULL || *base != '/')
			base = "/tmp";
		dir = xasprintf("%s/tdesk-bench.XXXXXX", base);
		if (mkdtemp(dir) == NULL)
			die("mkdtemp", xstrdup(strerror(errno)));
		path = xasprintf("%s/bench.db", dir);
	}
	printf("bench_cache: SQLite %s, %" PRId64 " tickets, windows of %d, "
	    "median of %d runs\n", sqlite3_libversion(), n, WINDOW, RUNS);

	if (cache_open(path, NULL, &c, &cause) != CACHE_OK)
		die(path, cause);
	memset(&q, 0, sizeof q);
	if (cache_tickets_count(c, &q, &have, &cause) != CACHE_OK)
		die("count", cause);
	if (have < n)
		fill(c, n);
	cache_close(&c);
	if (stat(path, &sb) == 0)
		printf("%-44s %10.1f MB\n", "file size", (double)sb.st_size / 1048576);

	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		if (cache_open(path, NULL, &c, &cause) != CACHE_OK)
			die("open", cause);
		runs[i] = now_ms() - t0;
		if (i < RUNS - 1)
			cache_close(&c);
	}
	report("open", runs, NULL);

	memset(&q, 0, sizeof q);
	time_window(c, "first window, newest change first", &q, NULL, CACHE_FORWARD);
	deep = key_at(c, n * 9 / 10);
	time_window(c, "deep keyset page (90% down)", &q, &deep, CACHE_FORWARD);
	time_window(c, "last window (G)", &q, NULL, CACHE_BACKWARD);
	q.sort = TICKET_SORT_ID_DESC;
	time_window(c, "first window, newest ticket first", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.statuses = TICKET_STATUS_OPEN;
	time_window(c, "status:open", &q, NULL, CACHE_FORWARD);
	time_window(c, "status:open, deep page", &q, &deep, CACHE_FORWARD);
	q.statuses = TICKET_STATUS_NEW | TICKET_STATUS_OPEN | TICKET_STATUS_PENDING;
	time_window(c, "status:new,open,pending", &q, NULL, CACHE_FORWARD);
	q.statuses = TICKET_STATUS_HOLD;
	q.assignee = TICKET_ASSIGNEE_ID;
	q.assignee_id = 7;
	time_window(c, "status:hold assignee:7 (rare)", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.assignee = TICKET_ASSIGNEE_NONE;
	time_window(c, "assignee:none", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.tag = "billing";
	time_window(c, "tag:billing (1%)", &q, NULL, CACHE_FORWARD);
	q.statuses = TICKET_STATUS_OPEN;
	time_window(c, "status:open tag:billing", &q, NULL, CACHE_FORWARD);
	q.statuses = 0;
	q.tag = "nothing";
	time_window(c, "tag nobody has", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.group_id = 1003;
	time_window(c, "group", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.text = "chargeback";
	time_window(c, "search: a rare word (1 in 10,000)", &q, NULL, CACHE_FORWARD);
	q.statuses = TICKET_STATUS_OPEN;
	time_window(c, "search: rare word + status:open", &q, NULL, CACHE_FORWARD);
	q.statuses = 0;
	q.text = "płatność odrzucona";
	time_window(c, "search: two words in 20%", &q, NULL, CACHE_FORWARD);
	q.text = "決済";
	time_window(c, "search: two kanji (subjects in list order)", &q, NULL,
	    CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.priorities = TICKET_PRIORITY_HIGH;
	time_window(c, "priority:high", &q, NULL, CACHE_FORWARD);
	q.priorities = TICKET_PRIORITY_HIGH | TICKET_PRIORITY_URGENT;
	q.statuses = TICKET_STATUS_OPEN;
	time_window(c, "status:open priority:high,urgent", &q, NULL,
	    CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.assignee = TICKET_ASSIGNEE_SOME;
	time_window(c, "assignee:some", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.not_tags = (const char *const[]){ "billing" };
	q.nnot_tags = 1;
	time_window(c, "-tag:billing", &q, NULL, CACHE_FORWARD);
	memset(&q, 0, sizeof q);
	q.updated_before = key_at(c, n / 2).at;
	time_window(c, "updated< (half way)", &q, &deep, CACHE_FORWARD);

	memset(&q, 0, sizeof q);
	time_count(c, "count: all", &q);
	q.statuses = TICKET_STATUS_OPEN;
	time_count(c, "count: status:open", &q);
	q.statuses = TICKET_STATUS_NEW | TICKET_STATUS_OPEN | TICKET_STATUS_PENDING;
	time_count(c, "count: status:new,open,pending", &q);
	memset(&q, 0, sizeof q);
	q.assignee = TICKET_ASSIGNEE_NONE;
	time_count(c, "count: assignee:none", &q);
	memset(&q, 0, sizeof q);
	q.tag = "billing";
	time_count(c, "count: tag:billing", &q);
	memset(&q, 0, sizeof q);
	q.priorities = TICKET_PRIORITY_HIGH;
	time_count(c, "count: priority:high", &q);
	memset(&q, 0, sizeof q);
	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		if (cache_tickets_position(c, &q, &deep, &pos, &cause) != CACHE_OK)
			die("position", cause);
		runs[i] = now_ms() - t0;
	}
	report("scroll position of the deep key", runs, NULL);

	time_console(c);

	/* A re-sync of 1,000 tickets already cached, unchanged: writes nothing. */
	rng = 0x9e3779b97f4a7c15ULL;
	memset(&p, 0, sizeof p);
	p.tickets = xcalloc(1000, sizeof *p.tickets);
	p.ntickets = 1000;
	for (i = 0; i < 1000; i++)
		ticket_make(&p.tickets[i], 1 + i);
	for (i = 0; i < RUNS; i++) {
		t0 = now_ms();
		if (cache_store_zendesk_ticket_page(c, &p, NULL, NULL, &stats,
		    &cause) != CACHE_OK)
			die("re-store", cause);
		runs[i] = now_ms() - t0;
	}
	zendesk_ticket_page_clear(&p);
	report("re-sync of 1,000 unchanged tickets", runs, stats.updated +
	    stats.inserted == 0 ? "nothing written" : "WROTE ROWS");

	cache_close(&c);
	if (dir != NULL)
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	free(path);
	return 0;
}
