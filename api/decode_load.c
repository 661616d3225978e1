/*
 * Loading a backend's body: the size and depth caps, then jansson's parse
 * with duplicate keys refused, and the top-level type checked.
 */
#include "decode.h"

#include <string.h>

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

json_t *
decode_parse(const char *body, size_t len, json_type want, const char *what,
    char **cause)
{
	char q[DECODE_QUOTE_SIZE];
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
	 * readers of this body could disagree on what it says.
	 */
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
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
		    decode_quote(err.text, strlen(err.text), q));
		return NULL;
	}
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
