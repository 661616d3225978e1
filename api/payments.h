/*
 * The payments review API calls tdesk makes (DESIGN.md §3, tdesk(1)):
 * typed functions over http_do() and the decoders in payments_decode.h.
 * Blocking (see http.h): the sync thread and CLI commands only.
 *
 * The contract is zendesk.h's: an enum http_result (HTTP_OK is 0), *cause
 * on anything else (the status and error code, "forbidden",
 * "idempotency_mismatch", in http_client_last()), reads retried, writes
 * sent once.
 */
#ifndef TDESK_PAYMENTS_H
#define TDESK_PAYMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "api/http.h"
#include "api/model.h"
#include "api/xmalloc.h"

/* Room for an Idempotency-Key from payments_idempotency_key(). */
#define PAYMENTS_KEY_SIZE	48

/* The largest page of flagged payments. */
#define PAYMENTS_PAGE_MAX	500

/*
 * A client for the payments API at url (tdesk adds /v1/...), with a bearer
 * token. policy and hooks may be NULL. NULL with *cause set on a refused
 * URL or token. Free with http_client_free().
 */
struct http_client *payments_client_new(const char *url, const char *token,
	     const struct http_policy *policy, const struct http_hooks *hooks,
	     char **cause) TD_WUR;

/*
 * The client's error_text (http_config): an error body's error and
 * message, as new strings left NULL when absent. Pure.
 */
void	 payments_error_text(const char *body, size_t len, char **code,
	     char **text);

/*
 * A new random Idempotency-Key ("tdesk-" and 32 hex digits) in buf
 * (PAYMENTS_KEY_SIZE bytes). Made and stored by the outbox BEFORE the
 * first send, and sent again unchanged after a lost answer. 0, or -1 if
 * the system has no randomness to give.
 */
int	 payments_idempotency_key(char *buf, size_t size) TD_WUR;

/* GET /v1/me: the user's id, name and role. */
enum http_result payments_me(struct http_client *, struct payments_me *out,
	     char **cause) TD_WUR;

/*
 * GET /v1/flagged-payments: the page after cursor, or (cursor NULL) the
 * first page of payments changed after updated_after (RFC 3339; NULL:
 * from the beginning). limit 1..PAYMENTS_PAGE_MAX (0: 100). out->next_cursor
 * NULL: the last page.
 */
enum http_result payments_flagged_page(struct http_client *,
	     const char *updated_after, const char *cursor, int limit,
	     struct payments_page *out, char **cause) TD_WUR;

/* GET /v1/flagged-payments/{id}. */
enum http_result payments_get(struct http_client *, const char *id,
	     struct payment *out, char **cause) TD_WUR;

/*
 * POST /v1/flagged-payments/{id}/resolution with Idempotency-Key key
 * (required) and r, amounts in currency (the payment's). HTTP_OK: *out is
 * the resolved payment. HTTP_CONFLICT (409 version_conflict): *out is the
 * payment as it is now, nothing was applied. HTTP_CLIENT_ERROR: 403 for a
 * role that may not resolve, 422 not_applicable or idempotency_mismatch.
 * HTTP_UNKNOWN: it may have been applied; send it again with the SAME key
 * and body, and the API answers what it answered the first time.
 */
enum http_result payments_resolve(struct http_client *, const char *id,
	     const struct payment_resolution *r, const char *currency,
	     const char *key, struct payment *out, char **cause) TD_WUR;

#endif
