/*
 * The row structs of query.h, each described once by a record table of
 * api/fields.h: one field a column, in the order its statement selects
 * them (see query_int.h). Kept in one file so that the tables, which are
 * alike by nature, stand together rather than once in every module.
 */
#include "cache/query_int.h"

#include <stddef.h>

static const struct field ticket_row_fields[] = {
	ROW_FIELD(ticket_row, id, INT64, 0),
	ROW_FIELD(ticket_row, subject, STRING, 0),
	ROW_FIELD(ticket_row, status, STRING, 0),
	ROW_FIELD(ticket_row, priority, STRING, 0),
	ROW_FIELD(ticket_row, requester_id, INT64, 0),
	ROW_FIELD(ticket_row, requester_name, STRING, 0),
	ROW_FIELD(ticket_row, organization_id, INT64, 0),
	ROW_FIELD(ticket_row, organization_name, STRING, 0),
	ROW_FIELD(ticket_row, billing_standing, STRING, 0),
	ROW_FIELD(ticket_row, assignee_id, INT64, 0),
	ROW_FIELD(ticket_row, assignee_name, STRING, 0),
	ROW_FIELD(ticket_row, group_id, INT64, 0),
	ROW_FIELD(ticket_row, group_name, STRING, 0),
	ROW_FIELD(ticket_row, tags, STRING, 0),
	ROW_FIELD(ticket_row, created_at, INT64, 0),
	ROW_FIELD(ticket_row, updated_at, INT64, 0),
	ROW_FIELD(ticket_row, due_at, INT64, 0),
	ROW_FIELD(ticket_row, seen_updated_at, INT64, 0),
};

const struct record record_ticket_row = ROW_RECORD(ticket_row);

static const struct field ticket_detail_fields[] = {
	ROW_OBJECT(ticket_detail, row, record_ticket_row),
	ROW_FIELD(ticket_detail, type, STRING, 0),
	ROW_FIELD(ticket_detail, updated_stamp, STRING, 0),
	ROW_FIELD(ticket_detail, requester_email, STRING, 0),
	ROW_FIELD(ticket_detail, description, STRING, 0),
	ROW_FIELD(ticket_detail, json, STRING, 0),
};

const struct record record_ticket_detail = ROW_RECORD(ticket_detail);

static const struct field comment_row_fields[] = {
	ROW_FIELD(comment_row, id, INT64, 0),
	ROW_FIELD(comment_row, author_id, INT64, 0),
	ROW_FIELD(comment_row, author_name, STRING, 0),
	ROW_FIELD(comment_row, author_role, STRING, 0),
	ROW_FIELD(comment_row, body, STRING, 0),
	ROW_FIELD(comment_row, public, BOOL, FIELD_DEC_HAND),	/* bool */
	ROW_FIELD(comment_row, via_channel, STRING, 0),
	ROW_FIELD(comment_row, created_at, INT64, 0),
	ROW_FIELD(comment_row, nattachments, INT64, 0),
};

const struct record record_comment_row = ROW_RECORD(comment_row);

static const struct field user_row_fields[] = {
	ROW_FIELD(user_row, id, INT64, 0),
	ROW_FIELD(user_row, name, STRING, 0),
	ROW_FIELD(user_row, email, STRING, 0),
	ROW_FIELD(user_row, role, STRING, 0),
	ROW_FIELD(user_row, organization_id, INT64, 0),
	ROW_FIELD(user_row, organization_name, STRING, 0),
	ROW_FIELD(user_row, billing_standing, STRING, 0),
};

const struct record record_user_row = ROW_RECORD(user_row);

static const struct field group_row_fields[] = {
	ROW_FIELD(group_row, id, INT64, 0),
	ROW_FIELD(group_row, name, STRING, 0),
	ROW_FIELD(group_row, deleted, BOOL, FIELD_DEC_HAND),	/* bool */
};

const struct record record_group_row = ROW_RECORD(group_row);

static const struct field organization_row_fields[] = {
	ROW_FIELD(organization_row, id, INT64, 0),
	ROW_FIELD(organization_row, name, STRING, 0),
	ROW_FIELD(organization_row, billing_standing, STRING, 0),
	ROW_FIELD(organization_row, updated_at, INT64, 0),
};

const struct record record_organization_row = ROW_RECORD(organization_row);

static const struct field macro_row_fields[] = {
	ROW_FIELD(macro_row, id, INT64, 0),
	ROW_FIELD(macro_row, title, STRING, 0),
	ROW_FIELD(macro_row, description, STRING, 0),
	ROW_FIELD(macro_row, active, BOOL, FIELD_DEC_HAND),	/* bool */
	ROW_FIELD(macro_row, actions, STRING, 0),
};

const struct record record_macro_row = ROW_RECORD(macro_row);

static const struct field payment_row_fields[] = {
	ROW_FIELD(payment_row, id, STRING, 0),
	ROW_FIELD(payment_row, order_id, STRING, 0),
	ROW_FIELD(payment_row, version, INT64, 0),
	ROW_FIELD(payment_row, status, STRING, 0),
	ROW_FIELD(payment_row, provider, STRING, 0),
	ROW_FIELD(payment_row, currency, STRING, 0),
	ROW_FIELD(payment_row, expected_minor, INT64, 0),
	ROW_FIELD(payment_row, received_minor, INT64, 0),
	ROW_FIELD(payment_row, fee_minor, INT64, 0),
	ROW_FIELD(payment_row, reasons, STRING, 0),
	ROW_FIELD(payment_row, customer_name, STRING, 0),
	ROW_FIELD(payment_row, customer_email, STRING, 0),
	ROW_FIELD(payment_row, zendesk_user_id, INT64, 0),
	ROW_FIELD(payment_row, received_at, INT64, 0),
	ROW_FIELD(payment_row, flagged_at, INT64, 0),
	ROW_FIELD(payment_row, auto_cancel_at, INT64, 0),
	ROW_FIELD(payment_row, updated_at, INT64, 0),
};

const struct record record_payment_row = ROW_RECORD(payment_row);

static const struct field payment_event_row_fields[] = {
	ROW_FIELD(payment_event_row, at, INT64, 0),
	ROW_FIELD(payment_event_row, actor, STRING, 0),
	ROW_FIELD(payment_event_row, action, STRING, 0),
	ROW_FIELD(payment_event_row, note, STRING, 0),
};

const struct record record_payment_event_row = ROW_RECORD(payment_event_row);

static const struct field payment_ticket_row_fields[] = {
	ROW_FIELD(payment_ticket_row, ticket_id, INT64, 0),
	ROW_FIELD(payment_ticket_row, subject, STRING, 0),
	ROW_FIELD(payment_ticket_row, status, STRING, 0),
};

const struct record record_payment_ticket_row = ROW_RECORD(payment_ticket_row);

static const struct field incident_row_fields[] = {
	ROW_FIELD(incident_row, id, STRING, 0),
	ROW_FIELD(incident_row, name, STRING, 0),
	ROW_FIELD(incident_row, status, STRING, 0),
	ROW_FIELD(incident_row, impact, STRING, 0),
	ROW_FIELD(incident_row, resolved, BOOL, FIELD_DEC_HAND),	/* bool */
	ROW_FIELD(incident_row, created_at, INT64, 0),
	ROW_FIELD(incident_row, updated_at, INT64, 0),
	ROW_FIELD(incident_row, resolved_at, INT64, 0),
	ROW_FIELD(incident_row, next_update_due, INT64, 0),
};

const struct record record_incident_row = ROW_RECORD(incident_row);

static const struct field incident_update_row_fields[] = {
	ROW_FIELD(incident_update_row, id, STRING, 0),
	ROW_FIELD(incident_update_row, status, STRING, 0),
	ROW_FIELD(incident_update_row, body, STRING, 0),
	ROW_FIELD(incident_update_row, created_at, INT64, 0),
	ROW_FIELD(incident_update_row, display_at, INT64, 0),
};

const struct record record_incident_update_row = ROW_RECORD(incident_update_row);

static const struct field component_row_fields[] = {
	ROW_FIELD(component_row, id, STRING, 0),
	ROW_FIELD(component_row, name, STRING, 0),
	ROW_FIELD(component_row, status, STRING, 0),
	ROW_FIELD(component_row, group_id, STRING, 0),
	ROW_FIELD(component_row, position, INT64, 0),
};

const struct record record_component_row = ROW_RECORD(component_row);

static const struct field template_row_fields[] = {
	ROW_FIELD(template_row, id, STRING, 0),
	ROW_FIELD(template_row, name, STRING, 0),
	ROW_FIELD(template_row, title, STRING, 0),
	ROW_FIELD(template_row, body, STRING, 0),
	ROW_FIELD(template_row, update_status, STRING, 0),
};

const struct record record_template_row = ROW_RECORD(template_row);
