/*
 * Each record of model.h described once, field by field: its JSON key, its
 * C type and where it sits in the struct. One table drives what used to be
 * written out per record in five places: decoding a JSON object into the
 * struct (with the readers of decode.h, so the same checks and messages),
 * freeing what it owns, writing it back as JSON (the cache's json column),
 * and, for flat structs, binding it to a statement and reading it back from
 * a row (cache/). The tables are in records.c.
 *
 * What a table cannot say -- an amount read in the record's own currency,
 * a field two keys may carry -- is marked FIELD_DEC_HAND or FIELD_ENC_HAND
 * and left to a function the caller passes, at its place in the order, so
 * the first error a body has is still the one reported.
 */
#ifndef TDESK_FIELDS_H
#define TDESK_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "api/model.h"
#include "api/xmalloc.h"

enum field_type {
	FIELD_STRING,		/* char * */
	FIELD_INT64,		/* int64_t, any integer */
	FIELD_ID,		/* int64_t, an integer above 0 */
	FIELD_BOOL,		/* int, 1 or 0 */
	FIELD_TIME,		/* struct timestamp, RFC 3339 */
	FIELD_DATE,		/* struct timestamp, YYYY-MM-DD */
	FIELD_STRINGS,		/* struct string_array */
	FIELD_IDS,		/* struct int64_array */
	FIELD_JSON,		/* char *: a value as compact JSON text */
	FIELD_INNER,		/* char *: the string key.inner of an object
				 * at key ("via": {"channel": …}) */
	FIELD_RECORDS,		/* an array of sub records: the pointer at
				 * off, its size_t count at count */
	FIELD_OBJECT,		/* a sub record held in the struct */
	FIELD_MONEY,		/* int64_t minor units: always by hand */
};

/* Bits of field.flags, above the DECODE_* presence bits of decode.h. */
#define FIELD_DEC_HAND	(1 << 4)	/* decoded by the caller's hand fn */
#define FIELD_ENC_HAND	(1 << 5)	/* encoded by the caller's hand fn */
#define FIELD_KEY	(1 << 6)	/* the record's own id: 0 is written
					 * as 0, not null */
#define FIELD_ZNULL	(1 << 7)	/* an INT64 whose 0 is written null */

struct record;

struct field {
	const char	*key;		/* JSON key */
	enum field_type	 type;
	size_t		 off;		/* offsetof the member */
	int		 flags;		/* DECODE_* presence | FIELD_* */
	const struct record *sub;	/* RECORDS, OBJECT: the sub record */
	size_t		 count;		/* RECORDS: offsetof the size_t count */
	const char	*inner;		/* INNER: the key inside key */
	unsigned	 mask;		/* JSON: allowed types, 1u << JSON_*;
					 * 0: any */
	const char	*dflt;		/* JSON: the text when absent or null;
					 * NULL: leave NULL */
};

struct record {
	const char	*name;		/* "ticket": for tests and messages */
	size_t		 size;		/* sizeof the struct */
	const struct field *fields;
	size_t		 nfields;
	void		(*init)(void *);	/* defaults before decoding
						 * (1 for a missing "active");
						 * NULL: all zero */
};

/* One row of a table: struct st's member m at JSON key k. */
#define FIELD_AT(st, m, k, t, fl) \
	{ .key = (k), .type = (t), .off = offsetof(struct st, m), .flags = (fl) }

/* The records (records.c), by the name of their struct. */
extern const struct record
    record_ticket, record_comment, record_user, record_group,
    record_organization, record_macro, record_job_result, record_job_status,
    record_zendesk_error, record_zendesk_page, record_ticket_update,
    record_macro_result, record_zendesk_ticket_update_result,
    record_zendesk_export_page, record_zendesk_ticket_page,
    record_zendesk_comment_page, record_zendesk_user_page,
    record_zendesk_group_page, record_zendesk_organization_page,
    record_zendesk_macro_page, record_component, record_component_group,
    record_incident_update, record_incident, record_incident_template,
    record_postmortem, record_statuspage_error,
    record_statuspage_incident_list, record_statuspage_component_list,
    record_statuspage_component_group_list, record_statuspage_template_list,
    record_payment, record_payments_me, record_payments_page,
    record_payments_error;

/*
 * Release what every field of rec (a struct r describes) owns, sub records
 * included, and zero the struct. rec NULL is fine.
 */
void	 record_clear(const struct record *r, void *rec);

/*
 * The hand of a FIELD_DEC_HAND field f: decode v[f->key] (or whatever the
 * field stands for) into rec; 0, or -1 with *cause set. arg is the
 * caller's, passed through.
 */
typedef int record_dec_fn(const json_t *v, const char *path,
	    const struct field *f, void *rec, const void *arg, char **cause);

/*
 * Decode the object v at path into rec, field by field in table order:
 * v must be an object (an array for a list record, whose one field has
 * no key); each field is read with its decode.h reader under
 * its presence flags; a FIELD_DEC_HAND field goes to hand (skipped when
 * hand is NULL). Sub records are decoded with no hand. r->init, if any,
 * runs first. Returns 0, or -1 with *cause set; rec may then hold part of
 * what was decoded, for record_clear.
 */
int	 record_decode(const struct record *r, const json_t *v,
	     const char *path, void *rec, record_dec_fn *hand, const void *arg,
	     char **cause) TD_WUR;

/* record_decode() with no hand, in the shape decode_record_array() calls. */
int	 record_decode_item(const json_t *v, const char *path, void *rec,
	     const void *r, char **cause) TD_WUR;

/* A record and the hand its FIELD_DEC_HAND fields go to. */
struct record_hand {
	const struct record *r;
	record_dec_fn	*hand;
};

/*
 * record_decode(h->r, v, path, rec, h->hand, NULL), in the shape
 * decode_record_array() and decode_body() call: h is the struct
 * record_hand.
 */
int	 record_decode_hand(const json_t *v, const char *path, void *rec,
	     const void *h, char **cause) TD_WUR;

/*
 * The FIELD_RECORDS field f of rec: the array at v[f->key] (v itself when
 * the key is NULL: a bare array body) under f's presence flags, each item
 * decoded by fn(item, its path, where it goes, arg, cause). What a hand
 * calls for records that need a decoder of their own; 0, or -1 with
 * *cause set (the items decoded so far stay for record_clear).
 */
int	 record_decode_records(const json_t *v, const char *path,
	     const struct field *f, void *rec,
	     int (*fn)(const json_t *v, const char *path, void *item,
	         const void *arg, char **cause),
	     const void *arg, char **cause) TD_WUR;

/* The hand of a FIELD_ENC_HAND field: set o[f->key] from rec. */
typedef void record_enc_fn(json_t *o, const struct field *f,
	    const void *rec);

/*
 * rec as a new JSON object, its keys in table order: strings (NULL: null),
 * integers (an ID's 0 is null unless FIELD_KEY; an INT64's 0 is null with
 * FIELD_ZNULL), booleans, timestamps as their text, arrays, JSON text as
 * the value it is (text that does not parse: as a string), sub records as
 * objects. FIELD_ENC_HAND fields go to hand; with no hand they are
 * written by type (a MONEY field is then left out).
 */
json_t	*record_encode(const struct record *r, const void *rec,
	     record_enc_fn *hand);

#endif
