/*
 * Edit text in the user's editor: a private temporary file, the editor
 * spawned through /bin/sh with the terminal, its exit status judged, the
 * file read back and removed. See editor.h.
 */
#include "tui/console/editor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Signals the editor starts with at their default disposition. */
static const int editor_default_signals[] = {
	SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGCHLD,
	SIGWINCH, SIGTERM, SIGHUP, SIGALRM, SIGUSR1, SIGUSR2,
};

#define EDITOR_NSIG	(sizeof editor_default_signals / \
			    sizeof editor_default_signals[0])

static bool
editor_blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (strchr(" \t\n\r\v\f", s[i]) == NULL || s[i] == '\0')
			return false;
	}
	return true;
}

const char *
editor_command(void)
{
	static const char *const vars[] = { "VISUAL", "EDITOR" };
	const char *v;
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		v = getenv(vars[i]);
		if (v != NULL && v[strspn(v, " \t")] != '\0')
			return v;
	}
	return EDITOR_FALLBACK;
}

static int
editor_write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* What the editor's wait status means, as EDITOR_OK or EDITOR_ERROR. */
static int
editor_judge(const char *cmd, int status, char **cause)
{
	int code;

	if (WIFSIGNALED(status)) {
		xcause(cause, "the editor \"%s\" was killed by signal %d "
		    "(%s), so the edit is cancelled", cmd, WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
		return EDITOR_ERROR;
	}
	code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	switch (code) {
	case 0:
		return EDITOR_OK;
	case 126:
		xcause(cause, "the editor \"%s\" could not be run (the shell "
		    "says 126: not executable); set $VISUAL or $EDITOR", cmd);
		break;
	case 127:
		xcause(cause, "the editor \"%s\" was not found (the shell "
		    "says 127); set $VISUAL or $EDITOR", cmd);
		break;
	default:
		xcause(cause, "the editor \"%s\" exited with status %d, so "
		    "the edit is cancelled", cmd, code);
		break;
	}
	return EDITOR_ERROR;
}

/*
 * Run cmd on path with the terminal, between the hooks, SIGINT and SIGQUIT
 * ignored meanwhile. Returns EDITOR_OK if it exited 0, else EDITOR_ERROR.
 */
static int
editor_run(const char *cmd, const char *path,
    const struct editor_hooks *hooks, char **cause)
{
	struct sigaction ign, old_int, old_quit;
	posix_spawnattr_t attr;
	sigset_t defaults, none;
	char sh[] = "sh", dash_c[] = "-c", *script, *file, *argv[6];
	pid_t pid;
	size_t i;
	int err, status = 0, rc;

	script = xasprintf("exec %s \"$1\"", cmd);
	file = xstrdup(path);	/* argv is not const */
	argv[0] = sh;
	argv[1] = dash_c;
	argv[2] = script;
	argv[3] = sh;		/* $0 */
	argv[4] = file;		/* $1 */
	argv[5] = NULL;

	if ((err = posix_spawnattr_init(&attr)) != 0)
		fatal("posix_spawnattr_init: %s", strerror(err));
	sigemptyset(&defaults);
	for (i = 0; i < EDITOR_NSIG; i++)
		sigaddset(&defaults, editor_default_signals[i]);
	sigemptyset(&none);
	if (posix_spawnattr_setsigdefault(&attr, &defaults) != 0 ||
	    posix_spawnattr_setsigmask(&attr, &none) != 0 ||
	    posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) != 0)
		fatal("posix_spawnattr: cannot set the signals");

	/* Ignore first: a ^C after endwin() must not end tdesk. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	if (hooks != NULL && hooks->suspend != NULL)
		hooks->suspend(hooks->arg);

	err = posix_spawn(&pid, "/bin/sh", NULL, &attr, argv, environ);
	if (err == 0) {
		while (waitpid(pid, &status, 0) == -1) {
			if (errno != EINTR) {
				err = errno;
				break;
			}
		}
	}

	if (hooks != NULL && hooks->resume != NULL)
		hooks->resume(hooks->arg);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	posix_spawnattr_destroy(&attr);

	if (err != 0) {
		/* No /bin/sh, or the status was taken by another waiter. */
		xcause(cause, "cannot run the editor \"%s\": %s", cmd,
		    strerror(err));
		rc = EDITOR_ERROR;
	} else
		rc = editor_judge(cmd, status, cause);
	free(script);
	free(file);
	return rc;
}

/*
 * Read the file back into *text (*len bytes, NUL-terminated). Returns
 * EDITOR_OK, EDITOR_CANCELLED if it is gone, or EDITOR_ERROR.
 */
static int
editor_read(const char *path, char **text, size_t *len, char **cause)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	ssize_t n;
	int fd;

	*text = NULL;
	*len = 0;
	/* O_NOFOLLOW: what the editor left there, never where a link points. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1 && errno == ENOENT)
		return EDITOR_CANCELLED;
	if (fd == -1) {
		xcause(cause, "cannot read the edited text back from %s: %s",
		    path, strerror(errno));
		return EDITOR_ERROR;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		xcause(cause, "cannot read the edited text back from %s: it "
		    "is not a regular file", path);
		close(fd);
		return EDITOR_ERROR;
	}
	/* One byte more than the cap tells a file that is too large. */
	buf = xmalloc(EDITOR_MAX_TEXT + 2);
	while (got <= EDITOR_MAX_TEXT) {
		n = read(fd, buf + got, EDITOR_MAX_TEXT + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xcause(cause, "cannot read the edited text back from "
			    "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got > EDITOR_MAX_TEXT) {
		xcause(cause, "the edited text is larger than %d MiB, so it "
		    "is not used", EDITOR_MAX_TEXT / (1024 * 1024));
		goto fail;
	}
	if (memchr(buf, '\0', got) != NULL) {
		xcause(cause, "the edited text holds a NUL byte (at byte "
		    "%zu), so it is not used",
		    (size_t)((char *)memchr(buf, '\0', got) - buf));
		goto fail;
	}
	close(fd);
	buf = xreallocarray(buf, got + 1, 1);	/* most texts are small */
	buf[got] = '\0';
	*text = buf;
	*len = got;
	return EDITOR_OK;

fail:
	close(fd);
	free(buf);
	return EDITOR_ERROR;
}

/* len without one final newline. */
static size_t
editor_chomp(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '\n' ? len - 1 : len;
}

int
editor_edit(const char *initial, const char *suffix,
    const struct editor_hooks *hooks, char **out, char **cause)
{
	const char *cmd = editor_command(), *tmpdir;
	char *path, *text = NULL;
	size_t len, ilen;
	int fd, rc;

	*out = NULL;
	if (initial == NULL)
		initial = "";
	if (suffix == NULL)
		suffix = "";
	if (strlen(suffix) > EDITOR_MAX_SUFFIX || strchr(suffix, '/') != NULL) {
		xcause(cause, "bad file suffix \"%s\" for the editor", suffix);
		return EDITOR_ERROR;
	}
	tmpdir = getenv("TMPDIR");
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	path = xasprintf("%s/tdesk-XXXXXX%s", tmpdir, suffix);
	/* mkstemps() makes the file with mode 0600, whatever the umask. */
	if ((fd = mkstemps(path, (int)strlen(suffix))) == -1) {
		xcause(cause, "cannot make a temporary file in %s: %s",
		    tmpdir, strerror(errno));
		free(path);
		return EDITOR_ERROR;
	}
	if (editor_write_all(fd, initial, strlen(initial)) == -1) {
		xcause(cause, "cannot write the temporary file %s: %s", path,
		    strerror(errno));
		close(fd);
		rc = EDITOR_ERROR;
		goto out;
	}
	if (close(fd) == -1) {
		xcause(cause, "cannot write the temporary file %s: %s", path,
		    strerror(errno));
		rc = EDITOR_ERROR;
		goto out;
	}

	if ((rc = editor_run(cmd, path, hooks, cause)) != EDITOR_OK)
		goto out;
	if ((rc = editor_read(path, &text, &len, cause)) != EDITOR_OK)
		goto out;
	len = editor_chomp(text, len);
	text[len] = '\0';
	ilen = editor_chomp(initial, strlen(initial));
	if (editor_blank(text, len) ||
	    (len == ilen && memcmp(text, initial, len) == 0)) {
		rc = EDITOR_CANCELLED;
		goto out;
	}
	*out = text;
	text = NULL;
	rc = EDITOR_OK;

out:
	/* Removed in every case; the editor may have removed it itself. */
	unlink(path);
	free(path);
	free(text);
	return rc;
}
