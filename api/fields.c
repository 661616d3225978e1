/*
 * The machinery behind the record tables of fields.h: clear, decode and
 * encode any record from its description.
 */
#include "api/fields.h"

#include <stdlib.h>
#include <string.h>

#include "api/decode.h"

/* The member of rec at f's offset. */
#define AT(rec, f)	((void *)((char *)(rec) + (f)->off))
#define CAT(rec, f)	((const void *)((const char *)(rec) + (f)->off))

/*
 * The array pointer of a FIELD_RECORDS member, copied as bytes: a void *
 * may not alias a struct thing * (see decode_record_array()).
 */
static void *
records_get(const void *rec, const struct field *f)
{
	void *items;

	memcpy(&items, CAT(rec, f), sizeof items);
	return items;
}

void
record_clear(const struct record *r, void *rec)
{
	const struct field *f;
	size_t i, k, *n;
	char *items;

	if (rec == NULL)
		return;
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		switch (f->type) {
		case FIELD_STRING:
		case FIELD_JSON:
		case FIELD_INNER:
			free(*(char **)AT(rec, f));
			break;
		case FIELD_TIME:
		case FIELD_DATE:
			timestamp_clear(AT(rec, f));
			break;
		case FIELD_STRINGS:
			string_array_clear(AT(rec, f));
			break;
		case FIELD_IDS:
			int64_array_clear(AT(rec, f));
			break;
		case FIELD_RECORDS:
			items = records_get(rec, f);
			n = (size_t *)(void *)((char *)rec + f->count);
			for (k = 0; items != NULL && k < *n; k++)
				record_clear(f->sub, items + k * f->sub->size);
			free(items);
			break;
		case FIELD_OBJECT:
			record_clear(f->sub, AT(rec, f));
			break;
		case FIELD_INT64:
		case FIELD_ID:
		case FIELD_BOOL:
		case FIELD_MONEY:
			break;
		}
	}
	memset(rec, 0, r->size);
}

/* key.inner: the object at key (optional, nullable), then its string. */
static int
decode_inner(const json_t *v, const char *path, const struct field *f,
    char **out, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *o;

	if (decode_object(v, path, f->key, DECODE_MAYBE, &o, cause) != 0)
		return -1;
	if (o == NULL)
		return 0;
	return decode_string(o, decode_join(p, sizeof p, path, f->key),
	    f->inner, DECODE_MAYBE, out, cause);
}

static int
decode_sub_object(const json_t *v, const char *path, const struct field *f,
    void *out, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *o;

	if (decode_object(v, path, f->key, f->flags & DECODE_MAYBE, &o,
	    cause) != 0)
		return -1;
	if (o == NULL)
		return 0;
	return record_decode(f->sub, o, decode_join(p, sizeof p, path, f->key),
	    out, NULL, NULL, cause);
}

static int
decode_field(const json_t *v, const char *path, const struct field *f,
    void *rec, char **cause)
{
	int fl = f->flags & DECODE_MAYBE;
	char **s = AT(rec, f);
	int rc = 0;

	/* Readers of one signature share a case: ids and integers, times. */
	switch (f->type) {
	case FIELD_STRING:
		return decode_string(v, path, f->key, fl, s, cause);
	case FIELD_INT64:
	case FIELD_ID:
		return (f->type == FIELD_ID ? decode_id : decode_int64)(v, path,
		    f->key, fl, AT(rec, f), cause);
	case FIELD_BOOL:
		return decode_bool(v, path, f->key, fl, AT(rec, f), cause);
	case FIELD_TIME:
	case FIELD_DATE:
		return (f->type == FIELD_DATE ? decode_date : decode_time)(v,
		    path, f->key, fl, AT(rec, f), cause);
	case FIELD_STRINGS:
		return decode_strings(v, path, f->key, fl, AT(rec, f), cause);
	case FIELD_JSON:
		rc = decode_json_text(v, path, f->key, fl, f->mask, s, cause);
		if (rc == 0 && *s == NULL && f->dflt != NULL)
			*s = xstrdup(f->dflt);
		return rc;
	case FIELD_IDS:
		return decode_ids(v, path, f->key, fl, AT(rec, f), cause);
	case FIELD_INNER:
		return decode_inner(v, path, f, s, cause);
	case FIELD_RECORDS:
		return record_decode_records(v, path, f, rec,
		    record_decode_item, f->sub, cause);
	case FIELD_OBJECT:
		return decode_sub_object(v, path, f, AT(rec, f), cause);
	case FIELD_MONEY:
		break;
	}
	return 0;
}

int
record_decode(const struct record *r, const json_t *v, const char *path,
    void *rec, record_dec_fn *hand, const void *arg, char **cause)
{
	const struct field *f;
	size_t i;

	if (r->init != NULL)
		r->init(rec);
	/* A list record's one field has no key: v is the array itself. */
	if (r->fields[0].key != NULL &&
	    decode_expect_object(v, path, cause) != 0)
		return -1;
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (f->flags & FIELD_DEC_HAND) {
			if (hand != NULL && hand(v, path, f, rec, arg,
			    cause) != 0)
				return -1;
			continue;
		}
		if (decode_field(v, path, f, rec, cause) != 0)
			return -1;
	}
	return 0;
}

int
record_decode_item(const json_t *v, const char *path, void *rec,
    const void *r, char **cause)
{
	return record_decode(r, v, path, rec, NULL, NULL, cause);
}

int
record_decode_hand(const json_t *v, const char *path, void *rec,
    const void *h, char **cause)
{
	const struct record_hand *rh = h;

	return record_decode(rh->r, v, path, rec, rh->hand, NULL, cause);
}

int
record_decode_records(const json_t *v, const char *path,
    const struct field *f, void *rec,
    int (*fn)(const json_t *, const char *, void *, const void *, char **),
    const void *arg, char **cause)
{
	return decode_record_array(v, path, f->key, f->flags & DECODE_MAYBE,
	    AT(rec, f), (size_t *)(void *)((char *)rec + f->count),
	    f->sub->size, fn, arg, cause);
}

/* A string, or null for NULL (or text jansson refuses: not UTF-8). */
static json_t *
enc_str(const char *s)
{
	json_t *v = s != NULL ? json_string(s) : NULL;

	return v != NULL ? v : json_null();
}

/*
 * JSON text a decoder kept compact (custom field values, macro actions,
 * metadata) as the value it is; text that does not parse is kept as a
 * string rather than lost.
 */
static json_t *
enc_raw(const char *text)
{
	json_t *v;

	if (text == NULL)
		return json_null();
	if ((v = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL)
		v = json_string(text);
	return v != NULL ? v : json_null();
}

static json_t *
enc_strings(const struct string_array *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->n; i++)
		json_array_append_new(arr, enc_str(a->items[i]));
	return arr;
}

static json_t *
enc_ids(const struct int64_array *a)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < a->n; i++)
		json_array_append_new(arr, json_integer((json_int_t)a->items[i]));
	return arr;
}

static json_t *
enc_records(const void *rec, const struct field *f)
{
	json_t *arr = json_array();
	const char *items = records_get(rec, f);
	size_t k, n = *(const size_t *)(const void *)((const char *)rec +
	    f->count);

	for (k = 0; items != NULL && k < n; k++)
		json_array_append_new(arr, record_encode(f->sub,
		    items + k * f->sub->size, NULL));
	return arr;
}

static json_t *
enc_inner(const struct field *f, const char *s)
{
	json_t *o;

	if (s == NULL)
		return json_null();
	o = json_object();
	json_object_set_new(o, f->inner, enc_str(s));
	return o;
}

static json_t *
enc_int(const struct field *f, int64_t v)
{
	int znull = f->type == FIELD_ID ? !(f->flags & FIELD_KEY) :
	    (f->flags & FIELD_ZNULL) != 0;

	if (v == 0 && znull)
		return json_null();
	return json_integer((json_int_t)v);
}

static json_t *
encode_field(const struct field *f, const void *rec)
{
	const void *m = CAT(rec, f);

	switch (f->type) {
	case FIELD_STRING:
		return enc_str(*(char *const *)m);
	case FIELD_INT64:
	case FIELD_ID:
		return enc_int(f, *(const int64_t *)m);
	case FIELD_BOOL:
		return json_boolean(*(const int *)m);
	case FIELD_TIME:
	case FIELD_DATE:
		return enc_str(((const struct timestamp *)m)->text);
	case FIELD_STRINGS:
		return enc_strings(m);
	case FIELD_IDS:
		return enc_ids(m);
	case FIELD_JSON:
		return enc_raw(*(char *const *)m);
	case FIELD_INNER:
		return enc_inner(f, *(char *const *)m);
	case FIELD_RECORDS:
		return enc_records(rec, f);
	case FIELD_OBJECT:
		return record_encode(f->sub, m, NULL);
	case FIELD_MONEY:
		break;
	}
	return NULL;
}

json_t *
record_encode(const struct record *r, const void *rec, record_enc_fn *hand)
{
	json_t *o = json_object(), *v;
	const struct field *f;
	size_t i;

	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if ((f->flags & FIELD_ENC_HAND) && hand != NULL)
			hand(o, f, rec);
		else if ((v = encode_field(f, rec)) != NULL)
			json_object_set_new(o, f->key, v);
	}
	return o;
}
