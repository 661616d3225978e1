/*
 * tdesk payment accept|recalculate|refund ID: resolve one flagged payment
 * from the command line. The role is checked and the money effect shown
 * before anything is queued; the outbox sends it with the next sync.
 */
#include "tui/cli/cli.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/model.h"
#include "api/money.h"
#include "cache/actions.h"
#include "cache/payment_preview.h"
#include "cache/query.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/config/config.h"

/* What the command line asked for. */
struct resolve_args {
	enum payment_action action;
	const char	*cmd;		/* "payment refund", for messages */
	const char	*id;
	const char	*amount;	/* --amount as typed; NULL: none */
	const char	*note;		/* --note; NULL: none */
	bool		 yes;
	bool		 json;
};

static int
parse_args(struct resolve_args *a, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--yes") == 0 || strcmp(argv[i], "-y") == 0)
			a->yes = true;
		else if (strcmp(argv[i], "--json") == 0)
			a->json = true;
		else if (strcmp(argv[i], "--amount") == 0 ||
		    strcmp(argv[i], "--note") == 0) {
			if (i + 1 == argc) {
				msg_error("%s: %s needs a value", a->cmd,
				    argv[i]);
				return -1;
			}
			if (argv[i][2] == 'a')
				a->amount = argv[++i];
			else
				a->note = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			msg_error("%s: unknown option %s", a->cmd, argv[i]);
			return -1;
		} else if (a->id != NULL) {
			msg_error("%s takes one payment ID (see tdesk payments "
			    "list)", a->cmd);
			return -1;
		} else
			a->id = argv[i];
	}
	if (a->id == NULL || *a->id == '\0') {
		msg_error("%s takes one payment ID (see tdesk payments list)",
		    a->cmd);
		return -1;
	}
	if (a->amount != NULL && a->action != PAYMENT_ACTION_REFUND) {
		msg_error("%s: only a refund takes --amount", a->cmd);
		return -1;
	}
	return 0;
}

/* "demo (test)", or the name alone when the profile sets no environment. */
static void
profile_words(const struct cli_ctx *ctx, char *buf, size_t size)
{
	const struct config_profile *p = ctx->profile;

	if (p->environment != NULL && *p->environment != '\0')
		snprintf(buf, size, "%s (%s)", p->name, p->environment);
	else
		snprintf(buf, size, "%s", p->name);
}

/* The preview, the note and the profile, on stderr: stdout is the result. */
static void
print_preview(const struct cli_ctx *ctx, const struct resolve_args *a,
    const struct payment_preview *pv)
{
	char who[256];
	size_t i;

	profile_words(ctx, who, sizeof who);
	msg_line(stderr, "%s payment %s:", payment_action_name(a->action),
	    a->id);
	for (i = 0; i < pv->nlines; i++)
		msg_line(stderr, "  %-11s %s", pv->lines[i].label,
		    pv->lines[i].text);
	msg_line(stderr, "  %-11s %s", "note", a->note != NULL &&
	    *a->note != '\0' ? a->note : "(none)");
	msg_line(stderr, "  %-11s %s", "profile", who);
}

/*
 * A resolution moves money, so it is queued only after a yes: asked on a
 * terminal (the default, no), --yes for scripts. true: go ahead.
 */
static bool
confirmed(const struct cli_ctx *ctx, const struct resolve_args *a)
{
	char who[256], *q, *refusal, *declined;
	bool ok;

	profile_words(ctx, who, sizeof who);
	q = xasprintf("%s: %s payment %s? [y/N] ", who,
	    payment_action_name(a->action), a->id);
	refusal = xasprintf("payment %s: resolving it needs a yes; add --yes "
	    "to resolve it without a terminal (nothing queued)", a->id);
	declined = xasprintf("payment %s left as it was (nothing queued)",
	    a->id);
	ok = cli_confirm(a->yes, q, refusal, declined);
	free(q);
	free(refusal);
	free(declined);
	return ok;
}

/* Prints cause (and frees it) and returns rc. */
static int
failed(int rc, char *cause)
{
	msg_error("%s", cause != NULL ? cause : "failed");
	free(cause);
	return rc;
}

/*
 * A sync (a console's, or another tdesk sync) may have stored a newer
 * version of the payment while the question waited: what is queued must
 * be what was shown, so a changed payment is refused, to be asked again.
 */
static int
unchanged(struct cli_ctx *ctx, const struct payment_detail *shown)
{
	struct payment_detail now;
	char *cause = NULL;
	bool found = false;
	int rc = EXIT_OK;

	if (cache_payment_get(ctx->cache, shown->row.id, &now, &found,
	    &cause) != CACHE_OK)
		return failed(EXIT_CACHE, cause);
	if (!found || now.row.version != shown->row.version) {
		msg_error("payment %s changed since it was shown (a sync "
		    "stored a newer version): nothing queued; run the command "
		    "again to see it as it is now", shown->row.id);
		rc = EXIT_FAIL;
	}
	cache_payment_detail_clear(&now);
	return rc;
}

static int
resolve(const struct cli *cli, enum payment_action action, const char *cmd,
    int argc, char **argv)
{
	struct resolve_args args, *a = &args;
	struct payment_detail d;
	struct payment_preview pv;
	struct cli_ctx ctx;
	char *role = NULL, *cause = NULL;
	int64_t minor, row;
	bool found = false;
	int rc;

	memset(&args, 0, sizeof args);
	args.action = action;
	args.cmd = cmd;
	memset(&d, 0, sizeof d);
	memset(&pv, 0, sizeof pv);
	if (parse_args(a, argc, argv) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	/* Who may resolve is asked first: first line learns it at once. */
	if (cache_payments_role(ctx.cache, &role, &cause) != CACHE_OK) {
		rc = failed(EXIT_CACHE, cause);
		goto out;
	}
	if (!cache_payments_may_resolve(role, &cause)) {
		rc = failed(EXIT_FAIL, cause);
		goto out;
	}
	if (cache_payment_get(ctx.cache, a->id, &d, &found, &cause) !=
	    CACHE_OK) {
		rc = failed(EXIT_CACHE, cause);
		goto out;
	}
	if (!found) {
		msg_error("payment %s is not in the cache: sync, then try again",
		    a->id);
		rc = EXIT_FAIL;
		goto out;
	}
	/* The amount is read with the digits of the payment's currency. */
	if (a->amount != NULL && money_parse(a->amount, d.row.currency, &minor,
	    &cause) != 0) {
		rc = failed(EXIT_USAGE, cause);
		goto out;
	}
	if (cache_payment_preview(&d, a->action, a->amount != NULL ? &minor :
	    NULL, &pv, &cause) != CACHE_OK) {
		rc = failed(EXIT_FAIL, cause);
		goto out;
	}
	print_preview(&ctx, a, &pv);
	if (!confirmed(&ctx, a)) {
		rc = EXIT_USAGE;
		goto out;
	}
	if ((rc = unchanged(&ctx, &d)) != EXIT_OK)
		goto out;
	if (cache_action_payment_resolve(ctx.cache, a->id, a->action, a->note,
	    a->amount != NULL ? &minor : NULL, &row, &cause) != CACHE_OK) {
		rc = failed(EXIT_FAIL, cause);
		goto out;
	}
	if (a->json)
		rc = cli_outbox_print(&ctx, row, OUTPUT_JSON);
	else
		msg_line(stdout, "outbox %" PRId64 ": payment.resolve %s %s "
		    "queued; tdesk sync sends it", row,
		    payment_action_name(a->action), a->id);
out:
	cache_payment_preview_clear(&pv);
	cache_payment_detail_clear(&d);
	free(role);
	cli_close(&ctx);
	return rc;
}

int
cli_payment_accept(const struct cli *cli, int argc, char **argv)
{
	return resolve(cli, PAYMENT_ACTION_ACCEPT, "payment accept", argc, argv);
}

int
cli_payment_recalculate(const struct cli *cli, int argc, char **argv)
{
	return resolve(cli, PAYMENT_ACTION_RECALCULATE, "payment recalculate",
	    argc, argv);
}

int
cli_payment_refund(const struct cli *cli, int argc, char **argv)
{
	return resolve(cli, PAYMENT_ACTION_REFUND, "payment refund", argc, argv);
}
