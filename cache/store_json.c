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
#include <stddef.h>
#include <stdlib.h>

#include "api/fields.h"
#include "api/money.h"

/* The text of o; o is released. */
static char *
dump(json_t *o)
{
	return cache_json_text(o, "encoding a cache record");
}

char *
cache_store_json(const struct record *r, const void *rec, record_enc_fn *hand)
{
	return dump(record_encode(r, rec, hand));
}

/* An amount as a decimal string in the payment's currency. */
static json_t *
amount(int64_t minor, const char *currency)
{
	char buf[MONEY_BUFSIZE];
	const char *s = money_format(minor, currency, buf, sizeof buf);
	json_t *v = s != NULL ? json_string(s) : NULL;

	return v != NULL ? v : json_null();
}

/* Known reasons by name, in bit order, then the others as sent. */
static json_t *
reasons(const struct payment *p)
{
	json_t *a = json_array(), *s;
	unsigned bit;
	size_t i;

	for (bit = 1; bit != 0 && bit <= PAYMENT_REASON_DUPLICATE; bit <<= 1) {
		if (p->reasons & bit)
			json_array_append_new(a,
			    json_string(payment_reason_name(bit)));
	}
	for (i = 0; i < p->other_reasons.n; i++) {
		if ((s = json_string(p->other_reasons.items[i])) != NULL)
			json_array_append_new(a, s);
	}
	return a;
}

/* The payment's hand: amounts, reasons, and a status with no text. */
void
cache_store_json_payment_hand(json_t *o, const struct field *f, const void *rec)
{
	const struct payment *p = rec;
	const char *status;
	json_t *v;

	switch (f->type) {
	case FIELD_MONEY:
		if (f->off == offsetof(struct payment, fee_minor) && !p->has_fee)
			v = json_null();
		else
			v = amount(*(const int64_t *)(const void *)
			    ((const char *)rec + f->off), p->currency);
		break;
	case FIELD_STRINGS:
		v = reasons(p);
		break;
	default:
		status = p->status_text != NULL ? p->status_text :
		    payment_status_name(p->status);
		v = status != NULL ? json_string(status) : NULL;
		if (v == NULL)
			v = json_null();
		break;
	}
	json_object_set_new(o, f->key, v);
}

/*
 * An update with the incident it belongs to when it does not say, and
 * affected_components null (not []) when it was sent null. Setting a key
 * already there keeps its place.
 */
static json_t *
incident_update_object(const struct incident_update *u, const char *incident_id)
{
	json_t *o = record_encode(&record_incident_update, u, NULL), *v;

	if (u->incident_id == NULL && incident_id != NULL &&
	    (v = json_string(incident_id)) != NULL)
		json_object_set_new(o, "incident_id", v);
	if (!u->affected_known)
		json_object_set_new(o, "affected_components", json_null());
	return o;
}

char *
cache_store_json_incident_update(const struct incident_update *u,
    const char *incident_id)
{
	return dump(incident_update_object(u, incident_id));
}

/* The incident's hand: its updates, each told the incident's id. */
void
cache_store_json_incident_hand(json_t *o, const struct field *f,
    const void *rec)
{
	const struct incident *in = rec;
	json_t *ups = json_array();
	size_t i;

	for (i = 0; i < in->nupdates; i++)
		json_array_append_new(ups, incident_update_object(&in->updates[i],
		    in->id));
	json_object_set_new(o, f->key, ups);
}
