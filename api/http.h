/*
 * One HTTP layer on libcurl for tdesk's three backends: a client per
 * backend (name, base URL, credentials) that owns a reused connection,
 * verifies TLS, sends JSON, caps every body, retries what is safe to retry
 * (with Retry-After and full-jitter backoff), keeps a circuit breaker and
 * rate budgets, and says in one message what happened and to which
 * endpoint.
 *
 * Blocking: every call here may wait on the network, on a backoff or on a
 * rate budget, for as long as the policy allows. They are for the
 * background sync thread and the command-line subcommands, NEVER for the
 * console's event loop. http_do() calls on one client are serialised (a
 * second thread waits its turn); http_client_health() and
 * http_client_last() may be called from any thread at any time and never
 * wait on the network.
 *
 * Global state: main() calls http_global_init() once, before it starts a
 * thread or makes a client, and http_global_cleanup() once at exit, after
 * every client is freed. Unit tests do the same.
 *
 * Security: TLS verification is always on; plain http:// is refused unless
 * the host is a loopback address (127.0.0.0/8, ::1, localhost), and a
 * loopback host is never reached through a proxy (the environment's
 * http_proxy and all_proxy are ignored for it); through a proxy, https://
 * is always a CONNECT tunnel, so a token travels only inside TLS or to
 * loopback; redirects are never followed (a 3xx is an error naming where it pointed); secrets
 * never appear in a message, and tdesk's copies of them are zeroed when
 * freed (libcurl's own short-lived request buffer is beyond our reach).
 */
#ifndef TDESK_HTTP_H
#define TDESK_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "api/breaker.h"
#include "api/xmalloc.h"

/* The largest response body read by default (a 1000-ticket export page
 * with sideloads is a few MB); more is HTTP_TOO_LARGE. */
#define HTTP_MAX_BODY		((size_t)32 << 20)

/* Room for a message kept in struct http_health / http_last. */
#define HTTP_MESSAGE_MAX	512

/* Longest backend error code and text quoted in a message ("..." may
 * follow: see http_clean). */
#define HTTP_ERROR_CODE_MAX	60
#define HTTP_ERROR_TEXT_MAX	300

/* Longest Idempotency-Key sent (the payments API takes up to 255). */
#define HTTP_KEY_MAX		255

/* http_request.max_wait_ms: the policy's bound, or no waiting at all. */
#define HTTP_WAIT_DEFAULT	0
#define HTTP_WAIT_NONE		(-1)

enum http_method {
	HTTP_GET = 0,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
};

enum http_auth {
	HTTP_AUTH_NONE = 0,
	HTTP_AUTH_ZENDESK_TOKEN,	/* Basic base64("{user}/token:{secret}") */
	HTTP_AUTH_BEARER,		/* Bearer {secret}: Zendesk OAuth,
					 * payments */
	HTTP_AUTH_OAUTH,		/* OAuth {secret}: Statuspage */
};

/*
 * What became of a request: the result of http_do() and of every backend
 * call in zendesk.h, statuspage.h and payments.h. 0 is success.
 */
enum http_result {
	HTTP_OK = 0,
	HTTP_CONFLICT,		/* 409 on a write (Zendesk safe_update
				 * collision, payments version_conflict):
				 * nothing applied; re-read and let the user
				 * decide (set by the backend clients) */
	HTTP_CLIENT_ERROR,	/* a definitive 4xx (not 408/429/Statuspage's
				 * 420): nothing applied, and sending it
				 * again will not help */
	HTTP_TRANSIENT,		/* not applied, worth trying later: 408,
				 * 429, 420 (Statuspage), 503, any 5xx on a
				 * read, timeouts, resets, refused
				 * connections, DNS; reads were already
				 * retried */
	HTTP_UNKNOWN,		/* a write that may have been applied: the
				 * connection dropped or timed out after it
				 * was sent, the answer was cut short or
				 * unreadable, or 500/502/504. Read back (or
				 * resend with the same Idempotency-Key);
				 * never resend blindly */
	HTTP_BREAKER_OPEN,	/* nothing sent: the circuit is open */
	HTTP_RATE_LIMITED,	/* nothing sent: the rate budget has no
				 * token within the request's wait bound */
	HTTP_TOO_LARGE,		/* a read whose body passed the cap, or
				 * with a header line longer than libcurl
				 * takes (100 KB); not retried (on a write
				 * that is HTTP_UNKNOWN) */
	HTTP_DECODE,		/* a 2xx read whose body is not what the API
				 * promises (on a write: HTTP_UNKNOWN) */
	HTTP_ERROR,		/* retrying will not fix it: TLS
				 * verification, a redirect, a bad URL, a
				 * refused argument */
};

/* "ok", "conflict", "client error", "transient", "unknown outcome"... */
const char *http_result_name(enum http_result);

/*
 * Knobs, with their defaults (http_policy_default); a test shortens
 * them. Waits longer than max_wait_ms are not made: the call returns and
 * says when to come back. Nor is any wait or attempt that would end past
 * the request's deadline: once it has sent a request, http_do() returns
 * within deadline_ms (and a moment), whatever the backend does. Before
 * the first send it may wait up to max_wait_ms for a rate budget's slot.
 */
struct http_policy {
	int64_t		 deadline_ms;		/* 30000: one http_do() from
						 * its first send, every
						 * attempt, backoff and
						 * budget wait after it
						 * included; <= 0: none */
	int		 max_attempts;		/* tries of a retryable
						 * request, the first
						 * included: 4 */
	int64_t		 backoff_base_ms;	/* 1000: the first retry
						 * waits 0..1 s */
	int64_t		 backoff_cap_ms;	/* 30000 */
	int64_t		 retry_after_min_s;	/* 1: Retry-After is clamped
						 * to [min, max] */
	int64_t		 retry_after_max_s;	/* 300 */
	int64_t		 max_wait_ms;		/* 60000: the longest single
						 * wait (retry or budget) a
						 * request may make */
	int		 breaker_threshold;	/* 5 consecutive failures */
	int64_t		 breaker_cooldown_ms;	/* 30000 before the first
						 * probe */
	int64_t		 breaker_cooldown_max_ms; /* 300000: doubled after
						 * each failed probe, up to
						 * this */
	long		 connect_timeout_ms;	/* 10000 */
	long		 low_speed_bytes;	/* 1 byte/s... */
	long		 low_speed_time_s;	/* ...for 15 s: a stalled
						 * transfer ends, leaving
						 * the deadline room for
						 * another attempt */
	long		 timeout_ms;		/* 30000: one transfer (the
						 * deadline may cut it
						 * shorter) */
	size_t		 max_body;		/* HTTP_MAX_BODY */
	int		 stop_after_timeout;	/* 0; else once a transfer
						 * timed out, nothing more
						 * is sent (HTTP_TRANSIENT
						 * at once): a run with an
						 * end, such as sync --once,
						 * waits on a hung backend
						 * only once */
};

void	 http_policy_default(struct http_policy *);

/*
 * The clock, the sleep and the dice, injectable so tests run fast and
 * deterministically. A NULL member means the real one. arg is passed to
 * each.
 */
struct http_hooks {
	int64_t		(*now_ms)(void *arg);	/* monotonic ms: breaker,
						 * budgets */
	int64_t		(*wall_ms)(void *arg);	/* unix ms: Retry-After
						 * dates, health times */
	void		(*sleep_ms)(void *arg, int64_t ms);
	uint32_t	(*random)(void *arg);	/* backoff jitter */
	int		(*cancelled)(void *arg);	/* non-zero: stop
							 * waiting, abort the
							 * transfer */
	void		(*log)(void *arg, const char *line);	/* a line
						 * per retry, give-up and
						 * breaker change (the -v
						 * log) */
	void		*arg;
};

struct http_config {
	const char	*name;		/* "zendesk": leads every message */
	const char	*base_url;	/* scheme://host[:port][/prefix];
					 * request paths are appended */
	enum http_auth	 auth;
	const char	*user;		/* HTTP_AUTH_ZENDESK_TOKEN: the email */
	const char	*secret;	/* the token or key; copied */
	int		 rate_420;	/* 420 means "rate limited"
					 * (Statuspage) */
	const char	*budget;	/* the client-wide budget's name
					 * (every request spends from it and
					 * a 429 without a budget of its own
					 * pauses it); NULL: name */
	int		 budget_count;	/* its limit (ratelimit_define); 0:
					 * none */
	int64_t		 budget_period_ms;
	/*
	 * Read an error body: set *code and *text (new strings, either may
	 * stay NULL). NULL: the body's first line is the text.
	 */
	void		(*error_text)(const char *body, size_t len, char **code,
			    char **text);
	const struct http_policy *policy;	/* NULL: the defaults */
	const struct http_hooks *hooks;		/* NULL: the real ones */
};

struct http_client;

struct http_request {
	enum http_method method;
	const char	*path;		/* after the base URL, from '/',
					 * already escaped */
	const char	*query;		/* "a=1&b=2" (http_query_add); NULL:
					 * none */
	const char	*body;		/* JSON; NULL: none */
	size_t		 body_len;
	const char	*idempotency_key;	/* NULL: none */
	int		 retry;		/* may be sent more than once: reads.
					 * Writes are never retried here */
	const char	*budget;	/* a rate budget beside the
					 * client-wide one; NULL: none */
	const char	*budget_key;	/* its bucket ("101": a ticket);
					 * NULL: "" */
	int64_t		 max_wait_ms;	/* HTTP_WAIT_DEFAULT, HTTP_WAIT_NONE,
					 * or a bound in ms */
};

struct http_response {
	long		 status;	/* 0: no response */
	char		*body;		/* NUL-terminated, len bytes; NULL:
					 * none */
	size_t		 len;
	char		*etag;		/* NULL: none */
	int64_t		 retry_after_s;	/* Retry-After, clamped; -1: none or
					 * unreadable */
	int64_t		 rate_limit;	/* X-Rate-Limit / ratelimit-limit;
					 * -1: not sent */
	int64_t		 rate_remaining;	/* ...-Remaining; -1: not sent */
	int		 replayed;	/* Idempotent-Replayed: true */
	char		*content_encoding;	/* as received (gzip...);
						 * NULL: none */
	long		 new_connections;	/* opened for the last
						 * attempt; 0: reused */
	int		 attempts;	/* sent this many times */
	char		*error_code;	/* a non-2xx body's code
					 * ("UpdateConflict"); NULL: none */
	char		*error_text;	/* its message, made safe to print;
					 * NULL: none */
	int		 late;		/* a write sent and given no status
					 * line (our timeout, a cancel, a
					 * reset, a closed connection) or a
					 * gateway's 502/504: the backend
					 * may apply it after this returns */
};

/* Frees what a response owns and empties it (no body, no headers). */
void	 http_response_clear(struct http_response *);

/* The breaker and recent history of one client, for the status line. */
struct http_health {
	enum breaker_state breaker;
	int		 failures;	/* consecutive */
	int64_t		 retry_in_ms;	/* open: until a probe may go */
	int64_t		 last_success_ms;	/* unix ms; 0: never */
	int64_t		 last_failure_ms;	/* unix ms; 0: never */
	char		 last_error[HTTP_MESSAGE_MAX];	/* the last failure
						 * (kept after a success:
						 * compare the times); "":
						 * none */
};

/* The outcome of the client's last http_do(), for a caller that needs more
 * than the result (a 403 that calls for a fallback, a code). */
struct http_last {
	enum http_result result;
	long		 status;	/* 0: no response */
	int64_t		 retry_in_ms;	/* the wait the backend, the
					 * breaker or a budget asked for;
					 * 0: none */
	int		 attempts;
	char		 error_code[64];	/* from the body; "": none */
};

/* libcurl's global state: see the top of this file. 0, or -1 (fatal). */
int	 http_global_init(void) TD_WUR;
void	 http_global_cleanup(void);

/*
 * A client for one backend. Refused (NULL, *cause set, the secret never
 * in it): a base URL that is not http(s), holds credentials, a query or a
 * fragment, or is http:// to a host that is not loopback; a secret that
 * http_token_problem() refuses; a user that is empty or holds a space, ':'
 * or control character. The caller keeps ownership of cfg; everything is
 * copied.
 */
struct http_client *http_client_new(const struct http_config *cfg,
	     char **cause) TD_WUR;

/*
 * Why a token cannot be sent as one (NULL: it can): "is empty", "holds a
 * space", "holds a control character" or "holds a non-ASCII character";
 * a token is printable ASCII without spaces. The one rule for tokens:
 * http_client_new() refuses with it ("the token holds a space"), and
 * whoever reads a token from its source applies it there, so that `tdesk
 * config check` refuses what sync would, in the same words.
 */
const char *http_token_problem(const char *token);

/* Free it (zeroing the secret) and NULL the pointer; NULL is fine. */
void	 http_client_free(struct http_client **);

/* Its name ("zendesk") and base URL, as given. */
const char *http_client_name(const struct http_client *);
const char *http_client_base_url(const struct http_client *);

/*
 * The longest one request on the client may take from the call to its
 * last byte: a rate budget's first wait and the deadline, in ms.
 */
int64_t	 http_client_longest_ms(const struct http_client *);

/* The body cap in bytes (tests lower it); 0 restores the policy's. */
void	 http_client_set_max_body(struct http_client *, size_t);

/*
 * Define a rate budget on the client (ratelimit_define): requests naming
 * it in http_request.budget spend from it. 0, or -1 for a bad count.
 */
int	 http_client_budget(struct http_client *, const char *name, int count,
	     int64_t period_ms) TD_WUR;

void	 http_client_health(struct http_client *, struct http_health *);
void	 http_client_last(struct http_client *, struct http_last *);

/*
 * Record a failure a backend client found in an answer http_do() took
 * for success (a body that does not decode): the last result becomes r
 * and msg the health's last error.
 */
void	 http_client_fail(struct http_client *, enum http_result r,
	     const char *msg);

/*
 * Send req and read the answer into *resp, which is zeroed first and which
 * the caller clears with http_response_clear() whatever the result (an
 * error body stays in it). Retries a retryable request on a transient
 * failure (up to max_attempts, each wait at most max_wait_ms); sends a
 * write exactly once (on a fresh connection, so libcurl cannot silently
 * resend it either). Returns HTTP_OK for 2xx, else a result
 * with *cause set (the caller frees it): "zendesk: GET
 * /api/v2/tickets/101: HTTP 503: ServiceUnavailable (gave up after 4
 * attempts)". Never HTTP_CONFLICT or HTTP_DECODE: those are the backend
 * clients'.
 */
enum http_result http_do(struct http_client *, const struct http_request *req,
	     struct http_response *resp, char **cause) TD_WUR;

/*
 * For the backend clients: http_do(), with a 409 to a write made
 * HTTP_CONFLICT (the error body stays in *resp for the caller to read).
 */
enum http_result http_send(struct http_client *, const struct http_request *,
	     struct http_response *resp, char **cause) TD_WUR;

/*
 * For the backend clients: a 2xx body that did not decode, why being the
 * decoder's message (freed here). Returns HTTP_DECODE for a read and
 * HTTP_UNKNOWN for a write (the backend said yes, but to what?), with
 * *cause set, and records it (http_client_fail).
 */
enum http_result http_undecodable(struct http_client *,
	     const struct http_request *, char *why, char **cause) TD_WUR;

/*
 * "name: METHOD /base/path: detail": a message about req in the layer's
 * form, for the backend clients' own failures (a body that does not
 * decode). The caller frees.
 */
char	*http_describe(const struct http_client *, const struct http_request *,
	     const char *detail);

/*
 * *query += "&name=value" (no '&' when *query is NULL or empty), both
 * percent-encoded (RFC 3986 unreserved characters kept). *query is a
 * string the caller frees.
 */
void	 http_query_add(char **query, const char *name, const char *value);
void	 http_query_add_int(char **query, const char *name, int64_t value);

/* s percent-encoded as a path segment or query part; the caller frees. */
char	*http_escape(const char *s);

/*
 * A copy of len bytes of backend text made safe for a message, in valid
 * UTF-8: escape and control sequences removed whole (ecma48.h: CSI, OSC,
 * DCS, SOS, PM, APC, two-byte ESC sequences, and the C1 forms; a string
 * left unterminated takes the rest of the text with it), other C0 and C1
 * controls and DEL as spaces, bytes that are not UTF-8 as U+FFFD; cut to
 * at most max bytes on a character boundary, with "..." added (so at most
 * max + 3). The caller frees.
 */
char	*http_clean(const char *s, size_t len, size_t max);

/*
 * What a non-2xx body says, as a message quotes it: reader (a backend's
 * http_config.error_text) finds a code and a text; with no reader, or
 * when it finds neither, the body's first line is the text. Each is made
 * safe by http_clean() and capped at HTTP_ERROR_CODE_MAX or
 * HTTP_ERROR_TEXT_MAX. *code and *text are set, to new strings or NULL.
 */
void	 http_error_text(void (*reader)(const char *, size_t, char **,
	     char **), const char *body, size_t len, char **code, char **text);

/* Standard base64 (with '=' padding) of len bytes; the caller frees. */
char	*http_base64(const void *data, size_t len);

#endif
