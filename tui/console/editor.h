/*
 * $VISUAL or $EDITOR for anything longer than a line (a reply, a note, a
 * write's JSON): the text goes to a private temporary file, the user's
 * editor runs on it with the terminal, and what was saved comes back. No
 * curses here: the console leaves and re-enters curses mode in the hooks.
 */
#ifndef TDESK_EDITOR_H
#define TDESK_EDITOR_H

#include "api/xmalloc.h"

#define EDITOR_MAX_TEXT		(1024 * 1024)	/* bytes read back */
#define EDITOR_MAX_SUFFIX	16		/* bytes of a file suffix */
#define EDITOR_FALLBACK		"vi"		/* with neither variable set */

enum editor_result {
	EDITOR_OK = 0,		/* *out is the new text */
	EDITOR_CANCELLED,	/* left empty or blank, unchanged, or the file
				 * removed: nothing to do, nothing to say */
	EDITOR_ERROR,		/* *cause says why; the edit is not used */
};

/*
 * Called around the editor; either or both may be NULL, and so may the
 * hooks. suspend runs just before the editor starts (the console calls
 * endwin() so the terminal is the editor's), resume just after it ends,
 * also when it could not start (the console redraws).
 */
struct editor_hooks {
	void	(*suspend)(void *arg);
	void	(*resume)(void *arg);
	void	 *arg;		/* passed to both */
};

/*
 * Let the user edit initial (NULL: empty) in their editor and return the
 * result.
 *
 * The text is written to a new file "tdesk-XXXXXX<suffix>" (suffix NULL or
 * up to EDITOR_MAX_SUFFIX bytes without "/", such as ".txt" or ".json",
 * which tells the editor the syntax) made with mode 0600 by mkstemps() in
 * $TMPDIR, or /tmp if that is unset or empty. The file is removed before
 * editor_edit() returns, whatever happens.
 *
 * The editor is editor_command(), run as
 *	/bin/sh -c 'exec <command> "$1"' sh <file>
 * so a command with arguments or quotes ("emacs -nw", "code --wait") works
 * and the file name is never part of the shell's text. exec, so the editor
 * is the shell's own process: a shell left waiting would die of the ^C the
 * editor catches and leave the editor running over the console. (A command
 * that begins with a variable assignment, "TERM=xterm vim", cannot be
 * exec'd; such a user can write "env TERM=xterm vim".)
 *
 * While the editor runs, SIGINT and SIGQUIT are ignored by this process
 * (the editor owns the terminal and its ^C), and the previous dispositions
 * come back afterwards; the editor starts with those and the usual job-
 * control and console signals at their defaults and none blocked. Waiting
 * survives EINTR from the console's own handlers (SIGWINCH, SIGTERM,
 * SIGHUP). A SIGCHLD handler that reaps every child would take the
 * editor's status: the console must not install one.
 *
 * Reading back: at most EDITOR_MAX_TEXT bytes, else EDITOR_ERROR. One
 * final newline is removed (editors add one); the result is compared with
 * initial, itself without one final newline.
 *
 * Returns:
 *	EDITOR_OK	*out is the new text, which the caller frees;
 *	EDITOR_CANCELLED the text is empty or only white space, is what
 *			initial was, or the editor removed the file;
 *	EDITOR_ERROR	*cause (if cause is not NULL) is a new message the
 *			caller frees: the temporary file could not be made or
 *			read, the editor was not found or could not run, it
 *			exited non-zero or was killed (which cancels the
 *			edit, as git does, and the message says so), the text
 *			is too large or holds a NUL byte.
 * *out is NULL unless EDITOR_OK. The text is not checked for UTF-8: the
 * caller decides what it accepts, and the user's text is not thrown away
 * for an encoding.
 */
int	 editor_edit(const char *initial, const char *suffix,
	     const struct editor_hooks *hooks, char **out, char **cause) TD_WUR;

/*
 * The editor command: $VISUAL, else $EDITOR, else EDITOR_FALLBACK; a
 * variable set to only spaces and TABs counts as unset. Points into the
 * environment or a constant: valid until the environment changes.
 */
const char *editor_command(void);

#endif
