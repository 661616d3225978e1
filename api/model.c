/*
 * Releasing the records of model.h, and the names of the payments
 * vocabularies (reasons, statuses, roles, actions).
 */
#include "api/model.h"

#include <stdlib.h>
#include <string.h>

#include "api/fields.h"

/*
 * Each record's clear and free, from its field table (records.c): what a
 * record owns is said once, there.
 */
#define DEFINE_CLEAR(type)						\
void									\
type##_clear(struct type *p)						\
{									\
	record_clear(&record_##type, p);				\
}

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
	if (a != NULL) {
		free(a->items);
		a->items = NULL;
		a->n = 0;
	}
}

/* The records with a clear function, each cleared from its table. */
#define CLEARED(X)							\
	X(ticket) X(comment) X(user) X(group) X(organization) X(macro) \
	X(job_status) X(zendesk_error) X(zendesk_page) \
	X(zendesk_export_page) X(zendesk_ticket_page) \
	X(zendesk_comment_page) X(zendesk_user_page) \
	X(zendesk_group_page) X(zendesk_organization_page) \
	X(zendesk_macro_page) X(ticket_update) X(macro_result) \
	X(zendesk_ticket_update_result) X(component) X(component_group) \
	X(incident_update) X(incident) X(incident_template) \
	X(postmortem) X(statuspage_error) X(statuspage_incident_list) \
	X(statuspage_component_list) X(statuspage_component_group_list) \
	X(statuspage_template_list) X(payment) X(payments_me) \
	X(payments_page) X(payments_error)

CLEARED(DEFINE_CLEAR)

/* The records that also have a free function (for heap copies). */
#define FREED(X)							\
	X(ticket) X(comment) X(user) X(group) X(organization) X(macro) \
	X(job_status) X(component) X(component_group) X(incident) \
	X(incident_template) X(postmortem) X(payment)

FREED(DEFINE_FREE)

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

/* name_name() and name_from_name() of a vocabulary table. */
#define DEFINE_VOCAB(name, tab)						\
const char *								\
name##_name(enum name v)						\
{									\
	if ((size_t)v >= NITEMS(tab))					\
		return NULL;						\
	return tab[v];							\
}									\
									\
enum name								\
name##_from_name(const char *s)						\
{									\
	return (enum name)model_lookup(tab, NITEMS(tab), s);		\
}

DEFINE_VOCAB(payment_status, payment_statuses)
DEFINE_VOCAB(payments_role, payments_roles)

const char *
payment_action_name(enum payment_action a)
{
	if ((size_t)a >= NITEMS(payment_actions))
		return NULL;
	return payment_actions[a];
}
