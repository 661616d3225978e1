/*
 * Typed actions: what the console and the command line call to queue a
 * write. Each checks the request against the cache's current knowledge
 * (the ticket's updated_stamp, the payment's version and amounts), builds
 * the exact request the drainer (drain.h) will send, and queues it with
 * cache_outbox_enqueue: when an action returns CACHE_OK the write is on
 * disk and will be sent, whatever happens to the process.
 *
 * Nothing here touches the network. Errors as in cache.h: a refused
 * action is CACHE_ERR with *cause saying why in words for the user ("ticket
 * 101 is closed: Zendesk refuses changes to closed tickets"). *row is the
 * outbox row's id (0 on failure).
 *
 * THE PAYLOAD (the outbox row's JSON; what the drainer needs, nothing it
 * must look up again):
 *
 *   {"v": 1,                       the payload format
 *    "method": "PUT",              the request: method,
 *    "path": "/api/v2/tickets/101",  path after the client's base URL,
 *    "body": {…},                  and the exact JSON body
 *    … and per kind:}
 *
 *   ticket.update   target ticket:ID. PUT /api/v2/tickets/ID, body
 *                   {"ticket":{…,"safe_update":true,"updated_stamp":S}};
 *                   "ticket_id"; "macro_id" when a macro's changes
 *                   (resolved by the caller) are applied. S, the cached
 *                   updated_stamp, is also the lower bound of read-back;
 *                   with a comment, "exclude_comments": ids of comments
 *                   at or after S that are known not to be this write's
 *                   (cached ones now; the drainer adds those of earlier
 *                   rows it completes).
 *   ticket.bulk     one row per ticket (target ticket:ID), so a bulk
 *                   change is ordered with the other writes to each of its
 *                   tickets and fails or conflicts per ticket. PUT
 *                   /api/v2/tickets/update_many, body {"tickets":[{"id":ID,
 *                   …,"safe_update":true,"updated_stamp":S}]} (the batch
 *                   form: a stamp per ticket); "ticket_id"; "batch" (a key
 *                   shared by the rows of one bulk action, which the
 *                   drainer sends together, up to 100 at a time).
 *   ticket.create   target ticket:new:K. POST /api/v2/tickets, body
 *                   {"ticket":{…,"external_id":"tdesk-K"}}; "marker":
 *                   "tdesk-K" (K: 32 random hex digits).
 *   payment.resolve target payment:ID. POST /v1/flagged-payments/ID/
 *                   resolution, body {"action","note","expected_version",
 *                   "refund_amount"}; "payment_id", "currency". The
 *                   Idempotency-Key is the row's (made by the outbox).
 *   incident.create target incident:new:K. POST /incidents (under the
 *                   page), body {"incident":{…,"metadata":{"tdesk":
 *                   {"outbox":"K"}}}}; "marker": "K".
 *   incident.update target incident:ID. PATCH /incidents/ID, body
 *                   {"incident":{status, body, components, component_ids,
 *                   deliver_notifications}}; "incident_id"; "after": the
 *                   newest time the cache knew of the incident (its
 *                   updated_at or its newest update), the lower bound of
 *                   read-back.
 *   component.update target component:ID. PATCH /components/ID, body
 *                   {"component":{…}}; "component_id".
 *   postmortem.draft target incident:ID. PUT /incidents/ID/postmortem,
 *                   body {"postmortem":{"body_draft"}}; "incident_id".
 *   postmortem.publish target incident:ID. PUT /incidents/ID/postmortem/
 *                   publish, body {"postmortem":{notify_twitter,
 *                   notify_subscribers[, custom_tweet]}}; "incident_id".
 *
 * Statuspage paths are relative to the page (/pages/{page_id} is the
 * client's base URL), as the client in api/statuspage.c builds them.
 */
#ifndef TDESK_ACTIONS_H
#define TDESK_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/cache.h"
#include "api/model.h"

/* The version of the payload format written here. */
#define ACTION_PAYLOAD_VERSION	1

/* Room for a create marker: "tdesk-" and 32 hex digits. */
#define ACTION_MARKER_SIZE	40

/* The most tickets one bulk action changes (Zendesk's update_many limit). */
#define ACTION_BULK_MAX		100

/*
 * ticket.update: the change u (its updated_stamp is ignored: the cached
 * ticket's is used) to a cached ticket that is not closed. At least one
 * field must be set; a comment must not be blank.
 */
int	 cache_action_ticket_update(struct cache *c, int64_t ticket_id,
	    const struct ticket_update *u, int64_t *row, char **cause) TD_WUR;

/* Shorthands for cache_action_ticket_update. */
int	 cache_action_ticket_comment(struct cache *c, int64_t ticket_id,
	    const char *body, bool public, int64_t *row, char **cause) TD_WUR;
int	 cache_action_ticket_status(struct cache *c, int64_t ticket_id,
	    const char *status, int64_t *row, char **cause) TD_WUR;
/* assignee_id 0: unassign. */
int	 cache_action_ticket_assign(struct cache *c, int64_t ticket_id,
	    int64_t assignee_id, int64_t *row, char **cause) TD_WUR;

/*
 * ticket.update applying macro macro_id: m is what zendesk_macro_apply
 * answered for this ticket (the caller resolves it, off the UI thread;
 * resolving at send time would make the request unknown until then, and
 * read-back after a lost answer needs the exact request). Its changes are
 * sent as they are, with the macro id kept in the payload for the outbox
 * view.
 */
int	 cache_action_ticket_macro(struct cache *c, int64_t ticket_id,
	    int64_t macro_id, const struct macro_result *m, int64_t *row,
	    char **cause) TD_WUR;

/*
 * ticket.bulk: one change u to n (1..ACTION_BULK_MAX) distinct cached,
 * unclosed tickets: status, priority, type, assignee, group, tags (set,
 * add, remove); no comment (queue a ticket.update per ticket for that).
 * Every ticket is checked before any row is queued; then one row per
 * ticket, in the order given, *first_row the first one's id (the others
 * follow, not necessarily consecutively when others queue meanwhile).
 * A crash midway leaves the first rows queued: each is a whole write of
 * its own.
 */
int	 cache_action_ticket_bulk(struct cache *c, const int64_t *ids,
	    size_t n, const struct ticket_update *u, int64_t *first_row,
	    char **cause) TD_WUR;

/*
 * ticket.create: u as zendesk_encode_ticket_create takes it (a comment is
 * required; no stamp). marker (ACTION_MARKER_SIZE bytes, may be NULL)
 * receives the external_id put on the ticket.
 */
int	 cache_action_ticket_create(struct cache *c,
	    const struct ticket_update *u, char *marker, int64_t *row,
	    char **cause) TD_WUR;

/*
 * payment.resolve: action on a cached payment that is still flagged,
 * against its cached version. refund_minor (refunds only; NULL: all that
 * was received) must be above zero and at most what was received; it is
 * written as a decimal string in the payment's currency.
 */
int	 cache_action_payment_resolve(struct cache *c, const char *payment_id,
	    enum payment_action action, const char *note,
	    const int64_t *refund_minor, int64_t *row, char **cause) TD_WUR;

/* incident.create: ch as statuspage_encode_incident_create takes it. */
int	 cache_action_incident_create(struct cache *c,
	    const struct incident_change *ch, int64_t *row, char **cause) TD_WUR;

/*
 * incident.update: status and/or body (an incident update), components,
 * deliver_notifications, to a cached incident.
 */
int	 cache_action_incident_update(struct cache *c, const char *incident_id,
	    const struct incident_change *ch, int64_t *row, char **cause) TD_WUR;

int	 cache_action_component_update(struct cache *c,
	    const char *component_id, const struct component_change *ch,
	    int64_t *row, char **cause) TD_WUR;

int	 cache_action_postmortem_draft(struct cache *c, const char *incident_id,
	    const char *body_draft, int64_t *row, char **cause) TD_WUR;

/* custom_tweet NULL: none. */
int	 cache_action_postmortem_publish(struct cache *c,
	    const char *incident_id, bool notify_twitter,
	    bool notify_subscribers, const char *custom_tweet, int64_t *row,
	    char **cause) TD_WUR;

/*
 * Re-apply a row in conflict on the record as the cache now knows it (the
 * drainer stored the server's version with the conflict): a ticket write
 * takes the ticket's current updated_stamp, a payment resolution the
 * payment's current version (and a new Idempotency-Key, see
 * cache_outbox_edit); the rest of the request is unchanged, and the row is
 * queued again. Refused for other states and kinds, and when the record
 * no longer allows the write (a closed ticket, a payment no longer
 * flagged: drop the row instead).
 */
int	 cache_action_reapply(struct cache *c, int64_t row, char **cause) TD_WUR;

/*
 * Editing a write that was not applied (queued, failed or in conflict;
 * other states are refused), in cache/actions_edit.c. The edited request
 * is queued again through cache_outbox_edit (a new Idempotency-Key where
 * the row has one). A row in conflict is also put on the record as the
 * cache now knows it, as cache_action_reapply does (a ticket write takes
 * the ticket's current updated_stamp, a payment resolution the payment's
 * current version), so the edited write is not refused again for the same
 * reason; when the record no longer allows the write (a closed ticket)
 * the edit is refused and the row left as it was.
 *
 * cache_action_edit_comment: body replaces the comment text of a
 * ticket.update (or ticket.create) row, and any html_body. Refused when
 * the row has no comment (it changes other fields only), when body is
 * blank (drop the row instead) or not UTF-8.
 *
 * cache_action_edit_body: body_json replaces the request body. It must be
 * a JSON object of the top-level shape the kind's request has:
 * {"ticket":{…}} (ticket.update, ticket.create), {"tickets":[{…}]} (one
 * ticket, ticket.bulk), {"incident":{…}}, {"component":{…}},
 * {"postmortem":{…}}, or for payment.resolve an object with a string
 * "action"; nothing else at the top level. What read-back and the safe
 * update rely on is kept from the old body whatever the edit says: a
 * ticket write's safe_update and updated_stamp (and the ticket id of a
 * bulk item, which must not change), a resolution's expected_version, a
 * create's marker (external_id, metadata.tdesk.outbox). A comment added
 * to a ticket.update gets the read-back exclusions a new write would. The
 * fields inside are the backend's to judge when the row is sent.
 */
int	 cache_action_edit_comment(struct cache *c, int64_t row,
	    const char *body, char **cause) TD_WUR;
int	 cache_action_edit_body(struct cache *c, int64_t row,
	    const char *body_json, char **cause) TD_WUR;

#endif
