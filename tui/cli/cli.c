/*
 * Subcommands that report on the configuration and the cache without
 * opening the console: config check, --dump-config, status.
 */
#include "tui/cli/cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/cache.h"
#include "tui/config/config.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/cli/output.h"
#include "api/xmalloc.h"

static int
no_arguments(const char *cmd, int argc, char **argv)
{
	if (argc == 0)
		return 0;
	msg_error("%s takes no arguments (got %s)", cmd, argv[0]);
	return -1;
}

int
cli_config_check(const struct cli *cli, int argc, char **argv)
{
	if (no_arguments("config check", argc, argv) != 0)
		return EXIT_USAGE;
	return config_cmd_check(cli->config_path, stdout, stderr);
}

int
cli_dump_config(const struct cli *cli)
{
	return config_cmd_dump(cli->config_path, cli->profile, stdout, stderr);
}

static void
print_time(FILE *f, int64_t t)
{
	char buf[64];
	time_t tt = (time_t)t;
	struct tm tm;

	if (t == 0 || gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm) == 0) {
		fputs("never", f);
		return;
	}
	fputs(buf, f);
}

static int
print_sync_state(const char *backend, const char *endpoint,
    const struct cache_sync_state *st, void *arg)
{
	int *n = arg;

	(*n)++;
	msg_print(stdout, "  %s %s: ", backend, endpoint);
	fputs(st->cursor != NULL ? "cursor stored" : "from the start", stdout);
	fputs(", last success ", stdout);
	print_time(stdout, st->last_success);
	if (st->last_error != NULL) {
		fputs(", last error at ", stdout);
		print_time(stdout, st->last_error_at);
		fputs(": ", stdout);
		output_inline(stdout, st->last_error);
	}
	fputc('\n', stdout);
	return 0;
}

static void
print_backend(const char *name, const struct config_backend *b,
    const char *account)
{
	printf("%-12s", name);
	if (b->url == NULL) {
		puts("not configured");
		return;
	}
	msg_print(stdout, "%s", b->url);
	if (account != NULL)
		msg_print(stdout, " (%s)", account);
	printf(", token from %s\n", secret_kind_name(b->token.kind));
}

struct cache_identity
cli_identity(const struct config_profile *p)
{
	return (struct cache_identity){
		.zendesk_url = p->zendesk.url,
		.zendesk_account = p->zendesk_email,
		.statuspage_url = p->statuspage.url,
		.statuspage_page = p->statuspage_page_id,
		.payments_url = p->payments.url,
	};
}

/*
 * Opens path read-only, so that a command that only reads works on a full
 * disk. A cache that does not exist yet or needs a schema patch cannot be
 * read so: it is opened for writing once, which creates or upgrades it;
 * if that fails too, both reasons are given. An exit code.
 */
static int
open_reading(const char *path, const struct cache_identity *id,
    struct cache **c)
{
	char *why = NULL, *cause = NULL;
	int rc = EXIT_OK;

	switch (cache_open_readonly(path, id, c, &why)) {
	case CACHE_OK:
		break;
	case CACHE_ERR_UPGRADE:
		if (cache_open(path, id, c, &cause) == CACHE_OK)
			break;
		msg_error("%s; %s", why, cause);
		rc = EXIT_CACHE;
		break;
	default:
		msg_error("%s", why);
		rc = EXIT_CACHE;
		break;
	}
	free(why);
	free(cause);
	return rc;
}

int
cli_open(const struct cli *cli, struct cli_ctx *ctx)
{
	struct config_errors errs = { 0 };
	const struct config_profile *p;
	struct cache_identity id;
	char *path = NULL, *cause = NULL;
	int rc = EXIT_CONFIG;

	memset(ctx, 0, sizeof *ctx);
	if (config_load(cli->config_path, &ctx->cfg, &errs) != CONFIG_OK) {
		config_errors_print(&errs, stderr);
		goto out;
	}
	if ((p = config_select_profile(ctx->cfg, cli->profile, &cause)) == NULL) {
		msg_error("%s", cause);
		goto out;
	}
	ctx->profile = p;
	rc = EXIT_CACHE;
	if ((path = cache_path_for_profile(p->name, &cause)) == NULL) {
		msg_error("%s", cause);
		goto out;
	}
	id = cli_identity(p);
	if (cli->read_only)
		rc = open_reading(path, &id, &ctx->cache);
	else if (cache_open(path, &id, &ctx->cache, &cause) != CACHE_OK) {
		msg_error("%s", cause);
		goto out;
	} else
		rc = EXIT_OK;
out:
	config_errors_free(&errs);
	free(path);
	free(cause);
	return rc;
}

bool
cli_confirm(bool yes, const char *question, const char *no_terminal,
    const char *declined)
{
	char *line = NULL;
	size_t size = 0;
	bool ok;

	if (yes)
		return true;
	if (!isatty(STDIN_FILENO)) {
		msg_error("%s", no_terminal);
		return false;
	}
	msg_print(stderr, "%s", question);
	fflush(stderr);
	ok = getline(&line, &size, stdin) > 0 && (line[0] == 'y' ||
	    line[0] == 'Y');
	free(line);
	if (!ok)
		msg_error("%s", declined);
	return ok;
}

void
cli_close(struct cli_ctx *ctx)
{
	cache_close(&ctx->cache);
	config_free(&ctx->cfg);
	ctx->profile = NULL;
}

int
cli_status(const struct cli *cli, int argc, char **argv)
{
	struct cli_ctx ctx;
	const struct config_profile *p;
	char *cause = NULL;
	int rc, n = 0;

	if (no_arguments("status", argc, argv) != 0)
		return EXIT_USAGE;
	if ((rc = cli_open(cli, &ctx)) != EXIT_OK)
		goto out;
	p = ctx.profile;
	msg_print(stdout, "%-12s%s", "profile", p->name);
	if (p->environment != NULL)
		msg_print(stdout, " (%s%s)", p->environment,
		    p->production ? ", production" : "");
	putchar('\n');
	msg_line(stdout, "%-12s%s", "config", ctx.cfg->path);
	msg_line(stdout, "%-12s%s (schema %d)", "cache",
	    cache_filename(ctx.cache), cache_schema_version(ctx.cache));
	print_backend("zendesk", &p->zendesk, p->zendesk_email);
	print_backend("statuspage", &p->statuspage, p->statuspage_page_id);
	print_backend("payments", &p->payments, NULL);
	puts("sync state:");
	if (cache_sync_state_each(ctx.cache, print_sync_state, &n, &cause) !=
	    CACHE_OK) {
		msg_error("%s", cause);
		rc = EXIT_CACHE;
		goto out;
	}
	if (n == 0)
		puts("  nothing synced yet");
out:
	cli_close(&ctx);
	free(cause);
	return rc;
}

/* The current agent's user id, as sync stored it; 0 when not known yet. */
int64_t
cli_me(struct cache *c)
{
	struct cache_sync_state st;
	char *cause = NULL, *end;
	long long id = 0;

	if (cache_sync_state_get(c, "zendesk", "me", &st, &cause) != CACHE_OK) {
		free(cause);
		return 0;
	}
	if (st.cursor != NULL) {
		errno = 0;
		id = strtoll(st.cursor, &end, 10);
		if (errno != 0 || *end != '\0' || id < 0)
			id = 0;
	}
	cache_sync_state_free(&st);
	return (int64_t)id;
}
