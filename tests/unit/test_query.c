/*
 * Unit tests for the cache queries: ticket windows in every sort with
 * keyset continuation both ways, each filter against a brute-force filter
 * of the fixture, free text with a status filter, counts and positions,
 * the query plans, and the detail, people, payment and incident reads.
 */
#include "test.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <time.h>

#include "cache/cache.h"
#include "cache/cache_int.h"
#include "api/model.h"
#include "cache/query.h"
#include "cache/store.h"
#include "api/xmalloc.h"

#define T0	1714557600	/* 2024-05-01T10:00:00Z */
#define NFIX	60

/* The fixture, as the brute-force filter sees it. */
struct fix {
	int64_t		 id;
	const char	*status;
	int64_t		 assignee;	/* 0: none */
	int64_t		 group;
	int64_t		 org;		/* 0: none */
	bool		 billing, vip, spam;
	const char	*priority;	/* NULL: none */
	int64_t		 updated;
	char		 subject[64];
	const char	*comments;	/* the comments' text; "": none */
};

static struct fix fixture[NFIX];

static const char *const fix_statuses[] = {
	"new", "open", "pending", "hold", "solved", "closed",
};

static void
ts_set(struct timestamp *t, int64_t secs)
{
	time_t tt = (time_t)secs;
	struct tm tm;
	char buf[32];

	timestamp_clear(t);
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

static void
subject_for(int64_t i, char *buf, size_t size)
{
	if (i % 10 == 0)
		snprintf(buf, size, "Płatność odrzucona %lld", (long long)i);
	else if (i % 10 == 5)
		snprintf(buf, size, "決済エラー %lld", (long long)i);
	else
		snprintf(buf, size, "Pagamento falhou %lld", (long long)i);
}

/* Priorities of every kind, "none" both as null and as "". */
static const char *
priority_for(int64_t i)
{
	switch (i % 10) {
	case 0: return NULL;
	case 4: return "urgent";
	case 8: return "low";
	case 6: return i % 20 == 6 ? "" : "normal";
	default: return i % 2 ? "high" : "normal";
	}
}

/* A cache holding the fixture, its people and a few comments. */
static struct cache *
fixture_cache(void)
{
	struct zendesk_export_page p;
	struct zendesk_comment_page cp;
	struct cache *c = NULL;
	char *cause = NULL, subject[64];
	int64_t i;

	if (cache_open(":memory:", NULL, &c, &cause) != CACHE_OK) {
		TEST_FAIL("open: %s", cause);
		free(cause);
		return NULL;
	}
	memset(&p, 0, sizeof p);
	p.tickets = xcalloc(NFIX, sizeof *p.tickets);
	p.ntickets = NFIX;
	for (i = 1; i <= NFIX; i++) {
		struct fix *f = &fixture[i - 1];
		struct ticket *t = &p.tickets[i - 1];

		f->id = i;
		f->status = fix_statuses[i % 6];
		f->assignee = i % 4 == 0 ? 0 : i % 4 == 1 ? 900 : 901;
		f->group = i % 3 ? 50 : 51;
		f->org = i % 5 == 0 ? 0 : i % 2 ? 7 : 8;
		f->billing = i % 7 == 0 || i % 7 == 3;
		f->vip = i % 7 == 3;
		f->spam = i % 11 == 0 || i == 3;
		f->priority = priority_for(i);
		f->updated = T0 + (i * 37) % 50;	/* ties on purpose */
		f->comments = i == 12 ? "o banner de pagamento apareceu para "
		    "clientes em dia internal: audience check skipped obrigado" :
		    i == 13 ? "決済 banner" : "";
		t->id = i;
		subject_for(i, subject, sizeof subject);
		snprintf(f->subject, sizeof f->subject, "%s", subject);
		t->subject = xstrdup(subject);
		t->status = xstrdup(f->status);
		t->priority = f->priority != NULL ? xstrdup(f->priority) : NULL;
		t->requester_id = 100 + i % 2;
		t->assignee_id = f->assignee;
		t->group_id = f->group;
		t->organization_id = f->org;
		if (f->billing)
			add_tag(&t->tags, "billing");
		if (f->vip)
			add_tag(&t->tags, "vip");
		if (f->spam)
			add_tag(&t->tags, "spam");
		ts_set(&t->created_at, T0 - 1000 + i);
		ts_set(&t->updated_at, f->updated);
	}
	p.users = xcalloc(4, sizeof *p.users);
	p.nusers = 4;
	p.users[0].id = 100;
	p.users[0].name = xstrdup("Ana Souza");
	p.users[0].role = xstrdup("end-user");
	p.users[0].organization_id = 7;
	p.users[1].id = 101;
	p.users[1].name = xstrdup("Zofia Nowak");
	p.users[1].role = xstrdup("end-user");
	p.users[2].id = 900;
	p.users[2].name = xstrdup("Kenji Agent");
	p.users[2].role = xstrdup("agent");
	p.users[3].id = 901;
	p.users[3].name = xstrdup("50% Agent");
	p.users[3].role = xstrdup("admin");
	p.groups = xcalloc(2, sizeof *p.groups);
	p.ngroups = 2;
	p.groups[0].id = 50;
	p.groups[0].name = xstrdup("Billing");
	p.groups[1].id = 51;
	p.groups[1].name = xstrdup("Old");
	p.groups[1].deleted = 1;
	p.organizations = xcalloc(2, sizeof *p.organizations);
	p.norganizations = 2;
	p.organizations[0].id = 7;
	p.organizations[0].name = xstrdup("Acme");
	p.organizations[0].billing_standing = xstrdup("good_standing");
	p.organizations[1].id = 8;
	p.organizations[1].name = xstrdup("Kowalski");
	p.organizations[1].billing_standing = xstrdup("dunning");
	if (cache_store_zendesk_export_page(c, &p, NULL, NULL, NULL, &cause) != CACHE_OK)
		TEST_FAIL("store: %s", cause);
	zendesk_export_page_clear(&p);

	/* Ticket 12: three comments; ticket 13: a two-character Japanese word. */
	memset(&cp, 0, sizeof cp);
	cp.comments = xcalloc(3, sizeof *cp.comments);
	cp.ncomments = 3;
	for (i = 0; i < 3; i++) {
		cp.comments[i].id = 500 + i;
		cp.comments[i].author_id = i == 1 ? 900 : 100;
		cp.comments[i].body = xstrdup(i == 0 ?
		    "o banner de pagamento apareceu para clientes em dia" :
		    i == 1 ? "internal: audience check skipped" : "obrigado");
		cp.comments[i].public = i != 1;
		ts_set(&cp.comments[i].created_at, T0 + 100 + i);
	}
	if (cache_store_zendesk_comment_page(c, 12, &cp, NULL, NULL, NULL,
	    &cause) != CACHE_OK)
		TEST_FAIL("comments: %s", cause);
	zendesk_comment_page_clear(&cp);
	memset(&cp, 0, sizeof cp);
	cp.comments = xcalloc(1, sizeof *cp.comments);
	cp.ncomments = 1;
	cp.comments[0].id = 600;
	cp.comments[0].author_id = 101;
	cp.comments[0].body = xstrdup("決済 banner");
	ts_set(&cp.comments[0].created_at, T0 + 200);
	if (cache_store_zendesk_comment_page(c, 13, &cp, NULL, NULL, NULL,
	    &cause) != CACHE_OK)
		TEST_FAIL("comments: %s", cause);
	zendesk_comment_page_clear(&cp);
	return c;
}

static bool
fix_has_tag(const struct fix *f, const char *tag)
{
	return strcmp(tag, "billing") == 0 ? f->billing :
	    strcmp(tag, "vip") == 0 ? f->vip :
	    strcmp(tag, "spam") == 0 ? f->spam : false;
}

/* needle in hay, ASCII letters folded. */
static bool
fix_contains(const char *hay, const char *needle, size_t len)
{
	size_t i, j;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; j < len && hay[i + j] != '\0'; j++) {
			char a = hay[i + j], b = needle[j];

			if (a >= 'A' && a <= 'Z')
				a = (char)(a | 0x20);
			if (b >= 'A' && b <= 'Z')
				b = (char)(b | 0x20);
			if (a != b)
				break;
		}
		if (j == len)
			return true;
	}
	return false;
}

/*
 * Each word: under three characters in the subject; longer ones in the
 * subject or the comments (the table's words are ASCII or exact, so ASCII
 * folding is the trigram's folding here).
 */
static bool
fix_text(const struct fix *f, const char *text)
{
	const char *p = text, *start;
	size_t len, chars, i;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		start = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if ((len = (size_t)(p - start)) == 0)
			continue;
		for (i = chars = 0; i < len; i++)
			chars += ((unsigned char)start[i] & 0xc0) != 0x80;
		if (!fix_contains(f->subject, start, len) &&
		    (chars < 3 || !fix_contains(f->comments, start, len)))
			return false;
	}
	return true;
}

static bool
fix_matches(const struct fix *f, const struct ticket_query *q)
{
	size_t i;

	if (q->statuses != 0 && !(q->statuses & cache_ticket_status_bit(f->status)))
		return false;
	if (q->priorities != 0 && !(q->priorities & cache_ticket_priority_bit(
	    f->priority == NULL || *f->priority == '\0' ? "none" : f->priority)))
		return false;
	if (q->assignee == TICKET_ASSIGNEE_SOME && f->assignee == 0)
		return false;
	if (q->assignee == TICKET_ASSIGNEE_NONE && f->assignee != 0)
		return false;
	if (q->assignee == TICKET_ASSIGNEE_ID && f->assignee != q->assignee_id)
		return false;
	if (q->group_id != 0 && f->group != q->group_id)
		return false;
	if (q->organization_id != 0 && f->org != q->organization_id)
		return false;
	if (q->requester_id != 0 && 100 + f->id % 2 != q->requester_id)
		return false;
	if (q->tag != NULL && !fix_has_tag(f, q->tag))
		return false;
	for (i = 0; i < q->ntags; i++) {
		if (!fix_has_tag(f, q->tags[i]))
			return false;
	}
	for (i = 0; i < q->nnot_tags; i++) {
		if (fix_has_tag(f, q->not_tags[i]))
			return false;
	}
	if (q->updated_since != 0 && f->updated < q->updated_since)
		return false;
	if (q->updated_before != 0 && f->updated >= q->updated_before)
		return false;
	if (q->text != NULL && !fix_text(f, q->text))
		return false;
	return true;
}

static enum ticket_sort cmp_sort;

static int
fix_cmp(const void *pa, const void *pb)
{
	const struct fix *a = pa, *b = pb;
	int r = 0;

	if (cmp_sort == TICKET_SORT_UPDATED_DESC || cmp_sort == TICKET_SORT_UPDATED_ASC)
		r = (a->updated > b->updated) - (a->updated < b->updated);
	if (r == 0)
		r = (a->id > b->id) - (a->id < b->id);
	return cmp_sort == TICKET_SORT_UPDATED_DESC || cmp_sort == TICKET_SORT_ID_DESC ?
	    -r : r;
}

/* The expected ids of q in order; returns how many. */
static size_t
expected(const struct ticket_query *q, int64_t *ids)
{
	struct fix sorted[NFIX];
	size_t i, n = 0;

	for (i = 0; i < NFIX; i++) {
		if (fix_matches(&fixture[i], q))
			sorted[n++] = fixture[i];
	}
	cmp_sort = q->sort;
	qsort(sorted, n, sizeof sorted[0], fix_cmp);
	for (i = 0; i < n; i++)
		ids[i] = sorted[i].id;
	return n;
}

/*
 * Pages through q with windows of page rows, forward from the start, and
 * checks the ids against the brute-force order; then backward from the
 * end, which must give the same list.
 */
static void
check_query(struct cache *c, const char *name, const struct ticket_query *q,
    size_t page)
{
	int64_t want[NFIX], got[NFIX + 1];
	struct ticket_row *rows = NULL;
	struct cache_key key;
	size_t nwant = expected(q, want), ngot = 0, n, i;
	char *cause = NULL;
	int64_t count, pos;
	bool keyed = false;

	for (;;) {
		if (cache_tickets_window(c, q, keyed ? &key : NULL, CACHE_FORWARD,
		    page, &rows, &n, &cause) != CACHE_OK) {
			TEST_FAIL("%s: %s", name, cause);
			free(cause);
			return;
		}
		for (i = 0; i < n && ngot <= NFIX; i++)
			got[ngot++] = rows[i].id;
		if (n > 0) {
			key = cache_ticket_row_key(&rows[n - 1]);
			keyed = true;
		}
		cache_ticket_rows_free(&rows, n);
		if (n < page)
			break;
	}
	if (ngot != nwant)
		TEST_FAIL("%s: %zu rows forward, want %zu", name, ngot, nwant);
	for (i = 0; i < ngot && i < nwant; i++) {
		if (got[i] != want[i]) {
			TEST_FAIL("%s: row %zu is ticket %lld, want %lld", name, i,
			    (long long)got[i], (long long)want[i]);
			break;
		}
	}

	/* Backward from the end, each window still in list order. */
	ngot = 0;
	keyed = false;
	for (;;) {
		if (cache_tickets_window(c, q, keyed ? &key : NULL, CACHE_BACKWARD,
		    page, &rows, &n, &cause) != CACHE_OK) {
			TEST_FAIL("%s: %s", name, cause);
			free(cause);
			return;
		}
		for (i = n; i-- > 0 && ngot <= NFIX;)
			got[ngot++] = rows[i].id;
		if (n > 0) {
			key = cache_ticket_row_key(&rows[0]);
			keyed = true;
		}
		cache_ticket_rows_free(&rows, n);
		if (n < page)
			break;
	}
	if (ngot != nwant)
		TEST_FAIL("%s: %zu rows backward, want %zu", name, ngot, nwant);
	for (i = 0; i < ngot && i < nwant; i++) {
		if (got[i] != want[nwant - 1 - i]) {
			TEST_FAIL("%s: backward row %zu is ticket %lld, want %lld", name,
			    i, (long long)got[i], (long long)want[nwant - 1 - i]);
			break;
		}
	}

	CHECK_INT(cache_tickets_count(c, q, &count, &cause), CACHE_OK);
	if (count != (int64_t)nwant)
		TEST_FAIL("%s: count %lld, want %zu", name, (long long)count, nwant);
	if (nwant > 2) {
		const struct fix *f = NULL;

		for (i = 0; i < NFIX; i++) {
			if (fixture[i].id == want[2])
				f = &fixture[i];
		}
		key.at = f->updated;
		key.id = f->id;
		CHECK_INT(cache_tickets_position(c, q, &key, &pos, &cause), CACHE_OK);
		if (pos != 2)
			TEST_FAIL("%s: position of the third row %lld", name,
			    (long long)pos);
	}
}

/* Tests: ticket windows. */

static void
ticket_windows_match_every_filter_and_sort_forward_and_backward(void)
{
	static const struct {
		const char		*name;
		struct ticket_query	 q;
		size_t			 page;
	} rows[] = {
		{ "everything", { 0 }, 7 },
		{ "everything, one at a time", { 0 }, 1 },
		{ "everything, one window", { 0 }, 100 },
		{ "oldest change first", { .sort = TICKET_SORT_UPDATED_ASC }, 7 },
		{ "newest ticket first", { .sort = TICKET_SORT_ID_DESC }, 7 },
		{ "oldest ticket first", { .sort = TICKET_SORT_ID_ASC }, 9 },
		{ "open", { .statuses = TICKET_STATUS_OPEN }, 3 },
		{ "new, open, pending", { .statuses = TICKET_STATUS_NEW |
		    TICKET_STATUS_OPEN | TICKET_STATUS_PENDING }, 4 },
		{ "unassigned", { .assignee = TICKET_ASSIGNEE_NONE }, 4 },
		{ "mine", { .assignee = TICKET_ASSIGNEE_ID, .assignee_id = 900 }, 4 },
		{ "mine, open or hold", { .assignee = TICKET_ASSIGNEE_ID,
		    .assignee_id = 901, .statuses = TICKET_STATUS_OPEN |
		    TICKET_STATUS_HOLD }, 2 },
		{ "group", { .group_id = 51 }, 5 },
		{ "organization", { .organization_id = 8 }, 5 },
		{ "requester", { .requester_id = 101, .sort = TICKET_SORT_ID_ASC }, 5 },
		{ "tag", { .tag = "billing" }, 3 },
		{ "tag, oldest change first", { .tag = "billing",
		    .sort = TICKET_SORT_UPDATED_ASC }, 3 },
		{ "tag by id", { .tag = "billing", .sort = TICKET_SORT_ID_DESC }, 3 },
		{ "tag and status", { .tag = "billing",
		    .statuses = TICKET_STATUS_OPEN | TICKET_STATUS_NEW }, 2 },
		{ "tag nobody has", { .tag = "nothing" }, 3 },
		{ "updated since", { .updated_since = T0 + 40 }, 4 },
		{ "tag and updated since", { .tag = "billing",
		    .updated_since = T0 + 25 }, 2 },
		{ "status nobody has", { .statuses = TICKET_STATUS_HOLD,
		    .assignee = TICKET_ASSIGNEE_ID, .assignee_id = 4242 }, 3 },
	};
	static const char *const billing[] = { "billing" };
	static const char *const billing_vip[] = { "billing", "vip" };
	static const char *const vip_billing_vip[] = { "vip", "billing", "vip" };
	static const char *const vip[] = { "vip" };
	static const char *const spam[] = { "spam" };
	static const char *const spam_vip[] = { "spam", "vip" };
	static const char *const nothing[] = { "nothing" };
	static const struct {
		const char		*name;
		struct ticket_query	 q;
		size_t			 page;
	} more[] = {
		{ "one priority", { .priorities = TICKET_PRIORITY_HIGH }, 4 },
		{ "urgent", { .priorities = TICKET_PRIORITY_URGENT }, 2 },
		{ "no priority (null and empty)", { .priorities =
		    TICKET_PRIORITY_NONE }, 3 },
		{ "high, urgent", { .priorities = TICKET_PRIORITY_HIGH |
		    TICKET_PRIORITY_URGENT }, 5 },
		{ "low or none, by id", { .priorities = TICKET_PRIORITY_LOW |
		    TICKET_PRIORITY_NONE, .sort = TICKET_SORT_ID_DESC }, 3 },
		{ "every priority but none", { .priorities = TICKET_PRIORITY_LOW |
		    TICKET_PRIORITY_NORMAL | TICKET_PRIORITY_HIGH |
		    TICKET_PRIORITY_URGENT }, 9 },
		{ "priority and status", { .priorities = TICKET_PRIORITY_NORMAL,
		    .statuses = TICKET_STATUS_OPEN | TICKET_STATUS_PENDING |
		    TICKET_STATUS_SOLVED }, 2 },
		{ "assigned to anyone", { .assignee = TICKET_ASSIGNEE_SOME }, 6 },
		{ "assigned, oldest first", { .assignee = TICKET_ASSIGNEE_SOME,
		    .sort = TICKET_SORT_UPDATED_ASC }, 6 },
		{ "assigned and open", { .assignee = TICKET_ASSIGNEE_SOME,
		    .statuses = TICKET_STATUS_OPEN }, 2 },
		{ "one tag in the list", { .tags = billing, .ntags = 1 }, 3 },
		{ "two tags, both required", { .tags = billing_vip, .ntags = 2 }, 2 },
		{ "a tag given twice and the single tag too", { .tag = "billing",
		    .tags = vip_billing_vip, .ntags = 3 }, 1 },
		{ "two tags by id", { .tags = billing_vip, .ntags = 2,
		    .sort = TICKET_SORT_ID_ASC }, 1 },
		{ "a tag excluded", { .not_tags = spam, .nnot_tags = 1 }, 8 },
		{ "two tags excluded", { .not_tags = spam_vip, .nnot_tags = 2 }, 8 },
		{ "required and excluded", { .tags = billing, .ntags = 1,
		    .not_tags = vip, .nnot_tags = 1 }, 2 },
		{ "required and excluded, oldest first", { .tag = "billing",
		    .not_tags = spam, .nnot_tags = 1,
		    .sort = TICKET_SORT_UPDATED_ASC }, 2 },
		{ "the same tag required and excluded", { .tags = vip, .ntags = 1,
		    .not_tags = vip, .nnot_tags = 1 }, 2 },
		{ "an excluded tag nobody has", { .not_tags = nothing,
		    .nnot_tags = 1, .statuses = TICKET_STATUS_NEW }, 3 },
		{ "updated before", { .updated_before = T0 + 10 }, 3 },
		{ "updated between", { .updated_since = T0 + 10,
		    .updated_before = T0 + 30 }, 4 },
		{ "tag and updated before", { .tag = "billing",
		    .updated_before = T0 + 25 }, 2 },
		{ "tag and updated before, oldest first", { .tag = "billing",
		    .updated_before = T0 + 40, .sort = TICKET_SORT_UPDATED_ASC }, 2 },
		{ "a short word", { .text = "od" }, 2 },
		{ "a short word in upper case, by id", { .text = "OD",
		    .sort = TICKET_SORT_ID_ASC }, 2 },
		{ "a short word and a status", { .text = "5",
		    .statuses = TICKET_STATUS_HOLD | TICKET_STATUS_OPEN }, 2 },
		{ "a two-kanji word: subjects only", { .text = "決済" }, 2 },
		{ "a short and a long word", { .text = "決済 banner" }, 2 },
		{ "a long word in a comment and a short one", { .text = "banner 1" },
		    2 },
		{ "short words with the other filters", { .text = "a 1",
		    .assignee = TICKET_ASSIGNEE_SOME, .not_tags = spam,
		    .nnot_tags = 1, .priorities = TICKET_PRIORITY_HIGH |
		    TICKET_PRIORITY_NORMAL }, 2 },
		{ "everything at once", { .statuses = TICKET_STATUS_NEW |
		    TICKET_STATUS_OPEN | TICKET_STATUS_PENDING | TICKET_STATUS_HOLD,
		    .priorities = TICKET_PRIORITY_HIGH | TICKET_PRIORITY_URGENT |
		    TICKET_PRIORITY_NONE, .assignee = TICKET_ASSIGNEE_SOME,
		    .group_id = 50, .tags = billing, .ntags = 1, .not_tags = vip,
		    .nnot_tags = 1, .updated_since = T0 + 1,
		    .updated_before = T0 + 49, .text = "fa" }, 1 },
	};
	struct cache *c = fixture_cache();
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_query(c, rows[i].name, &rows[i].q, rows[i].page);
	for (i = 0; i < sizeof more / sizeof more[0]; i++)
		check_query(c, more[i].name, &more[i].q, more[i].page);
	cache_close(&c);
}

static void
a_window_row_carries_names_standing_and_tags(void)
{
	struct ticket_query q = { .sort = TICKET_SORT_ID_ASC };
	struct cache *c = fixture_cache();
	struct ticket_row *rows = NULL;
	struct cache_key key = { 0, 2 };
	char *cause = NULL;
	size_t n;

	if (c == NULL)
		return;
	/* Ticket 3: requester 101, org 7, assignee 901, group 51, billing vip. */
	CHECK_INT(cache_tickets_window(c, &q, &key, CACHE_FORWARD, 1, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(rows[0].id, 3);
		CHECK_STR(rows[0].subject, "Pagamento falhou 3");
		CHECK_STR(rows[0].status, "hold");
		CHECK_STR(rows[0].priority, "high");
		CHECK_STR(rows[0].requester_name, "Zofia Nowak");
		CHECK_STR(rows[0].organization_name, "Acme");
		CHECK_STR(rows[0].billing_standing, "good_standing");
		CHECK_STR(rows[0].assignee_name, "50% Agent");
		CHECK_STR(rows[0].group_name, "Old");
		CHECK_STR(rows[0].tags, "billing vip spam");
		CHECK_INT(rows[0].seen_updated_at, 0);
		CHECK_INT(rows[0].updated_at, T0 + (3 * 37) % 50);
		CHECK_INT(rows[0].created_at, T0 - 1000 + 3);
	}
	cache_ticket_rows_free(&rows, n);
	CHECK(rows == NULL);

	/* Ticket 4: unassigned, organization 8 in dunning. */
	key.id = 3;
	CHECK_INT(cache_tickets_window(c, &q, &key, CACHE_FORWARD, 1, &rows, &n,
	    &cause), CACHE_OK);
	if (n == 1) {
		CHECK_INT(rows[0].assignee_id, 0);
		CHECK(rows[0].assignee_name == NULL);
		CHECK_STR(rows[0].billing_standing, "dunning");
		CHECK_STR(rows[0].tags, "");
	}
	cache_ticket_rows_free(&rows, n);

	/* A limit of 0 is an empty window, not everything. */
	CHECK_INT(cache_tickets_window(c, &q, NULL, CACHE_FORWARD, 0, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 0);
	CHECK(rows == NULL);
	cache_close(&c);
}

/* The ids a text query finds, in window order, as "1 2 3". */
static char *
text_ids(struct cache *c, const char *text, unsigned statuses)
{
	struct ticket_query q = { .text = text, .statuses = statuses,
	    .sort = TICKET_SORT_ID_ASC };
	struct ticket_row *rows = NULL;
	char *cause = NULL, *s = xstrdup(""), *t;
	int64_t count;
	size_t n, i;

	if (cache_tickets_window(c, &q, NULL, CACHE_FORWARD, 100, &rows, &n,
	    &cause) != CACHE_OK) {
		TEST_FAIL("%s: %s", text, cause);
		free(cause);
		return s;
	}
	for (i = 0; i < n; i++) {
		t = xasprintf("%s%s%lld", s, i ? " " : "", (long long)rows[i].id);
		free(s);
		s = t;
	}
	if (cache_tickets_count(c, &q, &count, &cause) != CACHE_OK ||
	    count != (int64_t)n)
		TEST_FAIL("%s: count %lld for %zu rows", text, (long long)count, n);
	cache_ticket_rows_free(&rows, n);
	return s;
}

static void
free_text_finds_subjects_and_comments_and_combines_with_status(void)
{
	static const struct {
		const char	*text;
		unsigned	 statuses;
		const char	*want;
	} rows[] = {
		/* Subjects, by a stem and case-folded. */
		{ "PŁATNOŚĆ", 0, "10 20 30 40 50 60" },
		{ "odrzuc", TICKET_STATUS_PENDING | TICKET_STATUS_NEW, "20 30 50 60" },
		{ "odrzuc", TICKET_STATUS_OPEN, "" },
		/* A comment finds its ticket; every word must be found. */
		{ "banner", 0, "12 13" },
		{ "banner audience", 0, "12" },
		{ "banner  audience\t", TICKET_STATUS_SOLVED, "" },
		{ "banner audience", TICKET_STATUS_NEW, "12" },
		{ "banner nowhere", 0, "" },
		/*
		 * Two characters: too short for the trigram index, found in
		 * subjects only (ticket 13 has it in a comment), ASCII
		 * case-insensitively.
		 */
		{ "決済", 0, "5 15 25 35 45 55" },
		{ "決済 banner", 0, "" },
		{ "決済 エラー", 0, "5 15 25 35 45 55" },
		{ "エラー 5", 0, "5 15 25 35 45 55" },
		{ "Od 5", 0, "50" },
		{ "ść 4", 0, "40" },
		{ "ŚĆ", 0, "" },	/* not folded: SQLite's lower() is ASCII */
		/* Quotes and FTS5 operators are text, not syntax. */
		{ "\"falhou", 0, "" },
		{ "falhou\" OR \"x", 0, "" },
		{ "NEAR(a b)", 0, "" },
		{ "falhou \xff\xfe", 0, "" },	/* not UTF-8: matches nothing */
		{ "   ", 0, NULL },		/* blank: no text filter at all */
	};
	struct cache *c = fixture_cache();
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *got = text_ids(c, rows[i].text, rows[i].statuses);

		if (rows[i].want == NULL)
			CHECK_CONTAINS(got, "1 2 3 4 5");
		else if (strcmp(got, rows[i].want) != 0)
			TEST_FAIL("\"%s\": got \"%s\", want \"%s\"", rows[i].text, got,
			    rows[i].want);
		free(got);
	}
	cache_close(&c);
}

/* Query plans. */

/* Fails unless plan reads tickets only through an index and sorts nothing. */
static void
check_plan(const char *name, const char *plan, bool may_sort)
{
	const char *line = plan;

	if (plan == NULL) {
		TEST_FAIL("%s: no plan", name);
		return;
	}
	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
		char buf[512];

		snprintf(buf, sizeof buf, "%.*s", (int)len, line);
		if ((strncmp(buf, "SCAN t ", 7) == 0 || strcmp(buf, "SCAN t") == 0 ||
		    strncmp(buf, "SCAN tickets", 12) == 0 ||
		    strncmp(buf, "SCAN tk", 7) == 0) && strstr(buf, "INDEX") == NULL)
			TEST_FAIL("%s: a table scan: %s", name, buf);
		if (!may_sort && strstr(buf, "TEMP B-TREE") != NULL)
			TEST_FAIL("%s: a sort: %s\n%s", name, buf, plan);
		line += len + (end != NULL);
	}
	if (strstr(plan, "INDEX") == NULL && strstr(plan, "PRIMARY KEY") == NULL)
		TEST_FAIL("%s: no index used:\n%s", name, plan);
}

static void
the_main_windows_read_tickets_through_an_index_in_list_order(void)
{
	static const char *const two_tags[] = { "billing", "spam" };
	static const struct {
		const char		*name;
		struct ticket_query	 q;
		bool			 keyed;
		const char		*index;		/* must appear in the plan */
		bool			 may_sort;
	} rows[] = {
		{ "default, first page", { 0 }, false, "tickets_updated", false },
		{ "default, deep page", { 0 }, true, "tickets_updated", false },
		{ "oldest first, deep page", { .sort = TICKET_SORT_UPDATED_ASC },
		  true, "tickets_updated", false },
		{ "by id", { .sort = TICKET_SORT_ID_DESC }, true,
		  "INTEGER PRIMARY KEY", false },
		{ "one status", { .statuses = TICKET_STATUS_OPEN }, false,
		  "tickets_status_updated", false },
		{ "one status, deep page", { .statuses = TICKET_STATUS_OPEN },
		  true, "tickets_status_updated", false },
		/* Each status's run is read in order; the merge stops at the limit. */
		{ "several statuses", { .statuses = TICKET_STATUS_OPEN |
		  TICKET_STATUS_NEW }, true, "tickets_status_updated", true },
		{ "unassigned", { .assignee = TICKET_ASSIGNEE_NONE }, true,
		  "tickets_assignee_updated", false },
		{ "mine", { .assignee = TICKET_ASSIGNEE_ID, .assignee_id = 900 },
		  true, "tickets_assignee_updated", false },
		{ "group", { .group_id = 50 }, true, "tickets_group_updated", false },
		{ "organization", { .organization_id = 7 }, true,
		  "tickets_organization_updated", false },
		/* Words drive (through the ids they match), not the status index. */
		{ "words and a status", { .text = "falhou",
		  .statuses = TICKET_STATUS_OPEN }, true,
		  "SEARCH t USING INTEGER PRIMARY KEY (rowid=?)\nLIST SUBQUERY",
		  true },
		{ "tag", { .tag = "billing" }, true,
		  "SEARCH g USING PRIMARY KEY (tag=? AND (updated_at,ticket_id)<(?,?))",
		  false },
		/* The first required tag drives; the rest are probes. */
		{ "tags required and excluded", { .tags = two_tags, .ntags = 2,
		  .not_tags = two_tags + 1, .nnot_tags = 1 }, true,
		  "SEARCH g USING PRIMARY KEY (tag=? AND (updated_at,ticket_id)<(?,?))",
		  false },
		{ "tag and updated before", { .tag = "billing",
		  .updated_before = T0 + 40 }, true,
		  "SEARCH g USING PRIMARY KEY (tag=? AND (updated_at,ticket_id)<(?,?))",
		  false },
		{ "an excluded tag", { .not_tags = two_tags, .nnot_tags = 1 }, true,
		  "tickets_updated", false },
		{ "one priority", { .priorities = TICKET_PRIORITY_URGENT }, true,
		  "tickets_priority_updated", false },
		{ "no priority", { .priorities = TICKET_PRIORITY_NONE }, false,
		  "tickets_priority_updated", false },
		{ "several priorities", { .priorities = TICKET_PRIORITY_HIGH |
		  TICKET_PRIORITY_NONE }, true, "tickets_priority_updated", true },
		{ "assigned to anyone", { .assignee = TICKET_ASSIGNEE_SOME }, true,
		  "tickets_updated", false },
		{ "updated before", { .updated_before = T0 + 20 }, true,
		  "tickets_updated", false },
		/* A short word is a test on the rows read in list order. */
		{ "a short word", { .text = "決済" }, true, "tickets_updated", false },
		{ "a short word and a status", { .text = "ab",
		  .statuses = TICKET_STATUS_OPEN }, true, "tickets_status_updated",
		  false },
	};
	struct cache *c = fixture_cache();
	struct cache_key key = { T0 + 30, 30 };
	char *cause = NULL, *plan;
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		if (cache_tickets_explain(c, &rows[i].q, rows[i].keyed ? &key : NULL,
		    CACHE_FORWARD, &plan, &cause) != CACHE_OK) {
			TEST_FAIL("%s: %s", rows[i].name, cause);
			free(cause);
			continue;
		}
		check_plan(rows[i].name, plan, rows[i].may_sort);
		if (strstr(plan, rows[i].index) == NULL)
			TEST_FAIL("%s: %s not used:\n%s", rows[i].name, rows[i].index,
			    plan);
		free(plan);
	}
	cache_close(&c);
}

/* One ticket, its conversation, people. */

static void
a_ticket_opened_carries_the_updated_at_it_was_seen_at_in_windows_and_detail(void)
{
	struct ticket_query q = { .sort = TICKET_SORT_ID_ASC };
	struct cache *c = fixture_cache();
	struct ticket_row *rows = NULL;
	struct ticket_detail d;
	char *cause = NULL;
	int64_t count;
	bool found;
	size_t n;

	if (c == NULL)
		return;
	CHECK_INT(cache_ticket_seen_mark(c, 2, T0 + 5, &cause), CACHE_OK);
	CHECK_INT(cache_ticket_seen_mark(c, 3, T0 + 1, &cause), CACHE_OK);
	CHECK_INT(cache_ticket_seen_mark(c, 3, T0 + 11, &cause), CACHE_OK);
	/* A ticket not cached may be marked; it lists nothing. */
	CHECK_INT(cache_ticket_seen_mark(c, 4242, T0, &cause), CACHE_OK);
	CHECK_INT(cache_tickets_window(c, &q, NULL, CACHE_FORWARD, 4, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_INT(rows[0].seen_updated_at, 0);
		CHECK_INT(rows[1].seen_updated_at, T0 + 5);
		CHECK_INT(rows[2].seen_updated_at, T0 + 11);	/* replaced */
		CHECK_INT(rows[3].seen_updated_at, 0);
	}
	cache_ticket_rows_free(&rows, n);
	/* The marks add no row to a count. */
	CHECK_INT(cache_tickets_count(c, &q, &count, &cause), CACHE_OK);
	CHECK_INT(count, NFIX);
	CHECK_INT(cache_ticket_get(c, 3, &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_INT(d.row.seen_updated_at, T0 + 11);
	cache_ticket_detail_clear(&d);
	CHECK_INT(cache_ticket_get(c, 5, &d, &found, &cause), CACHE_OK);
	CHECK_INT(d.row.seen_updated_at, 0);
	cache_ticket_detail_clear(&d);
	free(cause);
	cache_close(&c);
}

static void
one_ticket_comes_with_its_detail_and_a_conversation_window(void)
{
	struct cache *c = fixture_cache();
	struct ticket_detail d;
	struct comment_row *rows = NULL;
	struct cache_key key;
	char *cause = NULL;
	bool found;
	size_t n;

	if (c == NULL)
		return;
	CHECK_INT(cache_ticket_get(c, 12, &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_STR(d.row.subject, "Pagamento falhou 12");
	CHECK_STR(d.row.requester_name, "Ana Souza");
	CHECK_STR(d.row.billing_standing, "dunning");
	CHECK_STR(d.updated_stamp, "2024-05-01T10:00:44Z");
	CHECK_CONTAINS(d.json, "\"id\":12");
	cache_ticket_detail_clear(&d);
	CHECK_INT(cache_ticket_get(c, 4242, &d, &found, &cause), CACHE_OK);
	CHECK(!found);
	CHECK(d.json == NULL);

	CHECK_INT(cache_comments_window(c, 12, NULL, CACHE_FORWARD, 2, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, 500);
		CHECK_STR(rows[0].author_name, "Ana Souza");
		CHECK_STR(rows[0].author_role, "end-user");
		CHECK(rows[0].public);
		CHECK_INT(rows[1].id, 501);
		CHECK(!rows[1].public);
		CHECK_STR(rows[1].author_role, "agent");
		key = cache_comment_row_key(&rows[1]);
	}
	cache_comment_rows_free(&rows, n);
	CHECK_INT(cache_comments_window(c, 12, &key, CACHE_FORWARD, 2, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_INT(rows[0].id, 502);
	cache_comment_rows_free(&rows, n);

	/* The latest two, oldest first, as a conversation pane opens. */
	CHECK_INT(cache_comments_window(c, 12, NULL, CACHE_BACKWARD, 2, &rows, &n,
	    &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(rows[0].id, 501);
		CHECK_INT(rows[1].id, 502);
	}
	cache_comment_rows_free(&rows, n);
	cache_close(&c);
}

static void
people_groups_and_macros_are_looked_up_and_listed(void)
{
	struct cache *c = fixture_cache();
	struct zendesk_macro_page mp = { 0 };
	struct user_row u, *us = NULL;
	struct group_row g, *gs = NULL;
	struct organization_row o;
	struct macro_row *ms = NULL;
	char *cause = NULL;
	bool found;
	size_t n, i;

	if (c == NULL)
		return;
	CHECK_INT(cache_user_get(c, 100, &u, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_STR(u.name, "Ana Souza");
	CHECK_STR(u.organization_name, "Acme");
	CHECK_STR(u.billing_standing, "good_standing");
	cache_user_row_clear(&u);
	CHECK_INT(cache_user_get(c, 1, &u, &found, &cause), CACHE_OK);
	CHECK(!found);
	CHECK_INT(cache_group_get(c, 51, &g, &found, &cause), CACHE_OK);
	CHECK(found && g.deleted);
	cache_group_row_clear(&g);
	CHECK_INT(cache_organization_get(c, 8, &o, &found, &cause), CACHE_OK);
	CHECK_STR(o.billing_standing, "dunning");
	cache_organization_row_clear(&o);

	CHECK_INT(cache_agents_window(c, NULL, 0, 10, &us, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	cache_user_rows_free(&us, n);
	CHECK_INT(cache_agents_window(c, "ken", 0, 10, &us, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(us[0].name, "Kenji Agent");
	cache_user_rows_free(&us, n);
	/* A wildcard in the prefix is a character, not a pattern. */
	CHECK_INT(cache_agents_window(c, "50%", 0, 10, &us, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	cache_user_rows_free(&us, n);
	CHECK_INT(cache_agents_window(c, "%", 0, 10, &us, &n, &cause), CACHE_OK);
	CHECK_INT(n, 0);
	cache_user_rows_free(&us, n);

	CHECK_INT(cache_groups_window(c, 0, 10, &gs, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	cache_group_rows_free(&gs, n);

	mp.macros = xcalloc(3, sizeof *mp.macros);
	mp.nmacros = 3;
	for (i = 0; i < 3; i++) {
		mp.macros[i].id = 30 + (int64_t)i;
		mp.macros[i].title = xasprintf("Macro %c", (int)('C' - i));
		mp.macros[i].active = i != 1;
		mp.macros[i].actions = xstrdup("[]");
	}
	CHECK_INT(cache_store_zendesk_macro_page(c, &mp, NULL, NULL, NULL, &cause),
	    CACHE_OK);
	zendesk_macro_page_clear(&mp);
	CHECK_INT(cache_macros_window(c, true, 0, 10, &ms, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(ms[0].title, "Macro A");
		CHECK_STR(ms[1].title, "Macro C");
		CHECK_STR(ms[0].actions, "[]");
	}
	cache_macro_rows_free(&ms, n);
	CHECK_INT(cache_macros_window(c, false, 1, 10, &ms, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	cache_macro_rows_free(&ms, n);
	cache_close(&c);
}

/* Payments. */

static void
payment_fill(struct payment *p, int i)
{
	static const char *const currencies[] = { "PLN", "EUR", "JPY" };

	memset(p, 0, sizeof *p);
	p->id = xasprintf("p_%02d", i);
	p->order_id = xasprintf("ord-%d", i);
	p->version = 1;
	p->customer.name = xstrdup("Zofia Nowak");
	p->customer.zendesk_user_id = i % 4 == 0 ? 101 : 0;
	p->currency = xstrdup(currencies[i % 3]);
	p->expected_minor = 1546;
	p->received_minor = i % 2 ? 1545 : 1500;
	p->reasons = i % 2 ? PAYMENT_REASON_FEE_ROUNDING : PAYMENT_REASON_UNDERPAID;
	p->status = i % 5 == 0 ? PAYMENT_STATUS_ACCEPTED : PAYMENT_STATUS_FLAGGED;
	p->status_text = xstrdup(payment_status_name(p->status));
	ts_set(&p->flagged_at, T0 + i % 6);		/* ties */
	if (i % 3 != 0)
		ts_set(&p->auto_cancel_at, T0 + 1000 - i);
	ts_set(&p->updated_at, T0 + i);
	if (i == 7) {
		p->ticket_ids.items = xcalloc(2, sizeof *p->ticket_ids.items);
		p->ticket_ids.items[0] = 3;
		p->ticket_ids.items[1] = 777;
		p->ticket_ids.n = 2;
		p->history = xcalloc(2, sizeof *p->history);
		p->nhistory = 2;
		ts_set(&p->history[0].at, T0);
		p->history[0].actor = xstrdup("system");
		p->history[0].action = xstrdup("flagged");
		ts_set(&p->history[1].at, T0 + 5);
		p->history[1].actor = xstrdup("tech@acme");
		p->history[1].action = xstrdup("note");
		p->history[1].note = xstrdup("customer paid 15.45 PLN");
	}
}

/* Pages through q forward, then backward, returning the ids as "a b c". */
static char *
payment_ids(struct cache *c, const struct payment_query *q, enum cache_dir dir)
{
	struct payment_row *rows = NULL;
	struct payment_key key;
	char *s = xstrdup(""), *t, *keyid = NULL, *cause = NULL;
	bool keyed = false;
	size_t n, i;

	for (;;) {
		if (cache_payments_window(c, q, keyed ? &key : NULL, dir, 4, &rows,
		    &n, &cause) != CACHE_OK) {
			TEST_FAIL("payments: %s", cause);
			free(cause);
			break;
		}
		for (i = 0; i < n; i++) {
			const struct payment_row *r = dir == CACHE_FORWARD ? &rows[i] :
			    &rows[n - 1 - i];

			t = xasprintf("%s%s%s", s, *s ? " " : "", r->id);
			free(s);
			s = t;
		}
		free(keyid);
		keyid = NULL;
		if (n > 0) {
			key = cache_payment_row_key(dir == CACHE_FORWARD ?
			    &rows[n - 1] : &rows[0], q->sort);
			key.id = keyid = xstrdup(key.id);
			keyed = true;
		}
		cache_payment_rows_free(&rows, n);
		if (n < 4)
			break;
	}
	free(keyid);
	return s;
}

static void
payment_windows_filter_sort_and_continue_by_key(void)
{
	struct cache *c = NULL;
	struct payments_page pp = { 0 };
	struct payment_query q = { 0 };
	struct payment_row *rows = NULL;
	struct payment_detail d;
	char *cause = NULL, *s;
	int64_t count;
	bool found;
	size_t n;
	int i;

	CHECK_INT(cache_open(":memory:", NULL, &c, &cause), CACHE_OK);
	if (c == NULL)
		return;
	pp.payments = xcalloc(12, sizeof *pp.payments);
	pp.npayments = 12;
	for (i = 0; i < 12; i++)
		payment_fill(&pp.payments[i], i + 1);
	CHECK_INT(cache_store_payments_page(c, &pp, "flagged", NULL, NULL, &cause),
	    CACHE_OK);
	payments_page_clear(&pp);

	/* flagged_at = T0 + i % 6: ties broken by id, descending. */
	s = payment_ids(c, &q, CACHE_FORWARD);
	CHECK_STR(s, "p_11 p_05 p_10 p_04 p_09 p_03 p_08 p_02 p_07 p_01 p_12 p_06");
	free(s);
	s = payment_ids(c, &q, CACHE_BACKWARD);
	CHECK_STR(s, "p_06 p_12 p_01 p_07 p_02 p_08 p_03 p_09 p_04 p_10 p_05 p_11");
	free(s);

	q.statuses = 1u << PAYMENT_STATUS_FLAGGED;
	q.sort = PAYMENT_SORT_CANCEL_ASC;
	/* auto_cancel_at = T0 + 1000 - i unless i % 3 == 0 (never: last). */
	s = payment_ids(c, &q, CACHE_FORWARD);
	CHECK_STR(s, "p_11 p_08 p_07 p_04 p_02 p_01 p_03 p_06 p_09 p_12");
	free(s);
	s = payment_ids(c, &q, CACHE_BACKWARD);
	CHECK_STR(s, "p_12 p_09 p_06 p_03 p_01 p_02 p_04 p_07 p_08 p_11");
	free(s);
	CHECK_INT(cache_payments_count(c, &q, &count, &cause), CACHE_OK);
	CHECK_INT(count, 10);

	q.reasons = PAYMENT_REASON_FEE_ROUNDING | PAYMENT_REASON_DUPLICATE;
	q.currency = "EUR";
	s = payment_ids(c, &q, CACHE_FORWARD);
	CHECK_STR(s, "p_07 p_01");
	free(s);
	CHECK_INT(cache_payments_count(c, &q, &count, &cause), CACHE_OK);
	CHECK_INT(count, 2);

	CHECK_INT(cache_payment_get(c, "p_07", &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_INT(d.row.expected_minor, 1546);
	CHECK_INT(d.row.received_minor, 1545);
	CHECK(!d.row.has_fee);
	CHECK_STR(d.row.reasons, "fee_rounding");
	CHECK_INT(d.nhistory, 2);
	if (d.nhistory == 2) {
		CHECK_STR(d.history[0].action, "flagged");
		CHECK_STR(d.history[1].note, "customer paid 15.45 PLN");
	}
	CHECK_INT(d.ntickets, 2);
	if (d.ntickets == 2) {
		CHECK_INT(d.tickets[0].ticket_id, 3);
		CHECK(d.tickets[1].subject == NULL);	/* 777 is not cached */
	}
	cache_payment_detail_clear(&d);
	CHECK_INT(cache_payment_get(c, "p_99", &d, &found, &cause), CACHE_OK);
	CHECK(!found);

	/* A ticket's payments: by link, and by its requester (user 101). */
	{
		struct ticket t = { 0 };

		t.id = 3;
		t.subject = xstrdup("s");
		t.status = xstrdup("open");
		t.requester_id = 101;
		ts_set(&t.updated_at, T0);
		CHECK_INT(cache_store_ticket(c, &t, NULL, &cause), CACHE_OK);
		ticket_clear(&t);
	}
	CHECK_INT(cache_ticket_payments(c, 3, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 4);	/* p_07 by link; p_04, p_08, p_12 by requester */
	if (n == 4) {
		CHECK_STR(rows[0].id, "p_04");
		CHECK_STR(rows[1].id, "p_08");
		CHECK_STR(rows[2].id, "p_07");
		CHECK_STR(rows[3].id, "p_12");
	}
	cache_payment_rows_free(&rows, n);
	cache_close(&c);
}

/* Incidents. */

static void
incidents_list_unresolved_first_and_show_updates_newest_first(void)
{
	static const char *const st[] = { "resolved", "investigating",
	    "completed", "monitoring" };
	struct cache *c = NULL;
	struct statuspage_incident_list l = { 0 };
	struct statuspage_component_list cl = { 0 };
	struct statuspage_template_list tl = { 0 };
	struct incident_row *rows = NULL;
	struct component_row *cs = NULL;
	struct template_row *ts = NULL;
	struct incident_detail d;
	char *cause = NULL;
	bool found;
	size_t n, i, j;
	int64_t count = -1;

	CHECK_INT(cache_open(":memory:", NULL, &c, &cause), CACHE_OK);
	if (c == NULL)
		return;
	l.incidents = xcalloc(4, sizeof *l.incidents);
	l.nincidents = 4;
	for (i = 0; i < 4; i++) {
		struct incident *in = &l.incidents[i];

		in->id = xasprintf("inc-%zu", i);
		in->name = xasprintf("Incident %zu", i);
		in->status = xstrdup(st[i]);
		in->impact = xstrdup("major");
		ts_set(&in->updated_at, T0 + (int64_t)i);
		in->updates = xcalloc(3, sizeof *in->updates);
		in->nupdates = 3;
		for (j = 0; j < 3; j++) {
			in->updates[j].id = xasprintf("u-%zu-%zu", i, j);
			in->updates[j].body = xasprintf("update %zu", j);
			ts_set(&in->updates[j].created_at, T0 + (int64_t)j);
		}
		in->components = xcalloc(2, sizeof *in->components);
		in->ncomponents = 2;
		for (j = 0; j < 2; j++) {
			in->components[j].id = xasprintf("cmp-%zu", j);
			in->components[j].name = xasprintf("Component %zu", j);
			in->components[j].status = xstrdup("major_outage");
			in->components[j].position = 2 - (int64_t)j;
		}
	}
	CHECK_INT(cache_store_incidents(c, &l, NULL, NULL, NULL, &cause), CACHE_OK);
	statuspage_incident_list_clear(&l);

	CHECK_INT(cache_incidents_window(c, 0, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(rows[0].id, "inc-3");
		CHECK_STR(rows[1].id, "inc-1");
		CHECK_STR(rows[2].id, "inc-2");
		CHECK_STR(rows[3].id, "inc-0");
		CHECK(!rows[0].resolved && rows[2].resolved);
	}
	cache_incident_rows_free(&rows, n);
	CHECK_INT(cache_incidents_window(c, 3, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	cache_incident_rows_free(&rows, n);
	CHECK_INT(cache_incidents_count(c, &count, &cause), CACHE_OK);
	CHECK_INT(count, 4);

	CHECK_INT(cache_incident_get(c, "inc-1", &d, &found, &cause), CACHE_OK);
	CHECK(found);
	CHECK_INT(d.nupdates, 3);
	if (d.nupdates == 3) {
		CHECK_STR(d.updates[0].body, "update 2");
		CHECK_STR(d.updates[2].body, "update 0");
	}
	CHECK_INT(d.ncomponents, 2);
	if (d.ncomponents == 2) {
		CHECK_STR(d.components[0].id, "cmp-1");
		CHECK_STR(d.components[0].status, "major_outage");
	}
	cache_incident_detail_clear(&d);

	cl.components = xcalloc(2, sizeof *cl.components);
	cl.ncomponents = 2;
	tl.templates = xcalloc(2, sizeof *tl.templates);
	tl.ntemplates = 2;
	for (i = 0; i < 2; i++) {
		cl.components[i].id = xasprintf("cmp-%zu", i);
		cl.components[i].name = xasprintf("Component %zu", i);
		cl.components[i].status = xstrdup(i ? "under_maintenance" :
		    "operational");
		cl.components[i].position = 2 - (int64_t)i;
		tl.templates[i].id = xasprintf("tpl-%zu", i);
		tl.templates[i].name = xasprintf("Template %c", (int)('B' - i));
		tl.templates[i].body = xstrdup("Next update in 30 minutes.");
	}
	CHECK_INT(cache_store_components(c, &cl, true, NULL, NULL, NULL, &cause),
	    CACHE_OK);
	CHECK_INT(cache_store_templates(c, &tl, true, NULL, NULL, NULL, &cause),
	    CACHE_OK);
	statuspage_component_list_clear(&cl);
	statuspage_template_list_clear(&tl);
	CHECK_INT(cache_components_window(c, 0, 10, &cs, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_STR(cs[0].status, "under_maintenance");
	cache_component_rows_free(&cs, n);
	CHECK_INT(cache_templates_window(c, 0, 1, &ts, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	if (n == 1)
		CHECK_STR(ts[0].name, "Template A");
	cache_template_rows_free(&ts, n);
	cache_close(&c);
}

static void
a_ticket_lists_the_incidents_its_incident_tags_name_in_any_case(void)
{
	static const struct {
		const char	*id, *status;
	} incs[] = {
		{ "AbC123", "resolved" }, { "xyz789", "investigating" },
		{ "untagged1", "identified" },
	};
	static const char *const tags5[] = { "incident_abc123",
	    "INCIDENT_XYZ789", "incident_gone00", "incidental", "billing" };
	struct statuspage_incident_list l = { 0 };
	struct incident_row *rows = NULL;
	struct cache *c = NULL;
	char *cause = NULL;
	size_t n, i;

	CHECK_INT(cache_open(":memory:", NULL, &c, &cause), CACHE_OK);
	if (c == NULL)
		return;
	l.incidents = xcalloc(3, sizeof *l.incidents);
	l.nincidents = 3;
	for (i = 0; i < 3; i++) {
		l.incidents[i].id = xstrdup(incs[i].id);
		l.incidents[i].name = xasprintf("Incident %zu", i);
		l.incidents[i].status = xstrdup(incs[i].status);
		l.incidents[i].impact = xstrdup("major");
		ts_set(&l.incidents[i].updated_at, T0 + (int64_t)i);
	}
	CHECK_INT(cache_store_incidents(c, &l, NULL, NULL, NULL, &cause), CACHE_OK);
	statuspage_incident_list_clear(&l);
	for (i = 5; i <= 6; i++) {
		struct ticket t = { 0 };
		size_t j;

		t.id = (int64_t)i;
		t.subject = xstrdup("s");
		t.status = xstrdup("open");
		for (j = 0; i == 5 && j < sizeof tags5 / sizeof tags5[0]; j++)
			add_tag(&t.tags, tags5[j]);
		if (i == 6)
			add_tag(&t.tags, "billing");
		ts_set(&t.updated_at, T0);
		CHECK_INT(cache_store_ticket(c, &t, NULL, &cause), CACHE_OK);
		ticket_clear(&t);
	}

	CHECK_INT(cache_ticket_incidents(c, 5, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(rows[0].id, "xyz789");	/* unresolved first */
		CHECK_STR(rows[1].id, "AbC123");
		CHECK(rows[1].resolved);
	}
	cache_incident_rows_free(&rows, n);
	CHECK_INT(cache_ticket_incidents(c, 5, 1, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 1);
	cache_incident_rows_free(&rows, n);
	CHECK_INT(cache_ticket_incidents(c, 6, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 0);
	CHECK(rows == NULL);
	CHECK_INT(cache_ticket_incidents(c, 4242, 10, &rows, &n, &cause), CACHE_OK);
	CHECK_INT(n, 0);
	free(cause);
	cache_close(&c);
}

static const struct test tests[] = {
	T(ticket_windows_match_every_filter_and_sort_forward_and_backward),
	T(a_window_row_carries_names_standing_and_tags),
	T(free_text_finds_subjects_and_comments_and_combines_with_status),
	T(the_main_windows_read_tickets_through_an_index_in_list_order),
	T(a_ticket_opened_carries_the_updated_at_it_was_seen_at_in_windows_and_detail),
	T(one_ticket_comes_with_its_detail_and_a_conversation_window),
	T(people_groups_and_macros_are_looked_up_and_listed),
	T(payment_windows_filter_sort_and_continue_by_key),
	T(incidents_list_unresolved_first_and_show_updates_newest_first),
	T(a_ticket_lists_the_incidents_its_incident_tags_name_in_any_case),
};

TEST_MAIN(tests)
