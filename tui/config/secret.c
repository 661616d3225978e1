/*
 * Resolve a backend token from an environment variable, a 0600 file or a
 * command's output. Buffers that held a token are zeroed before they are
 * freed, and no message built here quotes one.
 */
#include "tui/config/secret.h"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/clock.h"
#include "api/fd.h"
#include "api/http.h"

_Static_assert(SECRET_STDERR_MAX >= 1024, "stderr reads fit what is kept");

extern char **environ;

static unsigned cmd_timeout_ms = SECRET_CMD_TIMEOUT_MS;

unsigned
secret_set_cmd_timeout(unsigned ms)
{
	unsigned old = cmd_timeout_ms;

	cmd_timeout_ms = ms;
	return old;
}

const char *
secret_kind_name(enum secret_kind kind)
{
	switch (kind) {
	case SECRET_ENV:
		return "token_env";
	case SECRET_FILE:
		return "token_file";
	case SECRET_CMD:
		return "token_cmd";
	case SECRET_NONE:
		break;
	}
	return "none";
}

void
secret_free(char **token)
{
	if (*token == NULL)
		return;
	explicit_bzero(*token, strlen(*token));
	free(*token);
	*token = NULL;
}

char *
secret_shquote(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_";
	size_t i, n, len = strlen(s);
	char *q;

	if (len > 0 && strspn(s, safe) == len)
		return xstrdup(s);
	for (i = 0, n = 2; i < len; i++)
		n += s[i] == '\'' ? 4 : 1;
	q = xmalloc(n + 1);
	n = 0;
	q[n++] = '\'';
	for (i = 0; i < len; i++) {
		if (s[i] == '\'') {
			memcpy(q + n, "'\\''", 4);
			n += 4;
		} else
			q[n++] = s[i];
	}
	q[n++] = '\'';
	q[n] = '\0';
	return q;
}

static const char *
source_key(const struct secret_source *src)
{
	return src->key != NULL ? src->key : secret_kind_name(src->kind);
}

/*
 * Turn the bytes in buf[0..len) into the token: with first_line, everything
 * from the first newline on is dropped; then surrounding whitespace is cut.
 * Returns a new string, or NULL with *why set to a static reason. What is
 * in the token is not judged here: token_take() does that.
 */
static char *
token_from(const char *buf, size_t len, int first_line, const char **why)
{
	const char *nl;
	size_t start = 0;

	if (first_line && (nl = memchr(buf, '\n', len)) != NULL)
		len = (size_t)(nl - buf);
	while (len > 0 && strchr(" \t\r\n\v\f", buf[len - 1]) != NULL)
		len--;
	while (start < len && strchr(" \t\r\n\v\f", buf[start]) != NULL)
		start++;
	if (start == len) {
		*why = first_line ? "printed nothing on its first line" :
		    "is empty";
		return NULL;
	}
	if (memchr(buf + start, '\n', len - start) != NULL) {
		*why = "holds more than one line";
		return NULL;
	}
	if (memchr(buf + start, '\0', len - start) != NULL) {
		*why = "holds a control character";	/* a NUL, as the rule says */
		return NULL;
	}
	return xstrndup(buf + start, len - start);
}

/*
 * The token src gave in buf[0..len) (a command's first line), if it can be
 * sent: the HTTP client's one rule for tokens (http_token_problem) is
 * applied where the token is read, so that config check refuses what sync
 * would, in the same words. Returns 0 with *token set, or -1 with *cause
 * naming the source (a command in quotes) and *token NULL.
 */
static int
token_take(const struct secret_source *src, const char *buf, size_t len,
    char **token, char **cause)
{
	int cmd = src->kind == SECRET_CMD;
	const char *why;

	if ((*token = token_from(buf, len, cmd, &why)) != NULL) {
		if ((why = http_token_problem(*token)) == NULL)
			return 0;
		secret_free(token);
	}
	xcause(cause, cmd ? "%s \"%s\" %s" : "%s %s %s", source_key(src),
	    src->arg, why);
	return -1;
}

static int
resolve_env(const struct secret_source *src, char **token, char **cause)
{
	const char *v = getenv(src->arg);

	if (v == NULL) {
		xcause(cause, "%s %s is not set", source_key(src), src->arg);
		return -1;
	}
	if (*v == '\0') {
		xcause(cause, "%s %s is set but empty", source_key(src),
		    src->arg);
		return -1;
	}
	return token_take(src, v, strlen(v), token, cause);
}

static int
resolve_file(const struct secret_source *src, char **token, char **cause)
{
	struct stat st;
	char *buf = NULL, *q;
	size_t len = 0;
	int fd, n, rc = -1;

	fd = open(src->arg, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1) {
		xcause(cause, "%s %s: %s", source_key(src), src->arg,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		xcause(cause, "%s %s: %s", source_key(src), src->arg,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		xcause(cause, "%s %s is not a regular file", source_key(src),
		    src->arg);
		goto out;
	}
	if (st.st_uid != geteuid()) {
		xcause(cause, "%s %s is owned by uid %lu, not by you (uid %lu)",
		    source_key(src), src->arg, (unsigned long)st.st_uid,
		    (unsigned long)geteuid());
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		q = secret_shquote(src->arg);
		xcause(cause, "%s %s is open to group or others (mode %04o); "
		    "fix it with: chmod 600 %s", source_key(src), src->arg,
		    (unsigned)(st.st_mode & 07777), q);
		free(q);
		goto out;
	}
	/* Room for one byte past the cap, to tell "at the cap" from "over it". */
	buf = xmalloc(SECRET_MAX + 1);
	if ((n = fd_read_capped(fd, buf, SECRET_MAX, &len)) == -1) {
		xcause(cause, "%s %s: %s", source_key(src), src->arg,
		    strerror(errno));
		goto out;
	}
	if (n == 1) {
		xcause(cause, "%s %s is larger than %d bytes",
		    source_key(src), src->arg, SECRET_MAX);
		goto out;
	}
	if (token_take(src, buf, len, token, cause) != 0)
		goto out;
	rc = 0;
out:
	if (buf != NULL) {
		explicit_bzero(buf, SECRET_MAX + 1);
		free(buf);
	}
	close(fd);
	return rc;
}

/* A pipe whose ends are both above fd 2 and close-on-exec. */
static int
pipe_above_stdio(int p[2])
{
	int i, fd;

	if (pipe2(p, O_CLOEXEC) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (p[i] > 2)
			continue;
		if ((fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3)) == -1) {
			close(p[0]);
			close(p[1]);
			return -1;
		}
		close(p[i]);
		p[i] = fd;
	}
	return 0;
}

/*
 * The last non-empty line of a command's stderr, made printable and short,
 * with every occurrence of the candidate token (if any) replaced. Returns a
 * new string, empty when there is nothing to show.
 */
static char *
stderr_tail(const char *err, size_t len, const char *candidate)
{
	size_t start, end, i, clen, n = 0;
	char *out;

	end = len;
	while (end > 0 && strchr(" \t\r\n", err[end - 1]) != NULL)
		end--;
	start = end;
	while (start > 0 && err[start - 1] != '\n')
		start--;
	while (start < end && (err[start] == ' ' || err[start] == '\t'))
		start++;
	if (end - start > 200)
		start = end - 200;
	out = xmalloc(end - start + 1);
	clen = candidate != NULL ? strlen(candidate) : 0;
	for (i = start; i < end; i++) {
		if (clen > 0 && end - i >= clen &&
		    memcmp(err + i, candidate, clen) == 0) {
			/* "[redacted]" is never longer than what it hides here. */
			if (clen >= 10) {
				memcpy(out + n, "[redacted]", 10);
				n += 10;
			} else
				out[n++] = '*';
			i += clen - 1;
			continue;
		}
		out[n++] = (unsigned char)err[i] < 0x20 || err[i] == 0x7f ?
		    '?' : err[i];
	}
	out[n] = '\0';
	return out;
}

/*
 * Run the command, filling out (SECRET_MAX + 1 bytes) and err (at most
 * SECRET_STDERR_MAX, the latest bytes kept). Returns 0 with *status set when
 * the command ran to its end, or -1 with *cause set; *timed_out and
 * *too_big say why a command was killed.
 */
static int
run_cmd(const struct secret_source *src, char *out, size_t *outlen,
    char *err, size_t *errlen, int *status, int *timed_out, int *too_big,
    char **cause)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dflt;
	char *argv[] = { (char *)"sh", (char *)"-c", src->arg, NULL };
	struct pollfd pfd[2];
	int64_t deadline;
	int op[2], ep[2], fds[2], i, e, reaped = 0, poll_errno = 0, rc = -1;
	char tmp[1024];	/* stderr is read in pieces no larger than what is kept */
	pid_t pid, w;
	ssize_t n;
	size_t room;

	*outlen = *errlen = 0;
	*timed_out = *too_big = 0;
	if (pipe_above_stdio(op) == -1) {
		xcause(cause, "%s: pipe: %s", source_key(src), strerror(errno));
		return -1;
	}
	if (pipe_above_stdio(ep) == -1) {
		xcause(cause, "%s: pipe: %s", source_key(src), strerror(errno));
		close(op[0]);
		close(op[1]);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], 1);
	posix_spawn_file_actions_adddup2(&fa, ep[1], 2);
	/* The child starts with default dispositions, whatever tdesk ignores. */
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	sigaddset(&dflt, SIGINT);
	sigaddset(&dflt, SIGQUIT);
	sigaddset(&dflt, SIGTERM);
	sigaddset(&dflt, SIGCHLD);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	e = posix_spawn(&pid, "/bin/sh", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(op[1]);
	close(ep[1]);
	if (e != 0) {
		xcause(cause, "%s \"%s\": cannot start /bin/sh: %s",
		    source_key(src), src->arg, strerror(e));
		close(op[0]);
		close(ep[0]);
		return -1;
	}

	fds[0] = op[0];
	fds[1] = ep[0];
	deadline = clock_mono_ms() + cmd_timeout_ms;
	for (;;) {
		int64_t left = deadline - clock_mono_ms();
		int nfds = 0, wait_ms;

		if (!reaped) {
			w = waitpid(pid, status, WNOHANG);
			if (w == pid || (w == -1 && errno == ECHILD))
				reaped = w == pid ? 1 : -1;
		}
		if (fds[0] == -1 && fds[1] == -1 && reaped)
			break;
		if (left <= 0 && !reaped) {
			*timed_out = 1;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (fds[i] == -1)
				continue;
			pfd[nfds].fd = fds[i];
			pfd[nfds].events = POLLIN;
			pfd[nfds].revents = 0;
			nfds++;
		}
		/*
		 * Once the command has exited, only drain what is already in
		 * the pipes: a background child it left may hold them open.
		 */
		wait_ms = reaped ? 0 : (int)(left < 50 ? left : 50);
		if (poll(pfd, (nfds_t)nfds, wait_ms) == -1) {
			if (errno == EINTR)
				continue;
			poll_errno = errno;
			break;
		}
		if (reaped && (nfds == 0 || (pfd[0].revents == 0 &&
		    (nfds < 2 || pfd[1].revents == 0))))
			break;
		for (i = 0; i < nfds; i++) {
			int is_out = pfd[i].fd == fds[0];

			if (pfd[i].revents == 0)
				continue;
			if (is_out) {
				room = SECRET_MAX + 1 - *outlen;
				n = read(pfd[i].fd, out + *outlen, room);
			} else
				n = read(pfd[i].fd, tmp, sizeof tmp);
			if (n == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				close(pfd[i].fd);
				fds[is_out ? 0 : 1] = -1;
				continue;
			}
			if (!is_out) {
				/* Keep the latest SECRET_STDERR_MAX bytes. */
				if (*errlen + (size_t)n > SECRET_STDERR_MAX) {
					size_t drop = *errlen + (size_t)n -
					    SECRET_STDERR_MAX;

					memmove(err, err + drop, *errlen - drop);
					*errlen -= drop;
				}
				memcpy(err + *errlen, tmp, (size_t)n);
				*errlen += (size_t)n;
				continue;
			}
			*outlen += (size_t)n;
			if (*outlen > SECRET_MAX) {
				*too_big = 1;
				break;
			}
		}
		if (*too_big)
			break;
	}
	if (!reaped) {
		kill(pid, SIGKILL);
		while ((w = waitpid(pid, status, 0)) == -1 && errno == EINTR)
			;
		if (w == -1)
			reaped = -1;
	}
	if (poll_errno != 0) {
		xcause(cause, "%s: poll: %s", source_key(src),
		    strerror(poll_errno));
		goto out;
	}
	if (*timed_out || *too_big) {
		rc = 0;
		goto out;
	}
	if (reaped == -1) {
		xcause(cause, "%s \"%s\": its exit status was lost (reaped "
		    "elsewhere)", source_key(src), src->arg);
		goto out;
	}
	rc = 0;
out:
	explicit_bzero(tmp, sizeof tmp);
	for (i = 0; i < 2; i++) {
		if (fds[i] != -1)
			close(fds[i]);
	}
	return rc;
}

static int
resolve_cmd(const struct secret_source *src, char **token, char **cause)
{
	char *out, *err, *tail = NULL, *candidate = NULL;
	const char *why;
	size_t outlen, errlen;
	int status = 0, timed_out, too_big, rc = -1;

	out = xmalloc(SECRET_MAX + 1);
	err = xmalloc(SECRET_STDERR_MAX);
	if (run_cmd(src, out, &outlen, err, &errlen, &status, &timed_out,
	    &too_big, cause) != 0)
		goto out;

	/* What the token would be, only to cut it out of stderr. */
	candidate = token_from(out, outlen, 1, &why);
	tail = stderr_tail(err, errlen, candidate);
	if (timed_out) {
		xcause(cause, "%s \"%s\" did not finish within %u %s and was "
		    "killed%s%s", source_key(src), src->arg,
		    cmd_timeout_ms % 1000 == 0 ? cmd_timeout_ms / 1000 :
		    cmd_timeout_ms, cmd_timeout_ms % 1000 == 0 ? "s" : "ms",
		    *tail != '\0' ? ": " : "", tail);
		goto out;
	}
	if (too_big) {
		xcause(cause, "%s \"%s\" printed more than %d bytes",
		    source_key(src), src->arg, SECRET_MAX);
		goto out;
	}
	if (WIFSIGNALED(status)) {
		xcause(cause, "%s \"%s\" was killed by signal %d%s%s",
		    source_key(src), src->arg, WTERMSIG(status),
		    *tail != '\0' ? ": " : "", tail);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		xcause(cause, "%s \"%s\" exited with status %d%s%s",
		    source_key(src), src->arg, WEXITSTATUS(status),
		    *tail != '\0' ? ": " : "", tail);
		goto out;
	}
	if (outlen == 0) {
		xcause(cause, "%s \"%s\" printed nothing%s%s", source_key(src),
		    src->arg, *tail != '\0' ? ": " : "", tail);
		goto out;
	}
	if (token_take(src, out, outlen, token, cause) != 0)
		goto out;
	rc = 0;
out:
	explicit_bzero(out, SECRET_MAX + 1);
	explicit_bzero(err, SECRET_STDERR_MAX);
	free(out);
	free(err);
	secret_free(&candidate);
	free(tail);
	return rc;
}

int
secret_resolve(const struct secret_source *src, char **token, char **cause)
{
	*token = NULL;
	if (src->arg == NULL || *src->arg == '\0') {
		xcause(cause, "%s is empty", source_key(src));
		return -1;
	}
	switch (src->kind) {
	case SECRET_ENV:
		return resolve_env(src, token, cause);
	case SECRET_FILE:
		return resolve_file(src, token, cause);
	case SECRET_CMD:
		return resolve_cmd(src, token, cause);
	case SECRET_NONE:
		break;
	}
	xcause(cause, "no token source is configured");
	return -1;
}
