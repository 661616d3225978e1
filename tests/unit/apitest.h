/*
 * Helpers for the API unit tests, which run against the real test backend
 * (tests/backend/server.py) over real HTTP on a loopback port it chooses:
 * start it as a child process (killed and reaped at exit), call its
 * control API (reset, faults, rate limits, state), read its request log,
 * and a fake clock, sleep and dice for the http hooks so retries and
 * budgets run in no time and the same way every time.
 *
 * Tests run from the repository root (tests/run.sh does that). Include
 * test.h first. Every helper fails the running test (TEST_FAIL) rather
 * than the process when the backend misbehaves, except when the backend
 * cannot start at all: then the suite exits.
 */
#ifndef TDESK_APITEST_H
#define TDESK_APITEST_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "api/decode.h"
#include "api/http.h"

#define APITEST_FN	__attribute__((unused)) static

/* Logins of the demo scenario (tests/backend/README.md). */
#define APITEST_ZD_ADMIN	"admin@acme.test"
#define APITEST_ZD_ADMIN_TOKEN	"zd-admin-token"
#define APITEST_ZD_AGENT	"agent@acme.test"
#define APITEST_ZD_AGENT_TOKEN	"zd-agent-token"
#define APITEST_SP_PAGE		"acme-status"
#define APITEST_SP_KEY		"sp-key"
#define APITEST_PAY_TECH	"pay-technician"
#define APITEST_PAY_FIRST	"pay-firstline"
#define APITEST_PAY_ADMIN	"pay-admin"

static pid_t	apitest_pid;
static int	apitest_port;
static char	apitest_dir[64];

static void
apitest_stop(void)
{
	char path[128];
	int status;

	if (apitest_pid > 0) {
		kill(apitest_pid, SIGTERM);
		while (waitpid(apitest_pid, &status, 0) < 0 && errno == EINTR)
			;
		apitest_pid = 0;
	}
	if (apitest_dir[0] != '\0') {
		snprintf(path, sizeof path, "%s/port", apitest_dir);
		unlink(path);
		rmdir(apitest_dir);
		apitest_dir[0] = '\0';
	}
}

/* Start the backend once (and libcurl's global state); the port. */
APITEST_FN int
apitest_start(void)
{
	char pf[128];
	FILE *f;
	int i, fd, port = 0;

	if (apitest_port != 0)
		return apitest_port;
	if (http_global_init() != 0) {
		fprintf(stderr, "apitest: curl_global_init failed\n");
		exit(2);
	}
	atexit(http_global_cleanup);
	snprintf(apitest_dir, sizeof apitest_dir, "/tmp/tdesk-apitest.XXXXXX");
	if (mkdtemp(apitest_dir) == NULL) {
		fprintf(stderr, "apitest: mkdtemp: %s\n", strerror(errno));
		exit(2);
	}
	snprintf(pf, sizeof pf, "%s/port", apitest_dir);
	atexit(apitest_stop);
	fflush(stdout);
	if ((apitest_pid = fork()) < 0) {
		fprintf(stderr, "apitest: fork: %s\n", strerror(errno));
		exit(2);
	}
	if (apitest_pid == 0) {
		/* Die with the suite; keep the TAP stream on stdout clean. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if ((fd = open("/dev/null", O_WRONLY)) >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		execlp("python3", "python3", "tests/backend/server.py",
		    "--port-file", pf, (char *)NULL);
		fprintf(stderr, "apitest: python3: %s\n", strerror(errno));
		_exit(127);
	}
	for (i = 0; i < 1500 && port == 0; i++) {
		if ((f = fopen(pf, "r")) != NULL) {
			if (fscanf(f, "%d", &port) != 1)
				port = 0;
			fclose(f);
		}
		if (port == 0) {
			if (waitpid(apitest_pid, NULL, WNOHANG) == apitest_pid) {
				apitest_pid = 0;
				break;
			}
			usleep(10000);
		}
	}
	if (port <= 0) {
		fprintf(stderr, "apitest: the test backend did not start "
		    "(run from the repository root)\n");
		exit(2);
	}
	apitest_port = port;
	return port;
}

/* "http://127.0.0.1:PORT<prefix>"; the caller frees. */
APITEST_FN char *
apitest_url(const char *prefix)
{
	return xasprintf("http://127.0.0.1:%d%s", apitest_start(), prefix);
}

static size_t
apitest_collect(char *data, size_t size, size_t n, void *arg)
{
	char **buf = arg;
	size_t old = *buf != NULL ? strlen(*buf) : 0;

	*buf = xreallocarray(*buf, old + size * n + 1, 1);
	memcpy(*buf + old, data, size * n);
	(*buf)[old + size * n] = '\0';
	return size * n;
}

/*
 * METHOD /_control/path with body (JSON text in which ' stands for ",
 * for readable C; NULL: none). Returns the answer, read as tdesk reads a
 * backend's (decode_parse), so \u0000 and lone surrogates in it come back
 * as U+FFFD (the caller json_decref()s it), or NULL after failing the test.
 */
APITEST_FN json_t *
apitest_ctl(const char *method, const char *path, const char *body)
{
	CURL *c;
	struct curl_slist *h = NULL;
	char *url, *text = NULL, *b = NULL, *p, *why = NULL;
	json_t *out = NULL;
	long status = 0;
	CURLcode rc;

	url = xasprintf("http://127.0.0.1:%d/_control%s", apitest_start(),
	    path);
	if ((c = curl_easy_init()) == NULL)
		fatal("curl_easy_init");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, apitest_collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &text);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (body != NULL) {
		b = xstrdup(body);
		for (p = b; *p != '\0'; p++) {
			if (*p == '\'')
				*p = '"';
		}
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, b);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (rc != CURLE_OK || status >= 400)
		TEST_FAIL("control %s %s: %s (HTTP %ld): %s", method, path,
		    curl_easy_strerror(rc), status, text ? text : "");
	else if ((out = decode_parse(text, text != NULL ? strlen(text) : 0,
	    JSON_OBJECT, "control answer", &why)) == NULL)
		TEST_FAIL("control %s %s: %s", method, path, why);
	free(why);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(text);
	free(b);
	free(url);
	return out;
}

/* The same, when only success matters. */
APITEST_FN void
apitest_ctl0(const char *method, const char *path, const char *body)
{
	json_decref(apitest_ctl(method, path, body));
}

/* Reseed the scenario: empty log, no faults, rate limits off. */
APITEST_FN void
apitest_reset(void)
{
	apitest_ctl0("POST", "/reset", NULL);
}

/* Add a fault rule ('-quoted JSON, see apitest_ctl). */
APITEST_FN void
apitest_fault(const char *rule)
{
	apitest_ctl0("POST", "/faults", rule);
}

/* The request log's entries (a new reference), oldest first. */
APITEST_FN json_t *
apitest_requests(void)
{
	json_t *all, *list;

	if ((all = apitest_ctl("GET", "/requests", NULL)) == NULL)
		return json_array();
	list = json_incref(json_object_get(all, "requests"));
	json_decref(all);
	return list != NULL ? list : json_array();
}

static int
apitest_str_is(const json_t *v, const char *want)
{
	return want == NULL || (json_is_string(v) &&
	    strcmp(json_string_value(v), want) == 0);
}

/* Requests in the log to backend by method whose path holds sub (NULL: any). */
APITEST_FN int
apitest_count(const char *backend, const char *method, const char *sub)
{
	json_t *list = apitest_requests(), *e, *path;
	size_t i;
	int n = 0;

	json_array_foreach(list, i, e) {
		path = json_object_get(e, "path");
		if (apitest_str_is(json_object_get(e, "backend"), backend) &&
		    apitest_str_is(json_object_get(e, "method"), method) &&
		    (sub == NULL || (json_is_string(path) &&
		    strstr(json_string_value(path), sub) != NULL)))
			n++;
	}
	json_decref(list);
	return n;
}

/* The newest entry's request header (lower-case name), a new string. */
APITEST_FN char *
apitest_last_header(const char *name)
{
	json_t *list = apitest_requests(), *e, *v;
	char *out = NULL;

	if ((e = json_array_get(list, json_array_size(list) - 1)) != NULL &&
	    (v = json_object_get(json_object_get(e, "headers"), name)) != NULL &&
	    json_is_string(v))
		out = xstrdup(json_string_value(v));
	json_decref(list);
	return out;
}

/* ---- a fake clock for struct http_hooks ----------------------------- */

#define APITEST_MAX_SLEEPS 256

struct apitest_clock {
	int64_t		 mono;		/* ms */
	int64_t		 wall;		/* unix ms */
	int64_t		 sleeps[APITEST_MAX_SLEEPS];	/* each sleep, ms */
	int		 nsleeps;
	uint32_t	 rnd;		/* what random() answers */
	int		 cancel;	/* what cancelled() answers */
};

static struct apitest_clock apitest_clk;

static int64_t
apitest_now(void *arg)
{
	return ((struct apitest_clock *)arg)->mono;
}

static int64_t
apitest_wall(void *arg)
{
	return ((struct apitest_clock *)arg)->wall;
}

static void
apitest_sleep(void *arg, int64_t ms)
{
	struct apitest_clock *c = arg;

	if (c->nsleeps < APITEST_MAX_SLEEPS)
		c->sleeps[c->nsleeps++] = ms;
	c->mono += ms;
	c->wall += ms;
}

static uint32_t
apitest_random(void *arg)
{
	return ((struct apitest_clock *)arg)->rnd;
}

static int
apitest_cancelled(void *arg)
{
	return ((struct apitest_clock *)arg)->cancel;
}

/* Move the fake time on without a sleep (a cooldown passing). */
APITEST_FN void
apitest_advance(int64_t ms)
{
	apitest_clk.mono += ms;
	apitest_clk.wall += ms;
}

/*
 * Fake hooks: the clock starts at the real wall time (so Retry-After
 * dates from the backend make sense), sleeps only move it, the dice
 * always say rnd (UINT32_MAX: the full backoff).
 */
APITEST_FN struct http_hooks
apitest_hooks(void)
{
	struct http_hooks h;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	memset(&apitest_clk, 0, sizeof apitest_clk);
	apitest_clk.mono = 1000000;
	apitest_clk.wall = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	apitest_clk.rnd = UINT32_MAX;
	memset(&h, 0, sizeof h);
	h.now_ms = apitest_now;
	h.wall_ms = apitest_wall;
	h.sleep_ms = apitest_sleep;
	h.random = apitest_random;
	h.cancelled = apitest_cancelled;
	h.arg = &apitest_clk;
	return h;
}

/* The default policy with short timeouts for a loopback backend. */
APITEST_FN struct http_policy
apitest_policy(void)
{
	struct http_policy p;

	http_policy_default(&p);
	p.connect_timeout_ms = 2000;
	p.timeout_ms = 10000;
	return p;
}

/* Check r == want, printing cause when not. */
#define CHECK_RESULT(r, want, cause) do {				\
	enum http_result r_ = (r), w_ = (want);				\
	if (r_ != w_)							\
		TEST_FAIL("%s: got %s, want %s (%s)", #r,		\
		    http_result_name(r_), http_result_name(w_),		\
		    (cause) != NULL ? (cause) : "no cause");		\
} while (0)

#endif
