/*
 * libFuzzer target for api/statuspage_decode.c: every Statuspage decoder
 * reads the input as a response body. Each must accept it with no
 * message, or refuse it with a printable message and its record left all
 * zero. Accepted timestamps must be ones the parser itself accepts.
 */
#include "api/statuspage_decode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/decode.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check(int rc, char *cause, const void *out, size_t size)
{
	static const unsigned char zero[4096];
	const unsigned char *p;

	if (rc == 0) {
		if (cause != NULL)
			abort();
		return;
	}
	if (cause == NULL || *cause == '\0')
		abort();
	for (p = (const unsigned char *)cause; *p != '\0'; p++) {
		if (*p < 0x20 || *p >= 0x7f)
			abort();
	}
	if (size > sizeof zero || memcmp(out, zero, size) != 0)
		abort();
	free(cause);
}

#define FUZZ(call, out) do {						\
	char *cause = NULL;						\
	int rc_ = (call);						\
	fuzz_check(rc_, cause, &(out), sizeof (out));			\
} while (0)

/* A kept timestamp parses again to the same instant. */
static void
fuzz_time(const struct timestamp *t)
{
	int64_t secs;
	int32_t nsec;

	if (t->text == NULL) {
		if (t->secs != 0 || t->nsec != 0)
			abort();
		return;
	}
	if (decode_time_parse(t->text, &secs, &nsec) != 0 ||
	    secs != t->secs || nsec != t->nsec)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct statuspage_incident_list il;
	struct incident i;
	struct incident_update iu;
	struct statuspage_component_list cl;
	struct component c;
	struct statuspage_component_group_list gl;
	struct component_group g;
	struct statuspage_template_list tl;
	struct postmortem pm;
	struct statuspage_error e;
	size_t k;

	FUZZ(statuspage_decode_incidents(b, size, &il, &cause), il);
	for (k = 0; k < il.nincidents; k++) {
		fuzz_time(&il.incidents[k].created_at);
		fuzz_time(&il.incidents[k].postmortem_published_at);
	}
	statuspage_incident_list_clear(&il);
	FUZZ(statuspage_decode_incident(b, size, &i, &cause), i);
	fuzz_time(&i.updated_at);
	incident_clear(&i);
	FUZZ(statuspage_decode_incident_update(b, size, &iu, &cause), iu);
	fuzz_time(&iu.display_at);
	incident_update_clear(&iu);
	FUZZ(statuspage_decode_components(b, size, &cl, &cause), cl);
	statuspage_component_list_clear(&cl);
	FUZZ(statuspage_decode_component(b, size, &c, &cause), c);
	component_clear(&c);
	FUZZ(statuspage_decode_component_groups(b, size, &gl, &cause), gl);
	statuspage_component_group_list_clear(&gl);
	FUZZ(statuspage_decode_component_group(b, size, &g, &cause), g);
	component_group_clear(&g);
	FUZZ(statuspage_decode_templates(b, size, &tl, &cause), tl);
	statuspage_template_list_clear(&tl);
	FUZZ(statuspage_decode_postmortem(b, size, &pm, &cause), pm);
	postmortem_clear(&pm);
	FUZZ(statuspage_decode_error(b, size, &e, &cause), e);
	statuspage_error_clear(&e);
	return 0;
}
