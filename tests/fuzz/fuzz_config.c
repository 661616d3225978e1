/*
 * libFuzzer target for tui/config/config.c: arbitrary bytes through the parser and
 * the applier. Errors must come sorted by line, each naming the file, in
 * printable text; a file that is accepted must dump to text that parses
 * back to a configuration with the very same dump.
 */
#include "tui/config/config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_errors(const struct config_errors *errs, int rc)
{
	const unsigned char *p;
	unsigned last = 0;
	size_t i;

	if ((rc == 0) != (errs->n == 0))
		abort();
	if (errs->n > CONFIG_MAX_ERRORS)
		abort();
	for (i = 0; i < errs->n; i++) {
		if (strncmp(errs->v[i].msg, "fuzz:", 5) != 0)
			abort();
		if (errs->v[i].line < last)
			abort();
		last = errs->v[i].line;
		for (p = (const unsigned char *)errs->v[i].msg; *p != '\0'; p++) {
			if (*p < 0x20 || *p == 0x7f)
				abort();
		}
	}
}

/* The dump of cfg, without its first line (which names the file). */
static char *
fuzz_dump(const struct config *cfg)
{
	char *buf = NULL, *cause = NULL, *body;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	if (config_dump(cfg, NULL, f, &cause) != 0)
		abort();
	fclose(f);
	body = strchr(buf, '\n');
	body = strdup(body != NULL ? body : "");
	free(buf);
	return body;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config_entries es;
	struct config *cfg = NULL, *again = NULL;
	char *d1, *d2;
	int rc;

	/* The parser alone, as the applier's input. */
	rc = config_parse_text("fuzz", (const char *)data, size, &es, &errs);
	if (rc == 0 && errs.n != 0)
		abort();
	config_entries_free(&es);
	config_errors_free(&errs);

	rc = config_parse_buffer("fuzz", (const char *)data, size, &cfg, &errs);
	fuzz_check_errors(&errs, rc);
	config_errors_free(&errs);
	if (rc != 0) {
		if (cfg != NULL)
			abort();
		return 0;
	}

	d1 = fuzz_dump(cfg);
	if (config_parse_buffer("fuzz", d1, strlen(d1), &again, &errs) != 0)
		abort();
	d2 = fuzz_dump(again);
	if (strcmp(d1, d2) != 0)
		abort();
	free(d1);
	free(d2);
	config_errors_free(&errs);
	config_free(&again);
	config_free(&cfg);
	return 0;
}
