/*
 * The read-only listings: tickets, payments and incidents from the cache,
 * each as aligned columns, --plain or --json. They read the cache only and
 * never wait on a backend; `tdesk sync` fills the cache.
 */
#include "tui/cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/cache.h"
#include "tui/config/config.h"
#include "tui/cli/exitcode.h"
#include "tui/text/filter.h"
#include "api/money.h"
#include "tui/cli/msg.h"
#include "tui/cli/output.h"
#include "cache/query.h"
#include "tui/text/timefmt.h"
#include "api/xmalloc.h"

#define ARGS_MAX 8

/* Parses the listing options; the command takes exactly nwant operands. */
static int
parse(const char *cmd, int argc, char **argv, int nwant,
    struct output_opts *o, char **rest)
{
	char *all[64];
	int n;

	if (argc > (int)(sizeof all / sizeof all[0])) {
		msg_error("%s: too many arguments", cmd);
		return -1;
	}
	if (output_parse_opts(cmd, argc, argv, o, all, &n) != 0)
		return -1;
	if (n != nwant) {
		msg_error("%s takes %s", cmd, nwant == 0 ? "no operand" :
		    "one ID");
		return -1;
	}
	if (n > 0)
		rest[0] = all[0];
	return 0;
}

static int
parse_ticket_id(const char *s, int64_t *id)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || errno != 0 || *end != '\0' || v <= 0) {
		msg_error("%s: not a ticket ID", s);
		return -1;
	}
	*id = v;
	return 0;
}

static const char *
id_text(int64_t id, char *buf, size_t size)
{
	if (id == 0)
		return NULL;
	snprintf(buf, size, "%" PRId64, id);
	return buf;
}

/* A time cell: an age for people, RFC 3339 for --plain. */
static const char *
when_cell(enum output_mode mode, int64_t t, char *buf, size_t size)
{
	if (mode == OUTPUT_PLAIN)
		return timefmt_rfc3339(t, buf, size);
	return timefmt_age(t, (int64_t)time(NULL), buf, size);
}

static json_t *
json_id(int64_t id)
{
	return id == 0 ? json_null() : json_integer(id);
}

static int
cache_failed(char *cause)
{
	msg_error("%s", cause);
	free(cause);
	return EXIT_CACHE;
}

/*
 * The exit code after a cache_*_get() that returned rc with cause and
 * found: EXIT_OK when the row was found, else a message naming kind and
 * id. Frees cause.
 */
static int
show_found(int rc, char *cause, bool found, const char *kind, const char *id)
{
	if (rc != CACHE_OK)
		return cache_failed(cause);
	if (!found) {
		msg_error("%s %s is not in the cache (run tdesk sync)", kind, id);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* "label  time", the time in each of the configured zones. */
static void
zones_field(const struct config_tdesk *td, const char *label, int64_t t)
{
	char *when = timefmt_zones(t, td->zones, td->nzones);

	output_field(stdout, label, when);
	free(when);
}

/*
 * How a listing prints its rows: its columns, one row as JSON, and one
 * row's cells (bufs is room for the cells that need formatting).
 */
#define CELL_BUFS	3
#define CELL_BUFSIZE	32	/* an ID, an age, a time or an amount */
struct listing {
	const struct output_column *cols;
	size_t		 ncols;
	json_t		*(*json)(const void *row);
	void		 (*cells)(const void *row, enum output_mode,
			    char bufs[CELL_BUFS][CELL_BUFSIZE], const char **cells);
};

/* The n rows (size bytes apart) as the mode asks; an exit status. */
static int
print_rows(const struct listing *l, enum output_mode mode, const void *rows,
    size_t n, size_t size)
{
	char bufs[CELL_BUFS][CELL_BUFSIZE];
	const char *cells[16];
	size_t i;

	if (mode == OUTPUT_JSON)
		return output_json_rows(stdout, rows, n, size, l->json) != 0 ?
		    EXIT_FAIL : EXIT_OK;
	output_titles(stdout, mode, l->cols, l->ncols);
	for (i = 0; i < n; i++) {
		l->cells((const char *)rows + i * size, mode, bufs, cells);
		output_row(stdout, mode, l->cols, l->ncols, cells);
	}
	return EXIT_OK;
}

/* ---- tickets ---------------------------------------------------------- */

/* --view NAME and --filter EXPR, taken out of argv before parse(). */
struct list_filter {
	const char	*view;		/* NULL: none */
	const char	*expr[8];	/* each --filter, in order */
	int		 nexpr;
};

/*
 * Moves --view and --filter (with "--x VALUE" or "--x=VALUE") out of
 * argv into *f, compacting argv and *argc. view_ok false: --view is
 * refused (payments have no views). Returns 0, or -1 after a message.
 */
static int
take_filter_opts(const char *cmd, int *argc, char **argv, bool view_ok,
    struct list_filter *f)
{
	int i, n = 0;
	const char *val, *name;
	size_t len;

	memset(f, 0, sizeof *f);
	for (i = 0; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strncmp(argv[i], "--filter", 8) == 0)
			name = "--filter";
		else if (strncmp(argv[i], "--view", 6) == 0)
			name = "--view";
		else {
			argv[n++] = argv[i];
			continue;
		}
		len = strlen(name);
		if (argv[i][len] == '=')
			val = argv[i] + len + 1;
		else if (argv[i][len] != '\0') {
			argv[n++] = argv[i];	/* --filterx: not ours */
			continue;
		} else if (i + 1 < *argc)
			val = argv[++i];
		else {
			msg_error("%s: %s needs a value", cmd, name);
			return -1;
		}
		if (name[2] == 'v') {
			if (!view_ok) {
				msg_error("%s takes no --view", cmd);
				return -1;
			}
			if (f->view != NULL) {
				msg_error("%s: --view is given twice", cmd);
				return -1;
			}
			f->view = val;
		} else {
			if (f->nexpr == (int)(sizeof f->expr /
			    sizeof f->expr[0])) {
				msg_error("%s: too many --filter options",
				    cmd);
				return -1;
			}
			f->expr[f->nexpr++] = val;
		}
	}
	*argc = n;
	return 0;
}

/* Prints a filter error as "tdesk: WHERE: column N: message"; EXIT_USAGE. */
static int
filter_failed(const char *where, char *cause)
{
	msg_error("%s: %s", where, cause);
	free(cause);
	return EXIT_USAGE;
}

/*
 * The ticket query of a view's filter and then each --filter, narrowing
 * one query. Returns EXIT_OK, or an exit code after a message.
 */
static int
ticket_filter(const struct cli_ctx *ctx, const struct list_filter *f,
    struct ticket_query *q, struct filter_strings *owned)
{
	const struct config_view *v;
	int64_t me = cli_me(ctx->cache), now = (int64_t)time(NULL);
	char *cause = NULL, *known, *more, where[CONFIG_MAX_NAME + 16];
	size_t i;
	int k;

	if (f->view != NULL) {
		if ((v = config_find_view(ctx->cfg, f->view)) == NULL) {
			known = xstrdup(ctx->cfg->nviews == 0 ?
			    "it has no [view] sections" : "known: ");
			for (i = 0; i < ctx->cfg->nviews; i++) {
				more = xasprintf("%s%s%s", known, i == 0 ? "" :
				    ", ", ctx->cfg->views[i].name);
				free(known);
				known = more;
			}
			msg_error("--view: no view \"%s\" in %s (%s)", f->view,
			    ctx->cfg->path, known);
			free(known);
			return EXIT_USAGE;
		}
		if (filter_tickets(v->filter, me, now, q, owned, &cause) != 0) {
			snprintf(where, sizeof where, "view \"%s\"", v->name);
			return filter_failed(where, cause);
		}
	}
	for (k = 0; k < f->nexpr; k++) {
		if (filter_tickets(f->expr[k], me, now, q, owned, &cause) != 0)
			return filter_failed("--filter", cause);
	}
	return EXIT_OK;
}

static const struct output_column ticket_cols[] = {
	{ "ID", 8, 1, 1 }, { "STATUS", 7, 0, 0 }, { "PRIO", 6, 0, 0 },
	{ "UPDATED", 8, 1, 0 }, { "REQUESTER", 18, 0, 0 }, { "SUBJECT", 0, 0, 0 },
};

static json_t *
ticket_row_json(const void *row)
{
	const struct ticket_row *r = row;
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
	    " s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)r->id,
	    "subject", output_json_string(r->subject),
	    "status", output_json_string(r->status),
	    "priority", output_json_string(r->priority),
	    "requester_id", json_id(r->requester_id),
	    "requester", output_json_string(r->requester_name),
	    "organization", output_json_string(r->organization_name),
	    "billing_standing", output_json_string(r->billing_standing),
	    "assignee_id", json_id(r->assignee_id),
	    "assignee", output_json_string(r->assignee_name),
	    "group", output_json_string(r->group_name),
	    "tags", output_json_string(r->tags),
	    "created_at", output_json_time(r->created_at),
	    "updated_at", output_json_time(r->updated_at));
}

static void
ticket_cells(const void *row, enum output_mode mode,
    char bufs[CELL_BUFS][CELL_BUFSIZE], const char **cells)
{
	const struct ticket_row *r = row;

	cells[0] = id_text(r->id, bufs[0], CELL_BUFSIZE);
	cells[1] = r->status;
	cells[2] = r->priority;
	cells[3] = when_cell(mode, r->updated_at, bufs[1], CELL_BUFSIZE);
	cells[4] = r->requester_name;
	cells[5] = r->subject;
}

static const struct listing ticket_listing = {
	ticket_cols, 6, ticket_row_json, ticket_cells
};

int
cli_tickets_list(const struct cli *cli, int argc, char **argv)
{
	struct ticket_query q = { 0 };
	struct filter_strings owned = { 0 };
	struct list_filter f;
	struct output_opts o;
	struct cli_ctx ctx;
	struct ticket_row *rows = NULL;
	size_t n = 0;
	char *rest[ARGS_MAX], *cause = NULL;
	int rc;

	if (take_filter_opts("tickets list", &argc, argv, true, &f) != 0 ||
	    parse("tickets list", argc, argv, 0, &o, rest) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if ((rc = ticket_filter(&ctx, &f, &q, &owned)) != EXIT_OK)
		goto out;
	if (cache_tickets_window(ctx.cache, &q, NULL, CACHE_FORWARD, o.limit,
	    &rows, &n, &cause) != CACHE_OK) {
		rc = cache_failed(cause);
		goto out;
	}
	rc = print_rows(&ticket_listing, o.mode, rows, n, sizeof *rows);
out:
	cache_ticket_rows_free(&rows, n);
	filter_strings_free(&owned);
	cli_close(&ctx);
	return rc;
}

int
cli_ticket_show(const struct cli *cli, int argc, char **argv)
{
	struct ticket_detail d;
	struct output_opts o;
	struct cli_ctx ctx;
	struct comment_row *cm = NULL;
	const struct config_tdesk *td;
	size_t n = 0, i;
	char *rest[ARGS_MAX], *cause = NULL, *when, idbuf[24];
	json_t *obj, *arr;
	int64_t tid;
	bool found = false, older = false;
	size_t first = 0;
	int rc;

	memset(&d, 0, sizeof d);
	if (parse("ticket show", argc, argv, 1, &o, rest) != 0 ||
	    parse_ticket_id(rest[0], &tid) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	td = &ctx.cfg->tdesk;
	rc = cache_ticket_get(ctx.cache, tid, &d, &found, &cause);
	if ((rc = show_found(rc, cause, found, "ticket", id_text(tid, idbuf,
	    sizeof idbuf))) != EXIT_OK)
		goto out;
	/*
	 * The latest comments, shown oldest first: one more than the limit
	 * is asked for, to know whether older ones were left out.
	 */
	if (cache_comments_window(ctx.cache, tid, NULL, CACHE_BACKWARD,
	    o.limit + 1, &cm, &n, &cause) != CACHE_OK) {
		rc = cache_failed(cause);
		goto out;
	}
	older = n > o.limit;
	first = older ? 1 : 0;
	if (o.mode == OUTPUT_JSON) {
		obj = ticket_row_json(&d.row);
		json_object_set_new(obj, "type", output_json_string(d.type));
		json_object_set_new(obj, "requester_email",
		    output_json_string(d.requester_email));
		json_object_set_new(obj, "updated_stamp",
		    output_json_string(d.updated_stamp));
		arr = json_array();
		json_object_set_new(obj, "comments_truncated",
		    json_boolean(older));
		for (i = first; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:o, s:o,"
			    " s:b, s:o, s:o}", "id", (json_int_t)cm[i].id,
			    "author_id", json_integer(cm[i].author_id),
			    "author", output_json_string(cm[i].author_name),
			    "public", cm[i].public,
			    "body", output_json_string(cm[i].body),
			    "created_at", output_json_time(cm[i].created_at)));
		json_object_set_new(obj, "comments", arr);
		if (output_json(stdout, obj) != 0)
			rc = EXIT_FAIL;
		goto out;
	}
	if (o.mode == OUTPUT_PLAIN) {
		for (i = first; i < n; i++) {
			char cid[24], at[32];
			const char *cells[5] = {
				id_text(cm[i].id, cid, sizeof cid),
				timefmt_rfc3339(cm[i].created_at, at, sizeof at),
				cm[i].public ? "public" : "internal",
				cm[i].author_name, cm[i].body,
			};
			output_plain_row(stdout, cells, 5);
		}
		goto out;
	}
	printf("#%" PRId64 " ", tid);
	output_inline(stdout, d.row.subject);
	putchar('\n');
	output_field(stdout, "status", d.row.status);
	output_field(stdout, "priority", d.row.priority);
	output_field(stdout, "requester", d.row.requester_name);
	output_field(stdout, "organization", d.row.organization_name);
	output_field(stdout, "billing", d.row.billing_standing);
	output_field(stdout, "assignee", d.row.assignee_name);
	output_field(stdout, "group", d.row.group_name);
	output_field(stdout, "tags", d.row.tags);
	zones_field(td, "updated", d.row.updated_at);
	if (older)
		printf("\n(older comments not shown; see --limit)\n");
	for (i = first; i < n; i++) {
		when = timefmt_zones(cm[i].created_at, td->zones, td->nzones);
		printf("\n%s ", cm[i].public ? "--- reply from" :
		    "=== INTERNAL NOTE by");
		output_inline(stdout, cm[i].author_name != NULL ?
		    cm[i].author_name : "(unknown)");
		printf(", %s\n", when);
		free(when);
		output_body(stdout, cm[i].body, cm[i].public ? "  " : "  | ");
	}
	if (n == 0)
		puts("\n(no comments cached yet)");
out:
	cache_comment_rows_free(&cm, n);
	cache_ticket_detail_clear(&d);
	cli_close(&ctx);
	return rc;
}

/* ---- payments --------------------------------------------------------- */

static const struct output_column payment_cols[] = {
	{ "ID", 12, 0, 1 }, { "STATUS", 12, 0, 0 }, { "CUR", 4, 0, 1 },
	{ "EXPECTED", 12, 1, 1 }, { "RECEIVED", 12, 1, 1 },
	{ "DELTA", 12, 1, 1 }, { "REASONS", 22, 0, 0 }, { "CUSTOMER", 0, 0, 0 },
};

static json_t *
payment_row_json(const void *row)
{
	const struct payment_row *r = row;
	int64_t delta;
	json_t *v = json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o,"
	    " s:o, s:o, s:o, s:o, s:o}",
	    "id", output_json_string(r->id),
	    "order_id", output_json_string(r->order_id),
	    "version", (json_int_t)r->version,
	    "status", output_json_string(r->status),
	    "provider", output_json_string(r->provider),
	    "currency", output_json_string(r->currency),
	    "expected_amount", output_json_money(r->expected_minor, r->currency),
	    "received_amount", output_json_money(r->received_minor, r->currency),
	    "fee_amount", r->has_fee ? output_json_money(r->fee_minor, r->currency) :
	    json_null(),
	    "reasons", output_json_string(r->reasons),
	    "customer", output_json_string(r->customer_name),
	    "flagged_at", output_json_time(r->flagged_at),
	    "auto_cancel_at", output_json_time(r->auto_cancel_at),
	    "updated_at", output_json_time(r->updated_at));

	json_object_set_new(v, "delta", money_sub(r->received_minor,
	    r->expected_minor, &delta) == 0 ? output_json_money(delta,
	    r->currency) : json_null());
	return v;
}

static void
payment_cells(const void *row, enum output_mode mode,
    char bufs[CELL_BUFS][CELL_BUFSIZE], const char **cells)
{
	const struct payment_row *r = row;
	int64_t delta;

	(void)mode;
	cells[0] = r->id;
	cells[1] = r->status;
	cells[2] = r->currency;
	cells[3] = money_format(r->expected_minor, r->currency, bufs[0],
	    CELL_BUFSIZE);
	cells[4] = money_format(r->received_minor, r->currency, bufs[1],
	    CELL_BUFSIZE);
	cells[5] = money_sub(r->received_minor, r->expected_minor, &delta) == 0 ?
	    money_format(delta, r->currency, bufs[2], CELL_BUFSIZE) : "?";
	cells[6] = r->reasons;
	cells[7] = r->customer_name;
}

static const struct listing payment_listing = {
	payment_cols, 8, payment_row_json, payment_cells
};

int
cli_payments_list(const struct cli *cli, int argc, char **argv)
{
	struct payment_query q = { 0 };
	struct filter_strings owned = { 0 };
	struct list_filter f;
	struct output_opts o;
	struct cli_ctx ctx;
	struct payment_row *rows = NULL;
	size_t n = 0;
	char *rest[ARGS_MAX], *cause = NULL;
	int k, rc;

	if (take_filter_opts("payments list", &argc, argv, false, &f) != 0 ||
	    parse("payments list", argc, argv, 0, &o, rest) != 0)
		return EXIT_USAGE;
	for (k = 0; k < f.nexpr; k++) {
		if (filter_payments(f.expr[k], &q, &owned, &cause) != 0) {
			filter_strings_free(&owned);
			return filter_failed("--filter", cause);
		}
	}
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if (cache_payments_window(ctx.cache, &q, NULL, CACHE_FORWARD, o.limit,
	    &rows, &n, &cause) != CACHE_OK) {
		rc = cache_failed(cause);
		goto out;
	}
	rc = print_rows(&payment_listing, o.mode, rows, n, sizeof *rows);
out:
	cache_payment_rows_free(&rows, n);
	filter_strings_free(&owned);
	cli_close(&ctx);
	return rc;
}

/* "expected       15.46 PLN" */
static void
money_line(const char *label, const char *amount, const char *currency)
{
	printf("%-14s %s ", label, amount);
	output_inline(stdout, currency);
	putchar('\n');
}

int
cli_payment_show(const struct cli *cli, int argc, char **argv)
{
	struct payment_detail d;
	struct output_opts o;
	struct cli_ctx ctx;
	const struct config_tdesk *td;
	char *rest[ARGS_MAX], *cause = NULL, bufs[CELL_BUFS][CELL_BUFSIZE];
	char fee[MONEY_BUFSIZE];
	const char *cells[8];
	json_t *obj, *arr;
	bool found = false;
	size_t i;
	int rc;

	memset(&d, 0, sizeof d);
	if (parse("payment show", argc, argv, 1, &o, rest) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	td = &ctx.cfg->tdesk;
	rc = cache_payment_get(ctx.cache, rest[0], &d, &found, &cause);
	if ((rc = show_found(rc, cause, found, "payment", rest[0])) != EXIT_OK)
		goto out;
	if (o.mode == OUTPUT_JSON) {
		obj = payment_row_json(&d.row);
		json_object_set_new(obj, "expected_reference",
		    output_json_string(d.expected_reference));
		json_object_set_new(obj, "received_reference",
		    output_json_string(d.received_reference));
		json_object_set_new(obj, "expected_account",
		    output_json_string(d.expected_account));
		json_object_set_new(obj, "received_account",
		    output_json_string(d.received_account));
		arr = json_array();
		for (i = 0; i < d.nhistory && i < o.limit; i++)
			json_array_append_new(arr, json_pack("{s:o, s:o, s:o, s:o}",
			    "at", output_json_time(d.history[i].at),
			    "actor", output_json_string(d.history[i].actor),
			    "action", output_json_string(d.history[i].action),
			    "note", output_json_string(d.history[i].note)));
		json_object_set_new(obj, "history", arr);
		arr = json_array();
		for (i = 0; i < d.ntickets; i++)
			json_array_append_new(arr, json_integer(
			    d.tickets[i].ticket_id));
		json_object_set_new(obj, "ticket_ids", arr);
		if (output_json(stdout, obj) != 0)
			rc = EXIT_FAIL;
		goto out;
	}
	payment_cells(&d.row, o.mode, bufs, cells);
	if (o.mode == OUTPUT_PLAIN) {
		output_plain_row(stdout, cells, 8);
		goto out;
	}
	output_field(stdout, "payment", d.row.id);
	output_field(stdout, "order", d.row.order_id);
	output_field(stdout, "status", d.row.status);
	output_field(stdout, "customer", d.row.customer_name);
	output_field(stdout, "email", d.row.customer_email);
	output_field(stdout, "provider", d.row.provider);
	money_line("expected", cells[3], d.row.currency);
	money_line("received", cells[4], d.row.currency);
	money_line("difference", cells[5], d.row.currency);
	if (d.row.has_fee)
		money_line("fee", money_format(d.row.fee_minor, d.row.currency,
		    fee, sizeof fee), d.row.currency);
	output_field(stdout, "reasons", d.row.reasons);
	output_field(stdout, "reference", d.expected_reference);
	output_field(stdout, "  received", d.received_reference);
	output_field(stdout, "account", d.expected_account);
	output_field(stdout, "  received", d.received_account);
	zones_field(td, "flagged", d.row.flagged_at);
	zones_field(td, "auto-cancel", d.row.auto_cancel_at);
	for (i = 0; i < d.ntickets; i++) {
		char tid[24];

		snprintf(tid, sizeof tid, "#%" PRId64, d.tickets[i].ticket_id);
		printf("%-14s %s ", "ticket", tid);
		output_inline(stdout, d.tickets[i].subject != NULL ?
		    d.tickets[i].subject : "(not cached)");
		putchar('\n');
	}
	if (d.nhistory > 0)
		puts("history:");
	for (i = 0; i < d.nhistory && i < o.limit; i++) {
		char at[32];
		const char *hc[4] = {
			timefmt_rfc3339(d.history[i].at, at, sizeof at),
			d.history[i].actor, d.history[i].action, d.history[i].note,
		};
		static const struct output_column hcols[] = {
			{ "AT", 20, 0, 1 }, { "ACTOR", 16, 0, 0 },
			{ "ACTION", 12, 0, 0 }, { "NOTE", 0, 0, 0 },
		};
		output_table_row(stdout, hcols, 4, hc);
	}
out:
	cache_payment_detail_clear(&d);
	cli_close(&ctx);
	return rc;
}

/* ---- incidents -------------------------------------------------------- */

static const struct output_column incident_cols[] = {
	{ "ID", 14, 0, 1 }, { "STATUS", 13, 0, 0 }, { "IMPACT", 9, 0, 0 },
	{ "UPDATED", 8, 1, 0 }, { "NAME", 0, 0, 0 },
};

static json_t *
incident_row_json(const void *row)
{
	const struct incident_row *r = row;
	return json_pack("{s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o}",
	    "id", output_json_string(r->id),
	    "name", output_json_string(r->name),
	    "status", output_json_string(r->status),
	    "impact", output_json_string(r->impact),
	    "resolved", r->resolved,
	    "created_at", output_json_time(r->created_at),
	    "updated_at", output_json_time(r->updated_at),
	    "resolved_at", output_json_time(r->resolved_at),
	    "next_update_due", output_json_time(r->next_update_due));
}

static void
incident_cells(const void *row, enum output_mode mode,
    char bufs[CELL_BUFS][CELL_BUFSIZE], const char **cells)
{
	const struct incident_row *r = row;

	cells[0] = r->id;
	cells[1] = r->status;
	cells[2] = r->impact;
	cells[3] = when_cell(mode, r->updated_at, bufs[0], CELL_BUFSIZE);
	cells[4] = r->name;
}

static const struct listing incident_listing = {
	incident_cols, 5, incident_row_json, incident_cells
};

int
cli_incidents_list(const struct cli *cli, int argc, char **argv)
{
	struct output_opts o;
	struct cli_ctx ctx;
	struct incident_row *rows = NULL;
	size_t n = 0;
	char *rest[ARGS_MAX], *cause = NULL;
	int rc;

	if (parse("incidents list", argc, argv, 0, &o, rest) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if (cache_incidents_window(ctx.cache, 0, o.limit, &rows, &n, &cause) !=
	    CACHE_OK) {
		rc = cache_failed(cause);
		goto out;
	}
	rc = print_rows(&incident_listing, o.mode, rows, n, sizeof *rows);
out:
	cache_incident_rows_free(&rows, n);
	cli_close(&ctx);
	return rc;
}

int
cli_incident_show(const struct cli *cli, int argc, char **argv)
{
	struct incident_detail d;
	struct output_opts o;
	struct cli_ctx ctx;
	const struct config_tdesk *td;
	char *rest[ARGS_MAX], *cause = NULL, *when;
	json_t *obj, *arr;
	bool found = false;
	size_t i;
	int rc;

	memset(&d, 0, sizeof d);
	if (parse("incident show", argc, argv, 1, &o, rest) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	td = &ctx.cfg->tdesk;
	rc = cache_incident_get(ctx.cache, rest[0], &d, &found, &cause);
	if ((rc = show_found(rc, cause, found, "incident", rest[0])) != EXIT_OK)
		goto out;
	if (o.mode == OUTPUT_JSON) {
		obj = incident_row_json(&d.row);
		arr = json_array();
		for (i = 0; i < d.nupdates && i < o.limit; i++)
			json_array_append_new(arr, json_pack("{s:o, s:o, s:o, s:o}",
			    "id", output_json_string(d.updates[i].id),
			    "status", output_json_string(d.updates[i].status),
			    "body", output_json_string(d.updates[i].body),
			    "created_at", output_json_time(d.updates[i].created_at)));
		json_object_set_new(obj, "updates", arr);
		arr = json_array();
		for (i = 0; i < d.ncomponents; i++)
			json_array_append_new(arr, json_pack("{s:o, s:o, s:o}",
			    "id", output_json_string(d.components[i].id),
			    "name", output_json_string(d.components[i].name),
			    "status", output_json_string(d.components[i].status)));
		json_object_set_new(obj, "components", arr);
		if (output_json(stdout, obj) != 0)
			rc = EXIT_FAIL;
		goto out;
	}
	if (o.mode == OUTPUT_PLAIN) {
		for (i = 0; i < d.nupdates && i < o.limit; i++) {
			char at[32];
			const char *cells[4] = {
				d.updates[i].id, timefmt_rfc3339(
				    d.updates[i].created_at, at, sizeof at),
				d.updates[i].status, d.updates[i].body,
			};
			output_plain_row(stdout, cells, 4);
		}
		goto out;
	}
	output_field(stdout, "incident", d.row.name);
	output_field(stdout, "id", d.row.id);
	output_field(stdout, "status", d.row.status);
	output_field(stdout, "impact", d.row.impact);
	zones_field(td, "started", d.row.created_at);
	for (i = 0; i < d.ncomponents; i++) {
		printf("%-14s ", i == 0 ? "components" : "");
		output_inline(stdout, d.components[i].name);
		fputs(": ", stdout);
		output_inline(stdout, d.components[i].status);
		putchar('\n');
	}
	for (i = 0; i < d.nupdates && i < o.limit; i++) {
		when = timefmt_zones(d.updates[i].created_at, td->zones,
		    td->nzones);
		printf("\n[");
		output_inline(stdout, d.updates[i].status);
		printf("] %s\n", when);
		free(when);
		output_body(stdout, d.updates[i].body, "  ");
	}
out:
	cache_incident_detail_clear(&d);
	cli_close(&ctx);
	return rc;
}
