/*
 * The filter language: terms separated by spaces, each `key:value`,
 * `key>=value` (or <=, >, <), or a free word; values may be quoted.
 * Parsing builds a query and nothing else, so it is tested and fuzzed alone.
 */
#include "tui/text/filter.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/model.h"
#include "api/xmalloc.h"

enum filter_op {
	OP_NONE = 0,		/* a free word */
	OP_IS,			/* : */
	OP_GE,
	OP_LE,
	OP_GT,
	OP_LT,
};

/* One term, split; value has its quotes and escapes removed. */
struct term {
	unsigned	 column;	/* characters from 1 */
	bool		 negated;	/* began with - or ! */
	char		 key[16];	/* lower case; "" for a free word */
	enum filter_op	 op;
	char		*value;		/* owned */
};

static const char *const ticket_statuses[] = {
	"new", "open", "pending", "hold", "solved", "closed",
};

/* In Zendesk's order; "none" (no priority) has no place in it. */
static const char *const ticket_priorities[] = {
	"low", "normal", "high", "urgent",
};

#define TICKET_KEYS "status, priority, assignee, group, org, organization, " \
	"requester, tag, updated, sort"
#define NEGATABLE "status, priority, tag, assignee:none, assignee:some, " \
	"updated"
#define PAYMENT_KEYS "status, reason, currency, sort"
#define STATUS_NAMES "new, open, pending, hold, solved, closed"
#define PRIORITY_NAMES "low, normal, high, urgent, none"
#define REASON_NAMES "underpaid, overpaid, reference_mismatch, " \
	"account_mismatch, fee_rounding, late, duplicate"
#define PAYMENT_STATUS_NAMES "flagged, accepted, recalculated, refunded, " \
	"expired"

#ifndef nitems		/* BSD's <sys/param.h> has it */
#define nitems(a)	(sizeof (a) / sizeof (a)[0])
#endif

static const char *
op_text(enum filter_op op)
{
	switch (op) {
	case OP_IS: return ":";
	case OP_GE: return ">=";
	case OP_LE: return "<=";
	case OP_GT: return ">";
	case OP_LT: return "<";
	default: return "";
	}
}

/* A UTF-8 continuation byte does not start a character. */
static unsigned
column_of(const char *start, const char *p)
{
	unsigned col = 1;

	for (; start < p; start++) {
		if (((unsigned char)*start & 0xc0) != 0x80)
			col++;
	}
	return col;
}

static int	fail(char **, const struct term *, const char *, ...)
		    TD_PRINTF(3, 4);

/* Sets *cause to "column N: message" for term t; returns -1. */
static int
fail(char **cause, const struct term *t, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	xcause(cause, "column %u: %s", t->column, msg);
	free(msg);
	return -1;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Reads the term at *pp into *t and moves *pp past it. Returns 1 for a
 * term, 0 at the end of the text, -1 with *cause set.
 */
static int
next_term(const char *text, const char **pp, struct term *t, char **cause)
{
	const char *p = *pp, *k;
	char *out;
	size_t n;
	bool quoted = false;

	memset(t, 0, sizeof *t);
	while (is_space(*p))
		p++;
	if (*p == '\0')
		return 0;
	t->column = column_of(text, p);
	if ((*p == '-' || *p == '!') && p[1] != '\0' && !is_space(p[1])) {
		t->negated = true;
		p++;
	}
	for (k = p; (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
	    *k == '_'; k++)
		;
	n = (size_t)(k - p);
	if (n > 0 && n < sizeof t->key && (*k == ':' || *k == '<' ||
	    *k == '>')) {
		for (size_t i = 0; i < n; i++)
			t->key[i] = (char)(p[i] | 0x20);
		if (*k == ':')
			t->op = OP_IS;
		else if (k[1] == '=')
			t->op = *k == '>' ? OP_GE : OP_LE;
		else
			t->op = *k == '>' ? OP_GT : OP_LT;
		p = k + (t->op == OP_GE || t->op == OP_LE ? 2 : 1);
	} else if (n >= sizeof t->key && *k == ':') {
		xcause(cause, "column %u: unknown key \"%.*s\"", t->column,
		    (int)n, p);
		return -1;
	}
	out = t->value = xmalloc(strlen(p) + 1);
	for (; *p != '\0' && (quoted || !is_space(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && *p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		*out++ = *p;
	}
	*out = '\0';
	if (quoted) {
		xcause(cause, "column %u: the quote is not closed", t->column);
		return -1;
	}
	*pp = p;
	return 1;
}

static void
term_clear(struct term *t)
{
	free(t->value);
	t->value = NULL;
}

static void
append_words(char **text, const char *words)
{
	char *s;

	if (*words == '\0')
		return;
	if (*text == NULL) {
		*text = xstrdup(words);
		return;
	}
	s = xasprintf("%s %s", *text, words);
	free(*text);
	*text = s;
}

static int
parse_id(const struct term *t, int64_t *id, char **cause)
{
	char *end;
	long long v;
	const char *s = t->value;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || errno != 0 || *end != '\0' || v <= 0)
		return fail(cause, t, "%s: \"%s\" is not an ID", t->key, s);
	*id = v;
	return 0;
}

/* An ID key given twice must agree, or no ticket could match. */
static int
set_id(const struct term *t, int64_t *field, char **cause)
{
	int64_t id = 0;

	if (parse_id(t, &id, cause) != 0)
		return -1;
	if (*field != 0 && *field != id)
		return fail(cause, t, "%s is given twice with different IDs", t->key);
	*field = id;
	return 0;
}

static int
name_index(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return (int)i;
	}
	return -1;
}

/*
 * The checks of a key:VALUE term: its key is one of names, it asks for
 * equality and it has a value. 0, or -1 with *cause naming known.
 */
static int
check_is(const struct term *t, const char *const *names, size_t n,
    const char *known, char **cause)
{
	const char *k = t->key;

	if (name_index(names, n, k) < 0)
		return fail(cause, t, "unknown key \"%s\" (known: %s)", k,
		    known);
	if (t->op != OP_IS)
		return fail(cause, t, "%s takes %s:VALUE, not a comparison", k, k);
	if (*t->value == '\0')
		return fail(cause, t, "%s: needs a value", k);
	return 0;
}

/* The ticket keys that take key:VALUE, besides status, priority, updated. */
static const char *const ticket_is_keys[] = {
	"assignee", "group", "org", "organization", "requester", "tag", "sort",
};

/* The payment keys, all key:VALUE. */
static const char *const payment_keys[] = {
	"status", "reason", "currency", "sort",
};

/* The sort:VALUE words, each at its order's place. */
static const char *const ticket_sorts[] = {
	[TICKET_SORT_UPDATED_DESC] = "-updated",
	[TICKET_SORT_UPDATED_ASC] = "updated",
	[TICKET_SORT_ID_DESC] = "-id",
	[TICKET_SORT_ID_ASC] = "id",
};
static const char *const payment_sorts[] = {
	[PAYMENT_SORT_FLAGGED_DESC] = "flagged",
	[PAYMENT_SORT_CANCEL_ASC] = "cancel",
};

/* The order a sort:VALUE term names, or -1 with *cause naming known. */
static int
sort_order(const struct term *t, const char *const *names, size_t n,
    const char *known, char **cause)
{
	int i;

	if ((i = name_index(names, n, t->value)) < 0)
		return fail(cause, t, "sort: unknown order \"%s\" (known: %s)",
		    t->value, known);
	return i;
}

static int
ticket_status_index(const char *name)
{
	return name_index(ticket_statuses, sizeof ticket_statuses /
	    sizeof ticket_statuses[0], name);
}

/* The flip of a comparison, for a negated term: -updated>2h is updated<=2h. */
static enum filter_op
op_negate(enum filter_op op)
{
	switch (op) {
	case OP_GE: return OP_LT;
	case OP_LE: return OP_GT;
	case OP_GT: return OP_LE;
	case OP_LT: return OP_GE;
	default: return op;
	}
}

/* Narrows *set by bits; an empty result could match nothing. */
static int
narrow(const struct term *t, unsigned *set, unsigned bits, char **cause)
{
	if (*set != 0 && (*set & bits) == 0)
		return fail(cause, t, "%s: no %s is left once the terms are "
		    "combined (they all must hold)", t->key, t->key);
	*set = *set != 0 ? *set & bits : bits;
	return 0;
}

/* The bits of `j OP i` over n ordered names. */
static unsigned
order_bits(enum filter_op op, int i, int n)
{
	unsigned bits = 0;
	int j;

	for (j = 0; j < n; j++) {
		if ((op == OP_GE && j >= i) || (op == OP_GT && j > i) ||
		    (op == OP_LE && j <= i) || (op == OP_LT && j < i))
			bits |= 1u << j;
	}
	return bits;
}

/*
 * Ors into *bits the bit (bit() nonzero) of each name in the comma list
 * that is t's value. 0, or -1 with *cause on an empty or unknown name,
 * named as a key, whose names are known.
 */
static int
list_bits(const struct term *t, const char *key, const char *known,
    unsigned (*bit)(const char *), unsigned *bits, char **cause)
{
	char *list, *item, *comma;
	unsigned b;

	list = xstrdup(t->value);	/* t->value stays whole for messages */
	for (item = list; item != NULL; item = comma) {
		if ((comma = strchr(item, ',')) != NULL)
			*comma++ = '\0';
		if ((b = bit(item)) == 0) {
			if (*item == '\0')
				fail(cause, t, "%s: an empty name in the list",
				    key);
			else
				fail(cause, t, "%s: unknown %s \"%s\" (known: "
				    "%s)", key, key, item, known);
			free(list);
			return -1;
		}
		*bits |= b;
	}
	free(list);
	return 0;
}

static unsigned
ticket_status_bit(const char *name)
{
	int i = ticket_status_index(name);

	return i < 0 ? 0 : 1u << i;
}

/*
 * The bits of a status term, status:a,b or status OP name, complemented
 * for -status; *bits 0 with *cause set on an error.
 */
static int
ticket_status_bits(const struct term *t, unsigned *bits, char **cause)
{
	int i, n = (int)(sizeof ticket_statuses / sizeof ticket_statuses[0]);

	*bits = 0;
	if (t->op != OP_IS) {
		if ((i = ticket_status_index(t->value)) < 0)
			goto unknown;
		*bits = order_bits(t->op, i, n);
	} else {
		if (list_bits(t, "status", STATUS_NAMES, ticket_status_bit,
		    bits, cause) != 0) {
			*bits = 0;
			return -1;
		}
	}
	if (t->negated)
		*bits = ~*bits & ((1u << n) - 1);
	if (*bits == 0)
		return fail(cause, t, "%sstatus%s%s matches no status",
		    t->negated ? "-" : "", op_text(t->op), t->value);
	return 0;
unknown:
	return fail(cause, t, "status: unknown status \"%s\" (known: %s)",
	    t->value, STATUS_NAMES);
}

static int
ticket_status(const struct term *t, unsigned *statuses, char **cause)
{
	unsigned bits;

	if (ticket_status_bits(t, &bits, cause) != 0)
		return -1;
	return narrow(t, statuses, bits, cause);
}

/*
 * priority:a,b (names or none), priority OP name (low to urgent, none
 * left out), complemented over all five for -priority.
 */
static int
ticket_priority(const struct term *t, unsigned *priorities, char **cause)
{
	static const unsigned order[] = { TICKET_PRIORITY_LOW,
	    TICKET_PRIORITY_NORMAL, TICKET_PRIORITY_HIGH,
	    TICKET_PRIORITY_URGENT };
	const unsigned all = TICKET_PRIORITY_LOW | TICKET_PRIORITY_NORMAL |
	    TICKET_PRIORITY_HIGH | TICKET_PRIORITY_URGENT | TICKET_PRIORITY_NONE;
	int n = (int)(sizeof ticket_priorities / sizeof ticket_priorities[0]);
	unsigned bits = 0, ord;
	int i, j;

	if (*t->value == '\0')
		return fail(cause, t, "priority: needs a value");
	if (t->op != OP_IS) {
		if (strcmp(t->value, "none") == 0)
			return fail(cause, t, "priority%snone: none has no "
			    "order (use priority:none)", op_text(t->op));
		if ((i = name_index(ticket_priorities, (size_t)n,
		    t->value)) < 0)
			goto unknown;
		ord = order_bits(t->op, i, n);
		for (j = 0; j < n; j++) {
			if (ord & (1u << j))
				bits |= order[j];
		}
	} else {
		if (list_bits(t, "priority", PRIORITY_NAMES,
		    cache_ticket_priority_bit, &bits, cause) != 0)
			return -1;
	}
	if (t->negated)
		bits = ~bits & all;
	if (bits == 0)
		return fail(cause, t, "%spriority%s%s matches no priority",
		    t->negated ? "-" : "", op_text(t->op), t->value);
	return narrow(t, priorities, bits, cause);
unknown:
	return fail(cause, t, "priority: unknown priority \"%s\" (known: %s)",
	    t->value, PRIORITY_NAMES);
}

/* "2h", "30min", "7d", "1w", "45s" as seconds; -1 if it is not an age. */
static int64_t
parse_age(const char *s)
{
	static const struct {
		const char	*unit;
		int64_t		 secs;
	} units[] = {
		{ "s", 1 }, { "min", 60 }, { "h", 3600 }, { "d", 86400 },
		{ "w", 604800 },
	};
	char *end;
	long long v;
	size_t i;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || v > 100LL * 366 * 86400)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(end, units[i].unit) == 0)
			return v * units[i].secs;
	}
	return -1;
}

/* "2026-11-20" as the unix time of its midnight UTC; -1 if not a date. */
static int64_t
parse_date(const char *s)
{
	int y, m, d;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int64_t days;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return -1;
	/* Days from civil (Howard Hinnant's algorithm), no time zone needed. */
	{
		int yy = m <= 2 ? y - 1 : y;
		int era = yy / 400, yoe = yy - era * 400;
		int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

		days = (int64_t)era * 146097 + doe - 719468;
	}
	return days * 86400;
}

/*
 * updated>AGE: changed less than AGE ago (at or after now - AGE);
 * updated<AGE: longer ago (strictly before now - AGE; <= takes the
 * second itself too). A date is a whole UTC day: updated>=D and
 * updated<=D take that day in, updated>D and updated<D leave it out.
 * -updated flips the comparison.
 */
static int
ticket_updated(const struct term *t, int64_t now, struct ticket_query *q,
    char **cause)
{
	enum filter_op op = t->negated ? op_negate(t->op) : t->op;
	int64_t age, at;
	bool date = false;

	if (t->op == OP_IS)
		return fail(cause, t, "updated takes a comparison: updated>2h, "
		    "updated<7d, updated>=2026-11-20");
	if ((age = parse_age(t->value)) >= 0)
		at = now - age;
	else if ((at = parse_date(t->value)) >= 0)
		date = true;
	else
		return fail(cause, t, "updated: \"%s\" is neither an age (30min, "
		    "2h, 7d, 1w) nor a date (2026-11-20)", t->value);
	switch (op) {
	case OP_GT:
		if (date)
			at += 86400;	/* after that day, not during it */
		/* FALLTHROUGH */
	case OP_GE:
		if (at > q->updated_since)
			q->updated_since = at;
		break;
	case OP_LE:
		at += date ? 86400 : 1;	/* that day, or that second, too */
		/* FALLTHROUGH */
	case OP_LT:
	default:
		/* 0 would mean "any": before 1970 nothing matches. */
		if (at <= 0)
			return fail(cause, t, "%supdated%s%s: no ticket is "
			    "that old", t->negated ? "-" : "", op_text(t->op),
			    t->value);
		if (q->updated_before == 0 || at < q->updated_before)
			q->updated_before = at;
		break;
	}
	if (q->updated_before != 0 && q->updated_since >= q->updated_before)
		return fail(cause, t, "updated: no time is left once the terms "
		    "are combined (they all must hold)");
	return 0;
}

/*
 * Sets the assignee filter, narrowing one already set: some and an ID
 * is the ID; none with anything else, or two IDs, could match nothing.
 */
static int
set_assignee(const struct term *t, struct ticket_query *q,
    enum ticket_assignee_filter mode, int64_t id, char **cause)
{
	enum ticket_assignee_filter was = q->assignee;

	if (was == TICKET_ASSIGNEE_ANY || (was == TICKET_ASSIGNEE_SOME &&
	    mode == TICKET_ASSIGNEE_ID)) {
		q->assignee = mode;
		q->assignee_id = id;
		return 0;
	}
	if (was == mode && id == q->assignee_id)
		return 0;
	if (was == TICKET_ASSIGNEE_ID && mode == TICKET_ASSIGNEE_SOME)
		return 0;
	if (was == TICKET_ASSIGNEE_ID && mode == TICKET_ASSIGNEE_ID)
		return fail(cause, t, "assignee is given twice with different "
		    "IDs");
	return fail(cause, t, "assignee is given twice (%s and %s): no ticket "
	    "is both", was == TICKET_ASSIGNEE_NONE ? "none" :
	    was == TICKET_ASSIGNEE_SOME ? "some" : "an ID",
	    mode == TICKET_ASSIGNEE_NONE ? "none" :
	    mode == TICKET_ASSIGNEE_SOME ? "some" : "an ID");
}

static int
ticket_assignee(const struct term *t, int64_t me, struct ticket_query *q,
    char **cause)
{
	const char *v = t->value;
	int64_t id = 0;
	bool none = strcmp(v, "none") == 0;
	bool some = strcmp(v, "some") == 0 || strcmp(v, "any") == 0;

	if (t->negated) {
		if (!none && !some)
			return fail(cause, t, "-assignee:%s: only -assignee:none "
			    "and -assignee:some can be negated", v);
		return set_assignee(t, q, none ? TICKET_ASSIGNEE_SOME :
		    TICKET_ASSIGNEE_NONE, 0, cause);
	}
	if (none)
		return set_assignee(t, q, TICKET_ASSIGNEE_NONE, 0, cause);
	if (some)
		return set_assignee(t, q, TICKET_ASSIGNEE_SOME, 0, cause);
	if (strcmp(v, "me") == 0) {
		if (me <= 0)
			return fail(cause, t, "assignee:me: your user ID is not "
			    "known yet (run tdesk sync)");
		return set_assignee(t, q, TICKET_ASSIGNEE_ID, me, cause);
	}
	if (parse_id(t, &id, cause) != 0)
		return -1;
	return set_assignee(t, q, TICKET_ASSIGNEE_ID, id, cause);
}

static bool
list_has(char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strcmp(list[i], s) == 0)
			return true;
	}
	return false;
}

/* tag:NAME joins the required tags, -tag:NAME the excluded ones. */
static int
ticket_tag(const struct term *t, struct ticket_query *q,
    struct filter_strings *owned, char **cause)
{
	char ***list = t->negated ? &owned->not_tags : &owned->tags;
	size_t *n = t->negated ? &owned->nnot_tags : &owned->ntags;

	if (list_has(t->negated ? owned->tags : owned->not_tags,
	    t->negated ? owned->ntags : owned->nnot_tags, t->value))
		return fail(cause, t, "tag:%s is both required and excluded: no "
		    "ticket can match", t->value);
	if (!list_has(*list, *n, t->value)) {
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		(*list)[(*n)++] = xstrdup(t->value);
	}
	q->tags = (const char *const *)owned->tags;
	q->ntags = owned->ntags;
	q->not_tags = (const char *const *)owned->not_tags;
	q->nnot_tags = owned->nnot_tags;
	return 0;
}

static int
ticket_term(const struct term *t, int64_t me, int64_t now,
    struct ticket_query *q, struct filter_strings *owned, char **cause)
{
	const char *k = t->key;
	int i;

	if (strcmp(k, "status") == 0)
		return ticket_status(t, &q->statuses, cause);
	if (strcmp(k, "priority") == 0)
		return ticket_priority(t, &q->priorities, cause);
	if (strcmp(k, "updated") == 0)
		return ticket_updated(t, now, q, cause);
	if (check_is(t, ticket_is_keys, nitems(ticket_is_keys),
	    TICKET_KEYS, cause) != 0)
		return -1;
	if (strcmp(k, "assignee") == 0)
		return ticket_assignee(t, me, q, cause);
	if (strcmp(k, "tag") == 0)
		return ticket_tag(t, q, owned, cause);
	if (t->negated)
		return fail(cause, t, "-%s: %s cannot be negated (only %s)", k,
		    k, NEGATABLE);
	if (strcmp(k, "group") == 0)
		return set_id(t, &q->group_id, cause);
	if (strcmp(k, "org") == 0 || strcmp(k, "organization") == 0)
		return set_id(t, &q->organization_id, cause);
	if (strcmp(k, "requester") == 0)
		return set_id(t, &q->requester_id, cause);
	/* sort: the last one given wins, so --filter can reorder a view. */
	if ((i = sort_order(t, ticket_sorts, nitems(ticket_sorts),
	    "updated, -updated, id, -id", cause)) < 0)
		return -1;
	q->sort = (enum ticket_sort)i;
	return 0;
}

static int
negation(const struct term *t, char **cause)
{
	return fail(cause, t, "negation (-%s or !%s) is not supported yet",
	    t->key[0] != '\0' ? t->key : "word", t->key[0] != '\0' ? t->key :
	    "word");
}

/* The text checks shared by both languages. */
static int
check_text(const char *text, char **cause)
{
	if (strlen(text) > FILTER_MAX_LEN) {
		xcause(cause, "column %d: the filter is longer than %d bytes",
		    FILTER_MAX_LEN + 1, FILTER_MAX_LEN);
		return -1;
	}
	return 0;
}

/*
 * Calls each(t, arg, cause) on every term of text in turn, which returns
 * 0 or -1 after setting *cause. Returns 0, or -1 with *cause set.
 */
static int
each_term(const char *text, int (*each)(const struct term *, void *, char **),
    void *arg, char **cause)
{
	const char *p = text;
	struct term t;
	int r;

	if (check_text(text, cause) != 0)
		return -1;
	while ((r = next_term(text, &p, &t, cause)) == 1) {
		r = each(&t, arg, cause);
		term_clear(&t);
		if (r != 0)
			return -1;
	}
	term_clear(&t);
	return r;
}

/* What a ticket term narrows, for each_term(). */
struct ticket_filter {
	int64_t			 me, now;
	struct ticket_query	*q;
	struct filter_strings	*owned;
};

static int
ticket_each(const struct term *t, void *arg, char **cause)
{
	struct ticket_filter *f = arg;

	if (t->negated && t->op == OP_NONE)
		return fail(cause, t, "-%s: a free word cannot be negated "
		    "(only %s)", t->value, NEGATABLE);
	if (t->op == OP_NONE) {
		append_words(&f->owned->text, t->value);
		f->q->text = f->owned->text;
		return 0;
	}
	return ticket_term(t, f->me, f->now, f->q, f->owned, cause);
}

int
filter_tickets(const char *text, int64_t me, int64_t now,
    struct ticket_query *q, struct filter_strings *owned, char **cause)
{
	struct ticket_filter f = { me, now, q, owned };

	return each_term(text, ticket_each, &f, cause);
}

static int
payment_list(const struct term *t, unsigned *set, char **cause)
{
	unsigned bits = 0, b;
	char *item, *comma;
	bool reason = strcmp(t->key, "reason") == 0;

	for (item = t->value; item != NULL; item = comma) {
		if ((comma = strchr(item, ',')) != NULL)
			*comma++ = '\0';
		if (reason)
			b = payment_reason_from_name(item);
		else {
			enum payment_status s = payment_status_from_name(item);

			b = s == PAYMENT_STATUS_OTHER ? 0 : 1u << s;
		}
		if (b == 0)
			return fail(cause, t, reason ? "reason: unknown reason "
			    "\"%s\" (known: %s)" : "status: unknown status \"%s\" "
			    "(known: %s)", item, reason ? REASON_NAMES :
			    PAYMENT_STATUS_NAMES);
		bits |= b;
	}
	return narrow(t, set, bits, cause);
}

static int
payment_term(const struct term *t, struct payment_query *q,
    struct filter_strings *owned, char **cause)
{
	const char *k = t->key;
	size_t i, n;
	int r;

	if (check_is(t, payment_keys, nitems(payment_keys), PAYMENT_KEYS,
	    cause) != 0)
		return -1;
	if (strcmp(k, "status") == 0)
		return payment_list(t, &q->statuses, cause);
	if (strcmp(k, "reason") == 0)
		return payment_list(t, &q->reasons, cause);
	if (strcmp(k, "sort") == 0) {
		if ((r = sort_order(t, payment_sorts, nitems(payment_sorts),
		    "flagged, cancel", cause)) < 0)
			return -1;
		q->sort = (enum payment_sort)r;
		return 0;
	}
	n = strlen(t->value);
	for (i = 0; i < n; i++) {
		char c = t->value[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			break;
	}
	if (n < 3 || n > 5 || i != n)
		return fail(cause, t, "currency: \"%s\" is not a currency code "
		    "(PLN, EUR, USDT)", t->value);
	for (i = 0; i < n; i++)
		t->value[i] = (char)(t->value[i] & ~0x20);
	if (owned->currency != NULL && strcmp(owned->currency, t->value) != 0)
		return fail(cause, t, "currency is given twice (%s and %s)",
		    owned->currency, t->value);
	if (owned->currency == NULL)
		owned->currency = xstrdup(t->value);
	q->currency = owned->currency;
	return 0;
}

/* What a payment term narrows, for each_term(). */
struct payment_filter {
	struct payment_query	*q;
	struct filter_strings	*owned;
};

static int
payment_each(const struct term *t, void *arg, char **cause)
{
	struct payment_filter *f = arg;

	if (t->negated)
		return negation(t, cause);
	if (t->op == OP_NONE)
		return fail(cause, t, "free words are not supported in "
		    "payment filters yet (\"%s\"; known keys: %s)",
		    t->value, PAYMENT_KEYS);
	return payment_term(t, f->q, f->owned, cause);
}

int
filter_payments(const char *text, struct payment_query *q,
    struct filter_strings *owned, char **cause)
{
	struct payment_filter f = { q, owned };

	return each_term(text, payment_each, &f, cause);
}

void
filter_strings_free(struct filter_strings *s)
{
	xfree_strings(s->tags, s->ntags);
	xfree_strings(s->not_tags, s->nnot_tags);
	free(s->text);
	free(s->currency);
	memset(s, 0, sizeof *s);
}
