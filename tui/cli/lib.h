/*
 * tui/cli: the command line. main() parses the global options and runs a
 * subcommand, or opens the console. Subcommands read the cache and queue
 * writes exactly as the console does; output is for people, --plain or
 * --json.
 *
 *	main.c		global options, the table of subcommands, exit status
 *	cli.[ch]	config check, --dump-config, status; the profile and
 *			cache a subcommand opens
 *	cli_list.c	tickets, payments and incidents: list and show
 *	cli_outbox.c	outbox list, retry, drop
 *	cli_sync.c	sync [--once]: the backends into the cache, the outbox
 *			out
 *	output.[ch]	aligned columns, --plain rows, JSON documents
 *	msg.[ch]	messages to stderr, escaped on the way out
 *	exitcode.h	the exit statuses tdesk(1) documents
 */
#ifndef TDESK_TUI_CLI_LIB_H
#define TDESK_TUI_CLI_LIB_H

#include "tui/cli/cli.h"
#include "tui/cli/exitcode.h"
#include "tui/cli/msg.h"
#include "tui/cli/output.h"

#endif
