/*
 * The debug log: one file descriptor, opened once before any thread
 * starts, and lines written to it whole with one write() each.
 */
#include "api/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Set before the threads that log start and closed after they end, so
 * it is only read while they run: no lock.
 */
static int log_fd = -1;

int
log_open(const char *path, char **cause)
{
	int fd;

	log_close();
	if (path == NULL || *path == '\0') {
		xcause(cause, "--log needs a file name");
		return -1;
	}
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY, 0600)) == -1) {
		xcause(cause, "cannot open log file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	log_fd = fd;
	return 0;
}

void
log_close(void)
{
	if (log_fd != -1)
		close(log_fd);
	log_fd = -1;
}

int
log_enabled(void)
{
	return log_fd != -1;
}

void
log_stamp(int64_t ms, char buf[LOG_STAMP_LEN])
{
	struct tm tm;
	time_t t;
	int64_t s = ms / 1000, frac = ms % 1000;

	if (frac < 0) {		/* before 1970: round the seconds down */
		frac += 1000;
		s--;
	}
	t = (time_t)s;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, LOG_STAMP_LEN, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
		snprintf(buf, LOG_STAMP_LEN, "0000-00-00T00:00:00.000Z");
		return;
	}
	snprintf(buf + 19, LOG_STAMP_LEN - 19, ".%03dZ", (int)frac);
}

void
log_line(const char *area, const char *fmt, ...)
{
	char buf[LOG_LINE_MAX], stamp[LOG_STAMP_LEN];
	struct timespec ts;
	va_list ap;
	size_t n, start, i;
	int len;

	if (log_fd == -1)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	log_stamp((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, stamp);
	len = snprintf(buf, sizeof buf, "%s %s ", stamp, area);
	start = len > 0 ? (size_t)len : 0;
	if (start > sizeof buf - 2)
		start = sizeof buf - 2;
	va_start(ap, fmt);
	len = vsnprintf(buf + start, sizeof buf - start, fmt, ap);
	va_end(ap);
	n = start + (len > 0 ? (size_t)len : 0);
	if (n > sizeof buf - 2) {
		/* Cut short, and said to be. */
		n = sizeof buf - 2;
		memcpy(buf + n - 3, "...", 3);
	}
	for (i = LOG_STAMP_LEN; i < n; i++) {
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			buf[i] = '?';
	}
	buf[n++] = '\n';
	/* One write: O_APPEND puts the whole line at the end at once. */
	(void)!write(log_fd, buf, n);
}

/* ---- redaction ---------------------------------------------------------- */

/* A growing string. */
struct log_buf {
	char	*s;
	size_t	 len, cap;
};

static void
log_buf_add(struct log_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap != 0 ? b->cap * 2 : 128;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Add s[0..n), percent-encoding what would break a line or a terminal. */
static void
log_buf_url(struct log_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;
	char esc[3];
	size_t i;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c > 0x20 && c < 0x7f) {
			log_buf_add(b, s + i, 1);
			continue;
		}
		esc[0] = '%';
		esc[1] = hex[c >> 4];
		esc[2] = hex[c & 0xf];
		log_buf_add(b, esc, 3);
	}
}

static int
log_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Names whose value is always a credential, and parts of such names. */
static const char *const log_secret_names[] = {
	"key", "sig", "pwd", "pass", "code", "jwt", "apikey", "api-key",
	"private_key", "client_secret"
};
static const char *const log_secret_parts[] = {
	"token", "secret", "passw", "api_key", "apikey", "authoriz", "oauth",
	"session", "signature", "credential", "cookie"
};

/* Whether a parameter named name[0..n) (still encoded) carries a secret. */
static int
log_secret_name(const char *name, size_t n)
{
	char *d;
	size_t i, len = 0;
	int hi, lo, secret = 0;

	d = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (name[i] == '%' && i + 2 < n &&
		    (hi = log_hexval((unsigned char)name[i + 1])) != -1 &&
		    (lo = log_hexval((unsigned char)name[i + 2])) != -1) {
			d[len++] = (char)tolower(hi << 4 | lo);
			i += 2;
		} else if (name[i] == '+')
			d[len++] = ' ';
		else
			d[len++] = (char)tolower((unsigned char)name[i]);
	}
	d[len] = '\0';
	/* A name cut short by a NUL byte is judged on what follows too. */
	for (i = 0; i < len; i++) {
		if (d[i] == '\0')
			d[i] = ' ';
	}
	for (i = 0; !secret && i < sizeof log_secret_names /
	    sizeof log_secret_names[0]; i++)
		secret = strcmp(d, log_secret_names[i]) == 0;
	for (i = 0; !secret && i < sizeof log_secret_parts /
	    sizeof log_secret_parts[0]; i++)
		secret = strstr(d, log_secret_parts[i]) != NULL;
	free(d);
	return secret;
}

/* Add the parameters s[0..n) ("a=1&b=2"), secret values redacted. */
static void
log_buf_params(struct log_buf *b, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *amp, *eq;

	while (p < end) {
		for (amp = p; amp < end && *amp != '&' && *amp != ';'; amp++)
			;
		for (eq = p; eq < amp && *eq != '='; eq++)
			;
		log_buf_url(b, p, (size_t)(eq - p));
		if (eq < amp) {
			if (log_secret_name(p, (size_t)(eq - p)))
				log_buf_add(b, "=" LOG_REDACTED,
				    strlen("=" LOG_REDACTED));
			else
				log_buf_url(b, eq, (size_t)(amp - eq));
		}
		if (amp < end)
			log_buf_add(b, amp, 1);
		p = amp + 1;
	}
}

char *
log_url_redact(const char *url)
{
	struct log_buf b = { NULL, 0, 0 };
	const char *p = url, *q, *at, *end;

	log_buf_add(&b, "", 0);
	if (url == NULL)
		return b.s;
	/* scheme://, then the authority, whose userinfo is dropped */
	for (q = p; *q != '\0' && strchr("/?#", *q) == NULL; q++)
		if (q[0] == ':' && q[1] == '/' && q[2] == '/')
			break;
	if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
		log_buf_url(&b, p, (size_t)(q + 3 - p));
		p = q + 3;
		end = p + strcspn(p, "/?#");
		for (at = NULL, q = p; q < end; q++)
			if (*q == '@')
				at = q;
		if (at != NULL)
			p = at + 1;
		log_buf_url(&b, p, (size_t)(end - p));
		p = end;
	}
	end = p + strcspn(p, "?#");
	log_buf_url(&b, p, (size_t)(end - p));
	p = end;
	if (*p == '?') {
		end = p + 1 + strcspn(p + 1, "#");
		log_buf_add(&b, "?", 1);
		log_buf_params(&b, p + 1, (size_t)(end - p - 1));
		p = end;
	}
	/* A fragment is never sent, but OAuth puts access_token there. */
	if (*p == '#') {
		log_buf_add(&b, "#", 1);
		log_buf_params(&b, p + 1, strlen(p + 1));
	}
	return b.s;
}
