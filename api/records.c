/*
 * The field tables of every record in model.h, in the order the backends
 * document them and the cache's json column writes them (see fields.h).
 * A record nested in another comes before it.
 */
#include "api/fields.h"

#include <stddef.h>

#include "api/decode.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* One row: struct st's member m, JSON key k, FIELD_t, flags. */
#define F(st, m, k, t, fl)	FIELD_AT(st, m, k, FIELD_##t, fl)

/* An array of sub records sub, its count in member n. */
#define RECS(st, m, n, k, s, fl) \
	{ .key = (k), .type = FIELD_RECORDS, .off = offsetof(struct st, m), \
	  .flags = (fl), .sub = &(s), .count = offsetof(struct st, n) }

/* A sub record held in the struct. */
#define OBJ(st, m, k, s, fl) \
	{ .key = (k), .type = FIELD_OBJECT, .off = offsetof(struct st, m), \
	  .flags = (fl), .sub = &(s) }

/* The string k.in of an optional, nullable object k. */
#define INNER(st, m, k, in) \
	{ .key = (k), .type = FIELD_INNER, .off = offsetof(struct st, m), \
	  .flags = DECODE_MAYBE, .inner = (in) }

/* A value kept as JSON text: of the types in mask, dflt when missing. */
#define JSONTEXT(st, m, k, fl, msk, d) \
	{ .key = (k), .type = FIELD_JSON, .off = offsetof(struct st, m), \
	  .flags = (fl), .mask = (msk), .dflt = (d) }

/* The record of struct name; init sets its defaults (NULL: zero). */
#define RECORD(name, init) \
	{ #name, sizeof (struct name), name##_fields, NITEMS(name##_fields), \
	  (init) }

/* ---- Zendesk ---------------------------------------------------------- */

static const struct field ticket_field_fields[] = {
	F(ticket_field, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	JSONTEXT(ticket_field, value, "value", DECODE_MAYBE,
	    0, "null"),
};

static const struct record record_ticket_field = RECORD(ticket_field, NULL);

static const struct field ticket_fields[] = {
	F(ticket, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(ticket, subject, "subject", STRING, DECODE_MAYBE),
	F(ticket, raw_subject, "raw_subject", STRING, DECODE_MAYBE),
	F(ticket, description, "description", STRING, DECODE_MAYBE),
	F(ticket, status, "status", STRING, DECODE_REQUIRED),
	F(ticket, custom_status_id, "custom_status_id", ID, DECODE_MAYBE),
	F(ticket, priority, "priority", STRING, DECODE_MAYBE),
	F(ticket, type, "type", STRING, DECODE_MAYBE),
	F(ticket, requester_id, "requester_id", ID, DECODE_MAYBE),
	F(ticket, submitter_id, "submitter_id", ID, DECODE_MAYBE),
	F(ticket, assignee_id, "assignee_id", ID, DECODE_MAYBE),
	F(ticket, group_id, "group_id", ID, DECODE_MAYBE),
	F(ticket, organization_id, "organization_id", ID, DECODE_MAYBE),
	F(ticket, brand_id, "brand_id", ID, DECODE_MAYBE),
	F(ticket, ticket_form_id, "ticket_form_id", ID, DECODE_MAYBE),
	F(ticket, problem_id, "problem_id", ID, DECODE_MAYBE),
	F(ticket, external_id, "external_id", STRING, DECODE_MAYBE),
	F(ticket, recipient, "recipient", STRING, DECODE_MAYBE),
	INNER(ticket, via_channel, "via", "channel"),
	INNER(ticket, satisfaction_score, "satisfaction_rating", "score"),
	F(ticket, has_incidents, "has_incidents", BOOL, DECODE_OPTIONAL),
	F(ticket, is_public, "is_public", BOOL, DECODE_OPTIONAL),
	F(ticket, tags, "tags", STRINGS, DECODE_OPTIONAL),
	F(ticket, collaborator_ids, "collaborator_ids", IDS, DECODE_OPTIONAL),
	F(ticket, follower_ids, "follower_ids", IDS, DECODE_OPTIONAL),
	F(ticket, email_cc_ids, "email_cc_ids", IDS, DECODE_OPTIONAL),
	RECS(ticket, custom_fields, ncustom_fields,
	    "custom_fields", record_ticket_field, DECODE_OPTIONAL),
	F(ticket, created_at, "created_at", TIME, DECODE_REQUIRED),
	F(ticket, updated_at, "updated_at", TIME, DECODE_REQUIRED),
	F(ticket, due_at, "due_at", TIME, DECODE_MAYBE),
	F(ticket, generated_timestamp, "generated_timestamp", INT64,
	    DECODE_OPTIONAL | FIELD_ZNULL),
};

const struct record record_ticket = RECORD(ticket, NULL);

static const struct field attachment_fields[] = {
	F(attachment, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(attachment, file_name, "file_name", STRING, DECODE_REQUIRED),
	F(attachment, content_url, "content_url", STRING, DECODE_REQUIRED),
	F(attachment, content_type, "content_type", STRING, DECODE_MAYBE),
	F(attachment, size, "size", INT64, DECODE_MAYBE),
};

static const struct record record_attachment = RECORD(attachment, NULL);

static const struct field comment_fields[] = {
	F(comment, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(comment, ticket_id, "ticket_id", ID, DECODE_MAYBE | FIELD_DEC_HAND),
	F(comment, author_id, "author_id", INT64, DECODE_REQUIRED),
	F(comment, audit_id, "audit_id", ID, DECODE_MAYBE),
	F(comment, type, "type", STRING, DECODE_MAYBE),
	F(comment, body, "body", STRING, DECODE_REQUIRED),
	F(comment, html_body, "html_body", STRING, DECODE_MAYBE),
	F(comment, plain_body, "plain_body", STRING, DECODE_MAYBE),
	F(comment, public, "public", BOOL, DECODE_REQUIRED),
	INNER(comment, via_channel, "via", "channel"),
	F(comment, created_at, "created_at", TIME, DECODE_REQUIRED),
	RECS(comment, attachments, nattachments,
	    "attachments", record_attachment, DECODE_MAYBE),
};

static void
comment_init(void *p)
{
	struct comment *X = p;

	X->public = 1;
}

const struct record record_comment = RECORD(comment, comment_init);

static const struct field user_fields[] = {
	F(user, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(user, name, "name", STRING, DECODE_REQUIRED),
	F(user, email, "email", STRING, DECODE_MAYBE),
	F(user, role, "role", STRING, DECODE_OPTIONAL),
	F(user, organization_id, "organization_id", ID, DECODE_MAYBE),
	F(user, default_group_id, "default_group_id", ID, DECODE_MAYBE),
	F(user, active, "active", BOOL, DECODE_OPTIONAL),
	F(user, suspended, "suspended", BOOL, DECODE_OPTIONAL),
	F(user, time_zone, "time_zone", STRING, DECODE_MAYBE),
	F(user, iana_time_zone, "iana_time_zone", STRING, DECODE_MAYBE),
	F(user, locale, "locale", STRING, DECODE_MAYBE),
	F(user, tags, "tags", STRINGS, DECODE_OPTIONAL),
	F(user, created_at, "created_at", TIME, DECODE_MAYBE),
	F(user, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

static void
user_init(void *p)
{
	struct user *X = p;

	X->active = 1;
}

const struct record record_user = RECORD(user, user_init);

static const struct field group_fields[] = {
	F(group, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(group, name, "name", STRING, DECODE_REQUIRED),
	F(group, description, "description", STRING, DECODE_MAYBE),
	F(group, deleted, "deleted", BOOL, DECODE_OPTIONAL),
	F(group, is_public, "is_public", BOOL, DECODE_OPTIONAL),
	F(group, created_at, "created_at", TIME, DECODE_MAYBE),
	F(group, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

static void
group_init(void *p)
{
	struct group *X = p;

	X->is_public = 1;
}

const struct record record_group = RECORD(group, group_init);

static const struct field organization_fields[] = {
	F(organization, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(organization, name, "name", STRING, DECODE_REQUIRED),
	F(organization, external_id, "external_id", STRING, DECODE_MAYBE),
	F(organization, group_id, "group_id", ID, DECODE_MAYBE),
	F(organization, details, "details", STRING, DECODE_MAYBE),
	F(organization, notes, "notes", STRING, DECODE_MAYBE),
	F(organization, domain_names, "domain_names", STRINGS, DECODE_OPTIONAL),
	F(organization, tags, "tags", STRINGS, DECODE_OPTIONAL),
	F(organization, billing_standing, "billing_standing", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(organization, created_at, "created_at", TIME, DECODE_MAYBE),
	F(organization, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

const struct record record_organization = RECORD(organization, NULL);

static const struct field macro_fields[] = {
	F(macro, id, "id", ID, DECODE_REQUIRED | FIELD_KEY),
	F(macro, title, "title", STRING, DECODE_REQUIRED),
	F(macro, description, "description", STRING, DECODE_MAYBE),
	F(macro, active, "active", BOOL, DECODE_OPTIONAL),
	F(macro, position, "position", INT64, DECODE_MAYBE | FIELD_ZNULL),
	JSONTEXT(macro, actions, "actions", DECODE_OPTIONAL,
	    1u << JSON_ARRAY, "[]"),
	F(macro, created_at, "created_at", TIME, DECODE_MAYBE),
	F(macro, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

static void
macro_init(void *p)
{
	struct macro *X = p;

	X->active = 1;
}

const struct record record_macro = RECORD(macro, macro_init);

static const struct field job_result_fields[] = {
	F(job_result, id, "id", ID, DECODE_MAYBE),
	F(job_result, index, "index", INT64, DECODE_MAYBE),
	F(job_result, success, "success", BOOL, DECODE_MAYBE),
	F(job_result, action, "action", STRING, DECODE_MAYBE),
	F(job_result, status, "status", STRING, DECODE_MAYBE),
	F(job_result, error, "error", STRING, DECODE_MAYBE),
	F(job_result, details, "details", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

static void
job_result_init(void *p)
{
	struct job_result *X = p;

	X->index = -1;
	X->success = -1;
}

const struct record record_job_result = RECORD(job_result, job_result_init);

static const struct field job_status_fields[] = {
	F(job_status, id, "id", STRING, DECODE_REQUIRED),
	F(job_status, job_type, "job_type", STRING, DECODE_MAYBE),
	F(job_status, status, "status", STRING, DECODE_REQUIRED),
	F(job_status, progress, "progress", INT64, DECODE_MAYBE),
	F(job_status, total, "total", INT64, DECODE_MAYBE),
	F(job_status, message, "message", STRING, DECODE_MAYBE),
	F(job_status, url, "url", STRING, DECODE_MAYBE),
	RECS(job_status, results, nresults, "results", record_job_result,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

static void
job_status_init(void *p)
{
	struct job_status *X = p;

	X->progress = -1;
	X->total = -1;
}

const struct record record_job_status = RECORD(job_status, job_status_init);

static const struct field zendesk_error_fields[] = {
	F(zendesk_error, error, "error", STRING, DECODE_MAYBE),
	F(zendesk_error, description, "description", STRING, DECODE_MAYBE),
	F(zendesk_error, details, "details", STRING, DECODE_MAYBE),
};

const struct record record_zendesk_error = RECORD(zendesk_error, NULL);

static const struct field zendesk_page_fields[] = {
	F(zendesk_page, after_cursor, "after_cursor", STRING, DECODE_MAYBE),
	F(zendesk_page, before_cursor, "before_cursor", STRING, DECODE_MAYBE),
	F(zendesk_page, next_url, "next", STRING, DECODE_MAYBE),
	F(zendesk_page, prev_url, "prev", STRING, DECODE_MAYBE),
};

const struct record record_zendesk_page = RECORD(zendesk_page, NULL);

/*
 * What a macro would change: field i (before the comment's) is bit 1 << i
 * of enum ticket_update_field, which zendesk_macro_changes() relies on.
 */
static const struct field ticket_update_fields[] = {
	F(ticket_update, status, "status", STRING, DECODE_OPTIONAL),
	F(ticket_update, priority, "priority", STRING, DECODE_MAYBE),
	F(ticket_update, type, "type", STRING, DECODE_MAYBE),
	F(ticket_update, assignee_id, "assignee_id", ID, DECODE_MAYBE),
	F(ticket_update, group_id, "group_id", ID, DECODE_MAYBE),
	F(ticket_update, custom_status_id, "custom_status_id", ID,
	    DECODE_OPTIONAL),
	F(ticket_update, subject, "subject", STRING, DECODE_OPTIONAL),
	F(ticket_update, tags, "tags", STRINGS, DECODE_OPTIONAL),
	F(ticket_update, additional_tags, "additional_tags", STRINGS,
	    DECODE_OPTIONAL),
	F(ticket_update, remove_tags, "remove_tags", STRINGS, DECODE_OPTIONAL),
	F(ticket_update, comment_body, "body", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(ticket_update, comment_html_body, "html_body", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(ticket_update, updated_stamp, "updated_stamp", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

const struct record record_ticket_update = RECORD(ticket_update, NULL);

/* ---- Statuspage ------------------------------------------------------- */

static const struct field component_fields[] = {
	F(component, id, "id", STRING, DECODE_REQUIRED),
	F(component, page_id, "page_id", STRING, DECODE_MAYBE),
	F(component, group_id, "group_id", STRING, DECODE_MAYBE),
	F(component, name, "name", STRING, DECODE_REQUIRED),
	F(component, description, "description", STRING, DECODE_MAYBE),
	F(component, position, "position", INT64, DECODE_MAYBE),
	F(component, status, "status", STRING, DECODE_REQUIRED),
	F(component, showcase, "showcase", BOOL, DECODE_MAYBE),
	F(component, only_show_if_degraded, "only_show_if_degraded", BOOL,
	    DECODE_MAYBE),
	F(component, group, "group", BOOL, DECODE_MAYBE),
	F(component, automation_email, "automation_email", STRING,
	    DECODE_MAYBE),
	F(component, start_date, "start_date", DATE, DECODE_MAYBE),
	F(component, created_at, "created_at", TIME, DECODE_MAYBE),
	F(component, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

const struct record record_component = RECORD(component, NULL);

static const struct field component_group_fields[] = {
	F(component_group, id, "id", STRING, DECODE_REQUIRED),
	F(component_group, page_id, "page_id", STRING, DECODE_MAYBE),
	F(component_group, name, "name", STRING, DECODE_REQUIRED),
	F(component_group, description, "description", STRING, DECODE_MAYBE),
	F(component_group, components, "components", STRINGS, DECODE_MAYBE),
	F(component_group, position, "position", INT64, DECODE_MAYBE),
	F(component_group, created_at, "created_at", TIME, DECODE_MAYBE),
	F(component_group, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

const struct record record_component_group = RECORD(component_group, NULL);

static const struct field affected_component_fields[] = {
	F(affected_component, code, "code", STRING, DECODE_REQUIRED),
	F(affected_component, name, "name", STRING, DECODE_MAYBE),
	F(affected_component, old_status, "old_status", STRING, DECODE_MAYBE),
	F(affected_component, new_status, "new_status", STRING, DECODE_MAYBE),
};

static const struct record record_affected_component =
    RECORD(affected_component, NULL);

static const struct field incident_update_fields[] = {
	F(incident_update, id, "id", STRING, DECODE_REQUIRED),
	F(incident_update, incident_id, "incident_id", STRING, DECODE_MAYBE),
	F(incident_update, status, "status", STRING, DECODE_REQUIRED),
	F(incident_update, body, "body", STRING, DECODE_MAYBE),
	F(incident_update, created_at, "created_at", TIME, DECODE_REQUIRED),
	F(incident_update, updated_at, "updated_at", TIME, DECODE_MAYBE),
	F(incident_update, display_at, "display_at", TIME, DECODE_MAYBE),
	RECS(incident_update, affected, naffected,
	    "affected_components", record_affected_component,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(incident_update, deliver_notifications, "deliver_notifications", BOOL,
	    DECODE_MAYBE),
	F(incident_update, wants_twitter_update, "wants_twitter_update", BOOL,
	    DECODE_MAYBE),
	F(incident_update, custom_tweet, "custom_tweet", STRING, DECODE_MAYBE),
};

const struct record record_incident_update = RECORD(incident_update, NULL);

static const struct field incident_fields[] = {
	F(incident, id, "id", STRING, DECODE_REQUIRED),
	F(incident, name, "name", STRING, DECODE_REQUIRED),
	F(incident, status, "status", STRING, DECODE_REQUIRED),
	F(incident, impact, "impact", STRING, DECODE_REQUIRED),
	F(incident, impact_override, "impact_override", STRING, DECODE_MAYBE),
	F(incident, shortlink, "shortlink", STRING, DECODE_MAYBE),
	F(incident, page_id, "page_id", STRING, DECODE_MAYBE),
	F(incident, created_at, "created_at", TIME, DECODE_REQUIRED),
	F(incident, updated_at, "updated_at", TIME, DECODE_REQUIRED),
	F(incident, started_at, "started_at", TIME, DECODE_MAYBE),
	F(incident, monitoring_at, "monitoring_at", TIME, DECODE_MAYBE),
	F(incident, resolved_at, "resolved_at", TIME, DECODE_MAYBE),
	F(incident, scheduled_for, "scheduled_for", TIME, DECODE_MAYBE),
	F(incident, scheduled_until, "scheduled_until", TIME, DECODE_MAYBE),
	RECS(incident, updates, nupdates,
	    "incident_updates", record_incident_update,
	    DECODE_MAYBE | FIELD_DEC_HAND | FIELD_ENC_HAND),
	RECS(incident, components, ncomponents,
	    "components", record_component, DECODE_MAYBE),
	F(incident, postmortem_body, "postmortem_body", STRING, DECODE_MAYBE),
	F(incident, postmortem_body_last_updated_at,
	    "postmortem_body_last_updated_at", TIME, DECODE_MAYBE),
	F(incident, postmortem_published_at, "postmortem_published_at", TIME,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(incident, postmortem_ignored, "postmortem_ignored", BOOL,
	    DECODE_MAYBE),
	JSONTEXT(incident, metadata, "metadata", DECODE_MAYBE,
	    1u << JSON_OBJECT, NULL),
	F(incident, reminder_intervals, "reminder_intervals", STRING,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

const struct record record_incident = RECORD(incident, NULL);

static const struct field incident_template_fields[] = {
	F(incident_template, id, "id", STRING, DECODE_REQUIRED),
	F(incident_template, name, "name", STRING, DECODE_REQUIRED),
	F(incident_template, title, "title", STRING, DECODE_MAYBE),
	F(incident_template, body, "body", STRING, DECODE_MAYBE),
	F(incident_template, update_status, "update_status", STRING,
	    DECODE_MAYBE),
	F(incident_template, group_id, "group_id", STRING, DECODE_MAYBE),
	F(incident_template, component_ids, "component_ids", STRINGS,
	    DECODE_MAYBE | FIELD_DEC_HAND),
	F(incident_template, should_tweet, "should_tweet", BOOL, DECODE_MAYBE),
	F(incident_template, should_send_notifications,
	    "should_send_notifications", BOOL, DECODE_MAYBE),
};

const struct record record_incident_template = RECORD(incident_template, NULL);

static const struct field postmortem_fields[] = {
	F(postmortem, preview_key, "preview_key", STRING, DECODE_MAYBE),
	F(postmortem, body, "body", STRING, DECODE_MAYBE),
	F(postmortem, body_draft, "body_draft", STRING, DECODE_MAYBE),
	F(postmortem, body_updated_at, "body_updated_at", TIME, DECODE_MAYBE),
	F(postmortem, body_draft_updated_at, "body_draft_updated_at", TIME,
	    DECODE_MAYBE),
	F(postmortem, published_at, "published_at", TIME, DECODE_MAYBE),
	F(postmortem, notify_subscribers, "notify_subscribers", BOOL,
	    DECODE_MAYBE),
	F(postmortem, notify_twitter, "notify_twitter", BOOL, DECODE_MAYBE),
	F(postmortem, custom_tweet, "custom_tweet", STRING, DECODE_MAYBE),
	F(postmortem, created_at, "created_at", TIME, DECODE_MAYBE),
	F(postmortem, updated_at, "updated_at", TIME, DECODE_MAYBE),
};

const struct record record_postmortem = RECORD(postmortem, NULL);

static const struct field statuspage_error_fields[] = {
	F(statuspage_error, message, "message", STRING, DECODE_MAYBE),
};

const struct record record_statuspage_error = RECORD(statuspage_error, NULL);

/* ---- Payments --------------------------------------------------------- */

static const struct field payment_customer_fields[] = {
	F(payment_customer, id, "id", STRING, DECODE_REQUIRED),
	F(payment_customer, name, "name", STRING, DECODE_REQUIRED),
	F(payment_customer, email, "email", STRING, DECODE_MAYBE),
	F(payment_customer, zendesk_user_id, "zendesk_user_id", ID,
	    DECODE_MAYBE),
};

static const struct record record_payment_customer =
    RECORD(payment_customer, NULL);

static const struct field payment_event_fields[] = {
	F(payment_event, at, "at", TIME, DECODE_REQUIRED),
	F(payment_event, actor, "actor", STRING, DECODE_REQUIRED),
	F(payment_event, action, "action", STRING, DECODE_REQUIRED),
	F(payment_event, note, "note", STRING, DECODE_MAYBE),
};

static const struct record record_payment_event = RECORD(payment_event, NULL);

static const struct field payment_fields[] = {
	F(payment, id, "id", STRING, DECODE_REQUIRED),
	F(payment, order_id, "order_id", STRING, DECODE_REQUIRED),
	F(payment, version, "version", INT64, DECODE_REQUIRED),
	OBJ(payment, customer, "customer", record_payment_customer,
	    DECODE_REQUIRED),
	F(payment, provider, "provider", STRING, DECODE_REQUIRED),
	F(payment, currency, "currency", STRING, DECODE_REQUIRED),
	F(payment, expected_minor, "expected_amount", MONEY,
	    DECODE_REQUIRED | FIELD_DEC_HAND | FIELD_ENC_HAND),
	F(payment, received_minor, "received_amount", MONEY,
	    DECODE_REQUIRED | FIELD_DEC_HAND | FIELD_ENC_HAND),
	F(payment, fee_minor, "fee_amount", MONEY,
	    DECODE_MAYBE | FIELD_DEC_HAND | FIELD_ENC_HAND),
	F(payment, expected_reference, "expected_reference", STRING,
	    DECODE_MAYBE),
	F(payment, received_reference, "received_reference", STRING,
	    DECODE_MAYBE),
	F(payment, expected_account, "expected_account", STRING, DECODE_MAYBE),
	F(payment, received_account, "received_account", STRING, DECODE_MAYBE),
	F(payment, other_reasons, "reasons", STRINGS,
	    DECODE_REQUIRED | FIELD_DEC_HAND | FIELD_ENC_HAND),
	F(payment, status_text, "status", STRING,
	    DECODE_REQUIRED | FIELD_DEC_HAND | FIELD_ENC_HAND),
	F(payment, received_at, "received_at", TIME, DECODE_MAYBE),
	F(payment, flagged_at, "flagged_at", TIME, DECODE_REQUIRED),
	F(payment, auto_cancel_at, "auto_cancel_at", TIME, DECODE_MAYBE),
	F(payment, updated_at, "updated_at", TIME, DECODE_REQUIRED),
	F(payment, ticket_ids, "ticket_ids", IDS, DECODE_MAYBE),
	RECS(payment, history, nhistory, "history", record_payment_event,
	    DECODE_MAYBE),
};

const struct record record_payment = RECORD(payment, NULL);

static const struct field payments_me_fields[] = {
	F(payments_me, id, "id", STRING, DECODE_REQUIRED),
	F(payments_me, name, "name", STRING, DECODE_REQUIRED),
	F(payments_me, role_text, "role", STRING, DECODE_REQUIRED),
};

const struct record record_payments_me = RECORD(payments_me, NULL);

/*
 * ---- Pages and lists ----------------------------------------------------
 * What a table cannot say of a page is its pagination (two shapes) and
 * the records whose decoder takes an argument (a comment its ticket, an
 * organization the billing field) or a hand (a payment): FIELD_DEC_HAND.
 */

static const struct field zendesk_export_page_fields[] = {
	RECS(zendesk_export_page, tickets, ntickets, "tickets", record_ticket,
	    DECODE_REQUIRED),
	RECS(zendesk_export_page, users, nusers, "users", record_user,
	    DECODE_OPTIONAL),
	RECS(zendesk_export_page, groups, ngroups, "groups", record_group,
	    DECODE_OPTIONAL),
	RECS(zendesk_export_page, organizations, norganizations,
	    "organizations", record_organization,
	    DECODE_OPTIONAL | FIELD_DEC_HAND),
	F(zendesk_export_page, after_cursor, "after_cursor", STRING,
	    DECODE_MAYBE),
	F(zendesk_export_page, before_cursor, "before_cursor", STRING,
	    DECODE_MAYBE),
	F(zendesk_export_page, after_url, "after_url", STRING, DECODE_MAYBE),
	F(zendesk_export_page, end_of_stream, "end_of_stream", BOOL,
	    DECODE_REQUIRED),
	F(zendesk_export_page, end_time, "end_time", INT64, DECODE_MAYBE),
	F(zendesk_export_page, next_page, "next_page", STRING, DECODE_MAYBE),
};

const struct record record_zendesk_export_page =
    RECORD(zendesk_export_page, NULL);

/*
 * A list page: its records at key (fl: FIELD_DEC_HAND for the records
 * whose decoder takes an argument), then where the list leaves off.
 */
#define LIST_PAGE(st, m, n, k, s, fl)					\
static const struct field st##_fields[] = {				\
	RECS(st, m, n, k, s, DECODE_REQUIRED | (fl)),			\
	OBJ(st, page, "page", record_zendesk_page, FIELD_DEC_HAND),	\
};									\
const struct record record_##st = RECORD(st, NULL)

LIST_PAGE(zendesk_ticket_page, tickets, ntickets, "tickets", record_ticket,
    0);
LIST_PAGE(zendesk_comment_page, comments, ncomments, "comments",
    record_comment, FIELD_DEC_HAND);
LIST_PAGE(zendesk_user_page, users, nusers, "users", record_user, 0);
LIST_PAGE(zendesk_group_page, groups, ngroups, "groups", record_group, 0);
LIST_PAGE(zendesk_organization_page, organizations, norganizations,
    "organizations", record_organization, FIELD_DEC_HAND);
LIST_PAGE(zendesk_macro_page, macros, nmacros, "macros", record_macro, 0);

static const struct field macro_result_fields[] = {
	OBJ(macro_result, changes, "changes", record_ticket_update,
	    DECODE_REQUIRED),
	F(macro_result, ticket, "ticket", STRING, DECODE_REQUIRED),
};

const struct record record_macro_result = RECORD(macro_result, NULL);

static const struct field zendesk_ticket_update_result_fields[] = {
	OBJ(zendesk_ticket_update_result, ticket, "ticket", record_ticket,
	    DECODE_REQUIRED),
};

const struct record record_zendesk_ticket_update_result =
    RECORD(zendesk_ticket_update_result, NULL);

/*
 * A bare JSON array of records: the key NULL (record_decode() then takes
 * the array itself); fl FIELD_DEC_HAND when the items need their hand.
 */
#define LIST(st, m, n, s, fl)						\
static const struct field st##_fields[] = {				\
	RECS(st, m, n, NULL, s, DECODE_REQUIRED | (fl)),		\
};									\
const struct record record_##st = RECORD(st, NULL)

LIST(statuspage_incident_list, incidents, nincidents, record_incident,
    FIELD_DEC_HAND);
LIST(statuspage_component_list, components, ncomponents, record_component,
    0);
LIST(statuspage_component_group_list, groups, ngroups,
    record_component_group, 0);
LIST(statuspage_template_list, templates, ntemplates,
    record_incident_template, FIELD_DEC_HAND);

static const struct field payments_page_fields[] = {
	RECS(payments_page, payments, npayments, "payments", record_payment,
	    DECODE_REQUIRED | FIELD_DEC_HAND),
	F(payments_page, next_cursor, "next_cursor", STRING, DECODE_NULLABLE),
};

const struct record record_payments_page = RECORD(payments_page, NULL);

static const struct field payments_error_fields[] = {
	F(payments_error, error, "error", STRING, DECODE_REQUIRED),
	F(payments_error, message, "message", STRING, DECODE_MAYBE),
	OBJ(payments_error, payment, "payment", record_payment,
	    DECODE_MAYBE | FIELD_DEC_HAND),
};

const struct record record_payments_error = RECORD(payments_error, NULL);
