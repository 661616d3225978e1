/*
 * tdesk outbox list|retry ID|drop ID: the writes waiting to be sent, those
 * that failed or met a conflict, and what to do with them.
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
#include "tui/cli/output.h"
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
	char *note = NULL, *both = NULL;
	int64_t now = (int64_t)time(NULL);
	const char *reason;
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
		reason = rows[i].last_error;
		if (rows[i].state == OUTBOX_CONFLICT && reason == NULL)
			reason = "changed on the server since it was queued";
		free(note);
		if ((note = cache_outbox_unsure_note(&rows[i], now)) != NULL) {
			free(both);
			both = xasprintf("%s%s%s", note, reason != NULL ? "; " :
			    "", reason != NULL ? reason : "");
			reason = both;
		}
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
	free(note);
	free(both);
	cache_outbox_rows_free(&rows, n);
	cli_close(&ctx);
	return rc;
}

int
cli_outbox_retry(const struct cli *cli, int argc, char **argv)
{
	struct cli_ctx ctx;
	struct outbox_row r;
	bool found = false, unsure = false;
	char *cause = NULL;
	int64_t id;
	int rc;

	if (parse_row_id("outbox retry", argc, argv, &id) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	if (cache_outbox_get(ctx.cache, id, &r, &found, NULL) == CACHE_OK &&
	    found)
		unsure = cache_outbox_maybe_applied(&r);
	cache_outbox_row_clear(&r);
	if (cache_outbox_retry(ctx.cache, id, &cause) != CACHE_OK) {
		msg_error("outbox %" PRId64 ": %s", id, cause);
		free(cause);
		rc = EXIT_FAIL;
		goto out;
	}
	if (unsure)
		printf("outbox %" PRId64 " queued again; it may already have been "
		    "applied, so tdesk sync reads it back before it sends it\n",
		    id);
	else
		printf("outbox %" PRId64 " queued again; tdesk sync sends it\n",
		    id);
out:
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
		msg_error("outbox %" PRId64 ": %s", id, cause);
		free(cause);
		rc = EXIT_FAIL;
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
