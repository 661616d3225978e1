/*
 * The non-interactive subcommands: each takes the global options and its
 * own arguments and returns an enum exit_code.
 */
#ifndef TDESK_CLI_H
#define TDESK_CLI_H

#include <stdbool.h>
#include <stdint.h>

struct cli {
	const char	*profile;	/* -p NAME, or NULL */
	const char	*config_path;	/* --config FILE, or NULL for the default */
	bool		 read_only;	/* the command only reads the cache */
};

struct cli_command {
	const char	*name;		/* "config", "status" */
	const char	*sub;		/* "check", or NULL when the name is the command */
	int		(*fn)(const struct cli *, int, char **);
	bool		 reads;		/* only reads the cache: cli_open opens
					 * it read-only, so it works on a full
					 * disk */
};

#include "cache/cache.h"
#include "tui/cli/output.h"

/* What a command that reads the cache has open. */
struct cli_ctx {
	struct config	*cfg;
	const struct config_profile *profile;	/* points into cfg */
	struct cache	*cache;
};

/*
 * Loads the configuration, selects the profile and opens its cache with
 * the identity guard: read-only when cli->read_only (cache_open_readonly),
 * unless the cache must first be created or upgraded. Prints what went
 * wrong and returns an exit code (EXIT_OK on success); cli_close() in
 * every case.
 */
int	cli_open(const struct cli *, struct cli_ctx *);

/* The backends a profile points at, as the cache's identity guard sees them. */
struct cache_identity cli_identity(const struct config_profile *);
void	cli_close(struct cli_ctx *);

/*
 * The yes a write that moves money or overrides a colleague waits for:
 * true at once with yes (--yes, for scripts); else question is asked on
 * the terminal, [y/N] with no the default. Without a terminal nothing is
 * asked: no_terminal is said and the answer is no; a no says declined.
 */
bool	cli_confirm(bool yes, const char *question, const char *no_terminal,
	    const char *declined);

/* The current agent's Zendesk user id, as sync stored it; 0: not known yet. */
int64_t	cli_me(struct cache *);

/*
 * Prints outbox row id as tdesk outbox show does, in mode; an exit code
 * after a message when the row cannot be read.
 */
int	cli_outbox_print(struct cli_ctx *, int64_t id, enum output_mode mode);

/* The commands, each returning an enum exit_code. */
int	cli_config_check(const struct cli *, int, char **);
int	cli_dump_config(const struct cli *);
int	cli_status(const struct cli *, int, char **);
int	cli_tickets_list(const struct cli *, int, char **);
int	cli_ticket_show(const struct cli *, int, char **);
int	cli_payments_list(const struct cli *, int, char **);
int	cli_payment_show(const struct cli *, int, char **);
int	cli_incidents_list(const struct cli *, int, char **);
int	cli_incident_show(const struct cli *, int, char **);
int	cli_outbox_list(const struct cli *, int, char **);
int	cli_outbox_show(const struct cli *, int, char **);
int	cli_outbox_retry(const struct cli *, int, char **);
int	cli_outbox_drop(const struct cli *, int, char **);
int	cli_payment_accept(const struct cli *, int, char **);
int	cli_payment_recalculate(const struct cli *, int, char **);
int	cli_payment_refund(const struct cli *, int, char **);
int	cli_sync(const struct cli *, int, char **);

#endif
