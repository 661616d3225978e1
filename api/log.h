/*
 * The debug log (tdesk --log FILE): timestamped lines of what the HTTP
 * layer, the sync rounds and the drainer do, appended to a file the user
 * names. Never a token, a header, a cookie or a body: callers pass what
 * may be written, and URLs go through log_url_redact().
 */
#ifndef TDESK_LOG_H
#define TDESK_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "api/xmalloc.h"

/* The longest line written, newline included; longer ones are cut. */
#define LOG_LINE_MAX	2048

/* "2026-12-07T19:20:01.123Z" and its NUL. */
#define LOG_STAMP_LEN	25

/* What a redacted query or fragment value is replaced by. */
#define LOG_REDACTED	"REDACTED"

/*
 * Opens path for appending (O_APPEND|O_CREAT, mode 0600 when created,
 * close-on-exec) as the log of this process, closing any log open before.
 * Call before any thread starts. 0; or -1 with *cause set ("cannot open
 * FILE: why"), the log then closed.
 */
int	 log_open(const char *path, char **cause) TD_WUR;

/* Closes the log; log_line() is then a no-op again. */
void	 log_close(void);

/* Whether a log is open (so a caller may skip building a line). */
int	 log_enabled(void);

/*
 * Appends "STAMP AREA TEXT\n" in one write(), so that lines from the
 * sync thread and the UI thread never interleave. Control characters in
 * TEXT become '?', so a line is always one line. A no-op when no log is
 * open; a failed write is ignored (the log must never stop tdesk).
 */
void	 log_line(const char *area, const char *fmt, ...) TD_PRINTF(2, 3);

/* ms since the epoch as RFC 3339 UTC with milliseconds, into buf. */
void	 log_stamp(int64_t ms, char buf[LOG_STAMP_LEN]);

/*
 * url without what may be a secret: the userinfo (user:password@) is
 * dropped, and the value of every query or fragment parameter whose name
 * (percent-decoded, any case) is a credential's (api_key, key, token,
 * access_token, password, anything with "token", "secret", "passw" or
 * "auth" in it...) becomes LOG_REDACTED. Bytes that are not printable
 * ASCII are percent-encoded. The caller frees.
 */
char	*log_url_redact(const char *url);

#endif
