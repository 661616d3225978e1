/*
 * A test tool: print every string of tests/unit/hostile.h as JSON, its
 * exact bytes in base64, so that Python (the screen tests' seeder) gets
 * the same hostile data as the C unit tests, NULs and invalid UTF-8
 * included.
 *
 *	hostile_dump > hostile.json
 *
 * One array, one object a line:
 *	{"index": 0, "name": "CSI clear screen", "len": 16, "repeat": false,
 *	 "b64": "...", "shows_b64": "..." or null, "hides_b64": "..." or null}
 * "len" and "b64" are the full bytes (a HOSTILE_REPEAT entry expanded to
 * its HOSTILE_REPEAT_LEN bytes, "repeat": true). Exit status 0, or 1 if
 * stdout cannot be written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"
#include "api/http.h"

/* s as a JSON string; hostile.h names are ASCII, but escape whatever comes. */
static void
put_json_string(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* The base64 of len bytes as a JSON string, or null when s is NULL. */
static void
put_b64(const char *s, size_t len)
{
	char *b;

	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	b = http_base64(s, len);
	printf("\"%s\"", b);
	free(b);
}

int
main(void)
{
	size_t i, len;
	char *bytes;

	puts("[");
	for (i = 0; i < HOSTILE_COUNT; i++) {
		const struct hostile *h = &hostile_strings[i];

		bytes = hostile_bytes(h, &len);
		printf("{\"index\": %zu, \"name\": ", i);
		put_json_string(h->name);
		printf(", \"len\": %zu, \"repeat\": %s, \"b64\": ", len,
		    h->flags & HOSTILE_REPEAT ? "true" : "false");
		put_b64(bytes, len);
		fputs(", \"shows_b64\": ", stdout);
		put_b64(h->shows, h->shows ? strlen(h->shows) : 0);
		fputs(", \"hides_b64\": ", stdout);
		put_b64(h->hides, h->hides ? strlen(h->hides) : 0);
		printf("}%s\n", i + 1 < HOSTILE_COUNT ? "," : "");
		free(bytes);
	}
	puts("]");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("hostile_dump: stdout");
		return 1;
	}
	return 0;
}
