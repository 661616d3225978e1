/*
 * Loading a backend's body: the size and depth caps, the escapes jansson
 * refuses though JSON allows them, then jansson's parse with duplicate
 * keys refused, and the top-level type checked.
 */
#include "api/decode.h"

#include <stdlib.h>
#include <string.h>

#include "api/quote.h"

/*
 * The deepest nesting in body, counting brackets outside strings, stopping
 * early once past limit. Malformed input is jansson's to report; this only
 * has to bound the depth it will recurse to.
 */
static size_t
decode_depth(const char *body, size_t len, size_t limit)
{
	size_t i, depth = 0, max = 0;
	int in_string = 0;

	for (i = 0; i < len && max <= limit; i++) {
		char c = body[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"')
			in_string = 1;
		else if (c == '{' || c == '[') {
			if (++depth > max)
				max = depth;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
	}
	return max;
}

/* The code unit four hex digits at s spell (left bytes there), or -1. */
static long
decode_hex4(const char *s, size_t left)
{
	long v = 0;
	int i, d;

	if (left < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

size_t
decode_repair(const char *body, size_t len, char **copy)
{
	size_t i, n = 0;
	long u, lo;
	int in_string = 0;

	*copy = NULL;
	for (i = 0; i < len; i++) {
		if (!in_string) {
			in_string = body[i] == '"';
			continue;
		}
		if (body[i] == '"') {
			in_string = 0;
			continue;
		}
		if (body[i] != '\\' || i + 1 >= len)
			continue;
		if (body[i + 1] != 'u' ||
		    (u = decode_hex4(body + i + 2, len - i - 2)) < 0) {
			/*
			 * \n, \\, \" ...: the escaped byte is text. A bad
			 * \u is jansson's to refuse.
			 */
			i++;
			continue;
		}
		if (u >= 0xd800 && u <= 0xdbff && i + 12 <= len &&
		    body[i + 6] == '\\' && body[i + 7] == 'u' &&
		    (lo = decode_hex4(body + i + 8, 4)) >= 0xdc00 &&
		    lo <= 0xdfff) {
			i += 11;	/* a pair: one character */
			continue;
		}
		if (u != 0 && (u < 0xd800 || u > 0xdfff)) {
			i += 5;
			continue;
		}
		if (*copy == NULL) {
			*copy = xmalloc(len + 1);
			memcpy(*copy, body, len);
			(*copy)[len] = '\0';
		}
		memcpy(*copy + i + 2, "fffd", 4);
		n++;
		i += 5;
	}
	return n;
}

json_t *
decode_load(const char *body, size_t len, const char *what, char **cause)
{
	char q[QUOTE_BUFSIZE], *fixed;
	json_error_t err;
	json_t *root;
	const char *why;

	if (body == NULL)
		body = "";
	if (len > DECODE_MAX_BODY) {
		xcause(cause, "%s: body too large (%zu bytes; the limit is "
		    "%zu)", what, len, DECODE_MAX_BODY);
		return NULL;
	}
	if (len == 0) {
		xcause(cause, "%s: empty body", what);
		return NULL;
	}
	if (decode_depth(body, len, DECODE_MAX_DEPTH) > DECODE_MAX_DEPTH) {
		xcause(cause, "%s: nested deeper than %d levels", what,
		    DECODE_MAX_DEPTH);
		return NULL;
	}

	/*
	 * Duplicate keys are refused: two values for one field mean two
	 * readers of this body could disagree on what it says. The escapes
	 * jansson refuses though the grammar allows them are repaired first,
	 * in a copy made only when there is one.
	 */
	decode_repair(body, len, &fixed);
	root = json_loadb(fixed != NULL ? fixed : body, len,
	    JSON_REJECT_DUPLICATES, &err);
	free(fixed);
	if (root == NULL) {
		switch (json_error_code(&err)) {
		case json_error_invalid_utf8:
			why = "text is not valid UTF-8";
			break;
		case json_error_numeric_overflow:
			why = "a number is too large";
			break;
		case json_error_duplicate_key:
			why = "a key appears twice in one object";
			break;
		case json_error_null_character:
			why = "a string holds a NUL character";
			break;
		case json_error_premature_end_of_input:
			why = "it ends too soon (truncated?)";
			break;
		default:
			why = "syntax error";
			break;
		}
		xcause(cause, "%s: not valid JSON: %s at line %d, column %d "
		    "(jansson: %s)", what, why, err.line, err.column,
		    quote_for_message(err.text, strlen(err.text), QUOTE_BYTES,
		    0, q));
		return NULL;
	}
	return root;
}

json_t *
decode_parse(const char *body, size_t len, json_type want, const char *what,
    char **cause)
{
	json_t *root;

	if ((root = decode_load(body, len, what, cause)) == NULL)
		return NULL;
	if (json_typeof(root) != want) {
		xcause(cause, "%s: expected a JSON %s at the top, got %s", what,
		    decode_type_name(want),
		    decode_type_name(json_typeof(root)));
		json_decref(root);
		return NULL;
	}
	return root;
}

int
decode_body(const char *body, size_t len, json_type want, const char *what,
    const char *path,
    int (*fn)(const json_t *, const char *, void *, const void *, char **),
    void *out, size_t size, const void *arg, char **cause)
{
	json_t *root;
	int rc;

	memset(out, 0, size);
	if ((root = decode_parse(body, len, want, what, cause)) == NULL)
		return -1;
	rc = fn(root, path, out, arg, cause);
	json_decref(root);
	return rc;
}
