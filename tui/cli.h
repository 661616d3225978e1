/*
 * The non-interactive subcommands: each takes the global options and its
 * own arguments and returns an enum exit_code.
 */
#ifndef TDESK_CLI_H
#define TDESK_CLI_H

struct cli {
	const char	*profile;	/* -p NAME, or NULL */
	const char	*config_path;	/* --config FILE, or NULL for the default */
};

struct cli_command {
	const char	*name;		/* "config", "status" */
	const char	*sub;		/* "check", or NULL when the name is the command */
	int		(*fn)(const struct cli *, int, char **);
};

int	cli_config_check(const struct cli *, int, char **);
int	cli_dump_config(const struct cli *);
int	cli_status(const struct cli *, int, char **);

#endif
