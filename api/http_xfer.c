/*
 * One HTTP transfer on the client's libcurl handle: the options (TLS,
 * timeouts, compression, headers, the body cap), the callbacks that read
 * the body and headers, and what the outcome means for a read or a write.
 */
#include "api/http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/log.h"
#include "api/retry.h"

#ifndef TDESK_VERSION
#define TDESK_VERSION "0"
#endif

/* ---- responses --------------------------------------------------------- */

void
http_response_reset(struct http_response *r)
{
	int attempts = r->attempts;

	free(r->body);
	free(r->etag);
	free(r->content_encoding);
	free(r->error_code);
	free(r->error_text);
	memset(r, 0, sizeof *r);
	r->retry_after_s = -1;
	r->rate_limit = -1;
	r->rate_remaining = -1;
	r->attempts = attempts;
}

void
http_response_clear(struct http_response *r)
{
	if (r == NULL)
		return;
	http_response_reset(r);
	r->attempts = 0;
}

static size_t
http_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct http_xfer *x = arg;
	struct http_response *r = x->resp;
	size_t n = size * nmemb, want;

	if (n > x->cl->max_body || r->len > x->cl->max_body - n) {
		x->too_large = 1;
		return 0;
	}
	if (r->len + n + 1 > x->cap) {
		want = x->cap != 0 ? x->cap : 16384;
		while (want < r->len + n + 1)
			want *= 2;
		r->body = xreallocarray(r->body, want, 1);
		x->cap = want;
	}
	memcpy(r->body + r->len, data, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

static size_t
http_header_cb(char *data, size_t size, size_t nitems, void *arg)
{
	struct http_xfer *x = arg;

	http_header_line(&x->hdr, data, size * nitems);
	return size * nitems;
}

static int
http_progress_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	return http_cancelled(arg) ? 1 : 0;
}

/* The error body's code and text, made safe to print. */
static void
http_read_error(struct http_client *cl, struct http_response *r)
{
	http_error_text(cl->error_text, r->body, r->len, &r->error_code,
	    &r->error_text);
}

/* "HTTP 409: UpdateConflict: the ticket changed" */
static char *
http_status_detail(struct http_client *cl, const struct http_response *r)
{
	const char *code = r->error_code, *text = r->error_text;
	const char *hint = "";

	if (code != NULL && text != NULL && strcmp(code, text) == 0)
		text = NULL;
	if (r->status == 401)
		hint = " (the credentials were refused)";
	return xasprintf("HTTP %ld%s%s%s%s%s", r->status,
	    code != NULL ? ": " : "", code != NULL ? code : "",
	    text != NULL ? ": " : "", text != NULL ? text : "", hint);
}

/* The codes libcurl gives up on an over-long header line with. */
static int
http_header_refused(CURLcode rc)
{
#if LIBCURL_VERSION_NUM >= 0x080600
	if (rc == CURLE_TOO_LARGE)
		return 1;
#endif
	return rc == CURLE_OUT_OF_MEMORY;
}

/* What a finished transfer came to. */
static void
http_classify(struct http_client *cl, const struct http_request *req,
    CURLcode rc, const struct http_xfer *x, long sent,
    struct http_attempt *at)
{
	const struct http_response *r = x->resp;
	int write = req->method != HTTP_GET;
	long s = r->status;
	const char *where = x->hdr.location;

	if (rc == CURLE_OK) {
		at->detail = http_status_detail(cl, r);
		if (s >= 200 && s < 300) {
			at->result = HTTP_OK;
			at->verdict = 1;
		} else if (s == 429 || (s == 420 && cl->rate_420)) {
			at->result = HTTP_TRANSIENT;
			at->rate_limited = 1;
			at->verdict = 1;	/* up, just busy */
		} else if (s == 408 || s == 503) {
			at->result = HTTP_TRANSIENT;
			at->verdict = -1;
		} else if (s >= 500) {
			/* A 500, 502 or 504 may come after the work was
			 * done: a write's fate is unknown. A gateway's 502
			 * or 504 may even come before it: the server behind
			 * may still be at it. */
			at->result = write ? HTTP_UNKNOWN : HTTP_TRANSIENT;
			at->verdict = -1;
			x->resp->late = write && (s == 502 || s == 504);
		} else if (s >= 400) {
			at->result = HTTP_CLIENT_ERROR;
			at->verdict = 1;
		} else {
			/* Location as sent (cleaned), not libcurl's
			 * resolved URL, which is not cleaned. */
			free(at->detail);
			at->detail = xasprintf("HTTP %ld%s%s: tdesk does not "
			    "follow redirects; check the base URL", s,
			    where != NULL ? " to " : "",
			    where != NULL ? where : "");
			at->result = HTTP_ERROR;
			at->verdict = -1;
		}
		return;
	}
	if (x->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		at->detail = xasprintf("response body larger than %zu bytes",
		    cl->max_body);
		at->result = write ? HTTP_UNKNOWN : HTTP_TOO_LARGE;
		at->verdict = 1;
		return;
	}
	if (http_header_refused(rc) && !x->hdr.head_done) {
		/*
		 * libcurl refuses a header line longer than it can hold, and
		 * says "Out of memory" (or, from 8.6, "too large"). The
		 * request was sent; the answer will not get shorter.
		 */
		at->detail = xasprintf("a response header larger than %d KB",
		    CURL_MAX_HTTP_HEADER / 1024);
		at->result = write ? HTTP_UNKNOWN : HTTP_TOO_LARGE;
		at->verdict = 1;
		return;
	}
	at->detail = xasprintf("%s", cl->errbuf[0] != '\0' ? cl->errbuf :
	    curl_easy_strerror(rc));
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		free(at->detail);
		at->detail = xstrdup("cancelled");
		at->result = write && sent > 0 ? HTTP_UNKNOWN : HTTP_TRANSIENT;
		at->verdict = 0;
		x->resp->late = write && sent > 0;
		return;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CRL_BADFILE:
		at->result = HTTP_ERROR;
		at->verdict = -1;
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		at->result = HTTP_TRANSIENT;	/* nothing was sent */
		at->verdict = -1;
		return;
	default:
		/* Reset, timeout, no answer, cut short, unreadable: after
		 * a write was sent, nobody knows whether it was applied. */
		at->result = write && sent > 0 ? HTTP_UNKNOWN : HTTP_TRANSIENT;
		at->verdict = -1;
		/*
		 * Without a status line nothing says the server is done
		 * with it: our timeout, or a proxy or balancer that dropped
		 * us while the origin goes on.
		 */
		x->resp->late = write && sent > 0 && r->status == 0;
		return;
	}
}

/* Append a header to *h, failing loudly when libcurl cannot. */
static void
http_header_add(struct curl_slist **h, const char *line)
{
	struct curl_slist *n;

	if ((n = curl_slist_append(*h, line)) == NULL)
		fatal("out of memory");
	*h = n;
}

/* Free a header list, zeroing every line first (one holds the secret). */
static void
http_headers_free(struct curl_slist *h)
{
	struct curl_slist *i;

	for (i = h; i != NULL; i = i->next)
		explicit_bzero(i->data, strlen(i->data));
	curl_slist_free_all(h);
}

/*
 * The debug log's line for a finished transfer (api/log.h): the URL
 * redacted, the status or the transport's error, the bytes and the time;
 * never a header or a body.
 */
static void
http_log_transfer(struct http_client *cl, const struct http_request *req,
    const char *url, CURLcode rc, const struct http_response *resp, long sent)
{
	curl_off_t down = 0, up = 0, us = 0;
	const char *err = cl->errbuf[0] != '\0' ? cl->errbuf :
	    curl_easy_strerror(rc);
	char *safe, what[CURL_ERROR_SIZE + 32];

	if (!log_enabled())
		return;
	(void)curl_easy_getinfo(cl->curl, CURLINFO_SIZE_DOWNLOAD_T, &down);
	(void)curl_easy_getinfo(cl->curl, CURLINFO_SIZE_UPLOAD_T, &up);
	(void)curl_easy_getinfo(cl->curl, CURLINFO_TOTAL_TIME_T, &us);
	if (rc == CURLE_OK)
		snprintf(what, sizeof what, "%ld", resp->status);
	else if (resp->status != 0)
		snprintf(what, sizeof what, "%ld error: %s", resp->status, err);
	else
		snprintf(what, sizeof what, "error: %s", err);
	safe = log_url_redact(url);
	log_line("http", "%s %s %s %s %lld B received %lld B sent %lld ms",
	    cl->name, http_method_names[req->method], safe, what,
	    (long long)down, (long long)(sent + up), (long long)(us / 1000));
	free(safe);
}

void
http_log_retry(struct http_client *cl, const struct http_request *req,
    const char *url, const struct http_response *resp,
    const struct http_attempt *at, int attempt, int64_t delay_ms)
{
	char *safe, why[64];

	if (!log_enabled())
		return;
	if (resp->status == 0)
		snprintf(why, sizeof why, "%s", at->timed_out ? "timeout" :
		    "no answer (connection failed or dropped)");
	else if (resp->retry_after_s >= 0)
		snprintf(why, sizeof why, "HTTP %ld, Retry-After %lld s",
		    resp->status, (long long)resp->retry_after_s);
	else
		snprintf(why, sizeof why, "HTTP %ld", resp->status);
	safe = log_url_redact(url);
	log_line("http", "%s %s %s retry %d of %d in %lld ms: %s%s", cl->name,
	    http_method_names[req->method], safe, attempt + 1,
	    cl->policy.max_attempts - 1, (long long)delay_ms, why,
	    at->rate_limited ? " (rate limited)" : "");
	free(safe);
}

#define HTTP_SETOPT(c, opt, v) do {					\
	if (curl_easy_setopt((c), (opt), (v)) != CURLE_OK)		\
		fatal("libcurl refused option %s", #opt);		\
} while (0)

void
http_attempt(struct http_client *cl, const struct http_request *req,
    const char *url, long timeout_ms, struct http_response *resp,
    struct http_attempt *at)
{
	struct http_xfer x;
	struct curl_slist *h = NULL;
	CURL *c = cl->curl;
	CURLcode rc;
	long sent = 0;
	int write = req->method != HTTP_GET;
	char *line;

	memset(&x, 0, sizeof x);
	memset(at, 0, sizeof *at);
	x.cl = cl;
	x.resp = resp;
	http_headers_init(&x.hdr);
	http_header_add(&h, "Accept: application/json");
	if (cl->auth_header != NULL)
		http_header_add(&h, cl->auth_header);
	if (req->body != NULL)
		http_header_add(&h, "Content-Type: application/json");
	if (req->idempotency_key != NULL) {
		line = xasprintf("Idempotency-Key: %s", req->idempotency_key);
		http_header_add(&h, line);
		free(line);
	}
	http_header_add(&h, "Expect:");	/* no 100-continue round trip */

	/* Everything set afresh; the connection cache survives a reset. */
	curl_easy_reset(c);
	cl->errbuf[0] = '\0';
	HTTP_SETOPT(c, CURLOPT_ERRORBUFFER, cl->errbuf);
	HTTP_SETOPT(c, CURLOPT_URL, url);
#if LIBCURL_VERSION_NUM >= 0x075500
	HTTP_SETOPT(c, CURLOPT_PROTOCOLS_STR, cl->protocols);
	HTTP_SETOPT(c, CURLOPT_REDIR_PROTOCOLS_STR, cl->protocols);
#else
	HTTP_SETOPT(c, CURLOPT_PROTOCOLS, strcmp(cl->protocols, "http") == 0 ?
	    (long)CURLPROTO_HTTP : (long)CURLPROTO_HTTPS);
	HTTP_SETOPT(c, CURLOPT_REDIR_PROTOCOLS,
	    strcmp(cl->protocols, "http") == 0 ? (long)CURLPROTO_HTTP :
	    (long)CURLPROTO_HTTPS);
#endif
	HTTP_SETOPT(c, CURLOPT_FOLLOWLOCATION, 0L);
	/*
	 * Proxies: libcurl takes them from http_proxy, https_proxy,
	 * all_proxy and no_proxy. A loopback backend is never sent through
	 * one ("" overrides the environment): its plain http:// would give
	 * the proxy the token in clear. Anything else is https://, which
	 * libcurl always tunnels with CONNECT, so a proxy sees the host and
	 * port and nothing inside TLS; nothing here may turn that off.
	 */
	if (cl->loopback)
		HTTP_SETOPT(c, CURLOPT_PROXY, "");
	HTTP_SETOPT(c, CURLOPT_SSL_VERIFYPEER, 1L);
	HTTP_SETOPT(c, CURLOPT_SSL_VERIFYHOST, 2L);
	HTTP_SETOPT(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	HTTP_SETOPT(c, CURLOPT_NOSIGNAL, 1L);
	HTTP_SETOPT(c, CURLOPT_TCP_KEEPALIVE, 1L);
	HTTP_SETOPT(c, CURLOPT_CONNECTTIMEOUT_MS, cl->policy.connect_timeout_ms);
	HTTP_SETOPT(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	HTTP_SETOPT(c, CURLOPT_LOW_SPEED_LIMIT, cl->policy.low_speed_bytes);
	HTTP_SETOPT(c, CURLOPT_LOW_SPEED_TIME, cl->policy.low_speed_time_s);
	HTTP_SETOPT(c, CURLOPT_ACCEPT_ENCODING, "");
	HTTP_SETOPT(c, CURLOPT_USERAGENT, "tdesk/" TDESK_VERSION);
	HTTP_SETOPT(c, CURLOPT_HTTPHEADER, h);
	HTTP_SETOPT(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)cl->max_body);
	HTTP_SETOPT(c, CURLOPT_WRITEFUNCTION, http_write_cb);
	HTTP_SETOPT(c, CURLOPT_WRITEDATA, &x);
	HTTP_SETOPT(c, CURLOPT_HEADERFUNCTION, http_header_cb);
	HTTP_SETOPT(c, CURLOPT_HEADERDATA, &x);
	HTTP_SETOPT(c, CURLOPT_NOPROGRESS, 0L);
	HTTP_SETOPT(c, CURLOPT_XFERINFOFUNCTION, http_progress_cb);
	HTTP_SETOPT(c, CURLOPT_XFERINFODATA, cl);
	/*
	 * libcurl silently sends a request again when a reused connection
	 * closes before any answer; for a write that could apply it twice,
	 * so a write always goes on a connection of its own.
	 */
	HTTP_SETOPT(c, CURLOPT_FRESH_CONNECT, write ? 1L : 0L);
	if (req->method == HTTP_GET)
		HTTP_SETOPT(c, CURLOPT_HTTPGET, 1L);
	else {
		HTTP_SETOPT(c, CURLOPT_POSTFIELDS,
		    req->body != NULL ? req->body : "");
		HTTP_SETOPT(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)(req->body != NULL ? req->body_len : 0));
		if (req->method != HTTP_POST)
			HTTP_SETOPT(c, CURLOPT_CUSTOMREQUEST,
			    http_method_names[req->method]);
	}

	rc = curl_easy_perform(c);
	(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	(void)curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS,
	    &resp->new_connections);
	(void)curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &sent);
	HTTP_SETOPT(c, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
	http_headers_free(h);

	resp->etag = x.hdr.etag;
	resp->content_encoding = x.hdr.content_encoding;
	x.hdr.etag = x.hdr.content_encoding = NULL;
	resp->rate_limit = x.hdr.rate_limit;
	resp->rate_remaining = x.hdr.rate_remaining;
	resp->replayed = x.hdr.replayed;
	if (x.hdr.retry_after[0] != '\0') {
		int64_t d;

		if (retry_after_parse(x.hdr.retry_after, http_wall(cl) / 1000,
		    &d) == 0)
			resp->retry_after_s = retry_clamp(d,
			    cl->policy.retry_after_min_s,
			    cl->policy.retry_after_max_s);
	}
	if (rc == CURLE_OK && (resp->status < 200 || resp->status >= 300))
		http_read_error(cl, resp);
	http_classify(cl, req, rc, &x, sent, at);
	at->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	http_log_transfer(cl, req, url, rc, resp, sent);
	http_headers_clear(&x.hdr);
	if (rc != CURLE_OK && resp->status == 0) {
		free(resp->body);	/* no answer: nothing to keep */
		resp->body = NULL;
		resp->len = 0;
	}
}

