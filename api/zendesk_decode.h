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

#include <stdint.h>

#include "api/decoder.h"
#include "api/model.h"

/*
 * GET /api/v2/incremental/tickets/cursor (and the time-based
 * /incremental/tickets): tickets plus any users/groups/organizations
 * sideloads. billing_field names the organization field that holds billing
 * standing (NULL: none configured).
 */
DECODE_DECLARE_ARG(zendesk_decode_export_page,
    const char *billing_field, struct zendesk_export_page);

/*
 * GET /api/v2/tickets (and views' ticket lists): {"tickets":[…]} with
 * either pagination.
 */
DECODE_DECLARE(zendesk_decode_ticket_page, struct zendesk_ticket_page);

/* GET /api/v2/tickets/{id}: {"ticket":{…}}, or a bare ticket object. */
DECODE_DECLARE(zendesk_decode_ticket, struct ticket);

/* PUT /api/v2/tickets/{id}: {"ticket":{…}, "audit":{…}}. */
DECODE_DECLARE(zendesk_decode_ticket_update,
    struct zendesk_ticket_update_result);

/* GET /api/v2/tickets/{ticket_id}/comments; each comment gets ticket_id. */
DECODE_DECLARE_ARG(zendesk_decode_comment_page,
    int64_t ticket_id, struct zendesk_comment_page);

/* GET /api/v2/users/{id} ({"user":{…}} or bare), and GET /api/v2/users. */
DECODE_DECLARE(zendesk_decode_user, struct user);
DECODE_DECLARE(zendesk_decode_user_page, struct zendesk_user_page);

/* GET /api/v2/groups. */
DECODE_DECLARE(zendesk_decode_group_page, struct zendesk_group_page);

/*
 * GET /api/v2/organizations/{id} ({"organization":{…}} or bare), and the
 * list; billing_field as above.
 */
DECODE_DECLARE_ARG(zendesk_decode_organization,
    const char *billing_field, struct organization);
DECODE_DECLARE_ARG(zendesk_decode_organization_page,
    const char *billing_field, struct zendesk_organization_page);

/* GET /api/v2/macros (and /macros/active). */
DECODE_DECLARE(zendesk_decode_macro_page, struct zendesk_macro_page);

/*
 * GET /api/v2/tickets/{id}/macros/{macro_id}/apply: {"result":{"ticket":
 * {…changes…}}}, the comment inside the ticket or beside it in result.
 */
DECODE_DECLARE(zendesk_decode_macro_apply, struct macro_result);

/* GET /api/v2/job_statuses/{id}, update_many: {"job_status":{…}} or bare. */
DECODE_DECLARE(zendesk_decode_job_status, struct job_status);

/*
 * A 4xx/5xx JSON body: {"error":"Code","description":…,"details":…}, or
 * {"error":{"title","message"}}, or {"errors":[{"title","detail"}]}.
 */
DECODE_DECLARE(zendesk_decode_error, struct zendesk_error);

#endif
