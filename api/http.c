/*
 * The HTTP layer: one libcurl easy handle per backend client, reused for
 * every request (so connections are kept alive), with TLS verification,
 * timeouts, compression, a body cap, the backend's auth header, retries of
 * reads with Retry-After and full-jitter backoff, a circuit breaker and
 * rate budgets. http_xfer.c makes one transfer; http_util.c has the
 * string helpers (escape, query, clean, base64).
 */
#include "api/http.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "api/clock.h"
#include "api/http_int.h"
#include "api/log.h"
#include "api/ratelimit.h"
#include "api/retry.h"
#include "api/url.h"

/* A budget wait is re-checked after sleeping; give up after this many. */
#define HTTP_BUDGET_ROUNDS	8

/* The default sleep wakes this often to notice a cancellation. */
#define HTTP_SLEEP_SLICE_MS	100

/*
 * No wait is made that would leave less than this of the request's
 * deadline for the attempt after it: an attempt given less could hardly
 * succeed, and a write cut short is an unknown outcome.
 */
#define HTTP_ATTEMPT_MIN_MS	1000

const char *const http_method_names[] = {
	"GET", "POST", "PUT", "PATCH", "DELETE"
};

/* ---- hooks --------------------------------------------------------- */

static int64_t
http_now(struct http_client *cl)
{
	if (cl->hooks.now_ms != NULL)
		return cl->hooks.now_ms(cl->hooks.arg);
	return clock_mono_ms();
}

int64_t
http_wall(struct http_client *cl)
{
	if (cl->hooks.wall_ms != NULL)
		return cl->hooks.wall_ms(cl->hooks.arg);
	return clock_wall_ms();
}

int
http_cancelled(struct http_client *cl)
{
	return cl->hooks.cancelled != NULL &&
	    cl->hooks.cancelled(cl->hooks.arg) != 0;
}

/* Sleep ms (in slices, so a cancellation is noticed); 0, or -1 cancelled. */
static int
http_sleep(struct http_client *cl, int64_t ms)
{
	struct timespec ts;
	int64_t slice;

	if (ms <= 0)
		return http_cancelled(cl) ? -1 : 0;
	if (cl->hooks.sleep_ms != NULL) {
		cl->hooks.sleep_ms(cl->hooks.arg, ms);
		return http_cancelled(cl) ? -1 : 0;
	}
	while (ms > 0) {
		if (http_cancelled(cl))
			return -1;
		slice = ms < HTTP_SLEEP_SLICE_MS ? ms : HTTP_SLEEP_SLICE_MS;
		ts.tv_sec = (time_t)(slice / 1000);
		ts.tv_nsec = (long)(slice % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) != 0)
			;
		ms -= slice;
	}
	return http_cancelled(cl) ? -1 : 0;
}

static uint32_t
http_random(struct http_client *cl)
{
	uint64_t x;

	if (cl->hooks.random != NULL)
		return cl->hooks.random(cl->hooks.arg);
	x = cl->rng;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	cl->rng = x;
	return (uint32_t)((x * 0x2545F4914F6CDD1DULL) >> 32);
}

static void
http_log(struct http_client *cl, const char *line)
{
	if (cl->hooks.log != NULL)
		cl->hooks.log(cl->hooks.arg, line);
}

/* ---- global state, policy, names ------------------------------------ */

int
http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void
http_global_cleanup(void)
{
	curl_global_cleanup();
}

void
http_policy_default(struct http_policy *p)
{
	memset(p, 0, sizeof *p);
	p->deadline_ms = 30000;
	p->max_attempts = 4;
	p->backoff_base_ms = 1000;
	p->backoff_cap_ms = 30000;
	p->retry_after_min_s = 1;
	p->retry_after_max_s = 300;
	p->max_wait_ms = 60000;
	p->breaker_threshold = 5;
	p->breaker_cooldown_ms = 30000;
	p->breaker_cooldown_max_ms = 300000;
	p->connect_timeout_ms = 10000;
	p->low_speed_bytes = 1;
	p->low_speed_time_s = 15;
	p->timeout_ms = 30000;
	p->max_body = HTTP_MAX_BODY;
}

const char *
http_result_name(enum http_result r)
{
	switch (r) {
	case HTTP_OK:
		return "ok";
	case HTTP_CONFLICT:
		return "conflict";
	case HTTP_CLIENT_ERROR:
		return "client error";
	case HTTP_TRANSIENT:
		return "transient failure";
	case HTTP_UNKNOWN:
		return "unknown outcome";
	case HTTP_BREAKER_OPEN:
		return "circuit open";
	case HTTP_RATE_LIMITED:
		return "rate budget exhausted";
	case HTTP_TOO_LARGE:
		return "response too large";
	case HTTP_DECODE:
		return "undecodable response";
	case HTTP_ERROR:
		return "error";
	}
	return "?";
}

/* ---- creating a client ------------------------------------------------ */

/*
 * Check the base URL and fill cl->base_url, base_path and protocols; 0, or
 * -1 with *why set.
 */
static int
http_check_url(struct http_client *cl, const char *url, char **why)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	char *query = NULL, *frag = NULL, *path = NULL;
	size_t n;
	int rc = -1;

	if (url == NULL || *url == '\0') {
		*why = xstrdup("no base URL");
		return -1;
	}
	for (n = 0; url[n] != '\0'; n++) {
		if ((unsigned char)url[n] <= 0x20 ||
		    (unsigned char)url[n] >= 0x7f) {
			*why = xstrdup("the base URL holds a space, control or "
			    "non-ASCII character");
			return -1;
		}
	}
	if ((u = curl_url()) == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		*why = xstrdup("the base URL is not a URL");
		goto out;
	}
	(void)curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	(void)curl_url_get(u, CURLUPART_HOST, &host, 0);
	(void)curl_url_get(u, CURLUPART_USER, &user, 0);
	(void)curl_url_get(u, CURLUPART_PASSWORD, &pass, 0);
	(void)curl_url_get(u, CURLUPART_QUERY, &query, 0);
	(void)curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0);
	(void)curl_url_get(u, CURLUPART_PATH, &path, 0);
	if (scheme == NULL || host == NULL) {
		*why = xstrdup("the base URL has no scheme or host");
		goto out;
	}
	if (user != NULL || pass != NULL) {
		*why = xstrdup("the base URL must not hold credentials "
		    "(user:password@)");
		goto out;
	}
	if (query != NULL || frag != NULL) {
		*why = xstrdup("the base URL must not have a query or fragment");
		goto out;
	}
	cl->loopback = url_host_loopback(host);
	if (url_scheme_allowed(scheme, host, why) != 0)
		goto out;
	cl->protocols = xstrdup(strcasecmp(scheme, "https") == 0 ? "https" :
	    "http");
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	cl->base_url = xstrndup(url, n);
	n = path != NULL ? strlen(path) : 0;
	while (n > 0 && path[n - 1] == '/')
		n--;
	cl->base_path = xstrndup(path != NULL ? path : "", n);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_free(query);
	curl_free(frag);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

const char *
http_token_problem(const char *token)
{
	const unsigned char *p;

	if (token == NULL || *token == '\0')
		return "is empty";
	for (p = (const unsigned char *)token; *p != '\0'; p++) {
		if (*p == ' ')
			return "holds a space";
		if (*p < 0x20 || *p == 0x7f)
			return "holds a control character";
		if (*p >= 0x80)
			return "holds a non-ASCII character";
	}
	return NULL;
}

/* Printable ASCII without spaces (and without ':' in a user). */
static int
http_check_word(const char *s, int user)
{
	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f ||
		    (user && *s == ':'))
			return -1;
	}
	return 0;
}

static int
http_make_auth(struct http_client *cl, const struct http_config *cfg,
    char **why)
{
	const char *problem;
	char *plain, *b64;
	size_t n;

	if (cfg->auth == HTTP_AUTH_NONE)
		return 0;
	if ((problem = http_token_problem(cfg->secret)) != NULL) {
		*why = xasprintf("the token %s", problem);
		return -1;
	}
	switch (cfg->auth) {
	case HTTP_AUTH_ZENDESK_TOKEN:
		if (http_check_word(cfg->user, 1) != 0) {
			*why = xstrdup("the email is empty or holds a space, "
			    "':' or control character");
			return -1;
		}
		plain = xasprintf("%s/token:%s", cfg->user, cfg->secret);
		n = strlen(plain);
		b64 = http_base64(plain, n);
		explicit_bzero(plain, n);
		free(plain);
		cl->auth_header = xasprintf("Authorization: Basic %s", b64);
		explicit_bzero(b64, strlen(b64));
		free(b64);
		return 0;
	case HTTP_AUTH_BEARER:
		cl->auth_header = xasprintf("Authorization: Bearer %s",
		    cfg->secret);
		return 0;
	case HTTP_AUTH_OAUTH:
		cl->auth_header = xasprintf("Authorization: OAuth %s",
		    cfg->secret);
		return 0;
	case HTTP_AUTH_NONE:
		break;
	}
	*why = xstrdup("unknown authentication kind");
	return -1;
}

struct http_client *
http_client_new(const struct http_config *cfg, char **cause)
{
	struct http_client *cl;
	const char *name = cfg->name != NULL ? cfg->name : "http";
	char *why = NULL;

	cl = xcalloc(1, sizeof *cl);
	cl->name = xstrdup(name);
	if (cfg->policy != NULL)
		cl->policy = *cfg->policy;
	else
		http_policy_default(&cl->policy);
	if (cl->policy.max_attempts < 1)
		cl->policy.max_attempts = 1;
	if (cl->policy.max_body == 0)
		cl->policy.max_body = HTTP_MAX_BODY;
	cl->max_body = cl->policy.max_body;
	if (cfg->hooks != NULL)
		cl->hooks = *cfg->hooks;
	cl->rate_420 = cfg->rate_420;
	cl->error_text = cfg->error_text;
	cl->rng = (uint64_t)clock_wall_ms() * 2654435761u ^
	    (uint64_t)(uintptr_t)cl;
	if (cl->rng == 0)
		cl->rng = 88172645463325252ULL;
	if (http_check_url(cl, cfg->base_url, &why) != 0 ||
	    http_make_auth(cl, cfg, &why) != 0)
		goto fail;
	cl->budgets = ratelimit_new();
	cl->budget = xstrdup(cfg->budget != NULL ? cfg->budget : name);
	if (ratelimit_define(cl->budgets, cl->budget, cfg->budget_count,
	    cfg->budget_period_ms) != 0) {
		why = xstrdup("bad client-wide rate budget");
		goto fail;
	}
	breaker_init(&cl->breaker, cl->policy.breaker_threshold,
	    cl->policy.breaker_cooldown_ms,
	    cl->policy.breaker_cooldown_max_ms);
	cl->breaker.name = cl->name;
	if ((cl->curl = curl_easy_init()) == NULL) {
		why = xstrdup("cannot make a libcurl handle (was "
		    "http_global_init called?)");
		goto fail;
	}
	pthread_mutex_init(&cl->io_lock, NULL);
	pthread_mutex_init(&cl->state_lock, NULL);
	return cl;
fail:
	xcause(cause, "%s: %s", name, why);
	free(why);
	http_client_free(&cl);
	return NULL;
}

void
http_client_free(struct http_client **p)
{
	struct http_client *cl;

	if (p == NULL || (cl = *p) == NULL)
		return;
	if (cl->curl != NULL) {
		curl_easy_cleanup(cl->curl);
		pthread_mutex_destroy(&cl->io_lock);
		pthread_mutex_destroy(&cl->state_lock);
	}
	if (cl->auth_header != NULL) {
		explicit_bzero(cl->auth_header, strlen(cl->auth_header));
		free(cl->auth_header);
	}
	ratelimit_free(&cl->budgets);
	free(cl->budget);
	free(cl->name);
	free(cl->base_url);
	free(cl->base_path);
	free(cl->protocols);
	free(cl);
	*p = NULL;
}

const char *
http_client_name(const struct http_client *cl)
{
	return cl->name;
}

const char *
http_client_base_url(const struct http_client *cl)
{
	return cl->base_url;
}

int64_t
http_client_longest_ms(const struct http_client *cl)
{
	return cl->policy.max_wait_ms + cl->policy.deadline_ms;
}

void
http_client_set_max_body(struct http_client *cl, size_t n)
{
	pthread_mutex_lock(&cl->io_lock);
	cl->max_body = n != 0 ? n : cl->policy.max_body;
	pthread_mutex_unlock(&cl->io_lock);
}

int
http_client_budget(struct http_client *cl, const char *name, int count,
    int64_t period_ms)
{
	int rc;

	pthread_mutex_lock(&cl->state_lock);
	rc = ratelimit_define(cl->budgets, name, count, period_ms);
	pthread_mutex_unlock(&cl->state_lock);
	return rc;
}

void
http_client_health(struct http_client *cl, struct http_health *h)
{
	int64_t now = http_now(cl);

	pthread_mutex_lock(&cl->state_lock);
	*h = cl->health;
	h->breaker = cl->breaker.state;
	h->failures = cl->breaker.failures;
	h->retry_in_ms = breaker_retry_in(&cl->breaker, now);
	pthread_mutex_unlock(&cl->state_lock);
}

void
http_client_last(struct http_client *cl, struct http_last *l)
{
	pthread_mutex_lock(&cl->state_lock);
	*l = cl->last;
	pthread_mutex_unlock(&cl->state_lock);
}
/* ---- the request loop -------------------------------------------------- */

static char *
http_msg(struct http_client *cl, const struct http_request *req,
    const char *fmt, ...) TD_PRINTF(3, 4);

static char *
http_msg(struct http_client *cl, const struct http_request *req,
    const char *fmt, ...)
{
	va_list ap;
	char *detail, *msg;

	va_start(ap, fmt);
	detail = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s: %s %s%s: %s", cl->name,
	    http_method_names[req->method], cl->base_path, req->path, detail);
	free(detail);
	return msg;
}

char *
http_describe(const struct http_client *cl, const struct http_request *req,
    const char *detail)
{
	unsigned m = (unsigned)req->method;

	return xasprintf("%s: %s %s%s: %s", cl->name,
	    m <= HTTP_DELETE ? http_method_names[m] : "?", cl->base_path,
	    req->path != NULL ? req->path : "", detail);
}

static int64_t
http_secs(int64_t ms)
{
	return ms <= 0 ? 0 : (ms + 999) / 1000;
}

/* The longest wait that leaves an attempt its time before the deadline. */
static int64_t
http_wait_bound(struct http_client *cl, int64_t max_wait, int64_t deadline)
{
	int64_t left;

	if (deadline == INT64_MAX)
		return max_wait;
	left = deadline - http_now(cl) - HTTP_ATTEMPT_MIN_MS;
	if (left < 0)
		left = 0;
	return left < max_wait ? left : max_wait;
}

/* The next transfer's timeout: the policy's, cut to the deadline. */
static long
http_transfer_timeout(struct http_client *cl, int64_t deadline)
{
	int64_t left;

	if (deadline == INT64_MAX)
		return cl->policy.timeout_ms;
	left = deadline - http_now(cl);
	if (left < 1)
		left = 1;	/* 0 would mean no timeout at all */
	return left < cl->policy.timeout_ms ? (long)left : cl->policy.timeout_ms;
}

/*
 * Wait for a token of the client-wide budget and of req's own, then spend
 * them. 0; or -1 when the wait would pass max_wait (*next_ms set); or -2
 * when cancelled.
 */
static int
http_budget(struct http_client *cl, const struct http_request *req,
    int64_t max_wait, int64_t *next_ms)
{
	int64_t now, w, w2;
	int round;

	for (round = 0; round < HTTP_BUDGET_ROUNDS; round++) {
		pthread_mutex_lock(&cl->state_lock);
		now = http_now(cl);
		w = ratelimit_wait(cl->budgets, cl->budget, NULL, now);
		if (req->budget != NULL) {
			w2 = ratelimit_wait(cl->budgets, req->budget,
			    req->budget_key, now);
			if (w2 > w)
				w = w2;
		}
		if (w <= 0) {
			ratelimit_take(cl->budgets, cl->budget, NULL, now);
			if (req->budget != NULL)
				ratelimit_take(cl->budgets, req->budget,
				    req->budget_key, now);
			pthread_mutex_unlock(&cl->state_lock);
			return 0;
		}
		pthread_mutex_unlock(&cl->state_lock);
		if (w > max_wait) {
			*next_ms = w;
			return -1;
		}
		log_line("http", "%s rate budget: waiting %lld ms", cl->name,
		    (long long)w);
		if (http_sleep(cl, w) != 0)
			return -2;
	}
	*next_ms = w;
	return -1;
}

/* A 429 (or 420): nothing from this budget until the backend allows. */
static void
http_pause(struct http_client *cl, const struct http_request *req,
    int64_t delay_ms)
{
	int64_t now;

	pthread_mutex_lock(&cl->state_lock);
	now = http_now(cl);
	if (req->budget != NULL)
		ratelimit_pause(cl->budgets, req->budget, req->budget_key, now,
		    now + delay_ms);
	else
		ratelimit_pause(cl->budgets, cl->budget, NULL, now,
		    now + delay_ms);
	pthread_mutex_unlock(&cl->state_lock);
}

/* Record an attempt's verdict on the backend in the breaker. */
static void
http_verdict(struct http_client *cl, int verdict)
{
	enum breaker_state before;
	int64_t now;
	char line[HTTP_MESSAGE_MAX];

	pthread_mutex_lock(&cl->state_lock);
	before = cl->breaker.state;
	now = http_now(cl);
	if (verdict > 0)
		breaker_success(&cl->breaker);
	else if (verdict < 0)
		breaker_failure(&cl->breaker, now);
	else
		breaker_release(&cl->breaker);
	line[0] = '\0';
	if (cl->breaker.state != before && cl->breaker.state != BREAKER_HALF_OPEN)
		snprintf(line, sizeof line, "%s: circuit %s (%d consecutive "
		    "failures)", cl->name,
		    breaker_state_name(cl->breaker.state),
		    cl->breaker.failures);
	pthread_mutex_unlock(&cl->state_lock);
	if (line[0] != '\0')
		http_log(cl, line);
}

/* Note a failure (or a retry about to happen) in the health record. */
static void
http_note_error(struct http_client *cl, const char *msg)
{
	int64_t wall = http_wall(cl);

	pthread_mutex_lock(&cl->state_lock);
	cl->health.last_failure_ms = wall;
	snprintf(cl->health.last_error, sizeof cl->health.last_error, "%s",
	    msg);
	pthread_mutex_unlock(&cl->state_lock);
}

void
http_client_fail(struct http_client *cl, enum http_result r, const char *msg)
{
	pthread_mutex_lock(&cl->state_lock);
	cl->last.result = r;
	pthread_mutex_unlock(&cl->state_lock);
	http_note_error(cl, msg);
	http_log(cl, msg);
}

enum http_result
http_send(struct http_client *cl, const struct http_request *req,
    struct http_response *resp, char **cause)
{
	enum http_result r;

	r = http_do(cl, req, resp, cause);
	if (r == HTTP_CLIENT_ERROR && resp->status == 409 &&
	    req->method != HTTP_GET) {
		r = HTTP_CONFLICT;
		pthread_mutex_lock(&cl->state_lock);
		cl->last.result = r;
		pthread_mutex_unlock(&cl->state_lock);
	}
	return r;
}

enum http_result
http_undecodable(struct http_client *cl, const struct http_request *req,
    char *why, char **cause)
{
	enum http_result r;
	char *msg;

	if (req->method == HTTP_GET) {
		r = HTTP_DECODE;
		msg = http_describe(cl, req, why != NULL ? why : "bad body");
	} else {
		r = HTTP_UNKNOWN;
		msg = xasprintf("%s: %s %s%s: the answer does not decode (%s); "
		    "the request may have been applied", cl->name,
		    http_method_names[req->method], cl->base_path, req->path,
		    why != NULL ? why : "bad body");
	}
	free(why);
	http_client_fail(cl, r, msg);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return r;
}

/* 0 if req is well formed, else -1 with *why set. */
static int
http_check_request(const struct http_request *req, char **why)
{
	const char *p;

	if ((unsigned)req->method > HTTP_DELETE) {
		*why = xstrdup("unknown method");
		return -1;
	}
	if (req->path == NULL || req->path[0] != '/') {
		*why = xstrdup("the path must start with '/'");
		return -1;
	}
	for (p = req->path; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '?' || *p == '#') {
			*why = xstrdup("the path must be escaped, without a "
			    "query or fragment");
			return -1;
		}
	}
	if (req->query != NULL) {
		for (p = req->query; *p != '\0'; p++) {
			if ((unsigned char)*p <= 0x20 ||
			    (unsigned char)*p >= 0x7f || *p == '#') {
				*why = xstrdup("the query must be escaped");
				return -1;
			}
		}
	}
	if (req->idempotency_key != NULL) {
		if (strlen(req->idempotency_key) > HTTP_KEY_MAX ||
		    http_check_word(req->idempotency_key, 0) != 0) {
			*why = xasprintf("the Idempotency-Key must be 1 to %d "
			    "printable characters without spaces",
			    HTTP_KEY_MAX);
			return -1;
		}
	}
	return 0;
}

enum http_result
http_do(struct http_client *cl, const struct http_request *req,
    struct http_response *resp, char **cause)
{
	struct http_attempt at;
	enum http_result result = HTTP_ERROR;
	char *url, *msg = NULL, *why = NULL;
	int attempt, max_attempts, allowed, b, write;
	int64_t max_wait, retry_in = 0, delay, next = 0, deadline = INT64_MAX;

	memset(resp, 0, sizeof *resp);
	http_response_reset(resp);
	memset(&at, 0, sizeof at);
	if (http_check_request(req, &why) != 0) {
		msg = xasprintf("%s: %s", cl->name, why);
		free(why);
		result = HTTP_ERROR;
		goto done;
	}
	write = req->method != HTTP_GET;
	max_attempts = req->retry && !write ? cl->policy.max_attempts : 1;
	if (req->max_wait_ms == HTTP_WAIT_DEFAULT)
		max_wait = cl->policy.max_wait_ms;
	else
		max_wait = req->max_wait_ms < 0 ? 0 : req->max_wait_ms;
	pthread_mutex_lock(&cl->state_lock);
	b = cl->timed_out && cl->policy.stop_after_timeout;
	pthread_mutex_unlock(&cl->state_lock);
	if (b) {
		result = HTTP_TRANSIENT;
		msg = http_msg(cl, req, "not sent: an earlier request timed "
		    "out");
		goto done;
	}
	url = xasprintf("%s%s%s%s", cl->base_url, req->path,
	    req->query != NULL && *req->query != '\0' ? "?" : "",
	    req->query != NULL ? req->query : "");

	pthread_mutex_lock(&cl->io_lock);
	for (attempt = 0;; attempt++) {
		if (http_cancelled(cl)) {
			result = HTTP_TRANSIENT;
			msg = http_msg(cl, req, "cancelled%s%s",
			    at.detail != NULL ? " after " : "",
			    at.detail != NULL ? at.detail : "");
			break;
		}
		pthread_mutex_lock(&cl->state_lock);
		allowed = breaker_allow(&cl->breaker, http_now(cl), &retry_in);
		b = cl->breaker.failures;
		pthread_mutex_unlock(&cl->state_lock);
		if (!allowed) {
			if (at.detail == NULL) {
				result = HTTP_BREAKER_OPEN;
				msg = http_msg(cl, req, "circuit open after "
				    "%d consecutive failures, retry in %lld s",
				    b, (long long)http_secs(retry_in));
			} else {
				result = at.result;
				msg = http_msg(cl, req, "%s; circuit open, "
				    "retry in %lld s", at.detail,
				    (long long)http_secs(retry_in));
			}
			break;
		}
		if ((b = http_budget(cl, req, http_wait_bound(cl, max_wait,
		    deadline), &next)) != 0) {
			http_verdict(cl, 0);
			retry_in = b == -1 ? next : 0;
			if (b == -2) {
				result = HTTP_TRANSIENT;
				msg = http_msg(cl, req, "cancelled");
			} else if (at.detail == NULL) {
				result = HTTP_RATE_LIMITED;
				msg = http_msg(cl, req, "rate budget "
				    "exhausted, next slot in %lld s",
				    (long long)http_secs(next));
			} else {
				result = at.result;
				msg = http_msg(cl, req, "%s (retry in %lld s)",
				    at.detail, (long long)http_secs(next));
			}
			break;
		}
		/*
		 * The deadline runs from the first send. The wait for the
		 * first budget slot is tdesk's own pacing (Zendesk's ten
		 * exports a minute), bounded by max_wait, not the backend's
		 * doing: counting it would fail every sync of more than ten
		 * pages.
		 */
		if (attempt == 0 && cl->policy.deadline_ms > 0)
			deadline = http_now(cl) + cl->policy.deadline_ms;
		free(at.detail);	/* the last attempt's, kept till now */
		http_response_reset(resp);
		http_attempt(cl, req, url, http_transfer_timeout(cl, deadline),
		    resp, &at);
		resp->attempts = attempt + 1;
		http_verdict(cl, at.verdict);
		if (at.timed_out) {
			pthread_mutex_lock(&cl->state_lock);
			cl->timed_out = 1;
			pthread_mutex_unlock(&cl->state_lock);
		}
		result = at.result;
		retry_in = 0;
		if (result == HTTP_OK)
			break;
		delay = -1;
		if (result == HTTP_TRANSIENT) {
			delay = resp->retry_after_s >= 0 ?
			    resp->retry_after_s * 1000 :
			    retry_backoff_ms(cl->policy.backoff_base_ms,
			    cl->policy.backoff_cap_ms, (unsigned)attempt,
			    http_random(cl));
			if (at.rate_limited)
				http_pause(cl, req, delay);
			retry_in = delay;
		}
		if (result != HTTP_TRANSIENT || attempt + 1 >= max_attempts) {
			if (result == HTTP_UNKNOWN)
				msg = http_msg(cl, req, "%s; the request may "
				    "have been applied", at.detail);
			else if (attempt > 0)
				msg = http_msg(cl, req, "%s (gave up after %d "
				    "attempts)", at.detail, attempt + 1);
			else if (result == HTTP_TRANSIENT &&
			    resp->retry_after_s >= 0)
				msg = http_msg(cl, req, "%s (retry in %lld s)",
				    at.detail, (long long)http_secs(delay));
			else
				msg = http_msg(cl, req, "%s", at.detail);
			break;
		}
		/* This failure opened the breaker: no wait, no retry. */
		pthread_mutex_lock(&cl->state_lock);
		next = breaker_retry_in(&cl->breaker, http_now(cl));
		pthread_mutex_unlock(&cl->state_lock);
		if (next > 0) {
			retry_in = next;
			msg = http_msg(cl, req, "%s; circuit open, retry in "
			    "%lld s", at.detail, (long long)http_secs(next));
			break;
		}
		if (delay > max_wait) {
			msg = http_msg(cl, req, "%s (retry in %lld s)",
			    at.detail, (long long)http_secs(delay));
			break;
		}
		if (delay > http_wait_bound(cl, delay, deadline)) {
			if (resp->retry_after_s >= 0)
				msg = http_msg(cl, req, "%s (retry in %lld s)",
				    at.detail, (long long)http_secs(delay));
			else
				msg = http_msg(cl, req, "%s (gave up at the "
				    "request's %lld s deadline after %d "
				    "attempt%s)", at.detail, (long long)
				    http_secs(cl->policy.deadline_ms),
				    attempt + 1, attempt > 0 ? "s" : "");
			break;
		}
		msg = http_msg(cl, req, "%s (retrying in %lld s)", at.detail,
		    (long long)http_secs(delay));
		http_log_retry(cl, req, url, resp, &at, attempt, delay);
		http_note_error(cl, msg);
		http_log(cl, msg);
		free(msg);
		msg = NULL;
		/* A rate limit's pause is waited out by the budget. */
		if (!at.rate_limited && http_sleep(cl, delay) != 0) {
			msg = http_msg(cl, req, "cancelled after %s",
			    at.detail);
			break;
		}
	}
	pthread_mutex_unlock(&cl->io_lock);
	free(url);
	free(at.detail);
done:
	pthread_mutex_lock(&cl->state_lock);
	memset(&cl->last, 0, sizeof cl->last);
	cl->last.result = result;
	cl->last.status = resp->status;
	cl->last.retry_in_ms = retry_in;
	cl->last.attempts = resp->attempts;
	if (resp->error_code != NULL)
		snprintf(cl->last.error_code, sizeof cl->last.error_code, "%s",
		    resp->error_code);
	if (result == HTTP_OK)
		cl->health.last_success_ms = http_wall(cl);
	pthread_mutex_unlock(&cl->state_lock);
	if (result == HTTP_BREAKER_OPEN || result == HTTP_RATE_LIMITED)
		log_line("http", "not sent: %s", msg);
	if (result != HTTP_OK) {
		http_note_error(cl, msg);
		if (result != HTTP_CLIENT_ERROR)
			http_log(cl, msg);
		if (cause != NULL)
			*cause = msg;
		else
			free(msg);
	}
	return result;
}
