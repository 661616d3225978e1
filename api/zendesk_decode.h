/*
 * Strict decoders for the Zendesk Support API v2 responses tdesk reads.
 *
 * Every decoder takes a whole response body (len bytes, not necessarily
 * NUL-terminated) and fills *out, which it zeroes first. It returns 0, or
 * -1 with *cause set (the caller frees it; cause NULL: no message is
 * wanted) and *out cleared: nothing is half-filled and nothing leaks. The
 * caller releases a filled *out with its *_clear() from model.h.
 * Messages name the field by its JSON path ("tickets[3].assignee_id:
 * expected positive integer id or null, got string \"12\""); unknown keys
 * are ignored.
 */
#ifndef TDESK_ZENDESK_DECODE_H
#define TDESK_ZENDESK_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "api/model.h"
#include "api/xmalloc.h"

/*
 * GET /api/v2/incremental/tickets/cursor (and the time-based
 * /incremental/tickets): tickets plus any users/groups/organizations
 * sideloads. billing_field names the organization field that holds billing
 * standing (NULL: none configured).
 */
int	zendesk_decode_export_page(const char *body, size_t len,
	    const char *billing_field, struct zendesk_export_page *out,
	    char **cause) TD_WUR;

/*
 * GET /api/v2/tickets (and views' ticket lists): {"tickets":[…]} with
 * either pagination.
 */
int	zendesk_decode_ticket_page(const char *body, size_t len,
	    struct zendesk_ticket_page *out, char **cause) TD_WUR;

/* GET /api/v2/tickets/{id}: {"ticket":{…}}, or a bare ticket object. */
int	zendesk_decode_ticket(const char *body, size_t len, struct ticket *out,
	    char **cause) TD_WUR;

/* PUT /api/v2/tickets/{id}: {"ticket":{…}, "audit":{…}}. */
int	zendesk_decode_ticket_update(const char *body, size_t len,
	    struct zendesk_ticket_update_result *out, char **cause) TD_WUR;

/* GET /api/v2/tickets/{ticket_id}/comments; each comment gets ticket_id. */
int	zendesk_decode_comment_page(const char *body, size_t len,
	    int64_t ticket_id, struct zendesk_comment_page *out,
	    char **cause) TD_WUR;

/* GET /api/v2/users/{id} ({"user":{…}} or bare), and GET /api/v2/users. */
int	zendesk_decode_user(const char *body, size_t len, struct user *out,
	    char **cause) TD_WUR;
int	zendesk_decode_user_page(const char *body, size_t len,
	    struct zendesk_user_page *out, char **cause) TD_WUR;

/* GET /api/v2/groups. */
int	zendesk_decode_group_page(const char *body, size_t len,
	    struct zendesk_group_page *out, char **cause) TD_WUR;

/*
 * GET /api/v2/organizations/{id} ({"organization":{…}} or bare), and the
 * list; billing_field as above.
 */
int	zendesk_decode_organization(const char *body, size_t len,
	    const char *billing_field, struct organization *out,
	    char **cause) TD_WUR;
int	zendesk_decode_organization_page(const char *body, size_t len,
	    const char *billing_field, struct zendesk_organization_page *out,
	    char **cause) TD_WUR;

/* GET /api/v2/macros (and /macros/active). */
int	zendesk_decode_macro_page(const char *body, size_t len,
	    struct zendesk_macro_page *out, char **cause) TD_WUR;

/*
 * GET /api/v2/tickets/{id}/macros/{macro_id}/apply: {"result":{"ticket":
 * {…changes…}}}, the comment inside the ticket or beside it in result.
 */
int	zendesk_decode_macro_apply(const char *body, size_t len,
	    struct macro_result *out, char **cause) TD_WUR;

/* GET /api/v2/job_statuses/{id}, update_many: {"job_status":{…}} or bare. */
int	zendesk_decode_job_status(const char *body, size_t len,
	    struct job_status *out, char **cause) TD_WUR;

/*
 * A 4xx/5xx JSON body: {"error":"Code","description":…,"details":…}, or
 * {"error":{"title","message"}}, or {"errors":[{"title","detail"}]}.
 */
int	zendesk_decode_error(const char *body, size_t len,
	    struct zendesk_error *out, char **cause) TD_WUR;

#endif
