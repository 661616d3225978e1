/*
 * Payments review API calls: /v1/me, the flagged-payments list, one
 * payment, and a resolution with its Idempotency-Key.
 */
#include "api/payments.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "api/client.h"
#include "api/payments_decode.h"
#include "api/payments_encode.h"

/* The http layer's error_text for payments bodies: {"error","message"}. */
void
payments_error_text(const char *body, size_t len, char **code, char **text)
{
	struct payments_error e;

	if (payments_decode_error(body, len, &e, NULL) != 0)
		return;
	*code = e.error;
	*text = e.message;
	e.error = e.message = NULL;
	payments_error_clear(&e);
}

struct http_client *
payments_client_new(const char *url, const char *token,
    const struct http_policy *policy, const struct http_hooks *hooks,
    char **cause)
{
	static const struct http_config fixed = {
		.name = "payments",
		.auth = HTTP_AUTH_BEARER,
		.error_text = payments_error_text,
	};

	return client_new(&fixed, url, NULL, token, policy, hooks, cause);
}

int
payments_idempotency_key(char *buf, size_t size)
{
	unsigned char r[16];
	size_t got = 0;
	ssize_t n;
	int i;

	if (size < PAYMENTS_KEY_SIZE)
		return -1;
	while (got < sizeof r) {
		n = getrandom(r + got, sizeof r - got, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	memcpy(buf, "tdesk-", 6);
	for (i = 0; i < 16; i++)
		snprintf(buf + 6 + 2 * i, 3, "%02x", r[i]);
	return 0;
}

enum http_result
payments_me(struct http_client *cl, struct payments_me *out, char **cause)
{
	struct client_call c;

	memset(out, 0, sizeof *out);
	if (client_call(cl, &c, HTTP_GET, "/v1/me", NULL, NULL, cause) ==
	    HTTP_OK)
		c.bad = payments_decode_me(c.body, c.len, out, &c.why);
	return client_call_end(cl, &c, cause);
}

enum http_result
payments_flagged_page(struct http_client *cl, const char *updated_after,
    const char *cursor, int limit, struct payments_page *out, char **cause)
{
	struct client_call c;
	char *q = NULL;

	memset(out, 0, sizeof *out);
	if (cursor != NULL && *cursor != '\0')
		http_query_add(&q, "cursor", cursor);
	else if (updated_after != NULL && *updated_after != '\0')
		http_query_add(&q, "updated_after", updated_after);
	http_query_add_int(&q, "limit",
	    limit <= 0 ? 100 : limit > PAYMENTS_PAGE_MAX ? PAYMENTS_PAGE_MAX :
	    limit);
	if (client_call(cl, &c, HTTP_GET, "/v1/flagged-payments", q, NULL,
	    cause) == HTTP_OK)
		c.bad = payments_decode_page(c.body, c.len, out, &c.why);
	free(q);
	return client_call_end(cl, &c, cause);
}

/* "/v1/flagged-payments/{id}[suffix]", or NULL with *cause for no id. */
static char *
payments_path(const char *id, const char *suffix, char **cause)
{
	char *e, *p;

	if (id == NULL || *id == '\0') {
		xcause(cause, "payments: no payment id");
		return NULL;
	}
	e = http_escape(id);
	p = xasprintf("/v1/flagged-payments/%s%s", e, suffix);
	free(e);
	return p;
}

enum http_result
payments_get(struct http_client *cl, const char *id, struct payment *out,
    char **cause)
{
	struct client_call c;
	char *path;

	memset(out, 0, sizeof *out);
	if ((path = payments_path(id, "", cause)) == NULL)
		return HTTP_ERROR;
	if (client_call(cl, &c, HTTP_GET, path, NULL, NULL, cause) == HTTP_OK)
		c.bad = payments_decode_payment(c.body, c.len, out, &c.why);
	free(path);
	return client_call_end(cl, &c, cause);
}

/* A 409's body: the payment as it is now into *out, if it came. */
static void
payments_conflict(const struct client_call *c, struct payment *out)
{
	struct payments_error e;
	char *why = NULL;

	if (payments_decode_error(c->body, c->len, &e, &why) != 0) {
		free(why);
		return;
	}
	if (e.has_payment) {
		*out = e.payment;
		memset(&e.payment, 0, sizeof e.payment);
		e.has_payment = 0;
	}
	payments_error_clear(&e);
}

enum http_result
payments_resolve(struct http_client *cl, const char *id,
    const struct payment_resolution *res, const char *currency,
    const char *key, struct payment *out, char **cause)
{
	struct client_call c;
	char *json = NULL, *why = NULL, *path;

	memset(out, 0, sizeof *out);
	if (key == NULL || *key == '\0') {
		xcause(cause, "payments: a resolution needs an Idempotency-Key");
		return HTTP_ERROR;
	}
	if (payments_encode_resolution(res, currency, &json, &why) != 0)
		return client_refused("payments", "resolution", why, cause);
	if ((path = payments_path(id, "/resolution", cause)) == NULL) {
		free(json);
		return HTTP_ERROR;
	}
	client_call_init(&c, HTTP_POST, path, NULL, json);
	c.req.idempotency_key = key;
	if (client_call_send(cl, &c, cause) == HTTP_OK)
		c.bad = payments_decode_payment(c.body, c.len, out, &c.why);
	else if (c.r == HTTP_CONFLICT)
		payments_conflict(&c, out);
	free(path);
	free(json);
	return client_call_end(cl, &c, cause);
}
