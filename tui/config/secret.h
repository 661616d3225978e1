/*
 * Backend tokens: where the configuration says a token comes from (an
 * environment variable, a file, or a command's output), and reading it
 * from there without it ever reaching argv, a message or a log.
 */
#ifndef TDESK_SECRET_H
#define TDESK_SECRET_H

#include "api/xmalloc.h"

#define SECRET_MAX		65536	/* bytes read from a token file or command */
#define SECRET_STDERR_MAX	4096	/* bytes of a command's stderr kept for messages */
#define SECRET_CMD_TIMEOUT_MS	30000	/* a token command is killed after this */

enum secret_kind {
	SECRET_NONE = 0,	/* no source configured */
	SECRET_ENV,		/* arg names an environment variable */
	SECRET_FILE,		/* arg is an absolute path, ~ already expanded */
	SECRET_CMD,		/* arg is a command for /bin/sh -c */
};

struct secret_source {
	enum secret_kind kind;
	char		*arg;	/* variable name, path or command; owned by whoever filled it */
	const char	*key;	/* how messages name it ("zendesk.token_env"); NULL: "token_env"... */
};

/*
 * Read the token from src into *token (a new string; release it with
 * secret_free()). Every source yields one line of text: leading and
 * trailing whitespace is stripped, and a token that is then empty, or that
 * the HTTP client would refuse (http_token_problem: a space, a control or
 * a non-ASCII character), is refused here, in the client's words; so
 * `tdesk config check` refuses exactly the tokens sync would.
 *
 * env:  the variable must be set and non-empty.
 * file: a regular file owned by the user with no group or other permission
 *       bits (else refused with the chmod 600 command that fixes it), at most
 *       SECRET_MAX bytes, one line.
 * cmd:  "/bin/sh -c COMMAND" with stdin from /dev/null; the first line of its
 *       stdout (at most SECRET_MAX bytes) is the token. stderr is captured,
 *       not shown: on failure its last line ends the message, with the
 *       candidate token cut out of it. The command must exit 0 within the
 *       timeout, else it is killed (SIGKILL; children it left behind are not
 *       waited for). The command stays in tdesk's process group so that a
 *       tool prompting on /dev/tty still can.
 *
 * Returns 0, or -1 with *cause set to a message that names the source (its
 * key and variable, path or command) and never the token; the caller frees
 * *cause. The caller must not reap children it did not start (waitpid(-1))
 * nor set SIGCHLD to SIG_IGN, or the command's exit status is lost (an error).
 */
int	 secret_resolve(const struct secret_source *src, char **token,
	     char **cause) TD_WUR;

/* Zero a token with explicit_bzero(), free it and set *token to NULL; NULL is fine. */
void	 secret_free(char **token);

/* Test hook: the token command timeout in milliseconds; returns the previous one. */
unsigned secret_set_cmd_timeout(unsigned ms);

/* "token_env", "token_file", "token_cmd", or "none". */
const char *secret_kind_name(enum secret_kind);

/*
 * s quoted for a POSIX shell, as a command the user may paste (the path in
 * "chmod 600 PATH"): unchanged when it holds only safe characters, else in
 * single quotes. Returns a new string.
 */
char	*secret_shquote(const char *s);

#endif
