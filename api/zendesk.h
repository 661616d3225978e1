/*
 * The Zendesk Support API v2 calls tdesk makes: typed functions over
 * http_do() and the strict decoders and encoders in zendesk_decode.h and
 * zendesk_encode.h. Blocking (see http.h): the sync thread and CLI
 * commands only.
 *
 * Every call returns an enum http_result (HTTP_OK is 0) and, on anything
 * else, sets *cause (the caller frees it) to a message naming the backend
 * and endpoint; the status and the body's error code of a failure are in
 * http_client_last(). *out is zeroed first, filled on HTTP_OK, and
 * cleared otherwise; the caller releases a filled *out with its *_clear()
 * from model.h. Reads are retried on transient failures; writes are sent
 * once (HTTP_UNKNOWN: they may have been applied; read back before
 * sending again).
 *
 * Rate budgets (tdesk's side of Zendesk's limits): the incremental export
 * at most ZENDESK_EXPORT_PER_MINUTE requests in any minute, and ticket
 * updates at most ZENDESK_UPDATES_PER_TICKET per ticket in any
 * ZENDESK_UPDATE_WINDOW_S seconds. A call waits for its budget up to the
 * policy's max_wait_ms (60 s by default: an export page is at most a
 * minute late); a longer wait (a ticket updated 30 times in 10 minutes)
 * is HTTP_RATE_LIMITED, nothing sent, http_client_last().retry_in_ms
 * saying when to come back.
 */
#ifndef TDESK_ZENDESK_H
#define TDESK_ZENDESK_H

#include <stddef.h>
#include <stdint.h>

#include "api/http.h"
#include "api/model.h"
#include "api/xmalloc.h"

#define ZENDESK_EXPORT_PER_MINUTE	10
#define ZENDESK_UPDATES_PER_TICKET	30
#define ZENDESK_UPDATE_WINDOW_S		600

/* The budgets' names, for http_request.budget. */
#define ZENDESK_BUDGET_EXPORT		"zendesk.export"
#define ZENDESK_BUDGET_UPDATE		"zendesk.update"

/* The largest page the list endpoints give (page[size]). */
#define ZENDESK_PAGE_MAX		100
/* The largest export page (per_page). */
#define ZENDESK_EXPORT_PAGE_MAX		1000

/*
 * A client for one Zendesk account. url is the account root
 * ("https://acme.zendesk.com"; tdesk adds /api/v2/...). With email, token
 * is an API token (Basic "{email}/token:{token}"); with email NULL, an
 * OAuth access token (Bearer). policy and hooks may be NULL (defaults).
 * NULL with *cause set on a refused URL or credential (see
 * http_client_new). Free with http_client_free().
 */
struct http_client *zendesk_client_new(const char *url, const char *email,
	     const char *token, const struct http_policy *policy,
	     const struct http_hooks *hooks, char **cause) TD_WUR;

/*
 * The client's error_text (http_config): an error body's error and its
 * description with the details' descriptions, as new strings left NULL
 * when absent. Pure.
 */
void	 zendesk_error_text(const char *body, size_t len, char **code,
	     char **text);

/* GET /api/v2/users/me: who the token belongs to (role: admin, agent). */
enum http_result zendesk_me(struct http_client *, struct user *out,
	     char **cause) TD_WUR;

/*
 * GET /api/v2/incremental/tickets/cursor with include=users,groups,
 * organizations: the first page from start_time (unix seconds, at least a
 * minute ago) when cursor is NULL, else the page after cursor (the last
 * page's after_cursor). per_page 1..ZENDESK_EXPORT_PAGE_MAX (0: 1000).
 * billing_field names the organization field holding billing standing
 * (NULL: none). Admins only: an agent's token gets HTTP_CLIENT_ERROR with
 * status 403 (fall back to zendesk_ticket_list_page).
 */
enum http_result zendesk_export_page(struct http_client *, int64_t start_time,
	     const char *cursor, int per_page, const char *billing_field,
	     struct zendesk_export_page *out, char **cause) TD_WUR;

/*
 * GET /api/v2/tickets?page[size]=N&sort=updated_at[&page[after]=C]: the
 * ticket list agents may use, oldest change first; walking on from the
 * last page's after_cursor later returns what changed since. page_size
 * 1..ZENDESK_PAGE_MAX (0: 100). No sideloads: fetch users, groups and
 * organizations with their own lists.
 */
enum http_result zendesk_ticket_list_page(struct http_client *,
	     const char *after, int page_size, struct zendesk_ticket_page *out,
	     char **cause) TD_WUR;

/* GET /api/v2/tickets/{id}. */
enum http_result zendesk_ticket_get(struct http_client *, int64_t id,
	     struct ticket *out, char **cause) TD_WUR;

/* GET /api/v2/tickets/{id}/comments, oldest first, cursor paginated. */
enum http_result zendesk_comments_page(struct http_client *, int64_t ticket_id,
	     const char *after, int page_size, struct zendesk_comment_page *out,
	     char **cause) TD_WUR;

/*
 * PUT /api/v2/tickets/{id} with u (u->updated_stamp set: a safe update).
 * HTTP_CONFLICT on 409: the ticket changed since the stamp (or Zendesk
 * hit a database collision); nothing was applied; re-read it. Spends the
 * ticket's update budget.
 */
enum http_result zendesk_ticket_update(struct http_client *, int64_t id,
	     const struct ticket_update *u,
	     struct zendesk_ticket_update_result *out, char **cause) TD_WUR;

/*
 * PUT /api/v2/tickets/update_many?ids=...: one change to n (1..100)
 * tickets, as a job (always a safe update on Zendesk's side); poll it with
 * zendesk_job_status.
 */
enum http_result zendesk_update_many(struct http_client *, const int64_t *ids,
	     size_t n, const struct ticket_update *u, struct job_status *out,
	     char **cause) TD_WUR;

/* PUT /api/v2/tickets/update_many: a change per ticket (u[i].id). */
enum http_result zendesk_update_batch(struct http_client *,
	     const struct ticket_update *u, size_t n, struct job_status *out,
	     char **cause) TD_WUR;

/* GET /api/v2/job_statuses/{id}. */
enum http_result zendesk_job_status(struct http_client *, const char *id,
	     struct job_status *out, char **cause) TD_WUR;

/* POST /api/v2/tickets: a new ticket (u needs a comment). */
enum http_result zendesk_ticket_create(struct http_client *,
	     const struct ticket_update *u,
	     struct zendesk_ticket_update_result *out, char **cause) TD_WUR;

/* GET /api/v2/users, /groups, /organizations, /macros?active=true: cursor
 * paginated (after NULL: the first page), page_size as above. */
enum http_result zendesk_users_page(struct http_client *, const char *after,
	     int page_size, struct zendesk_user_page *out, char **cause) TD_WUR;
enum http_result zendesk_groups_page(struct http_client *, const char *after,
	     int page_size, struct zendesk_group_page *out, char **cause) TD_WUR;
enum http_result zendesk_organizations_page(struct http_client *,
	     const char *after, int page_size, const char *billing_field,
	     struct zendesk_organization_page *out, char **cause) TD_WUR;
enum http_result zendesk_macros_page(struct http_client *, const char *after,
	     int page_size, struct zendesk_macro_page *out, char **cause) TD_WUR;

/* The most ids one show_many request takes. */
#define ZENDESK_SHOW_MANY_MAX	100

/*
 * GET /api/v2/users?role[]=agent&role[]=admin: the staff (assignees), in
 * cursor pages like zendesk_users_page.
 */
enum http_result zendesk_staff_page(struct http_client *, const char *after,
	     int page_size, struct zendesk_user_page *out, char **cause) TD_WUR;

/*
 * GET /api/v2/users/show_many?ids=… and /organizations/show_many?ids=…:
 * the records of n (1..ZENDESK_SHOW_MANY_MAX) ids at once, for lists that
 * carry no sideloads. HTTP_ERROR with *cause for a bad count or id.
 */
enum http_result zendesk_users_show_many(struct http_client *,
	     const int64_t *ids, size_t n, struct zendesk_user_page *out,
	     char **cause) TD_WUR;
enum http_result zendesk_organizations_show_many(struct http_client *,
	     const int64_t *ids, size_t n, const char *billing_field,
	     struct zendesk_organization_page *out, char **cause) TD_WUR;

/*
 * GET /api/v2/tickets/{ticket_id}/macros/{macro_id}/apply (ticket_id 0:
 * /api/v2/macros/{macro_id}/apply): what the macro would change. Nothing
 * is changed at Zendesk; send the changes with zendesk_ticket_update.
 */
enum http_result zendesk_macro_apply(struct http_client *, int64_t ticket_id,
	     int64_t macro_id, struct macro_result *out, char **cause) TD_WUR;

#endif
