/*
 * tui/text/filter.c: the filter language, from text to a ticket or payment
 * query, and every error with the column of its term.
 */
#include "tui/text/filter.h"

#include "api/model.h"
#include "test.h"

#define ME	4242
#define NOW	1795000000	/* 2026-11-18T11:06:40Z: the clock of relative ages */

/* A ticket filter that parses; the query is checked field by field. */
struct tcase {
	const char	*text;
	unsigned	 statuses;
	enum ticket_assignee_filter assignee;
	int64_t		 assignee_id;
	int64_t		 group_id;
	int64_t		 org_id;
	int64_t		 requester_id;
	const char	*tags;		/* the required tags, space-separated */
	const char	*words;
	int64_t		 since;
	enum ticket_sort sort;
	unsigned	 priorities;
	const char	*not_tags;	/* the excluded tags, space-separated */
	int64_t		 before;
};

#define ALL_STATUSES (TICKET_STATUS_NEW | TICKET_STATUS_OPEN | \
	TICKET_STATUS_PENDING | TICKET_STATUS_HOLD | TICKET_STATUS_SOLVED | \
	TICKET_STATUS_CLOSED)
#define ALL_PRIORITIES (TICKET_PRIORITY_LOW | TICKET_PRIORITY_NORMAL | \
	TICKET_PRIORITY_HIGH | TICKET_PRIORITY_URGENT | TICKET_PRIORITY_NONE)

static const struct tcase tcases[] = {
	{ "", 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "status:open", TICKET_STATUS_OPEN, 0, 0, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "STATUS:pending", TICKET_STATUS_PENDING, 0, 0, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "status:new,open,hold", TICKET_STATUS_NEW | TICKET_STATUS_OPEN |
	    TICKET_STATUS_HOLD, 0, 0, 0, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "status<solved", TICKET_STATUS_NEW | TICKET_STATUS_OPEN |
	    TICKET_STATUS_PENDING | TICKET_STATUS_HOLD, 0, 0, 0, 0, 0, NULL,
	    NULL, 0, 0, 0, NULL, 0 },
	{ "status<=open", TICKET_STATUS_NEW | TICKET_STATUS_OPEN, 0, 0, 0, 0,
	    0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "status>hold", TICKET_STATUS_SOLVED | TICKET_STATUS_CLOSED, 0, 0, 0,
	    0, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "status>=solved", TICKET_STATUS_SOLVED | TICKET_STATUS_CLOSED, 0, 0,
	    0, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "status<solved status:open,closed", TICKET_STATUS_OPEN, 0, 0, 0, 0, 0,
	    NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "assignee:none", 0, TICKET_ASSIGNEE_NONE, 0, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "assignee:me", 0, TICKET_ASSIGNEE_ID, ME, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "assignee:77", 0, TICKET_ASSIGNEE_ID, 77, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "group:12", 0, 0, 0, 12, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "org:34", 0, 0, 0, 0, 34, 0, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "organization:34 org:34", 0, 0, 0, 0, 34, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "requester:56", 0, 0, 0, 0, 0, 56, NULL, NULL, 0, 0, 0, NULL, 0 },
	{ "tag:billing", 0, 0, 0, 0, 0, 0, "billing", NULL, 0, 0, 0, NULL, 0 },
	{ "tag:billing tag:billing", 0, 0, 0, 0, 0, 0, "billing", NULL, 0, 0,
	    0, NULL, 0 },
	{ "tag:\"two words\"", 0, 0, 0, 0, 0, 0, "two words", NULL, 0, 0,
	    0, NULL, 0 },
	{ "updated>2h", 0, 0, 0, 0, 0, 0, NULL, NULL, NOW - 7200, 0,
	    0, NULL, 0 },
	{ "updated>=30min", 0, 0, 0, 0, 0, 0, NULL, NULL, NOW - 1800, 0,
	    0, NULL, 0 },
	{ "updated>7d", 0, 0, 0, 0, 0, 0, NULL, NULL, NOW - 7 * 86400, 0,
	    0, NULL, 0 },
	{ "updated>1w updated>45s", 0, 0, 0, 0, 0, 0, NULL, NULL, NOW - 45, 0,
	    0, NULL, 0 },
	{ "updated>=2026-11-20", 0, 0, 0, 0, 0, 0, NULL, NULL, 1795132800, 0,
	    0, NULL, 0 },
	{ "updated>2026-11-20", 0, 0, 0, 0, 0, 0, NULL, NULL, 1795219200, 0,
	    0, NULL, 0 },
	{ "updated>=1970-01-01", 0, 0, 0, 0, 0, 0, NULL, NULL, 0, 0,
	    0, NULL, 0 },
	{ "updated>=2024-02-29", 0, 0, 0, 0, 0, 0, NULL, NULL, 1709164800, 0,
	    0, NULL, 0 },
	{ "sort:updated", 0, 0, 0, 0, 0, 0, NULL, NULL, 0, TICKET_SORT_UPDATED_ASC,
	    0, NULL, 0 },
	{ "sort:id sort:-updated", 0, 0, 0, 0, 0, 0, NULL, NULL, 0,
	    TICKET_SORT_UPDATED_DESC, 0, NULL, 0 },
	{ "sort:id", 0, 0, 0, 0, 0, 0, NULL, NULL, 0, TICKET_SORT_ID_ASC,
	    0, NULL, 0 },
	{ "sort:-id", 0, 0, 0, 0, 0, 0, NULL, NULL, 0, TICKET_SORT_ID_DESC,
	    0, NULL, 0 },
	{ "banner", 0, 0, 0, 0, 0, 0, NULL, "banner", 0, 0, 0, NULL, 0 },
	{ "  checkout   banner\t", 0, 0, 0, 0, 0, 0, NULL, "checkout banner", 0, 0,
	    0, NULL, 0 },
	{ "\"two words\" zamówienie 決済", 0, 0, 0, 0, 0, 0, NULL,
	    "two words zamówienie 決済", 0, 0, 0, NULL, 0 },
	{ "\"say \\\"hi\\\"\"", 0, 0, 0, 0, 0, 0, NULL, "say \"hi\"", 0, 0,
	    0, NULL, 0 },
	{ "10:30 a-b", 0, 0, 0, 0, 0, 0, NULL, "10:30 a-b", 0, 0, 0, NULL, 0 },
	{ "\"http://example.com\"", 0, 0, 0, 0, 0, 0, NULL, "http://example.com",
	    0, 0, 0, NULL, 0 },
	{ "status:open assignee:none tag:payment banner", TICKET_STATUS_OPEN,
	    TICKET_ASSIGNEE_NONE, 0, 0, 0, 0, "payment", "banner", 0, 0,
	    0, NULL, 0 },
	/* Priorities. */
	{ .text = "priority:high,urgent", .priorities = TICKET_PRIORITY_HIGH |
	    TICKET_PRIORITY_URGENT },
	{ .text = "priority:none", .priorities = TICKET_PRIORITY_NONE },
	{ .text = "PRIORITY:low,none", .priorities = TICKET_PRIORITY_LOW |
	    TICKET_PRIORITY_NONE },
	{ .text = "priority>=high", .priorities = TICKET_PRIORITY_HIGH |
	    TICKET_PRIORITY_URGENT },
	{ .text = "priority>high", .priorities = TICKET_PRIORITY_URGENT },
	{ .text = "priority<=normal", .priorities = TICKET_PRIORITY_LOW |
	    TICKET_PRIORITY_NORMAL },
	{ .text = "priority<normal", .priorities = TICKET_PRIORITY_LOW },
	{ .text = "priority>=low", .priorities = TICKET_PRIORITY_LOW |
	    TICKET_PRIORITY_NORMAL | TICKET_PRIORITY_HIGH |
	    TICKET_PRIORITY_URGENT },
	{ .text = "priority>=normal priority:urgent,low", .priorities =
	    TICKET_PRIORITY_URGENT },
	{ .text = "-priority:low", .priorities = ALL_PRIORITIES &
	    ~TICKET_PRIORITY_LOW },
	{ .text = "-priority:none", .priorities = ALL_PRIORITIES &
	    ~TICKET_PRIORITY_NONE },
	{ .text = "!priority>=high", .priorities = TICKET_PRIORITY_LOW |
	    TICKET_PRIORITY_NORMAL | TICKET_PRIORITY_NONE },
	/* Negation. */
	{ .text = "-status:closed", .statuses = ALL_STATUSES &
	    ~TICKET_STATUS_CLOSED },
	{ .text = "-status:solved,closed status>=open", .statuses =
	    TICKET_STATUS_OPEN | TICKET_STATUS_PENDING | TICKET_STATUS_HOLD },
	{ .text = "-status>=solved", .statuses = TICKET_STATUS_NEW |
	    TICKET_STATUS_OPEN | TICKET_STATUS_PENDING | TICKET_STATUS_HOLD },
	{ .text = "-tag:spam", .not_tags = "spam" },
	{ .text = "!tag:spam -tag:test -tag:spam", .not_tags = "spam test" },
	{ .text = "tag:billing tag:vip -tag:spam tag:billing", .tags =
	    "billing vip", .not_tags = "spam" },
	{ .text = "-assignee:none", .assignee = TICKET_ASSIGNEE_SOME },
	{ .text = "assignee:any", .assignee = TICKET_ASSIGNEE_SOME },
	{ .text = "assignee:some assignee:some", .assignee =
	    TICKET_ASSIGNEE_SOME },
	{ .text = "-assignee:some", .assignee = TICKET_ASSIGNEE_NONE },
	{ .text = "-assignee:any assignee:none", .assignee =
	    TICKET_ASSIGNEE_NONE },
	{ .text = "assignee:some assignee:me", .assignee = TICKET_ASSIGNEE_ID,
	    .assignee_id = ME },
	{ .text = "assignee:77 -assignee:none", .assignee = TICKET_ASSIGNEE_ID,
	    .assignee_id = 77 },
	/* Updated before. */
	{ .text = "updated<2h", .before = NOW - 7200 },
	{ .text = "updated<=2h", .before = NOW - 7200 + 1 },
	{ .text = "updated<7d updated<1w", .before = NOW - 7 * 86400 },
	{ .text = "updated<2026-11-20", .before = 1795132800 },
	{ .text = "updated<=2026-11-20", .before = 1795219200 },
	{ .text = "updated>=2026-11-20 updated<=2026-11-20", .since =
	    1795132800, .before = 1795219200 },
	{ .text = "updated>1w updated<2h", .since = NOW - 604800, .before =
	    NOW - 7200 },
	{ .text = "-updated>2h", .before = NOW - 7200 + 1 },
	{ .text = "-updated<2h", .since = NOW - 7200 },
	{ .text = "-updated>=2026-11-20", .before = 1795132800 },
	{ .text = "banner -status:closed priority>=high "
	    "-assignee:none tag:a -tag:b updated<1h", .statuses = ALL_STATUSES &
	    ~TICKET_STATUS_CLOSED, .priorities = TICKET_PRIORITY_HIGH |
	    TICKET_PRIORITY_URGENT, .assignee = TICKET_ASSIGNEE_SOME, .tags =
	    "a", .not_tags = "b", .before = NOW - 3600, .words =
	    "banner" },
};

/* The n strings of list joined by spaces, NULL for none (caller frees). */
static char *
joined(const char *const *list, size_t n)
{
	char *s = NULL, *t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = s == NULL ? xstrdup(list[i]) : xasprintf("%s %s", s, list[i]);
		free(s);
		s = t;
	}
	return s;
}

static void
ticket_filters_fill_every_field_of_the_query(void)
{
	size_t i;

	for (i = 0; i < sizeof tcases / sizeof tcases[0]; i++) {
		const struct tcase *c = &tcases[i];
		struct ticket_query q = { 0 };
		struct filter_strings s = { 0 };
		char *cause = NULL, *tags;

		printf("# %s\n", c->text);
		CHECK_INT(filter_tickets(c->text, ME, NOW, &q, &s, &cause), 0);
		CHECK_STR(cause, NULL);
		CHECK_INT(q.statuses, c->statuses);
		CHECK_INT(q.assignee, c->assignee);
		CHECK_INT(q.assignee_id, c->assignee_id);
		CHECK_INT(q.group_id, c->group_id);
		CHECK_INT(q.organization_id, c->org_id);
		CHECK_INT(q.requester_id, c->requester_id);
		CHECK_STR(q.tag, NULL);
		tags = joined(q.tags, q.ntags);
		CHECK_STR(tags, c->tags);
		free(tags);
		tags = joined(q.not_tags, q.nnot_tags);
		CHECK_STR(tags, c->not_tags);
		free(tags);
		CHECK_STR(q.text, c->words);
		CHECK_INT(q.updated_since, c->since);
		CHECK_INT(q.updated_before, c->before);
		CHECK_INT(q.priorities, c->priorities);
		CHECK_INT(q.sort, c->sort);
		free(cause);
		filter_strings_free(&s);
	}
}

/* A ticket filter that is refused, with the whole message. */
struct ecase {
	const char	*text;
	int64_t		 me;
	const char	*cause;
};

static const struct ecase tecases[] = {
	{ "colour:red", ME, "column 1: unknown key \"colour\" (known: status, "
	    "priority, assignee, group, org, organization, requester, tag, "
	    "updated, sort)" },
	{ "status:open  colour:red", ME, "column 14: unknown key \"colour\"" },
	{ "zamówienie colour:red", ME, "column 12: unknown key \"colour\"" },
	{ "決済 x:1", ME, "column 4: unknown key \"x\"" },
	{ "averyveryverylongkey:1", ME, "column 1: unknown key "
	    "\"averyveryverylongkey\"" },
	{ "status:open priority>=highest", ME, "column 13: priority: unknown "
	    "priority \"highest\" (known: low, normal, high, urgent, none)" },
	{ "priority:urgent,", ME, "column 1: priority: an empty name in the "
	    "list" },
	{ "priority:", ME, "column 1: priority: needs a value" },
	{ "priority>=none", ME, "column 1: priority>=none: none has no order "
	    "(use priority:none)" },
	{ "priority>urgent", ME, "column 1: priority>urgent matches no "
	    "priority" },
	{ "priority:high priority:low", ME, "column 15: priority: no priority "
	    "is left once the terms are combined" },
	{ "-priority:low,normal,high,urgent,none", ME, "column 1: "
	    "-priority:low,normal,high,urgent,none matches no priority" },
	{ "-status>=new", ME, "column 1: -status>=new matches no status" },
	{ "-status:closed status:closed", ME, "column 16: status: no status is "
	    "left" },
	{ "banner !spam", ME, "column 8: -spam: a free word cannot be negated "
	    "(only status, priority, tag, assignee:none, assignee:some, "
	    "updated)" },
	{ "-group:5", ME, "column 1: -group: group cannot be negated" },
	{ "-sort:id", ME, "column 1: -sort: sort cannot be negated" },
	{ "-assignee:me", ME, "column 1: -assignee:me: only -assignee:none and "
	    "-assignee:some can be negated" },
	{ "-assignee:5", ME, "column 1: -assignee:5: only" },
	{ "-colour:red", ME, "column 1: unknown key \"colour\"" },
	{ "tag:spam -tag:spam", ME, "column 10: tag:spam is both required and "
	    "excluded: no ticket can match" },
	{ "-tag:spam tag:spam", ME, "column 11: tag:spam is both required" },
	{ "-tag:", ME, "column 1: tag: needs a value" },
	{ "assignee:none -assignee:none", ME, "column 15: assignee is given "
	    "twice (none and some): no ticket is both" },
	{ "assignee:some assignee:none", ME, "column 15: assignee is given "
	    "twice (some and none)" },
	{ "assignee:5 assignee:6", ME, "column 12: assignee is given twice "
	    "with different IDs" },
	{ "assignee:me", 0, "column 1: assignee:me: your user ID is not known "
	    "yet (run tdesk sync)" },
	{ "assignee:none assignee:5", ME, "column 15: assignee is given twice" },
	{ "assignee:5 assignee:none", ME, "column 12: assignee is given twice" },
	{ "assignee:5 assignee:me", ME, "column 12: assignee is given twice" },
	{ "assignee:bob", ME, "column 1: assignee: \"bob\" is not an ID" },
	{ "group:12x", ME, "column 1: group: \"12x\" is not an ID" },
	{ "group:0", ME, "column 1: group: \"0\" is not an ID" },
	{ "group:-3", ME, "column 1: group: \"-3\" is not an ID" },
	{ "org:99999999999999999999", ME, "column 1: org: \"99999999999999999999\" "
	    "is not an ID" },
	{ "group:1 group:2", ME, "column 9: group is given twice with "
	    "different IDs" },
	{ "requester:", ME, "column 1: requester: needs a value" },
	{ "group>3", ME, "column 1: group takes group:VALUE, not a comparison" },
	{ "status:opened", ME, "column 1: status: unknown status \"opened\" "
	    "(known: new, open, pending, hold, solved, closed)" },
	{ "status:open,", ME, "column 1: status: an empty name in the list" },
	{ "status<new", ME, "column 1: status<new matches no status" },
	{ "status>nope", ME, "column 1: status: unknown status \"nope\"" },
	{ "status:open status:solved", ME, "column 13: status: no status is "
	    "left once the terms are combined" },
	{ "updated:2h", ME, "column 1: updated takes a comparison" },
	{ "updated>2h updated<3h", ME, "column 12: updated: no time is left "
	    "once the terms are combined" },
	{ "updated<2026-11-20 updated>=2026-11-20", ME, "column 20: updated: no "
	    "time is left" },
	{ "updated<1970-01-01", ME, "column 1: updated<1970-01-01: no ticket is "
	    "that old" },
	{ "updated>2m", ME, "column 1: updated: \"2m\" is neither an age" },
	{ "updated>yesterday", ME, "column 1: updated: \"yesterday\" is neither" },
	{ "updated>2026-02-29", ME, "column 1: updated: \"2026-02-29\"" },
	{ "updated>2026-13-01", ME, "column 1: updated: \"2026-13-01\"" },
	{ "sort:priority", ME, "column 1: sort: unknown order \"priority\" "
	    "(known: updated, -updated, id, -id)" },
	{ "banner \"unclosed", ME, "column 8: the quote is not closed" },
	{ "tag:\"unclosed", ME, "column 1: the quote is not closed" },
};

static void
ticket_filter_errors_name_the_column_of_the_term(void)
{
	size_t i;

	for (i = 0; i < sizeof tecases / sizeof tecases[0]; i++) {
		const struct ecase *c = &tecases[i];
		struct ticket_query q = { 0 };
		struct filter_strings s = { 0 };
		char *cause = NULL;

		printf("# %s\n", c->text);
		CHECK_INT(filter_tickets(c->text, c->me, NOW, &q, &s, &cause), -1);
		CHECK_CONTAINS(cause, c->cause);
		if (cause != NULL)
			CHECK_INT(strncmp(cause, c->cause, strlen("column ")), 0);
		free(cause);
		filter_strings_free(&s);
	}
}

static void
a_second_filter_narrows_the_query_of_the_first(void)
{
	struct ticket_query q = { 0 };
	struct filter_strings s = { 0 };
	char *cause = NULL;

	CHECK_INT(filter_tickets("status:open,pending tag:billing banner", ME,
	    NOW, &q, &s, &cause), 0);
	CHECK_INT(filter_tickets("status:pending checkout", ME, NOW, &q, &s,
	    &cause), 0);
	CHECK_INT(q.statuses, TICKET_STATUS_PENDING);
	CHECK_INT(q.ntags, 1);
	CHECK_STR(q.ntags > 0 ? q.tags[0] : NULL, "billing");
	CHECK_STR(q.text, "banner checkout");
	CHECK_INT(filter_tickets("tag:payment -tag:spam", ME, NOW, &q, &s,
	    &cause), 0);
	CHECK_INT(q.ntags, 2);
	CHECK_STR(q.ntags > 1 ? q.tags[1] : NULL, "payment");
	CHECK_INT(q.nnot_tags, 1);
	CHECK(q.tags == (const char *const *)s.tags);
	CHECK_INT(filter_tickets("tag:spam", ME, NOW, &q, &s, &cause), -1);
	CHECK_CONTAINS(cause, "column 1: tag:spam is both required and excluded");
	free(cause);
	filter_strings_free(&s);
	CHECK(s.tags == NULL && s.not_tags == NULL && s.text == NULL &&
	    s.currency == NULL && s.ntags == 0 && s.nnot_tags == 0);
}

static void
a_filter_longer_than_the_cap_is_refused(void)
{
	struct ticket_query q = { 0 };
	struct payment_query pq = { 0 };
	struct filter_strings s = { 0 };
	char *text = malloc(FILTER_MAX_LEN + 2), *cause = NULL;

	memset(text, 'a', FILTER_MAX_LEN + 1);
	text[FILTER_MAX_LEN + 1] = '\0';
	CHECK_INT(filter_tickets(text, ME, NOW, &q, &s, &cause), -1);
	CHECK_CONTAINS(cause, "longer than 4096 bytes");
	free(cause);
	cause = NULL;
	CHECK_INT(filter_payments(text, &pq, &s, &cause), -1);
	CHECK_CONTAINS(cause, "longer than 4096 bytes");
	free(cause);
	text[FILTER_MAX_LEN] = '\0';
	cause = NULL;
	CHECK_INT(filter_tickets(text, ME, NOW, &q, &s, &cause), 0);
	filter_strings_free(&s);
	free(text);
}

struct pcase {
	const char	*text;
	unsigned	 statuses;
	unsigned	 reasons;
	const char	*currency;
	enum payment_sort sort;
};

static const struct pcase pcases[] = {
	{ "", 0, 0, NULL, 0 },
	{ "status:flagged", 1u << PAYMENT_STATUS_FLAGGED, 0, NULL, 0 },
	{ "status:accepted,refunded", 1u << PAYMENT_STATUS_ACCEPTED |
	    1u << PAYMENT_STATUS_REFUNDED, 0, NULL, 0 },
	{ "status:recalculated,expired", 1u << PAYMENT_STATUS_RECALCULATED |
	    1u << PAYMENT_STATUS_EXPIRED, 0, NULL, 0 },
	{ "reason:underpaid", 0, PAYMENT_REASON_UNDERPAID, NULL, 0 },
	{ "reason:overpaid,reference_mismatch,account_mismatch", 0,
	    PAYMENT_REASON_OVERPAID | PAYMENT_REASON_REFERENCE_MISMATCH |
	    PAYMENT_REASON_ACCOUNT_MISMATCH, NULL, 0 },
	{ "reason:fee_rounding,late,duplicate", 0, PAYMENT_REASON_FEE_ROUNDING |
	    PAYMENT_REASON_LATE | PAYMENT_REASON_DUPLICATE, NULL, 0 },
	{ "currency:PLN", 0, 0, "PLN", 0 },
	{ "currency:usdt", 0, 0, "USDT", 0 },
	{ "currency:pln currency:PLN", 0, 0, "PLN", 0 },
	{ "sort:cancel", 0, 0, NULL, PAYMENT_SORT_CANCEL_ASC },
	{ "sort:cancel sort:flagged", 0, 0, NULL, PAYMENT_SORT_FLAGGED_DESC },
	{ "currency:PLN reason:underpaid", 0, PAYMENT_REASON_UNDERPAID, "PLN", 0 },
};

static void
payment_filters_fill_every_field_of_the_query(void)
{
	size_t i;

	for (i = 0; i < sizeof pcases / sizeof pcases[0]; i++) {
		const struct pcase *c = &pcases[i];
		struct payment_query q = { 0 };
		struct filter_strings s = { 0 };
		char *cause = NULL;

		printf("# %s\n", c->text);
		CHECK_INT(filter_payments(c->text, &q, &s, &cause), 0);
		CHECK_STR(cause, NULL);
		CHECK_INT(q.statuses, c->statuses);
		CHECK_INT(q.reasons, c->reasons);
		CHECK_STR(q.currency, c->currency);
		CHECK_INT(q.sort, c->sort);
		free(cause);
		filter_strings_free(&s);
	}
}

static const struct ecase pecases[] = {
	{ "tag:billing", 0, "column 1: unknown key \"tag\" (known: status, "
	    "reason, currency, sort)" },
	{ "currency:PLN banner", 0, "column 14: free words are not supported "
	    "in payment filters yet" },
	{ "reason:short", 0, "column 1: reason: unknown reason \"short\" (known: "
	    "underpaid, overpaid, reference_mismatch, account_mismatch, "
	    "fee_rounding, late, duplicate)" },
	{ "status:open", 0, "column 1: status: unknown status \"open\" (known: "
	    "flagged, accepted, recalculated, refunded, expired)" },
	{ "status:flagged status:accepted", 0, "column 16: status: no status "
	    "is left" },
	{ "reason:late reason:duplicate", 0, "column 13: reason: no reason is "
	    "left" },
	{ "currency:PL", 0, "column 1: currency: \"PL\" is not a currency code" },
	{ "currency:P1N", 0, "column 1: currency: \"P1N\" is not" },
	{ "currency:PLN currency:EUR", 0, "column 14: currency is given twice "
	    "(PLN and EUR)" },
	{ "currency>PLN", 0, "column 1: currency takes currency:VALUE, not a "
	    "comparison" },
	{ "reason:", 0, "column 1: reason: needs a value" },
	{ "sort:amount", 0, "column 1: sort: unknown order \"amount\" (known: "
	    "flagged, cancel)" },
	{ "!reason:late", 0, "column 1: negation (-reason or !reason) is not "
	    "supported yet" },
	{ "currency:\"PLN", 0, "column 1: the quote is not closed" },
};

static void
payment_filter_errors_name_the_column_of_the_term(void)
{
	size_t i;

	for (i = 0; i < sizeof pecases / sizeof pecases[0]; i++) {
		const struct ecase *c = &pecases[i];
		struct payment_query q = { 0 };
		struct filter_strings s = { 0 };
		char *cause = NULL;

		printf("# %s\n", c->text);
		CHECK_INT(filter_payments(c->text, &q, &s, &cause), -1);
		CHECK_CONTAINS(cause, c->cause);
		free(cause);
		filter_strings_free(&s);
	}
}

static const struct test tests[] = {
	T(ticket_filters_fill_every_field_of_the_query),
	T(ticket_filter_errors_name_the_column_of_the_term),
	T(a_second_filter_narrows_the_query_of_the_first),
	T(a_filter_longer_than_the_cap_is_refused),
	T(payment_filters_fill_every_field_of_the_query),
	T(payment_filter_errors_name_the_column_of_the_term),
};

TEST_MAIN(tests)
