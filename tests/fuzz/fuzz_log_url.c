/*
 * libFuzzer target for api/log.c's log_url_redact(): the input is a URL,
 * alone and between a userinfo and a token parameter of known values.
 * What comes out is printable ASCII without spaces (one word of a log
 * line), redacting it again changes nothing, and neither known secret
 * survives unless the input itself holds it.
 */
#include "api/log.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_SECRET	"ZqSeCrEtZq"

static void
fuzz_check(const char *in)
{
	char *out, *again;
	const char *p;

	out = log_url_redact(in);
	for (p = out; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			abort();
	}
	again = log_url_redact(out);
	if (strcmp(out, again) != 0)
		abort();
	free(again);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char pre[] = "https://u:" FUZZ_SECRET "@h/x?";
	static const char post[] = "&token=" FUZZ_SECRET;
	char *s, *wrapped, *out;

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fuzz_check(s);

	wrapped = malloc(sizeof pre + strlen(s) + sizeof post);
	if (wrapped == NULL) {
		free(s);
		return 0;
	}
	memcpy(wrapped, pre, sizeof pre - 1);
	memcpy(wrapped + sizeof pre - 1, s, strlen(s));
	memcpy(wrapped + sizeof pre - 1 + strlen(s), post, sizeof post);
	fuzz_check(wrapped);
	out = log_url_redact(wrapped);
	if (strstr(s, FUZZ_SECRET) == NULL && strstr(out, FUZZ_SECRET) != NULL)
		abort();
	free(out);
	free(wrapped);
	free(s);
	return 0;
}
