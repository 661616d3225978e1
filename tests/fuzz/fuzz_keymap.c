/*
 * libFuzzer target for tui/config/keymap.c: arbitrary bytes through the parser
 * alone and through parse + apply on top of the defaults. Errors must name
 * the file, come in line order, stay printable and within the cap; every
 * entry must hold a valid context, key and action; and the defaults must
 * still describe and look up without a fault afterwards.
 */
#include "tui/config/keymap.h"

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

	if ((rc == 0) != (errs->n == 0 && errs->dropped == 0))
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
			if (*p < 0x20 || *p >= 0x7f)
				abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct keymap_entries es;
	struct keymap *km;
	size_t i;
	FILE *f;
	int rc, c;

	rc = keymap_parse_text("fuzz", (const char *)data, size, &es, &errs);
	if ((rc == 0) != (errs.n == 0 && errs.dropped == 0))
		abort();
	for (i = 0; i < es.n; i++) {
		if (es.v[i].ctx <= CTX_NONE || es.v[i].ctx >= CTX_COUNT ||
		    es.v[i].key < 0 || es.v[i].key >= KM_KEY_LIMIT ||
		    es.v[i].key != keymap_key_canon(es.v[i].key))
			abort();
		if (es.v[i].kind == KEYMAP_BIND &&
		    !action_valid_in(es.v[i].action, es.v[i].ctx))
			abort();
		if (es.v[i].kind == KEYMAP_UNBIND && es.v[i].action != ACT_NONE)
			abort();
	}
	keymap_entries_free(&es);
	config_errors_free(&errs);

	km = keymap_new_default();
	rc = keymap_parse_buffer(km, "fuzz", (const char *)data, size, &errs);
	fuzz_check_errors(&errs, rc);
	config_errors_free(&errs);
	if ((f = fopen("/dev/null", "w")) == NULL)
		abort();
	/* One context per input: describing all seven would dominate the run. */
	c = (int)(size % CTX_COUNT);
	keymap_describe(km, f, (enum keymap_context)c);
	fclose(f);
	keymap_free(&km);
	return 0;
}
