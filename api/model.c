/*
 * Releasing the records of model.h, and the names of the payments
 * vocabularies (reasons, statuses, roles, actions).
 */
#include "api/model.h"

#include <stdlib.h>
#include <string.h>

/*
 * Free an array of n records with the clear function of their type. The
 * macro keeps each caller one line and the type checked.
 */
#define CLEAR_ARRAY(arr, n, clear) do {					\
	size_t i_;							\
	for (i_ = 0; (arr) != NULL && i_ < (n); i_++)			\
		clear(&(arr)[i_]);					\
	free(arr);							\
	(arr) = NULL;							\
	(n) = 0;							\
} while (0)

#define DEFINE_FREE(type)						\
void									\
type##_free(struct type **p)						\
{									\
	if (p == NULL || *p == NULL)					\
		return;							\
	type##_clear(*p);						\
	free(*p);							\
	*p = NULL;							\
}

void
timestamp_clear(struct timestamp *t)
{
	if (t == NULL)
		return;
	free(t->text);
	memset(t, 0, sizeof *t);
}

void
string_array_clear(struct string_array *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; a->items != NULL && i < a->n; i++)
		free(a->items[i]);
	free(a->items);
	memset(a, 0, sizeof *a);
}

void
int64_array_clear(struct int64_array *a)
{
	if (a == NULL)
		return;
	free(a->items);
	memset(a, 0, sizeof *a);
}

/* ---- Zendesk ---------------------------------------------------------- */

static void
ticket_field_clear(struct ticket_field *f)
{
	free(f->value);
	memset(f, 0, sizeof *f);
}

void
ticket_clear(struct ticket *t)
{
	if (t == NULL)
		return;
	free(t->subject);
	free(t->raw_subject);
	free(t->description);
	free(t->status);
	free(t->priority);
	free(t->type);
	free(t->external_id);
	free(t->recipient);
	free(t->via_channel);
	free(t->satisfaction_score);
	string_array_clear(&t->tags);
	int64_array_clear(&t->collaborator_ids);
	int64_array_clear(&t->follower_ids);
	int64_array_clear(&t->email_cc_ids);
	CLEAR_ARRAY(t->custom_fields, t->ncustom_fields, ticket_field_clear);
	timestamp_clear(&t->created_at);
	timestamp_clear(&t->updated_at);
	timestamp_clear(&t->due_at);
	memset(t, 0, sizeof *t);
}

static void
attachment_clear(struct attachment *a)
{
	free(a->file_name);
	free(a->content_url);
	free(a->content_type);
	memset(a, 0, sizeof *a);
}

void
comment_clear(struct comment *c)
{
	if (c == NULL)
		return;
	free(c->type);
	free(c->body);
	free(c->html_body);
	free(c->plain_body);
	free(c->via_channel);
	timestamp_clear(&c->created_at);
	CLEAR_ARRAY(c->attachments, c->nattachments, attachment_clear);
	memset(c, 0, sizeof *c);
}

void
user_clear(struct user *u)
{
	if (u == NULL)
		return;
	free(u->name);
	free(u->email);
	free(u->role);
	free(u->time_zone);
	free(u->iana_time_zone);
	free(u->locale);
	string_array_clear(&u->tags);
	timestamp_clear(&u->created_at);
	timestamp_clear(&u->updated_at);
	memset(u, 0, sizeof *u);
}

void
group_clear(struct group *g)
{
	if (g == NULL)
		return;
	free(g->name);
	free(g->description);
	timestamp_clear(&g->created_at);
	timestamp_clear(&g->updated_at);
	memset(g, 0, sizeof *g);
}

void
organization_clear(struct organization *o)
{
	if (o == NULL)
		return;
	free(o->name);
	free(o->external_id);
	free(o->details);
	free(o->notes);
	string_array_clear(&o->domain_names);
	string_array_clear(&o->tags);
	free(o->billing_standing);
	timestamp_clear(&o->created_at);
	timestamp_clear(&o->updated_at);
	memset(o, 0, sizeof *o);
}

void
macro_clear(struct macro *m)
{
	if (m == NULL)
		return;
	free(m->title);
	free(m->description);
	free(m->actions);
	timestamp_clear(&m->created_at);
	timestamp_clear(&m->updated_at);
	memset(m, 0, sizeof *m);
}

static void
job_result_clear(struct job_result *r)
{
	free(r->action);
	free(r->status);
	free(r->error);
	free(r->details);
	memset(r, 0, sizeof *r);
}

void
job_status_clear(struct job_status *j)
{
	if (j == NULL)
		return;
	free(j->id);
	free(j->job_type);
	free(j->status);
	free(j->message);
	free(j->url);
	CLEAR_ARRAY(j->results, j->nresults, job_result_clear);
	memset(j, 0, sizeof *j);
}

void
zendesk_error_clear(struct zendesk_error *e)
{
	if (e == NULL)
		return;
	free(e->error);
	free(e->description);
	free(e->details);
	memset(e, 0, sizeof *e);
}

void
zendesk_page_clear(struct zendesk_page *p)
{
	if (p == NULL)
		return;
	free(p->after_cursor);
	free(p->before_cursor);
	free(p->next_url);
	free(p->prev_url);
	memset(p, 0, sizeof *p);
}

void
zendesk_export_page_clear(struct zendesk_export_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->tickets, p->ntickets, ticket_clear);
	CLEAR_ARRAY(p->users, p->nusers, user_clear);
	CLEAR_ARRAY(p->groups, p->ngroups, group_clear);
	CLEAR_ARRAY(p->organizations, p->norganizations, organization_clear);
	free(p->after_cursor);
	free(p->before_cursor);
	free(p->after_url);
	free(p->next_page);
	memset(p, 0, sizeof *p);
}

void
zendesk_ticket_page_clear(struct zendesk_ticket_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->tickets, p->ntickets, ticket_clear);
	zendesk_page_clear(&p->page);
}

void
zendesk_comment_page_clear(struct zendesk_comment_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->comments, p->ncomments, comment_clear);
	zendesk_page_clear(&p->page);
}

void
zendesk_user_page_clear(struct zendesk_user_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->users, p->nusers, user_clear);
	zendesk_page_clear(&p->page);
}

void
zendesk_group_page_clear(struct zendesk_group_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->groups, p->ngroups, group_clear);
	zendesk_page_clear(&p->page);
}

void
zendesk_organization_page_clear(struct zendesk_organization_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->organizations, p->norganizations, organization_clear);
	zendesk_page_clear(&p->page);
}

void
zendesk_macro_page_clear(struct zendesk_macro_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->macros, p->nmacros, macro_clear);
	zendesk_page_clear(&p->page);
}

void
ticket_update_clear(struct ticket_update *u)
{
	if (u == NULL)
		return;
	free(u->status);
	free(u->priority);
	free(u->type);
	free(u->subject);
	string_array_clear(&u->tags);
	string_array_clear(&u->additional_tags);
	string_array_clear(&u->remove_tags);
	free(u->comment_body);
	free(u->comment_html_body);
	free(u->updated_stamp);
	memset(u, 0, sizeof *u);
}

void
macro_result_clear(struct macro_result *r)
{
	if (r == NULL)
		return;
	ticket_update_clear(&r->changes);
	free(r->ticket);
	r->ticket = NULL;
}

void
zendesk_ticket_update_result_clear(struct zendesk_ticket_update_result *r)
{
	if (r == NULL)
		return;
	ticket_clear(&r->ticket);
	r->audit_id = 0;
}

DEFINE_FREE(ticket)
DEFINE_FREE(comment)
DEFINE_FREE(user)
DEFINE_FREE(group)
DEFINE_FREE(organization)
DEFINE_FREE(macro)
DEFINE_FREE(job_status)

/* ---- Statuspage ------------------------------------------------------- */

void
component_clear(struct component *c)
{
	if (c == NULL)
		return;
	free(c->id);
	free(c->page_id);
	free(c->group_id);
	free(c->name);
	free(c->description);
	free(c->status);
	free(c->automation_email);
	timestamp_clear(&c->start_date);
	timestamp_clear(&c->created_at);
	timestamp_clear(&c->updated_at);
	memset(c, 0, sizeof *c);
}

void
component_group_clear(struct component_group *g)
{
	if (g == NULL)
		return;
	free(g->id);
	free(g->page_id);
	free(g->name);
	free(g->description);
	string_array_clear(&g->components);
	timestamp_clear(&g->created_at);
	timestamp_clear(&g->updated_at);
	memset(g, 0, sizeof *g);
}

static void
affected_component_clear(struct affected_component *a)
{
	free(a->code);
	free(a->name);
	free(a->old_status);
	free(a->new_status);
	memset(a, 0, sizeof *a);
}

void
incident_update_clear(struct incident_update *u)
{
	if (u == NULL)
		return;
	free(u->id);
	free(u->incident_id);
	free(u->status);
	free(u->body);
	timestamp_clear(&u->created_at);
	timestamp_clear(&u->updated_at);
	timestamp_clear(&u->display_at);
	CLEAR_ARRAY(u->affected, u->naffected, affected_component_clear);
	free(u->custom_tweet);
	memset(u, 0, sizeof *u);
}

void
incident_clear(struct incident *i)
{
	if (i == NULL)
		return;
	free(i->id);
	free(i->name);
	free(i->status);
	free(i->impact);
	free(i->impact_override);
	free(i->shortlink);
	free(i->page_id);
	timestamp_clear(&i->created_at);
	timestamp_clear(&i->updated_at);
	timestamp_clear(&i->started_at);
	timestamp_clear(&i->monitoring_at);
	timestamp_clear(&i->resolved_at);
	timestamp_clear(&i->scheduled_for);
	timestamp_clear(&i->scheduled_until);
	CLEAR_ARRAY(i->updates, i->nupdates, incident_update_clear);
	CLEAR_ARRAY(i->components, i->ncomponents, component_clear);
	free(i->postmortem_body);
	timestamp_clear(&i->postmortem_body_last_updated_at);
	timestamp_clear(&i->postmortem_published_at);
	free(i->metadata);
	free(i->reminder_intervals);
	memset(i, 0, sizeof *i);
}

void
incident_template_clear(struct incident_template *t)
{
	if (t == NULL)
		return;
	free(t->id);
	free(t->name);
	free(t->title);
	free(t->body);
	free(t->update_status);
	free(t->group_id);
	string_array_clear(&t->component_ids);
	memset(t, 0, sizeof *t);
}

void
postmortem_clear(struct postmortem *p)
{
	if (p == NULL)
		return;
	free(p->preview_key);
	free(p->body);
	free(p->body_draft);
	timestamp_clear(&p->body_updated_at);
	timestamp_clear(&p->body_draft_updated_at);
	timestamp_clear(&p->published_at);
	free(p->custom_tweet);
	timestamp_clear(&p->created_at);
	timestamp_clear(&p->updated_at);
	memset(p, 0, sizeof *p);
}

void
statuspage_error_clear(struct statuspage_error *e)
{
	if (e == NULL)
		return;
	free(e->message);
	e->message = NULL;
}

void
statuspage_incident_list_clear(struct statuspage_incident_list *l)
{
	if (l != NULL)
		CLEAR_ARRAY(l->incidents, l->nincidents, incident_clear);
}

void
statuspage_component_list_clear(struct statuspage_component_list *l)
{
	if (l != NULL)
		CLEAR_ARRAY(l->components, l->ncomponents, component_clear);
}

void
statuspage_component_group_list_clear(struct statuspage_component_group_list *l)
{
	if (l != NULL)
		CLEAR_ARRAY(l->groups, l->ngroups, component_group_clear);
}

void
statuspage_template_list_clear(struct statuspage_template_list *l)
{
	if (l != NULL)
		CLEAR_ARRAY(l->templates, l->ntemplates,
		    incident_template_clear);
}

DEFINE_FREE(component)
DEFINE_FREE(component_group)
DEFINE_FREE(incident)
DEFINE_FREE(incident_template)
DEFINE_FREE(postmortem)

/* ---- Payments --------------------------------------------------------- */

static void
payment_event_clear(struct payment_event *e)
{
	timestamp_clear(&e->at);
	free(e->actor);
	free(e->action);
	free(e->note);
	memset(e, 0, sizeof *e);
}

void
payment_clear(struct payment *p)
{
	if (p == NULL)
		return;
	free(p->id);
	free(p->order_id);
	free(p->customer.id);
	free(p->customer.name);
	free(p->customer.email);
	free(p->provider);
	free(p->currency);
	free(p->expected_reference);
	free(p->received_reference);
	free(p->expected_account);
	free(p->received_account);
	string_array_clear(&p->other_reasons);
	free(p->status_text);
	timestamp_clear(&p->received_at);
	timestamp_clear(&p->flagged_at);
	timestamp_clear(&p->auto_cancel_at);
	timestamp_clear(&p->updated_at);
	int64_array_clear(&p->ticket_ids);
	CLEAR_ARRAY(p->history, p->nhistory, payment_event_clear);
	memset(p, 0, sizeof *p);
}

void
payments_me_clear(struct payments_me *m)
{
	if (m == NULL)
		return;
	free(m->id);
	free(m->name);
	free(m->role_text);
	memset(m, 0, sizeof *m);
}

void
payments_page_clear(struct payments_page *p)
{
	if (p == NULL)
		return;
	CLEAR_ARRAY(p->payments, p->npayments, payment_clear);
	free(p->next_cursor);
	p->next_cursor = NULL;
}

void
payments_error_clear(struct payments_error *e)
{
	if (e == NULL)
		return;
	free(e->error);
	free(e->message);
	payment_clear(&e->payment);
	memset(e, 0, sizeof *e);
}

DEFINE_FREE(payment)

/* The payments vocabularies, each name once. */
static const struct {
	unsigned	 bit;
	const char	*name;
} payment_reasons[] = {
	{ PAYMENT_REASON_UNDERPAID, "underpaid" },
	{ PAYMENT_REASON_OVERPAID, "overpaid" },
	{ PAYMENT_REASON_REFERENCE_MISMATCH, "reference_mismatch" },
	{ PAYMENT_REASON_ACCOUNT_MISMATCH, "account_mismatch" },
	{ PAYMENT_REASON_FEE_ROUNDING, "fee_rounding" },
	{ PAYMENT_REASON_LATE, "late" },
	{ PAYMENT_REASON_DUPLICATE, "duplicate" },
};

static const char *const payment_statuses[] = {
	[PAYMENT_STATUS_FLAGGED] = "flagged",
	[PAYMENT_STATUS_ACCEPTED] = "accepted",
	[PAYMENT_STATUS_RECALCULATED] = "recalculated",
	[PAYMENT_STATUS_REFUNDED] = "refunded",
	[PAYMENT_STATUS_EXPIRED] = "expired",
};

static const char *const payments_roles[] = {
	[PAYMENTS_ROLE_FIRST_LINE] = "first_line",
	[PAYMENTS_ROLE_TECHNICIAN] = "technician",
	[PAYMENTS_ROLE_ADMIN] = "admin",
};

static const char *const payment_actions[] = {
	[PAYMENT_ACTION_ACCEPT] = "accept",
	[PAYMENT_ACTION_RECALCULATE] = "recalculate",
	[PAYMENT_ACTION_REFUND] = "refund",
};

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

const char *
payment_reason_name(enum payment_reason r)
{
	size_t i;

	for (i = 0; i < NITEMS(payment_reasons); i++) {
		if (payment_reasons[i].bit == (unsigned)r)
			return payment_reasons[i].name;
	}
	return NULL;
}

unsigned
payment_reason_from_name(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NITEMS(payment_reasons); i++) {
		if (strcmp(payment_reasons[i].name, name) == 0)
			return payment_reasons[i].bit;
	}
	return 0;
}

/* Index of name in a table whose entry 0 is unused, or 0. */
static int
model_lookup(const char *const *tab, size_t n, const char *name)
{
	size_t i;

	for (i = 1; name != NULL && i < n; i++) {
		if (tab[i] != NULL && strcmp(tab[i], name) == 0)
			return (int)i;
	}
	return 0;
}

const char *
payment_status_name(enum payment_status s)
{
	if ((size_t)s >= NITEMS(payment_statuses))
		return NULL;
	return payment_statuses[s];
}

enum payment_status
payment_status_from_name(const char *name)
{
	return (enum payment_status)model_lookup(payment_statuses,
	    NITEMS(payment_statuses), name);
}

const char *
payments_role_name(enum payments_role r)
{
	if ((size_t)r >= NITEMS(payments_roles))
		return NULL;
	return payments_roles[r];
}

enum payments_role
payments_role_from_name(const char *name)
{
	return (enum payments_role)model_lookup(payments_roles,
	    NITEMS(payments_roles), name);
}

const char *
payment_action_name(enum payment_action a)
{
	if ((size_t)a >= NITEMS(payment_actions))
		return NULL;
	return payment_actions[a];
}
