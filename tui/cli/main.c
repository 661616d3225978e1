/*
 * tdesk: entry point. Parses the global options, then dispatches to a
 * subcommand from the table below.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/cli/cli.h"
#include "tui/config/config.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/console/ui.h"
#include "api/log.h"
#include "api/xmalloc.h"

static const char usage_text[] =
"Usage: tdesk [-p PROFILE] [--config FILE] [--log FILE] [COMMAND [ARGS]]\n"
"       tdesk --help | --version | --dump-config\n"
"\n"
"Without a command tdesk opens the console on the profile's cache; press ?\n"
"there for its keys.\n"
"\n"
"Commands:\n"
"  config check        check the configuration file and every token source\n"
"  status              the profile, its cache file and each backend's sync state\n"
"  tickets list        tickets in the cache, most recently updated first\n"
"  ticket show ID      one ticket with its conversation\n"
"  payments list       flagged payments, most recently flagged first\n"
"  payment show ID     one payment with its history and tickets\n"
"  payment accept|recalculate|refund ID [--amount DECIMAL] [--note TEXT]\n"
"                      [--yes] [--json]  resolve a flagged payment (asks)\n"
"  incidents list      incidents, unresolved first\n"
"  incident show ID    one incident with its updates\n"
"  sync [--once]       fill the cache from the backends and send the outbox;\n"
"                      --once: until caught up, then exit\n"
"  outbox list         writes queued, failed or in conflict\n"
"  outbox show ID      a write: what it sets against the server's version\n"
"  outbox retry ID [--yes]  queue a failed write again; re-apply a\n"
"                      conflicting one over the server's version (asks)\n"
"  outbox drop ID      discard a write\n"
"\n"
"Listings take --json (one JSON document), --plain (tab-separated) and\n"
"--limit N.\n"
"\n"
"Options:\n"
"  -p, --profile NAME  use profile NAME (default: [tdesk] profile, or the only one)\n"
"  -c, --config FILE   read FILE instead of $XDG_CONFIG_HOME/tdesk/config\n"
"      --dump-config   print the effective settings, secrets masked\n"
"      --log FILE      append a debug log of requests, retries, the circuit\n"
"                      breaker and the outbox to FILE (never a secret)\n"
"  -h, --help          this text\n"
"  -V, --version       the version\n"
"\n"
"Tokens are never taken from the command line: see tdesk.conf(5).\n";

/* The last field: the command only reads the cache (struct cli_command). */
static const struct cli_command commands[] = {
	{ "config", "check", cli_config_check, false },
	{ "status", NULL, cli_status, true },
	{ "tickets", "list", cli_tickets_list, true },
	{ "ticket", "show", cli_ticket_show, true },
	{ "payments", "list", cli_payments_list, true },
	{ "payment", "show", cli_payment_show, true },
	{ "payment", "accept", cli_payment_accept, false },
	{ "payment", "recalculate", cli_payment_recalculate, false },
	{ "payment", "refund", cli_payment_refund, false },
	{ "incidents", "list", cli_incidents_list, true },
	{ "incident", "show", cli_incident_show, true },
	{ "outbox", "list", cli_outbox_list, true },
	{ "outbox", "show", cli_outbox_show, true },
	{ "outbox", "retry", cli_outbox_retry, false },
	{ "outbox", "drop", cli_outbox_drop, false },
	{ "sync", NULL, cli_sync, false },
};

/* The message, the way to --help, and EXIT_USAGE to return. */
#define usage_error(...)						\
	(msg_frame(stderr, "tdesk: ", "\nTry 'tdesk --help'.\n",		\
	    __VA_ARGS__), EXIT_USAGE)

/*
 * A command's status, unless its output could not be written (a full disk,
 * a closed pipe): output lost is a failure, whatever the command thought.
 */
static int
finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error("write error: %s", strerror(errno));
		return rc == EXIT_OK ? EXIT_FAIL : rc;
	}
	return rc;
}

/*
 * Take the value of an option given as "-p NAME", "--profile NAME" or
 * "--profile=NAME". Returns NULL when argv[*i] is not this option.
 */
static const char *
option_value(int argc, char **argv, int *i, const char *s, const char *l,
    int *missing)
{
	const char *a = argv[*i];
	size_t ln = strlen(l);

	*missing = 0;
	if (strcmp(a, s) == 0 || strcmp(a, l) == 0) {
		if (*i + 1 >= argc) {
			*missing = 1;
			return NULL;
		}
		return argv[++*i];
	}
	if (strncmp(a, l, ln) == 0 && a[ln] == '=')
		return a + ln + 1;
	return NULL;
}

int
main(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct cli_command *cmd;
	const char *v, *log_path = NULL;
	char *cause = NULL;
	int i, missing, known, dump = 0;
	size_t n;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if ((v = option_value(argc, argv, &i, "-p", "--profile",
		    &missing)) != NULL || missing) {
			if (missing)
				return usage_error("option %s needs a value", argv[i]);
			cli.profile = v;
		} else if ((v = option_value(argc, argv, &i, "-c", "--config",
		    &missing)) != NULL || missing) {
			if (missing)
				return usage_error("option %s needs a value", argv[i]);
			cli.config_path = v;
		} else if ((v = option_value(argc, argv, &i, "--log", "--log",
		    &missing)) != NULL || missing) {
			if (missing)
				return usage_error("option %s needs a value", argv[i]);
			log_path = v;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return finish(EXIT_OK);
		} else if (strcmp(argv[i], "-V") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			printf("tdesk %s\n", TDESK_VERSION);
			return finish(EXIT_OK);
		} else if (strcmp(argv[i], "--dump-config") == 0)
			dump = 1;
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			return usage_error("unknown option %s", argv[i]);
	}

	if (log_path != NULL && log_open(log_path, &cause) != 0) {
		msg_error("%s", cause);
		free(cause);
		return EXIT_CONFIG;
	}
	if (log_path != NULL)
		log_line("tdesk", "%s started", TDESK_VERSION);
	if (dump) {
		if (i < argc)
			return usage_error("--dump-config takes no command (got %s)",
			    argv[i]);
		return finish(cli_dump_config(&cli));
	}
	if (i >= argc)
		return console_run(&cli);

	known = 0;
	for (n = 0; n < sizeof commands / sizeof commands[0]; n++) {
		cmd = &commands[n];
		if (strcmp(argv[i], cmd->name) != 0)
			continue;
		known = 1;
		cli.read_only = cmd->reads;
		if (cmd->sub == NULL)
			return finish(cmd->fn(&cli, argc - i - 1, argv + i + 1));
		if (i + 1 < argc && strcmp(argv[i + 1], cmd->sub) == 0)
			return finish(cmd->fn(&cli, argc - i - 2, argv + i + 2));
	}
	if (known)
		return usage_error("'%s' needs a subcommand; see --help", argv[i]);
	return usage_error("unknown command '%s'", argv[i]);
}
