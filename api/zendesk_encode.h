/*
 * Request bodies tdesk sends to Zendesk: ticket update (with safe_update),
 * bulk and batch update_many, ticket create.
 *
 * Each encoder checks the change (known status/priority/type values, ids,
 * UTF-8 text, a well-formed updated_stamp) and returns 0 with *json set to
 * the compact body (the caller frees it), or -1 with *cause set (the
 * caller frees it) and *json NULL.
 */
#ifndef TDESK_ZENDESK_ENCODE_H
#define TDESK_ZENDESK_ENCODE_H

#include <stddef.h>

#include "api/model.h"
#include "api/xmalloc.h"

/* The most tickets one update_many call may change. */
#define ZENDESK_UPDATE_MANY_MAX	100

/*
 * PUT /api/v2/tickets/{id}: {"ticket":{…}}. With u->updated_stamp it adds
 * "safe_update":true and "updated_stamp", so Zendesk answers 409 if the
 * ticket changed since. At least one field must be set.
 */
int	zendesk_encode_ticket_update(const struct ticket_update *u, char **json,
	    char **cause) TD_WUR;

/* PUT /api/v2/tickets/update_many?ids=…: {"ticket":{…}}, one change. */
int	zendesk_encode_update_many(const struct ticket_update *u, char **json,
	    char **cause) TD_WUR;

/*
 * PUT /api/v2/tickets/update_many: {"tickets":[{"id":…,…},…]}, a change
 * per ticket (u[i].id each), 1 to ZENDESK_UPDATE_MANY_MAX of them.
 */
int	zendesk_encode_update_batch(const struct ticket_update *u, size_t n,
	    char **json, char **cause) TD_WUR;

/* POST /api/v2/tickets: {"ticket":{…}}; needs a comment, takes no stamp. */
int	zendesk_encode_ticket_create(const struct ticket_update *u, char **json,
	    char **cause) TD_WUR;

#endif
