/*
 * The HTTP layer's insides, shared by http.c (clients and the request
 * loop) and http_xfer.c (one transfer on libcurl). Not for other modules.
 */
#ifndef TDESK_HTTP_INT_H
#define TDESK_HTTP_INT_H

#include <pthread.h>
#include <stdint.h>

#include <curl/curl.h>

#include "api/breaker.h"
#include "api/http.h"
#include "api/http_header.h"
#include "api/ratelimit.h"

struct http_client {
	char		*name;
	char		*base_url;	/* without a trailing '/' */
	char		*base_path;	/* its path part, for messages ("" or
					 * "/zendesk") */
	char		*protocols;	/* "https", or "http" for loopback */
	int		 loopback;	/* the host is loopback: never through
					 * a proxy */
	char		*auth_header;	/* "Authorization: ..."; zeroed on
					 * free; NULL: none */
	char		*budget;	/* the client-wide budget's name */
	int		 rate_420;
	void		(*error_text)(const char *, size_t, char **, char **);
	struct http_policy policy;
	struct http_hooks hooks;
	size_t		 max_body;
	uint64_t	 rng;		/* xorshift state for the default
					 * jitter */
	CURL		*curl;
	char		 errbuf[CURL_ERROR_SIZE];
	pthread_mutex_t	 io_lock;	/* one http_do() at a time */
	pthread_mutex_t	 state_lock;	/* everything below */
	struct breaker	 breaker;
	struct ratelimit *budgets;
	struct http_health health;
	struct http_last last;
	int		 timed_out;	/* a transfer of this client timed
					 * out (policy.stop_after_timeout) */
};

/* One transfer's callbacks' state. */
struct http_xfer {
	struct http_client *cl;
	struct http_response *resp;
	size_t		 cap;		/* bytes allocated for resp->body */
	int		 too_large;
	struct http_headers hdr;	/* what the header said so far */
};

/* What one attempt came to. */
struct http_attempt {
	enum http_result result;
	int		 verdict;	/* 1: the backend works; -1: a
					 * failure; 0: no verdict */
	int		 rate_limited;	/* 429 (or Statuspage's 420) */
	int		 timed_out;	/* the transfer's time ran out (the
					 * deadline, the timeout, a stall
					 * or the connect timeout) */
	char		*detail;	/* "HTTP 503: ..." */
};

extern const char *const http_method_names[];

/* The hooks, or the real clock and dice when a hook is NULL. */
int64_t	 http_wall(struct http_client *);
int	 http_cancelled(struct http_client *);

/* Free what a response owns and zero it, keeping attempts. */
void	 http_response_reset(struct http_response *);

/* Send req once to url, for at most timeout_ms, and read the answer into
 * *resp; *at says what it came to (at->detail is the caller's to free). */
void	 http_attempt(struct http_client *, const struct http_request *req,
	     const char *url, long timeout_ms, struct http_response *resp,
	     struct http_attempt *at);

/* The debug log's line for a retry about to be made (api/log.h). */
void	 http_log_retry(struct http_client *, const struct http_request *,
	     const char *url, const struct http_response *,
	     const struct http_attempt *, int attempt, int64_t delay_ms);

#endif
