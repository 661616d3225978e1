/*
 * Shared jansson helpers for the strict decoders (and encoders) of backend
 * bodies: parse a body with limits (in decode_load.c), read one typed
 * member with the field's JSON path in every message, parse RFC 3339
 * timestamps, build JSON (in decode.c).
 *
 * Every reader takes the object, the path of that object ("" at the root,
 * "tickets[3]" inside an array) and a key, and on error sets *cause (which
 * the caller frees) to a message led by the full path of the field:
 *
 *	tickets[3].assignee_id: expected integer or null, got string "12"
 *	ticket.status: missing (expected string)
 *
 * and returns -1. Keys a reader is not asked about are ignored: backends
 * add fields, and that must not break tdesk.
 *
 * Booleans are JSON true/false only. One published Zendesk example (the
 * tags safe-update request) writes "safe_update":"true", but it is a
 * request body, and no response tdesk reads does that, so the readers do
 * not accept strings for booleans.
 */
#ifndef TDESK_DECODE_H
#define TDESK_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "api/model.h"
#include "api/xmalloc.h"

/* The largest body decode_parse() takes; a 1000-ticket export is a few MB. */
#define DECODE_MAX_BODY		((size_t)64 << 20)

/* The deepest nesting of arrays and objects; real bodies use under 10. */
#define DECODE_MAX_DEPTH	64

/* Room for a field's path in messages; a longer one is cut, not overflowed. */
#define DECODE_PATH_MAX		256

/* How a member may be missing: bits for the flags argument of the readers. */
enum decode_presence {
	DECODE_REQUIRED	= 0,		/* present and not null */
	DECODE_OPTIONAL	= 1 << 0,	/* the key may be absent */
	DECODE_NULLABLE	= 1 << 1,	/* the value may be null */
	DECODE_MAYBE	= DECODE_OPTIONAL | DECODE_NULLABLE,
};

/*
 * Load a whole backend body of len bytes (need not be NUL-terminated): a
 * JSON object or array. Duplicate keys, nesting past DECODE_MAX_DEPTH,
 * bodies past DECODE_MAX_BODY, invalid UTF-8 (raw bytes), anything that is
 * not JSON and integers beyond int64 are errors. The escapes RFC 8259's
 * grammar allows but jansson refuses -- \u0000, and a lone surrogate --
 * are read as U+FFFD (decode_repair), so one record holding them does not
 * sink the body. what names the body in messages ("ticket list page: not
 * valid JSON: …"); cause may be NULL. Returns a new reference the caller
 * json_decref()s, or NULL with *cause set.
 */
json_t	*decode_load(const char *body, size_t len, const char *what,
	     char **cause) TD_WUR;

/* decode_load(), and the top level must be want (JSON_OBJECT or JSON_ARRAY). */
json_t	*decode_parse(const char *body, size_t len, json_type want,
	     const char *what, char **cause) TD_WUR;

/*
 * Find the escapes in body that RFC 8259's grammar allows in a string but
 * jansson refuses: \u0000 (jansson takes it only with JSON_ALLOW_NUL, and
 * never in a key; a C string cannot carry it anyway), and a surrogate that
 * is not half of a pair -- \uD800-\uDBFF not followed at once by an escaped
 * \uDC00-\uDFFF, or one of those with no high half before it. Each becomes
 * \ufffd, U+FFFD REPLACEMENT CHARACTER, which the console's sanitiser
 * already shows for text that cannot be shown: six bytes for six, so the
 * body keeps its length and its caps. Only real escapes inside strings
 * (keys too) count: in "\\u0000" the backslash is escaped and u0000 is
 * text. A pair (\ud83d\ude00) stays the one character it is. Nothing else
 * changes, invalid JSON included.
 *
 * Returns how many escapes were rewritten; *copy is then a new
 * NUL-terminated copy of body (len bytes) with them rewritten, which the
 * caller frees; with none, *copy is NULL and body is as jansson wants it.
 */
size_t	 decode_repair(const char *body, size_t len, char **copy);

/*
 * The frame of every decoder entry point: zero the size bytes at out,
 * parse body with decode_parse() (want, what), decode its top with
 * fn(root, path, out, arg, cause), release the tree. Returns fn's 0, or
 * -1 with *cause set. After a failure out may hold what fn decoded before
 * it stopped, which only the caller's type knows how to free: use it
 * through DECODE_BODY, which then runs the record's clear function, so
 * *out comes back all zero whatever failed.
 */
int	 decode_body(const char *body, size_t len, json_type want,
	     const char *what, const char *path,
	     int (*fn)(const json_t *v, const char *path, void *item,
	         const void *arg, char **cause),
	     void *out, size_t size, const void *arg, char **cause) TD_WUR;

#define DECODE_BODY(body, len, want, what, path, fn, out, arg, clear,	\
	    cause)							\
	(decode_body((body), (len), (want), (what), (path), (fn), (out),	\
	    sizeof *(out), (arg), (cause)) == 0 ? 0 : ((clear)(out), -1))

/*
 * The definition of an entry point DECODE_DECLARE (decoder.h) declared,
 * when it is all DECODE_BODY: want, what, path, fn, arg and clear as
 * there.
 */
#define DECODE_DEFINE(name, type, want, what, path, fn, arg, clear)	\
int									\
name(const char *body, size_t len, type *out, char **cause)		\
{									\
	return DECODE_BODY(body, len, want, what, path, fn, out, arg,	\
	    clear, cause);						\
}

/* "object", "array", "string", "integer", "number", "boolean", "null". */
const char *decode_type_name(json_type t);

/* buf = "path.key" ("key" when path is ""), cut to size; returns buf. */
const char *decode_join(char *buf, size_t size, const char *path,
	     const char *key);

/* buf = "path.key[i]" ("path[i]" when key is NULL), cut to size; returns it. */
const char *decode_item(char *buf, size_t size, const char *path,
	     const char *key, size_t i);

/* Set *cause to "path: expected WHAT[ or null], got <v described>". */
void	 decode_type_error(const json_t *v, const char *path,
	     const char *expected, int nullable, char **cause);

/* 0 if v is an object (v NULL or not: an error naming path), else -1. */
int	 decode_expect_object(const json_t *v, const char *path, char **cause)
	     TD_WUR;

/*
 * The readers. Each reads obj[key] under the presence flags; when the
 * member is absent or null (and flags allow it) *out is left as it was,
 * so a caller sets defaults first. Returned strings are the caller's.
 */
int	 decode_string(const json_t *obj, const char *path, const char *key,
	     int flags, char **out, char **cause) TD_WUR;
int	 decode_int64(const json_t *obj, const char *path, const char *key,
	     int flags, int64_t *out, char **cause) TD_WUR;
/* An integer above 0 (record ids): 0 and negatives are errors. */
int	 decode_id(const json_t *obj, const char *path, const char *key,
	     int flags, int64_t *out, char **cause) TD_WUR;
/* *out = 1 or 0. */
int	 decode_bool(const json_t *obj, const char *path, const char *key,
	     int flags, int *out, char **cause) TD_WUR;
/* An RFC 3339 timestamp string, kept as sent and as unix time. */
int	 decode_time(const json_t *obj, const char *path, const char *key,
	     int flags, struct timestamp *out, char **cause) TD_WUR;
/* A YYYY-MM-DD date string; secs is its midnight UTC. */
int	 decode_date(const json_t *obj, const char *path, const char *key,
	     int flags, struct timestamp *out, char **cause) TD_WUR;
/* An array of strings. */
int	 decode_strings(const json_t *obj, const char *path, const char *key,
	     int flags, struct string_array *out, char **cause) TD_WUR;
/* An array of ids (integers above 0). */
int	 decode_ids(const json_t *obj, const char *path, const char *key,
	     int flags, struct int64_array *out, char **cause) TD_WUR;
/*
 * A value of one of the JSON types in mask (bits 1u << JSON_OBJECT and so
 * on; 0: any type) as compact JSON text.
 */
int	 decode_json_text(const json_t *obj, const char *path, const char *key,
	     int flags, unsigned mask, char **out, char **cause) TD_WUR;
/* The member itself, borrowed from obj; it must be an object / an array. */
int	 decode_object(const json_t *obj, const char *path, const char *key,
	     int flags, const json_t **out, char **cause) TD_WUR;
int	 decode_array(const json_t *obj, const char *path, const char *key,
	     int flags, const json_t **out, char **cause) TD_WUR;

/* xcalloc(n, size), or NULL when n is 0. */
void	*decode_calloc(size_t n, size_t size);

/*
 * Decode the array obj[key] (under flags) of records: allocate n zeroed
 * records of size bytes, store the array's address in *itemsp (itemsp is
 * the address of the record's "struct thing *" field) and its length in
 * *n before decoding, so that on failure the caller's clear function frees
 * whatever was decoded; then decode element i with fn(element,
 * "path.key[i]", &items[i], arg, cause). Absent or null (if allowed):
 * nothing is changed. Returns 0, or -1 with *cause from the first element
 * that fails. key NULL: obj is itself the array (a bare top-level one),
 * whose elements are "path[i]". Use it through DECODE_RECORDS, which
 * supplies the size.
 */
int	 decode_record_array(const json_t *obj, const char *path,
	     const char *key, int flags, void *itemsp, size_t *n, size_t size,
	     int (*fn)(const json_t *v, const char *path, void *item,
	         const void *arg, char **cause),
	     const void *arg, char **cause) TD_WUR;

#define DECODE_RECORDS(obj, path, key, flags, items, n, fn, arg, cause)	\
	decode_record_array((obj), (path), (key), (flags), &(items),	\
	    &(n), sizeof *(items), (fn), (arg), (cause))

/*
 * Parse "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" exactly (upper-case
 * T and Z; years 0000-9999; second 60 allowed for a leap second; fraction
 * digits past nine dropped). Returns 0 and sets *secs (unix time) and *nsec
 * (either may be NULL), or -1 for anything else, changing nothing.
 */
int	 decode_time_parse(const char *s, int64_t *secs, int32_t *nsec) TD_WUR;

/* Parse "YYYY-MM-DD" to the unix time of its midnight UTC; 0 or -1. */
int	 decode_date_parse(const char *s, int64_t *secs) TD_WUR;

/*
 * Building request bodies. decode_put() sets obj[key] = v, taking v over;
 * v NULL (what json_string() gives for text that is not UTF-8) or a key
 * that is not UTF-8 is an error naming path.key. The others build v.
 * decode_dump() returns the compact text of root (the caller frees it).
 */
int	 decode_put(json_t *obj, const char *path, const char *key, json_t *v,
	     char **cause) TD_WUR;
int	 decode_put_string(json_t *obj, const char *path, const char *key,
	     const char *value, char **cause) TD_WUR;	/* NULL value: null */
/*
 * obj[key] = value, which must be one of the NULL-ended set ("one of a, b,
 * c" in the message otherwise); NULL is sent as null when nullable.
 */
int	 decode_put_word(json_t *obj, const char *path, const char *key,
	     const char *value, const char *const *set, int nullable,
	     char **cause) TD_WUR;
int	 decode_put_strings(json_t *obj, const char *path, const char *key,
	     const struct string_array *a, char **cause) TD_WUR;
void	 decode_put_int64(json_t *obj, const char *key, int64_t v);
void	 decode_put_bool(json_t *obj, const char *key, int v);
void	 decode_put_null(json_t *obj, const char *key);
char	*decode_dump(const json_t *root);

/*
 * A deep copy of v (NULL: JSON null) with every string passed through str
 * and every object key through key, each returning a new string that is
 * freed here: a stored record made fit to show by the caller's sanitiser.
 * A string that comes back as no valid UTF-8 becomes null.
 */
json_t	*decode_map_strings(const json_t *v,
	    char *(*str)(const char *, size_t),
	    char *(*key)(const char *, size_t));

/* {"key": v} written out into *json (the caller frees); v is taken over. */
int	 decode_wrap(const char *key, json_t *v, char **json, char **cause)
	     TD_WUR;

#endif
