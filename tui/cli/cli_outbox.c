/*
 * tdesk outbox list|show ID|retry ID|drop ID: the writes waiting to be
 * sent, those that failed or met a conflict, what each sets against the
 * server's version, and what to do with them.
 */
#include "tui/cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache/cache.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "cache/outbox.h"
#include "cache/outbox_describe.h"
#include "tui/cli/output.h"
#include "tui/config/config.h"
#include "tui/text/timefmt.h"
#include "api/xmalloc.h"

static const struct output_column outbox_cols[] = {
	{ "ID", 6, 1, 1 }, { "STATE", 8, 0, 0 }, { "KIND", 18, 0, 0 },
	{ "TARGET", 18, 0, 1 }, { "TRIES", 5, 1, 0 }, { "AGE", 8, 1, 0 },
	{ "REASON", 0, 0, 0 },
};

static int
parse_row_id(const char *cmd, int argc, char **argv, int64_t *id)
{
	char *end;
	long long v;

	if (argc != 1) {
		msg_error("%s takes one outbox ID (see tdesk outbox list)", cmd);
		return -1;
	}
	errno = 0;
	v = strtoll(argv[0], &end, 10);
	if (argv[0][0] < '0' || argv[0][0] > '9' || errno != 0 ||
	    *end != '\0' || v <= 0) {
		msg_error("%s: %s is not an outbox ID", cmd, argv[0]);
		return -1;
	}
	*id = v;
	return 0;
}

/*
 * The server's version of a row in conflict, as JSON with every string
 * sanitised; the raw text (sanitised) if it does not parse.
 */
static json_t *
conflict_json(const char *text)
{
	json_t *v, *clean;

	if (text == NULL)
		return json_null();
	if ((v = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL)
		return output_json_string(text);
	clean = output_json_clean(v);
	json_decref(v);
	return clean;
}

int
cli_outbox_list(const struct cli *cli, int argc, char **argv)
{
	struct output_opts o;
	struct cli_ctx ctx;
	struct outbox_row *rows = NULL;
	size_t n = 0, i;
	char *rest[64], *cause = NULL, id[24], tries[24], age[32];
	char *reason = NULL;
	int64_t now = (int64_t)time(NULL);
	json_t *arr;
	int rc, nrest;

	if (argc > 64) {
		msg_error("outbox list: too many arguments");
		return EXIT_USAGE;
	}
	if (output_parse_opts("outbox list", argc, argv, &o, rest, &nrest) != 0)
		return EXIT_USAGE;
	if (nrest != 0) {
		msg_error("outbox list takes no operand");
		return EXIT_USAGE;
	}
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	/* Every state but done: what still needs the user or the drainer. */
	if (cache_outbox_list(ctx.cache, 0, 0, o.limit, &rows, &n, &cause) !=
	    CACHE_OK) {
		msg_error("%s", cause);
		free(cause);
		rc = EXIT_CACHE;
		goto out;
	}
	if (o.mode == OUTPUT_JSON) {
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I, s:s, s:o,"
			    " s:o, s:o, s:I, s:o, s:o, s:b, s:o, s:o, s:o}",
			    "id", (json_int_t)rows[i].id,
			    "state", cache_outbox_shown_state(&rows[i]),
			    "backend", output_json_string(rows[i].backend),
			    "kind", output_json_string(rows[i].kind),
			    "target", output_json_string(rows[i].target),
			    "attempts", (json_int_t)rows[i].attempts,
			    "created_at", output_json_time(rows[i].created_at),
			    "updated_at", output_json_time(rows[i].updated_at),
			    "maybe_sent", cache_outbox_maybe_applied(&rows[i]),
			    "readback_at", cache_outbox_waiting(&rows[i], now) ?
			    output_json_time(rows[i].readback_at) : json_null(),
			    "last_error", output_json_string(rows[i].last_error),
			    "conflict", conflict_json(rows[i].conflict_json)));
		if (output_json(stdout, arr) != 0)
			rc = EXIT_FAIL;
		goto out;
	}
	output_titles(stdout, o.mode, outbox_cols, 7);
	for (i = 0; i < n; i++) {
		free(reason);
		reason = cache_outbox_reason(&rows[i], now);
		snprintf(id, sizeof id, "%" PRId64, rows[i].id);
		snprintf(tries, sizeof tries, "%" PRId64, rows[i].attempts);
		const char *cells[7] = {
			id, cache_outbox_shown_state(&rows[i]), rows[i].kind,
			rows[i].target, tries, o.mode == OUTPUT_PLAIN ?
			    timefmt_rfc3339(rows[i].created_at, age, sizeof age) :
			    timefmt_age(rows[i].created_at, (int64_t)time(NULL),
			    age, sizeof age), reason,
		};
		output_row(stdout, o.mode, outbox_cols, 7, cells);
	}
	if (o.mode == OUTPUT_HUMAN && n == 0)
		puts("(the outbox is empty)");
out:
	free(reason);
	cache_outbox_rows_free(&rows, n);
	cli_close(&ctx);
	return rc;
}

static const struct output_column desc_cols[] = {
	{ "FIELD", 14, 0, 0 }, { "THIS WRITE", 30, 0, 0 },
	{ "SERVER NOW", 0, 0, 0 },
};

static const char *
plan_name(enum outbox_retry plan)
{
	switch (plan) {
	case OUTBOX_RETRY_QUEUED:
		return "queued";
	case OUTBOX_RETRY_REQUEUE:
		return "requeue";
	case OUTBOX_RETRY_REAPPLY:
		return "reapply";
	case OUTBOX_RETRY_REFUSE:
	default:
		return "refused";
	}
}

static json_t *
desc_json(const struct outbox_row *r, const struct outbox_desc *d)
{
	const char *why;
	enum outbox_retry plan = cache_outbox_retry_plan(r, &why);
	json_t *rows = json_array();
	size_t i;

	for (i = 0; i < d->nrows; i++)
		json_array_append_new(rows, json_pack("{s:o, s:o, s:o}",
		    "field", output_json_string(d->rows[i].label),
		    "this_write", output_json_string(d->rows[i].this_write),
		    "server_now", output_json_string(d->rows[i].server_now)));
	return json_pack("{s:I, s:s, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o,"
	    " s:b, s:o, s:o, s:s, s:o}",
	    "id", (json_int_t)r->id,
	    "state", cache_outbox_shown_state(r),
	    "backend", output_json_string(r->backend),
	    "kind", output_json_string(r->kind),
	    "target", output_json_string(r->target),
	    "parses", d->parses,
	    "request", output_json_string(d->request),
	    "macro_id", d->macro_id != 0 ? json_integer(d->macro_id) :
	    json_null(),
	    "based_on", output_json_string(d->based_on),
	    "server_version", output_json_string(d->server_version),
	    "server_cached", d->server_cached,
	    "note", output_json_string(d->note),
	    "rows", rows,
	    "retry", plan_name(plan),
	    "retry_refused", output_json_string(plan == OUTBOX_RETRY_REFUSE ?
	    why : NULL));
}

/*
 * A write as people read it: what it is, then a row per field it sets
 * against the server's value ("-": not known). --plain: the rows alone.
 */
static void
desc_print(enum output_mode mode, const struct outbox_row *r,
    const struct outbox_desc *d)
{
	char id[24], macro[24], *text;
	size_t i;

	if (mode == OUTPUT_HUMAN) {
		snprintf(id, sizeof id, "%" PRId64, r->id);
		output_field(stdout, "write", id);
		text = cache_outbox_state_text(r);
		output_field(stdout, "state", text);
		free(text);
		if ((text = cache_outbox_reason(r, (int64_t)time(NULL))) != NULL)
			output_field(stdout, "reason", text);
		free(text);
		output_field(stdout, "backend", r->backend);
		output_field(stdout, "kind", r->kind);
		output_field(stdout, "target", r->target);
		output_field(stdout, "request", d->parses ? d->request :
		    "(does not parse as JSON)");
		if (d->macro_id != 0) {
			snprintf(macro, sizeof macro, "%" PRId64, d->macro_id);
			output_field(stdout, "macro", macro);
		}
		if (d->based_on != NULL || d->server_version != NULL) {
			output_field(stdout, "based on", d->based_on);
			output_field(stdout, "server now", d->server_version);
		}
		if (d->server_cached)
			output_field(stdout, "", "(the server's values as the "
			    "cache has them since the last sync)");
		putchar('\n');
	}
	output_titles(stdout, mode, desc_cols, 3);
	for (i = 0; i < d->nrows; i++) {
		const char *cells[3] = {
			d->rows[i].label, d->rows[i].this_write,
			d->rows[i].server_now != NULL ? d->rows[i].server_now :
			    "-",
		};
		output_row(stdout, mode, desc_cols, 3, cells);
	}
}

/* Prints "outbox ID: cause" and frees cause; EXIT_FAIL. */
static int
row_failed(int64_t id, char *cause)
{
	msg_error("outbox %" PRId64 ": %s", id, cause);
	free(cause);
	return EXIT_FAIL;
}

/* Reads row id; an exit code after a message when it cannot. */
static int
get_row(struct cli_ctx *ctx, int64_t id, struct outbox_row *r)
{
	char *cause = NULL;
	bool found = false;

	if (cache_outbox_get(ctx->cache, id, r, &found, &cause) != CACHE_OK)
		return row_failed(id, cause);
	if (!found) {
		msg_error("outbox %" PRId64 ": there is no such write (see tdesk "
		    "outbox list)", id);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int
cli_outbox_print(struct cli_ctx *ctx, int64_t id, enum output_mode mode)
{
	struct outbox_row r;
	struct outbox_desc d;
	int rc;

	memset(&r, 0, sizeof r);
	memset(&d, 0, sizeof d);
	if ((rc = get_row(ctx, id, &r)) != EXIT_OK)
		goto out;
	/* Every string is sanitised on its way out (output.h). */
	cache_outbox_describe_row(ctx->cache, &r, NULL, &d);
	if (mode == OUTPUT_JSON) {
		if (output_json(stdout, desc_json(&r, &d)) != 0)
			rc = EXIT_FAIL;
	} else
		desc_print(mode, &r, &d);
out:
	cache_outbox_desc_clear(&d);
	cache_outbox_row_clear(&r);
	return rc;
}

int
cli_outbox_show(const struct cli *cli, int argc, char **argv)
{
	struct output_opts o;
	struct cli_ctx ctx;
	char *rest[2];
	int64_t id;
	int rc, nrest;

	if (argc > 2) {
		msg_error("outbox show takes one outbox ID (see tdesk outbox "
		    "list)");
		return EXIT_USAGE;
	}
	if (output_parse_opts("outbox show", argc, argv, &o, rest, &nrest) != 0 ||
	    parse_row_id("outbox show", nrest, rest, &id) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) == EXIT_OK)
		rc = cli_outbox_print(&ctx, id, o.mode);
	cli_close(&ctx);
	return rc;
}

/*
 * A conflict is re-applied over the server's current version only once
 * the user has seen its rows and said yes: asked on a terminal, --yes for
 * scripts. true: go ahead.
 */
static bool
confirmed(const struct cli_ctx *ctx, const struct outbox_row *r, bool yes)
{
	char q[512], *refusal, *declined;
	bool ok;

	cache_outbox_reapply_question(r, 1, 1, ctx->profile->name,
	    ctx->profile->environment, q, sizeof q);
	refusal = xasprintf("outbox %" PRId64 " is in conflict: re-applying it "
	    "over the server's current version needs a yes; add --yes to "
	    "re-apply it without a terminal (nothing changed)", r->id);
	declined = xasprintf("outbox %" PRId64 " left as it was", r->id);
	ok = cli_confirm(yes, q, refusal, declined);
	free(refusal);
	free(declined);
	return ok;
}

int
cli_outbox_retry(const struct cli *cli, int argc, char **argv)
{
	struct cli_ctx ctx;
	struct outbox_row r;
	struct outbox_desc d;
	enum outbox_retry plan;
	bool yes = false, unsure;
	char *cause = NULL, *rest[1];
	const char *why;
	int64_t id;
	int rc, i, nrest = 0;

	memset(&r, 0, sizeof r);
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			yes = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			msg_error("outbox retry: unknown option %s", argv[i]);
			return EXIT_USAGE;
		} else if (nrest == 1) {
			msg_error("outbox retry takes one outbox ID (see tdesk "
			    "outbox list)");
			return EXIT_USAGE;
		} else
			rest[nrest++] = argv[i];
	}
	if (parse_row_id("outbox retry", nrest, rest, &id) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if ((rc = get_row(&ctx, id, &r)) != EXIT_OK)
		goto out;
	plan = cache_outbox_retry_plan(&r, &why);
	if (plan == OUTBOX_RETRY_REFUSE || plan == OUTBOX_RETRY_QUEUED) {
		msg_error("outbox %" PRId64 " %s", id, why);
		rc = EXIT_FAIL;
		goto out;
	}
	if (plan == OUTBOX_RETRY_REAPPLY) {
		cache_outbox_describe_row(ctx.cache, &r, NULL, &d);
		desc_print(OUTPUT_HUMAN, &r, &d);
		cache_outbox_desc_clear(&d);
		fflush(stdout);
		if (!confirmed(&ctx, &r, yes)) {
			rc = EXIT_USAGE;
			goto out;
		}
	}
	unsure = cache_outbox_maybe_applied(&r);
	if (cache_outbox_retry_run(ctx.cache, id, true, &plan, &cause) !=
	    CACHE_OK) {
		rc = row_failed(id, cause);
		goto out;
	}
	if (plan == OUTBOX_RETRY_REAPPLY)
		printf("outbox %" PRId64 " re-applied over the server's current "
		    "version and queued again; tdesk sync sends it\n", id);
	else if (unsure)
		printf("outbox %" PRId64 " queued again; it may already have been "
		    "applied, so tdesk sync reads it back before it sends it\n",
		    id);
	else
		printf("outbox %" PRId64 " queued again; tdesk sync sends it\n",
		    id);
out:
	cache_outbox_row_clear(&r);
	cli_close(&ctx);
	return rc;
}

int
cli_outbox_drop(const struct cli *cli, int argc, char **argv)
{
	struct cli_ctx ctx;
	char *cause = NULL;
	bool maybe_sent = false;
	int64_t id;
	int rc;

	if (parse_row_id("outbox drop", argc, argv, &id) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if (cache_outbox_drop(ctx.cache, id, &maybe_sent, &cause) != CACHE_OK) {
		rc = row_failed(id, cause);
		goto out;
	}
	printf("outbox %" PRId64 " dropped\n", id);
	if (maybe_sent)
		msg_error("warning: outbox %" PRId64 " may have reached the "
		    "backend before it was dropped; check the target", id);
out:
	cli_close(&ctx);
	return rc;
}
