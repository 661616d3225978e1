/*
 * The cache's tables as data: for each kind of row, the record's fields
 * its columns hold (fields.h) and the SQL that reads and upserts it. The
 * store modules name a kind here and cache_store_rows() does the rest.
 */
#include "cache/store_int.h"

#include <stddef.h>

/* A column of a row: struct st's member m, column k (fields.h). */
#define COL(st, m, k, t, fl)	FIELD_AT(st, m, k, FIELD_##t, fl)
#define NCOLS(a)		(sizeof (a) / sizeof (a)[0])

/* Zendesk. */

/*
 * updated_at is stored as 0 rather than NULL when a ticket has none, so
 * that keyset windows on (updated_at, id) never meet a NULL.
 */
static const char ticket_prior_sql[] =
    "SELECT json, updated_at, generated_timestamp FROM tickets WHERE id = ?1";
static const char ticket_up_sql[] =
    "INSERT INTO tickets (id, subject, status, priority, type, requester_id, "
    "assignee_id, group_id, organization_id, tags, created_at, updated_at, "
    "updated_stamp, due_at, generated_timestamp, json) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15, ?16) "
    "ON CONFLICT (id) DO UPDATE SET subject = excluded.subject, "
    "status = excluded.status, priority = excluded.priority, "
    "type = excluded.type, requester_id = excluded.requester_id, "
    "assignee_id = excluded.assignee_id, group_id = excluded.group_id, "
    "organization_id = excluded.organization_id, tags = excluded.tags, "
    "created_at = excluded.created_at, updated_at = excluded.updated_at, "
    "updated_stamp = excluded.updated_stamp, due_at = excluded.due_at, "
    "generated_timestamp = excluded.generated_timestamp, "
    "json = excluded.json "
    "WHERE tickets.json IS NOT excluded.json";

static const struct field ticket_cols[] = {
	COL(ticket, id, "id", INT64, 0),
	COL(ticket, subject, "subject", STRING, 0),
	COL(ticket, status, "status", STRING, 0),
	COL(ticket, priority, "priority", STRING, 0),
	COL(ticket, type, "type", STRING, 0),
	COL(ticket, requester_id, "requester_id", ID, 0),
	COL(ticket, assignee_id, "assignee_id", ID, 0),
	COL(ticket, group_id, "group_id", ID, 0),
	COL(ticket, organization_id, "organization_id", ID, 0),
	COL(ticket, tags, "tags", STRINGS, 0),
	COL(ticket, created_at, "created_at", TIME, 0),
	COL(ticket, updated_at, "updated_at", TIME, STORE_SECS),
	COL(ticket, updated_at, "updated_stamp", TIME, STORE_TEXT),
	COL(ticket, due_at, "due_at", TIME, 0),
	COL(ticket, generated_timestamp, "generated_timestamp", INT64,
	    FIELD_ZNULL),
};

const struct store_row store_kind_ticket = {
	ticket_prior_sql, ticket_up_sql, ticket_cols, NCOLS(ticket_cols),
	offsetof(struct ticket, updated_at),
	offsetof(struct ticket, generated_timestamp), "storing a ticket", NULL,
	&record_ticket, NULL, NULL, cache_store_ticket_delete, NULL
};

static const struct field user_cols[] = {
	COL(user, id, "id", INT64, 0),
	COL(user, name, "name", STRING, 0),
	COL(user, email, "email", STRING, 0),
	COL(user, role, "role", STRING, 0),
	COL(user, organization_id, "organization_id", ID, 0),
	COL(user, updated_at, "updated_at", TIME, 0),
};

const struct store_row store_kind_user = {
	"SELECT json, updated_at, NULL FROM users WHERE id = ?1",
	"INSERT INTO users (id, name, email, role, organization_id, updated_at, "
	"json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"email = excluded.email, role = excluded.role, "
	"organization_id = excluded.organization_id, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE users.json IS NOT excluded.json",
	user_cols, NCOLS(user_cols), offsetof(struct user, updated_at), -1,
	"storing a user", NULL, &record_user, NULL, NULL, NULL, NULL
};

static const struct field group_cols[] = {
	COL(group, id, "id", INT64, 0),
	COL(group, name, "name", STRING, 0),
	COL(group, deleted, "deleted", BOOL, 0),
};

const struct store_row store_kind_group = {
	"SELECT json, NULL, NULL FROM groups WHERE id = ?1",
	"INSERT INTO groups (id, name, deleted, json) VALUES (?1, ?2, ?3, ?4) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"deleted = excluded.deleted, json = excluded.json "
	"WHERE groups.json IS NOT excluded.json",
	group_cols, NCOLS(group_cols), offsetof(struct group, updated_at), -1,
	"storing a group", NULL, &record_group, NULL, NULL, NULL, NULL
};

static const struct field org_cols[] = {
	COL(organization, id, "id", INT64, 0),
	COL(organization, name, "name", STRING, 0),
	COL(organization, billing_standing, "billing_standing", STRING, 0),
	COL(organization, updated_at, "updated_at", TIME, 0),
};

const struct store_row store_kind_organization = {
	"SELECT json, updated_at, NULL FROM organizations WHERE id = ?1",
	"INSERT INTO organizations (id, name, billing_standing, updated_at, "
	"json) VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"billing_standing = excluded.billing_standing, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE organizations.json IS NOT excluded.json",
	org_cols, NCOLS(org_cols), offsetof(struct organization, updated_at), -1,
	"storing an organization", NULL, &record_organization, NULL, NULL, NULL,
	NULL
};

static const struct field macro_cols[] = {
	COL(macro, id, "id", INT64, 0),
	COL(macro, title, "title", STRING, 0),
	COL(macro, active, "active", BOOL, 0),
	COL(macro, updated_at, "updated_at", TIME, 0),
};

const struct store_row store_kind_macro = {
	"SELECT json, updated_at, NULL FROM macros WHERE id = ?1",
	"INSERT INTO macros (id, title, active, updated_at, json) "
	"VALUES (?1, ?2, ?3, ?4, ?5) "
	"ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
	"active = excluded.active, updated_at = excluded.updated_at, "
	"json = excluded.json WHERE macros.json IS NOT excluded.json",
	macro_cols, NCOLS(macro_cols), offsetof(struct macro, updated_at), -1,
	"storing a macro", NULL, &record_macro, NULL, NULL, NULL, NULL
};

static const struct field comment_cols[] = {
	COL(comment, id, "id", INT64, 0),
	COL(comment, ticket_id, "ticket_id", INT64, 0),
	COL(comment, author_id, "author_id", ID, 0),
	COL(comment, body, "body", STRING, 0),
	COL(comment, public, "public", BOOL, 0),
	COL(comment, created_at, "created_at", TIME, 0),
};

const struct store_row store_kind_comment = {
	"SELECT json, NULL, NULL FROM comments WHERE id = ?1",
	"INSERT INTO comments (id, ticket_id, author_id, body, public, "
	"created_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, "
	"author_id = excluded.author_id, body = excluded.body, "
	"public = excluded.public, created_at = excluded.created_at, "
	"json = excluded.json WHERE comments.json IS NOT excluded.json",
	comment_cols, NCOLS(comment_cols), -1, -1, "storing a comment", NULL,
	&record_comment, NULL, NULL, NULL, NULL
};

/* Statuspage. */

/* next_update_due is not in the SET list: it is tdesk's, not Statuspage's. */
static const struct field incident_cols[] = {
	COL(incident, id, "id", STRING, STORE_NOTNULL),
	COL(incident, name, "name", STRING, 0),
	COL(incident, status, "status", STRING, 0),
	COL(incident, impact, "impact", STRING, 0),
	COL(incident, created_at, "created_at", TIME, 0),
	COL(incident, updated_at, "updated_at", TIME, 0),
	COL(incident, resolved_at, "resolved_at", TIME, 0),
	COL(incident, postmortem_published_at, "postmortem_published_at", TIME,
	    0),
};

const struct store_row store_kind_incident = {
	"SELECT json, updated_at, NULL FROM incidents WHERE id = ?1",
	"INSERT INTO incidents (id, name, status, impact, created_at, "
	"updated_at, resolved_at, postmortem_published_at, json) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"status = excluded.status, impact = excluded.impact, "
	"created_at = excluded.created_at, updated_at = excluded.updated_at, "
	"resolved_at = excluded.resolved_at, "
	"postmortem_published_at = excluded.postmortem_published_at, "
	"json = excluded.json WHERE incidents.json IS NOT excluded.json",
	incident_cols, NCOLS(incident_cols),
	offsetof(struct incident, updated_at), -1, "storing an incident", NULL,
	&record_incident, cache_store_json_incident_hand,
	"an incident without an id", NULL,
	cache_store_incident_children
};

/* incident_id: the incident's, whatever the update says. */
static const struct field update_cols[] = {
	COL(incident_update, id, "id", STRING, 0),
	COL(incident_update, incident_id, "incident_id", STRING, 0),
	COL(incident_update, status, "status", STRING, 0),
	COL(incident_update, body, "body", STRING, 0),
	COL(incident_update, created_at, "created_at", TIME, 0),
	COL(incident_update, display_at, "display_at", TIME, 0),
};

const struct store_row store_kind_incident_update = {
	NULL,
	"INSERT INTO incident_updates (id, incident_id, status, body, "
	"created_at, display_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	"ON CONFLICT (id) DO UPDATE SET incident_id = excluded.incident_id, "
	"status = excluded.status, body = excluded.body, "
	"created_at = excluded.created_at, display_at = excluded.display_at, "
	"json = excluded.json WHERE incident_updates.json IS NOT excluded.json",
	update_cols, NCOLS(update_cols), -1, -1, "storing an incident update",
	NULL, NULL, NULL, NULL, NULL, NULL
};

/* Components and templates: no version to compare, only the json. */

static const struct field component_cols[] = {
	COL(component, id, "id", STRING, STORE_NOTNULL),
	COL(component, name, "name", STRING, 0),
	COL(component, status, "status", STRING, 0),
	COL(component, group_id, "group_id", STRING, 0),
	COL(component, position, "position", INT64, 0),
};

const struct store_row store_kind_component = {
	"SELECT json, NULL, NULL FROM components WHERE id = ?1",
	"INSERT INTO components (id, name, status, group_id, position, json) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"status = excluded.status, group_id = excluded.group_id, "
	"position = excluded.position, json = excluded.json "
	"WHERE components.json IS NOT excluded.json",
	component_cols, NCOLS(component_cols), -1, -1, "storing a component",
	NULL, &record_component, NULL, "a component without an id", NULL, NULL
};

static const struct field template_cols[] = {
	COL(incident_template, id, "id", STRING, STORE_NOTNULL),
	COL(incident_template, name, "name", STRING, 0),
	COL(incident_template, title, "title", STRING, 0),
	COL(incident_template, body, "body", STRING, 0),
	COL(incident_template, update_status, "update_status", STRING, 0),
};

const struct store_row store_kind_template = {
	"SELECT json, NULL, NULL FROM incident_templates WHERE id = ?1",
	"INSERT INTO incident_templates (id, name, title, body, update_status, "
	"json) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
	"ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
	"title = excluded.title, body = excluded.body, "
	"update_status = excluded.update_status, json = excluded.json "
	"WHERE incident_templates.json IS NOT excluded.json",
	template_cols, NCOLS(template_cols), -1, -1,
	"storing an incident template", NULL, &record_incident_template, NULL,
	"an incident template without an id",
	NULL, NULL
};

/* Payments. */

static const struct field payment_cols[] = {
	COL(payment, id, "id", STRING, STORE_NOTNULL),
	COL(payment, order_id, "order_id", STRING, 0),
	COL(payment, version, "version", INT64, 0),
	COL(payment, status_text, "status", STRING, FIELD_ENC_HAND),
	COL(payment, provider, "provider", STRING, 0),
	COL(payment, currency, "currency", STRING, STORE_NOTNULL),
	COL(payment, expected_minor, "expected_minor", MONEY, 0),
	COL(payment, received_minor, "received_minor", MONEY, 0),
	COL(payment, fee_minor, "fee_minor", MONEY, FIELD_ENC_HAND),
	COL(payment, other_reasons, "reasons", STRINGS, FIELD_ENC_HAND),
	COL(payment, customer.name, "customer_name", STRING, 0),
	COL(payment, customer.email, "customer_email", STRING, 0),
	COL(payment, customer.zendesk_user_id, "zendesk_user_id", ID, 0),
	COL(payment, received_at, "received_at", TIME, 0),
	COL(payment, flagged_at, "flagged_at", TIME, STORE_SECS),
	COL(payment, auto_cancel_at, "auto_cancel_at", TIME, 0),
	COL(payment, updated_at, "updated_at", TIME, 0),
};

/* The version the backend bumps on every change orders two copies best. */
const struct store_row store_kind_payment = {
	"SELECT json, updated_at, version FROM payments WHERE id = ?1",
	"INSERT INTO payments (id, order_id, version, status, provider, "
	"currency, expected_minor, received_minor, fee_minor, reasons, "
	"customer_name, customer_email, zendesk_user_id, received_at, "
	"flagged_at, auto_cancel_at, updated_at, json) VALUES (?1, ?2, ?3, "
	"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
	"ON CONFLICT (id) DO UPDATE SET order_id = excluded.order_id, "
	"version = excluded.version, status = excluded.status, "
	"provider = excluded.provider, currency = excluded.currency, "
	"expected_minor = excluded.expected_minor, "
	"received_minor = excluded.received_minor, "
	"fee_minor = excluded.fee_minor, reasons = excluded.reasons, "
	"customer_name = excluded.customer_name, "
	"customer_email = excluded.customer_email, "
	"zendesk_user_id = excluded.zendesk_user_id, "
	"received_at = excluded.received_at, flagged_at = excluded.flagged_at, "
	"auto_cancel_at = excluded.auto_cancel_at, "
	"updated_at = excluded.updated_at, json = excluded.json "
	"WHERE payments.json IS NOT excluded.json",
	payment_cols, NCOLS(payment_cols),
	offsetof(struct payment, updated_at), offsetof(struct payment, version),
	"storing a payment", cache_store_payment_bind, &record_payment,
	cache_store_json_payment_hand, "a payment without an id or currency",
	NULL, cache_store_payment_children
};
