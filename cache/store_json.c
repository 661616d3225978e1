/*
 * The json column of each cached record: the decoded record written back
 * as compact JSON with a fixed key order, so an unchanged record gives the
 * same bytes and the store can tell "nothing new" by comparing text.
 *
 * The records from api/ do not keep the text they were decoded from, so
 * this is the record as tdesk understood it (keys the decoder ignores are
 * not here). Keys use the backend's names, so readers of the column can
 * use json_extract(json, '$.description') as on the original object.
 */
#include "cache/store_int.h"

#include <jansson.h>
#include <stdlib.h>

#include "api/money.h"

/* A string, or null for NULL (or text jansson refuses: not UTF-8). */
static void
put_str(json_t *o, const char *k, const char *v)
{
	json_t *s = v != NULL ? json_string(v) : NULL;

	json_object_set_new(o, k, s != NULL ? s : json_null());
}

static void
put_int(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, json_integer((json_int_t)v));
}

/* An id; 0 (not sent, none) is null. */
static void
put_id(json_t *o, const char *k, int64_t v)
{
	json_object_set_new(o, k, v != 0 ? json_integer((json_int_t)v) : json_null());
}

static void
put_bool(json_t *o, const char *k, int v)
{
	json_object_set_new(o, k, json_boolean(v));
}

static void
put_time(json_t *o, const char *k, const struct timestamp *t)
{
	put_str(o, k, t->text);
}

/*
 * JSON text the decoder kept compact (custom field values, macro actions,
 * metadata) embedded as the value it is; text that does not parse is
 * kept as a string rather than lost.
 */
static void
put_raw(json_t *o, const char *k, const char *text)
{
	json_t *v;

	if (text == NULL) {
		json_object_set_new(o, k, json_null());
		return;
	}
	if ((v = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL)
		v = json_string(text);
	json_object_set_new(o, k, v != NULL ? v : json_null());
}

static void
put_strings(json_t *o, const char *k, const struct string_array *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->n; i++) {
		json_t *s = a->items[i] != NULL ? json_string(a->items[i]) : NULL;

		json_array_append_new(arr, s != NULL ? s : json_null());
	}
	json_object_set_new(o, k, arr);
}

static void
put_ids(json_t *o, const char *k, const struct int64_array *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->n; i++)
		json_array_append_new(arr, json_integer((json_int_t)a->items[i]));
	json_object_set_new(o, k, arr);
}

/* {"channel": v}, or null without a channel. */
static void
put_via(json_t *o, const char *channel)
{
	json_t *via;

	if (channel == NULL) {
		json_object_set_new(o, "via", json_null());
		return;
	}
	via = json_object();
	put_str(via, "channel", channel);
	json_object_set_new(o, "via", via);
}

static void
put_amount(json_t *o, const char *k, int64_t minor, const char *currency)
{
	char buf[MONEY_BUFSIZE];

	put_str(o, k, money_format(minor, currency, buf, sizeof buf));
}

/* The text of o; o is released. */
static char *
dump(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	if (s == NULL)
		fatal("out of memory encoding a cache record");
	return s;
}

char *
cache_store_json_ticket(const struct ticket *t)
{
	json_t *o = json_object(), *fields = json_array(), *rating;
	size_t i;

	put_int(o, "id", t->id);
	put_str(o, "subject", t->subject);
	put_str(o, "raw_subject", t->raw_subject);
	put_str(o, "description", t->description);
	put_str(o, "status", t->status);
	put_id(o, "custom_status_id", t->custom_status_id);
	put_str(o, "priority", t->priority);
	put_str(o, "type", t->type);
	put_id(o, "requester_id", t->requester_id);
	put_id(o, "submitter_id", t->submitter_id);
	put_id(o, "assignee_id", t->assignee_id);
	put_id(o, "group_id", t->group_id);
	put_id(o, "organization_id", t->organization_id);
	put_id(o, "brand_id", t->brand_id);
	put_id(o, "ticket_form_id", t->ticket_form_id);
	put_id(o, "problem_id", t->problem_id);
	put_str(o, "external_id", t->external_id);
	put_str(o, "recipient", t->recipient);
	put_via(o, t->via_channel);
	if (t->satisfaction_score != NULL) {
		rating = json_object();
		put_str(rating, "score", t->satisfaction_score);
		json_object_set_new(o, "satisfaction_rating", rating);
	} else
		json_object_set_new(o, "satisfaction_rating", json_null());
	put_bool(o, "has_incidents", t->has_incidents);
	put_bool(o, "is_public", t->is_public);
	put_strings(o, "tags", &t->tags);
	put_ids(o, "collaborator_ids", &t->collaborator_ids);
	put_ids(o, "follower_ids", &t->follower_ids);
	put_ids(o, "email_cc_ids", &t->email_cc_ids);
	for (i = 0; i < t->ncustom_fields; i++) {
		json_t *f = json_object();

		put_int(f, "id", t->custom_fields[i].id);
		put_raw(f, "value", t->custom_fields[i].value);
		json_array_append_new(fields, f);
	}
	json_object_set_new(o, "custom_fields", fields);
	put_time(o, "created_at", &t->created_at);
	put_time(o, "updated_at", &t->updated_at);
	put_time(o, "due_at", &t->due_at);
	if (t->generated_timestamp != 0)
		put_int(o, "generated_timestamp", t->generated_timestamp);
	else
		json_object_set_new(o, "generated_timestamp", json_null());
	return dump(o);
}

char *
cache_store_json_comment(const struct comment *cm)
{
	json_t *o = json_object(), *atts = json_array();
	size_t i;

	put_int(o, "id", cm->id);
	put_id(o, "ticket_id", cm->ticket_id);
	put_int(o, "author_id", cm->author_id);	/* -1: Zendesk itself */
	put_id(o, "audit_id", cm->audit_id);
	put_str(o, "type", cm->type);
	put_str(o, "body", cm->body);
	put_str(o, "html_body", cm->html_body);
	put_str(o, "plain_body", cm->plain_body);
	put_bool(o, "public", cm->public);
	put_via(o, cm->via_channel);
	put_time(o, "created_at", &cm->created_at);
	for (i = 0; i < cm->nattachments; i++) {
		const struct attachment *a = &cm->attachments[i];
		json_t *j = json_object();

		put_int(j, "id", a->id);
		put_str(j, "file_name", a->file_name);
		put_str(j, "content_url", a->content_url);
		put_str(j, "content_type", a->content_type);
		put_int(j, "size", a->size);
		json_array_append_new(atts, j);
	}
	json_object_set_new(o, "attachments", atts);
	return dump(o);
}

char *
cache_store_json_user(const struct user *u)
{
	json_t *o = json_object();

	put_int(o, "id", u->id);
	put_str(o, "name", u->name);
	put_str(o, "email", u->email);
	put_str(o, "role", u->role);
	put_id(o, "organization_id", u->organization_id);
	put_id(o, "default_group_id", u->default_group_id);
	put_bool(o, "active", u->active);
	put_bool(o, "suspended", u->suspended);
	put_str(o, "time_zone", u->time_zone);
	put_str(o, "iana_time_zone", u->iana_time_zone);
	put_str(o, "locale", u->locale);
	put_strings(o, "tags", &u->tags);
	put_time(o, "created_at", &u->created_at);
	put_time(o, "updated_at", &u->updated_at);
	return dump(o);
}

char *
cache_store_json_group(const struct group *g)
{
	json_t *o = json_object();

	put_int(o, "id", g->id);
	put_str(o, "name", g->name);
	put_str(o, "description", g->description);
	put_bool(o, "deleted", g->deleted);
	put_bool(o, "is_public", g->is_public);
	put_time(o, "created_at", &g->created_at);
	put_time(o, "updated_at", &g->updated_at);
	return dump(o);
}

char *
cache_store_json_organization(const struct organization *org)
{
	json_t *o = json_object();

	put_int(o, "id", org->id);
	put_str(o, "name", org->name);
	put_str(o, "external_id", org->external_id);
	put_id(o, "group_id", org->group_id);
	put_str(o, "details", org->details);
	put_str(o, "notes", org->notes);
	put_strings(o, "domain_names", &org->domain_names);
	put_strings(o, "tags", &org->tags);
	put_str(o, "billing_standing", org->billing_standing);
	put_time(o, "created_at", &org->created_at);
	put_time(o, "updated_at", &org->updated_at);
	return dump(o);
}

char *
cache_store_json_macro(const struct macro *m)
{
	json_t *o = json_object();

	put_int(o, "id", m->id);
	put_str(o, "title", m->title);
	put_str(o, "description", m->description);
	put_bool(o, "active", m->active);
	put_id(o, "position", m->position);
	put_raw(o, "actions", m->actions);
	put_time(o, "created_at", &m->created_at);
	put_time(o, "updated_at", &m->updated_at);
	return dump(o);
}

char *
cache_store_json_payment(const struct payment *p)
{
	json_t *o = json_object(), *cust = json_object(), *reasons = json_array();
	json_t *hist = json_array();
	unsigned bit;
	size_t i;

	put_str(o, "id", p->id);
	put_str(o, "order_id", p->order_id);
	put_int(o, "version", p->version);
	put_str(cust, "id", p->customer.id);
	put_str(cust, "name", p->customer.name);
	put_str(cust, "email", p->customer.email);
	put_id(cust, "zendesk_user_id", p->customer.zendesk_user_id);
	json_object_set_new(o, "customer", cust);
	put_str(o, "provider", p->provider);
	put_str(o, "currency", p->currency);
	put_amount(o, "expected_amount", p->expected_minor, p->currency);
	put_amount(o, "received_amount", p->received_minor, p->currency);
	if (p->has_fee)
		put_amount(o, "fee_amount", p->fee_minor, p->currency);
	else
		json_object_set_new(o, "fee_amount", json_null());
	put_str(o, "expected_reference", p->expected_reference);
	put_str(o, "received_reference", p->received_reference);
	put_str(o, "expected_account", p->expected_account);
	put_str(o, "received_account", p->received_account);
	for (bit = 1; bit != 0 && bit <= PAYMENT_REASON_DUPLICATE; bit <<= 1) {
		if (p->reasons & bit)
			json_array_append_new(reasons,
			    json_string(payment_reason_name(bit)));
	}
	for (i = 0; i < p->other_reasons.n; i++) {
		json_t *s = json_string(p->other_reasons.items[i]);

		if (s != NULL)
			json_array_append_new(reasons, s);
	}
	json_object_set_new(o, "reasons", reasons);
	put_str(o, "status", p->status_text != NULL ? p->status_text :
	    payment_status_name(p->status));
	put_time(o, "received_at", &p->received_at);
	put_time(o, "flagged_at", &p->flagged_at);
	put_time(o, "auto_cancel_at", &p->auto_cancel_at);
	put_time(o, "updated_at", &p->updated_at);
	put_ids(o, "ticket_ids", &p->ticket_ids);
	for (i = 0; i < p->nhistory; i++) {
		json_t *e = json_object();

		put_time(e, "at", &p->history[i].at);
		put_str(e, "actor", p->history[i].actor);
		put_str(e, "action", p->history[i].action);
		put_str(e, "note", p->history[i].note);
		json_array_append_new(hist, e);
	}
	json_object_set_new(o, "history", hist);
	return dump(o);
}

static json_t *
incident_update_object(const struct incident_update *u, const char *incident_id)
{
	json_t *o = json_object(), *aff;
	size_t i;

	put_str(o, "id", u->id);
	put_str(o, "incident_id", u->incident_id != NULL ? u->incident_id :
	    incident_id);
	put_str(o, "status", u->status);
	put_str(o, "body", u->body);
	put_time(o, "created_at", &u->created_at);
	put_time(o, "updated_at", &u->updated_at);
	put_time(o, "display_at", &u->display_at);
	if (u->affected_known) {
		aff = json_array();
		for (i = 0; i < u->naffected; i++) {
			json_t *a = json_object();

			put_str(a, "code", u->affected[i].code);
			put_str(a, "name", u->affected[i].name);
			put_str(a, "old_status", u->affected[i].old_status);
			put_str(a, "new_status", u->affected[i].new_status);
			json_array_append_new(aff, a);
		}
		json_object_set_new(o, "affected_components", aff);
	} else
		json_object_set_new(o, "affected_components", json_null());
	put_bool(o, "deliver_notifications", u->deliver_notifications);
	put_bool(o, "wants_twitter_update", u->wants_twitter_update);
	put_str(o, "custom_tweet", u->custom_tweet);
	return o;
}

static json_t *
component_object(const struct component *cp)
{
	json_t *o = json_object();

	put_str(o, "id", cp->id);
	put_str(o, "page_id", cp->page_id);
	put_str(o, "group_id", cp->group_id);
	put_str(o, "name", cp->name);
	put_str(o, "description", cp->description);
	put_int(o, "position", cp->position);
	put_str(o, "status", cp->status);
	put_bool(o, "showcase", cp->showcase);
	put_bool(o, "only_show_if_degraded", cp->only_show_if_degraded);
	put_bool(o, "group", cp->group);
	put_str(o, "automation_email", cp->automation_email);
	put_time(o, "start_date", &cp->start_date);
	put_time(o, "created_at", &cp->created_at);
	put_time(o, "updated_at", &cp->updated_at);
	return o;
}

char *
cache_store_json_incident_update(const struct incident_update *u,
    const char *incident_id)
{
	return dump(incident_update_object(u, incident_id));
}

char *
cache_store_json_component(const struct component *cp)
{
	return dump(component_object(cp));
}

char *
cache_store_json_incident(const struct incident *in)
{
	json_t *o = json_object(), *ups = json_array(), *comps = json_array();
	size_t i;

	put_str(o, "id", in->id);
	put_str(o, "name", in->name);
	put_str(o, "status", in->status);
	put_str(o, "impact", in->impact);
	put_str(o, "impact_override", in->impact_override);
	put_str(o, "shortlink", in->shortlink);
	put_str(o, "page_id", in->page_id);
	put_time(o, "created_at", &in->created_at);
	put_time(o, "updated_at", &in->updated_at);
	put_time(o, "started_at", &in->started_at);
	put_time(o, "monitoring_at", &in->monitoring_at);
	put_time(o, "resolved_at", &in->resolved_at);
	put_time(o, "scheduled_for", &in->scheduled_for);
	put_time(o, "scheduled_until", &in->scheduled_until);
	for (i = 0; i < in->nupdates; i++)
		json_array_append_new(ups, incident_update_object(&in->updates[i],
		    in->id));
	json_object_set_new(o, "incident_updates", ups);
	for (i = 0; i < in->ncomponents; i++)
		json_array_append_new(comps, component_object(&in->components[i]));
	json_object_set_new(o, "components", comps);
	put_str(o, "postmortem_body", in->postmortem_body);
	put_time(o, "postmortem_body_last_updated_at",
	    &in->postmortem_body_last_updated_at);
	put_time(o, "postmortem_published_at", &in->postmortem_published_at);
	put_bool(o, "postmortem_ignored", in->postmortem_ignored);
	put_raw(o, "metadata", in->metadata);
	put_str(o, "reminder_intervals", in->reminder_intervals);
	return dump(o);
}

char *
cache_store_json_template(const struct incident_template *t)
{
	json_t *o = json_object();

	put_str(o, "id", t->id);
	put_str(o, "name", t->name);
	put_str(o, "title", t->title);
	put_str(o, "body", t->body);
	put_str(o, "update_status", t->update_status);
	put_str(o, "group_id", t->group_id);
	put_strings(o, "component_ids", &t->component_ids);
	put_bool(o, "should_tweet", t->should_tweet);
	put_bool(o, "should_send_notifications", t->should_send_notifications);
	return dump(o);
}
