/*
 * libFuzzer target for the body loader, decode_load() and decode_repair()
 * (api/decode_load.c): the input is a backend's body. Whatever it is:
 * no crash; the repair rewrites only the hex digits of escapes, six bytes
 * for six, and leaves nothing to repair; a body that loads holds valid
 * UTF-8 with no NUL in every string and key; a body with nothing to repair
 * loads exactly as plain jansson loads it, and one plain jansson loads
 * has nothing to repair.
 */
#include "api/decode.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * Whether len bytes at s are well-formed UTF-8 (no surrogates, overlongs
 * or code points past U+10FFFF) with no NUL.
 */
static int
fuzz_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		for (k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Every string and key in v is valid UTF-8 without NUL; else abort. */
static void
fuzz_walk(json_t *v)
{
	const char *key;
	json_t *m;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (strlen(json_string_value(v)) != json_string_length(v) ||
		    !fuzz_utf8((const unsigned char *)json_string_value(v),
		    json_string_length(v)))
			abort();
		break;
	case JSON_OBJECT:
		json_object_foreach(v, key, m) {
			if (!fuzz_utf8((const unsigned char *)key, strlen(key)))
				abort();
			fuzz_walk(m);
		}
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, m)
			fuzz_walk(m);
		break;
	default:
		break;
	}
}

static int
fuzz_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	const unsigned char *p;
	char *copy, *again, *cause = NULL;
	json_error_t err;
	json_t *root, *plain;
	size_t n, i, changed = 0;

	/* The repair: hex digits only, "fffd" runs, nothing left after. */
	n = decode_repair(b, size, &copy);
	if ((n == 0) != (copy == NULL))
		abort();
	if (copy != NULL) {
		if (copy[size] != '\0')
			abort();
		for (i = 0; i < size; i++) {
			if (copy[i] == b[i])
				continue;
			if (i < 2 || !fuzz_hex(b[i]) ||
			    (copy[i] != 'f' && copy[i] != 'd'))
				abort();
			changed++;
		}
		if (changed > 4 * n || decode_repair(copy, size, &again) != 0 ||
		    again != NULL)
			abort();
		free(copy);
	}

	/* The load: accepted clean, or refused with a printable message. */
	root = decode_load(b, size, "fuzz body", &cause);
	if (root == NULL) {
		if (cause == NULL || *cause == '\0')
			abort();
		for (p = (const unsigned char *)cause; *p != '\0'; p++) {
			if (*p < 0x20 || *p >= 0x7f)
				abort();
		}
	} else {
		if (cause != NULL || (!json_is_object(root) &&
		    !json_is_array(root)))
			abort();
		fuzz_walk(root);
	}

	/* Against plain jansson, with the loader's flags. */
	plain = json_loadb(b, size, JSON_REJECT_DUPLICATES, &err);
	if (plain != NULL) {
		/* Nothing jansson takes needs repair; only the depth cap
		 * refuses more. */
		if (n != 0)
			abort();
		if (root == NULL ? strstr(cause, "nested deeper") == NULL :
		    !json_equal(root, plain))
			abort();
	} else if (root != NULL && n == 0)
		abort();
	json_decref(plain);
	json_decref(root);
	free(cause);
	return 0;
}
