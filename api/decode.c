/*
 * Strict, path-reporting readers over jansson, the RFC 3339 timestamp
 * parser, and the small builders the request encoders share.
 */
#include "api/decode.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/clock.h"
#include "api/quote.h"

const char *
decode_type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "value";
}

/* snprintf for paths, where cutting a long one short is intended. */
static void TD_PRINTF(3, 4)
decode_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

const char *
decode_join(char *buf, size_t size, const char *path, const char *key)
{
	if (path == NULL || *path == '\0')
		decode_format(buf, size, "%s", key);
	else
		decode_format(buf, size, "%s.%s", path, key);
	return buf;
}

const char *
decode_item(char *buf, size_t size, const char *path, const char *key,
    size_t i)
{
	char tmp[DECODE_PATH_MAX];

	if (key == NULL)
		decode_format(buf, size, "%s[%zu]", path, i);
	else {
		decode_join(tmp, sizeof tmp, path, key);
		decode_format(buf, size, "%s[%zu]", tmp, i);
	}
	return buf;
}

void
decode_type_error(const json_t *v, const char *path, const char *expected,
    int nullable, char **cause)
{
	char q[QUOTE_BUFSIZE], *num = NULL;
	const char *or_null = nullable ? " or null" : "";

	if (v == NULL) {
		xcause(cause, "%s: missing (expected %s)", path, expected);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		xcause(cause, "%s: expected %s%s, got string %s", path,
		    expected, or_null, quote_for_message(json_string_value(v),
		    json_string_length(v), QUOTE_BYTES, 0, q));
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		/* Shown as JSON writes it; no floating-point type here. */
		num = decode_dump(v);
		xcause(cause, "%s: expected %s%s, got %s %s", path, expected,
		    or_null, decode_type_name(json_typeof(v)),
		    num != NULL ? num : "");
		free(num);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		xcause(cause, "%s: expected %s%s, got boolean %s", path,
		    expected, or_null, json_is_true(v) ? "true" : "false");
		break;
	default:
		xcause(cause, "%s: expected %s%s, got %s", path, expected,
		    or_null, decode_type_name(json_typeof(v)));
		break;
	}
}

int
decode_expect_object(const json_t *v, const char *path, char **cause)
{
	if (v != NULL && json_is_object(v))
		return 0;
	decode_type_error(v, path, "object", 0, cause);
	return -1;
}

/*
 * obj[key] into *v, or *v = NULL when it is absent or null and flags allow
 * it. A member that must be there and is not is an error naming expected.
 */
static int
decode_get(const json_t *obj, const char *path, const char *key, int flags,
    const char *expected, const json_t **v, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *m = json_object_get(obj, key);

	*v = NULL;
	if (m == NULL) {
		if (flags & DECODE_OPTIONAL)
			return 0;
		xcause(cause, "%s: missing (expected %s)",
		    decode_join(p, sizeof p, path, key), expected);
		return -1;
	}
	if (json_is_null(m)) {
		if (flags & DECODE_NULLABLE)
			return 0;
		decode_type_error(m, decode_join(p, sizeof p, path, key),
		    expected, 0, cause);
		return -1;
	}
	*v = m;
	return 0;
}

static int
decode_wrong(const json_t *v, const char *path, const char *key, int flags,
    const char *expected, char **cause)
{
	char p[DECODE_PATH_MAX];

	decode_type_error(v, decode_join(p, sizeof p, path, key), expected,
	    (flags & DECODE_NULLABLE) != 0, cause);
	return -1;
}

int
decode_string(const json_t *obj, const char *path, const char *key, int flags,
    char **out, char **cause)
{
	const json_t *v;

	if (decode_get(obj, path, key, flags, "string", &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return decode_wrong(v, path, key, flags, "string", cause);
	free(*out);
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return 0;
}

int
decode_int64(const json_t *obj, const char *path, const char *key, int flags,
    int64_t *out, char **cause)
{
	const json_t *v;

	if (decode_get(obj, path, key, flags, "integer", &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	/* A real (12.0, 1e3) is not an integer, whatever its value. */
	if (!json_is_integer(v))
		return decode_wrong(v, path, key, flags, "integer", cause);
	*out = (int64_t)json_integer_value(v);
	return 0;
}

int
decode_id(const json_t *obj, const char *path, const char *key, int flags,
    int64_t *out, char **cause)
{
	const char *what = "positive integer id";
	const json_t *v;

	if (decode_get(obj, path, key, flags, what, &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return decode_wrong(v, path, key, flags, what, cause);
	*out = (int64_t)json_integer_value(v);
	return 0;
}

int
decode_bool(const json_t *obj, const char *path, const char *key, int flags,
    int *out, char **cause)
{
	const json_t *v;

	if (decode_get(obj, path, key, flags, "boolean", &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return decode_wrong(v, path, key, flags, "boolean", cause);
	*out = json_is_true(v);
	return 0;
}

static int
decode_timestamp(const json_t *obj, const char *path, const char *key,
    int flags, int date_only, struct timestamp *out, char **cause)
{
	const char *what = date_only ? "date string (YYYY-MM-DD)" :
	    "timestamp string (YYYY-MM-DDTHH:MM:SS[.frac]Z or +HH:MM)";
	char p[DECODE_PATH_MAX], q[QUOTE_BUFSIZE];
	const json_t *v;
	const char *s;
	int64_t secs = 0;
	int32_t nsec = 0;
	int rc;

	if (decode_get(obj, path, key, flags, what, &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (!json_is_string(v))
		return decode_wrong(v, path, key, flags, what, cause);
	s = json_string_value(v);
	if (date_only)
		rc = decode_date_parse(s, &secs);
	else
		rc = decode_time_parse(s, &secs, &nsec);
	if (rc != 0) {
		xcause(cause, "%s: %s is not a %s", decode_join(p, sizeof p,
		    path, key), quote_for_message(s, json_string_length(v),
		    QUOTE_BYTES, 0, q), what);
		return -1;
	}
	timestamp_clear(out);
	out->text = xstrdup(s);
	out->secs = secs;
	out->nsec = nsec;
	return 0;
}

int
decode_time(const json_t *obj, const char *path, const char *key, int flags,
    struct timestamp *out, char **cause)
{
	return decode_timestamp(obj, path, key, flags, 0, out, cause);
}

int
decode_date(const json_t *obj, const char *path, const char *key, int flags,
    struct timestamp *out, char **cause)
{
	return decode_timestamp(obj, path, key, flags, 1, out, cause);
}

int
decode_array(const json_t *obj, const char *path, const char *key, int flags,
    const json_t **out, char **cause)
{
	const json_t *v;

	if (decode_get(obj, path, key, flags, "array", &v, cause) != 0)
		return -1;
	if (v != NULL && !json_is_array(v))
		return decode_wrong(v, path, key, flags, "array", cause);
	*out = v;
	return 0;
}

int
decode_object(const json_t *obj, const char *path, const char *key, int flags,
    const json_t **out, char **cause)
{
	const json_t *v;

	if (decode_get(obj, path, key, flags, "object", &v, cause) != 0)
		return -1;
	if (v != NULL && !json_is_object(v))
		return decode_wrong(v, path, key, flags, "object", cause);
	*out = v;
	return 0;
}

void *
decode_calloc(size_t n, size_t size)
{
	return n == 0 ? NULL : xcalloc(n, size);
}

int
decode_record_array(const json_t *obj, const char *path, const char *key,
    int flags, void *itemsp, size_t *n, size_t size,
    int (*fn)(const json_t *, const char *, void *, const void *, char **),
    const void *arg, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *arr, *v;
	void *items;
	size_t i;

	if (key == NULL) {
		arr = obj;	/* a bare top-level array */
		if (!json_is_array(arr)) {
			decode_type_error(arr, path, "array", 0, cause);
			return -1;
		}
	} else if (decode_array(obj, path, key, flags, &arr, cause) != 0)
		return -1;
	if (arr == NULL)
		return 0;
	*n = json_array_size(arr);
	items = decode_calloc(*n, size);

	/*
	 * *(struct thing **)itemsp = items, for whichever thing: copied as
	 * bytes because a void ** may not alias a struct thing ** (object
	 * pointers share one representation on every platform tdesk runs on).
	 */
	memcpy(itemsp, &items, sizeof items);
	json_array_foreach(arr, i, v) {
		if (fn(v, decode_item(p, sizeof p, path, key, i),
		    (char *)items + i * size, arg, cause) != 0)
			return -1;
	}
	return 0;
}

int
decode_strings(const json_t *obj, const char *path, const char *key, int flags,
    struct string_array *out, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *arr, *v;
	size_t i;

	if (decode_array(obj, path, key, flags, &arr, cause) != 0)
		return -1;
	if (arr == NULL)
		return 0;
	string_array_clear(out);
	out->n = json_array_size(arr);
	out->items = decode_calloc(out->n, sizeof *out->items);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v)) {
			decode_type_error(v, decode_item(p, sizeof p, path, key,
			    i), "string", 0, cause);
			string_array_clear(out);
			return -1;
		}
		out->items[i] = xstrndup(json_string_value(v),
		    json_string_length(v));
	}
	return 0;
}

int
decode_ids(const json_t *obj, const char *path, const char *key, int flags,
    struct int64_array *out, char **cause)
{
	char p[DECODE_PATH_MAX];
	const json_t *arr, *v;
	size_t i;

	if (decode_array(obj, path, key, flags, &arr, cause) != 0)
		return -1;
	if (arr == NULL)
		return 0;
	int64_array_clear(out);
	out->n = json_array_size(arr);
	out->items = decode_calloc(out->n, sizeof *out->items);
	json_array_foreach(arr, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0) {
			decode_type_error(v, decode_item(p, sizeof p, path, key,
			    i), "positive integer id", 0, cause);
			int64_array_clear(out);
			return -1;
		}
		out->items[i] = (int64_t)json_integer_value(v);
	}
	return 0;
}

int
decode_json_text(const json_t *obj, const char *path, const char *key,
    int flags, unsigned mask, char **out, char **cause)
{
	const char *what = "JSON value";
	const json_t *v;

	if (mask == (1u << JSON_OBJECT))
		what = "object";
	else if (mask == (1u << JSON_ARRAY))
		what = "array";
	else if (mask == (1u << JSON_OBJECT | 1u << JSON_ARRAY))
		what = "object or array";
	if (decode_get(obj, path, key, flags, what, &v, cause) != 0)
		return -1;
	if (v == NULL)
		return 0;
	if (mask != 0 && (mask & (1u << json_typeof(v))) == 0)
		return decode_wrong(v, path, key, flags, what, cause);
	free(*out);
	*out = decode_dump(v);
	return 0;
}

/* ---- Timestamps ------------------------------------------------------- */

/* Exactly n ASCII digits at s, as a number; -1 if any is not a digit. */
static int
decode_digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "YYYY-MM-DD" at s (more may follow) into days since the epoch; 0 or -1. */
static int
decode_ymd(const char *s, int64_t *days)
{
	int y, m, d;

	y = decode_digits(s, 4);
	if (y < 0 || s[4] != '-')
		return -1;
	m = decode_digits(s + 5, 2);
	if (m < 1 || m > 12 || s[7] != '-')
		return -1;
	d = decode_digits(s + 8, 2);
	return clock_civil_days(y, m, d, days);
}

int
decode_date_parse(const char *s, int64_t *secs)
{
	int64_t days;

	if (s == NULL || strnlen(s, 11) != 10 || decode_ymd(s, &days) != 0)
		return -1;
	*secs = days * 86400;
	return 0;
}

int
decode_time_parse(const char *s, int64_t *secs, int32_t *nsec)
{
	int64_t days, t, frac = 0;
	int h, mi, sec, oh = 0, om = 0, sign = 0, nd = 0;
	const char *p;

	if (s == NULL || strnlen(s, 20) < 20 || decode_ymd(s, &days) != 0)
		return -1;
	p = s + 10;
	if (p[0] != 'T' || p[3] != ':' || p[6] != ':')
		return -1;
	h = decode_digits(p + 1, 2);
	mi = decode_digits(p + 4, 2);
	sec = decode_digits(p + 7, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60)
		return -1;
	p += 9;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			if (nd < 9)
				frac = frac * 10 + (*p - '0');
			nd++;
			p++;
		}
		if (nd == 0)
			return -1;
		for (; nd < 9; nd++)
			frac *= 10;
	}
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		oh = decode_digits(p + 1, 2);
		if (oh < 0 || oh > 23 || p[3] != ':')
			return -1;
		om = decode_digits(p + 4, 2);
		if (om < 0 || om > 59)
			return -1;
		p += 6;
	} else
		return -1;
	if (*p != '\0')
		return -1;

	/* Local time minus its offset is UTC; a leap second :60 rolls over. */
	t = days * 86400 + h * 3600 + mi * 60 + sec;
	t -= (int64_t)sign * (oh * 3600 + om * 60);
	if (secs != NULL)
		*secs = t;
	if (nsec != NULL)
		*nsec = (int32_t)frac;
	return 0;
}

/* ---- Building --------------------------------------------------------- */

int
decode_put(json_t *obj, const char *path, const char *key, json_t *v,
    char **cause)
{
	char p[DECODE_PATH_MAX], q[QUOTE_BUFSIZE];

	if (v == NULL) {
		xcause(cause, "%s: text is not valid UTF-8",
		    decode_join(p, sizeof p, path, key));
		return -1;
	}
	/* Fails only for a key that is not UTF-8 (or out of memory). */
	if (json_object_set_new(obj, key, v) != 0) {
		xcause(cause, "%s: key %s is not valid UTF-8", path,
		    quote_for_message(key, strlen(key), QUOTE_BYTES, 0, q));
		return -1;
	}
	return 0;
}

int
decode_put_string(json_t *obj, const char *path, const char *key,
    const char *value, char **cause)
{
	return decode_put(obj, path, key, value != NULL ? json_string(value) :
	    json_null(), cause);
}

int
decode_put_strings(json_t *obj, const char *path, const char *key,
    const struct string_array *a, char **cause)
{
	char p[DECODE_PATH_MAX];
	json_t *arr = json_array(), *v;
	size_t i;

	for (i = 0; a != NULL && i < a->n; i++) {
		v = a->items[i] != NULL ? json_string(a->items[i]) : NULL;
		if (v == NULL) {
			xcause(cause, "%s: %s", decode_item(p, sizeof p, path,
			    key, i), a->items[i] == NULL ? "missing" :
			    "text is not valid UTF-8");
			json_decref(arr);
			return -1;
		}
		json_array_append_new(arr, v);
	}
	return decode_put(obj, path, key, arr, cause);
}

/* 1 if s is one of the NULL-ended set. */
static int
decode_one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++) {
		if (strcmp(s, *set) == 0)
			return 1;
	}
	return 0;
}

/* "a, b, c" of a NULL-ended set, for messages. */
static char *
decode_list(const char *const *set)
{
	char *s = xstrdup(*set), *n;

	while (*++set != NULL) {
		n = xasprintf("%s, %s", s, *set);
		free(s);
		s = n;
	}
	return s;
}

int
decode_put_word(json_t *obj, const char *path, const char *key,
    const char *value, const char *const *set, int nullable, char **cause)
{
	char p[DECODE_PATH_MAX], q[QUOTE_BUFSIZE], *list;

	if (value == NULL && nullable) {
		decode_put_null(obj, key);
		return 0;
	}
	if (value == NULL || !decode_one_of(value, set)) {
		list = decode_list(set);
		xcause(cause, "%s: %s is not one of %s",
		    decode_join(p, sizeof p, path, key), value == NULL ?
		    "null" : quote_for_message(value, strlen(value),
		    QUOTE_BYTES, 0, q), list);
		free(list);
		return -1;
	}
	return decode_put_string(obj, path, key, value, cause);
}

/* The builders with literal keys cannot fail but for memory. */
static void
decode_put_fixed(json_t *obj, const char *key, json_t *v)
{
	if (v == NULL || json_object_set_new(obj, key, v) != 0)
		fatal("out of memory building JSON");
}

void
decode_put_int64(json_t *obj, const char *key, int64_t v)
{
	decode_put_fixed(obj, key, json_integer((json_int_t)v));
}

void
decode_put_bool(json_t *obj, const char *key, int v)
{
	decode_put_fixed(obj, key, json_boolean(v));
}

void
decode_put_null(json_t *obj, const char *key)
{
	decode_put_fixed(obj, key, json_null());
}

char *
decode_dump(const json_t *root)
{
	/*
	 * 15 significant digits for reals: enough to give back any decimal a
	 * backend wrote with up to 15 digits (a decimal custom field's 0.1)
	 * instead of its binary neighbour 0.10000000000000001. No money is
	 * ever a real: those are refused before they get here.
	 */
	char *s = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(15));

	if (s == NULL)
		fatal("out of memory writing JSON");
	return s;
}

json_t *
decode_map_strings(const json_t *v, char *(*str)(const char *, size_t),
    char *(*key)(const char *, size_t))
{
	const char *k;
	json_t *out, *item;
	char *s;
	size_t i;

	if (v == NULL)
		return json_null();
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = str(json_string_value(v), json_string_length(v));
		out = json_string(s);
		free(s);
		return out != NULL ? out : json_null();
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, item)
			json_array_append_new(out, decode_map_strings(item, str,
			    key));
		return out;
	case JSON_OBJECT:
		out = json_object();
		/* json_object_foreach wants a non-const object; it only reads. */
		json_object_foreach((json_t *)(uintptr_t)v, k, item) {
			s = key(k, strlen(k));
			json_object_set_new(out, s, decode_map_strings(item, str,
			    key));
			free(s);
		}
		return out;
	default:
		return json_deep_copy(v);
	}
}

int
decode_wrap(const char *key, json_t *v, char **json, char **cause)
{
	json_t *root = json_object();

	if (decode_put(root, "", key, v, cause) != 0) {
		json_decref(root);
		return -1;
	}
	*json = decode_dump(root);
	json_decref(root);
	return 0;
}
