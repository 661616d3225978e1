/*
 * libFuzzer target for cache/outbox_describe.h. The first byte picks the
 * write's kind and state; the rest, cut at the first NUL, is the stored
 * request, and what follows the NUL the server's version stored with a
 * conflict. Whatever they hold, the describer must not crash or leak,
 * every row must have a label and a value for this write, and the retry
 * policy must give a reason whenever it does not retry.
 */
#include "cache/outbox_describe.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const kinds[] = {
	"ticket.update", "ticket.bulk", "ticket.create", "payment.resolve",
	"incident.create", "incident.update", "component.update",
	"postmortem.draft", "postmortem.publish", "unknown.kind",
};

/* The describer's cleaner, standing in for the sanitiser: drops ESC. */
static char *
clean(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, n = 0;

	if (out == NULL)
		abort();
	for (i = 0; i < len; i++) {
		if (s[i] != '\033')
			out[n++] = s[i];
	}
	out[n] = '\0';
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cache *c;
	struct outbox_row r;
	struct outbox_desc d;
	enum outbox_retry plan;
	const char *why;
	char *buf, *conflict;
	size_t i;

	if (size < 1)
		return 0;
	if (c == NULL && cache_open(":memory:", NULL, &c, NULL) != CACHE_OK)
		abort();
	buf = malloc(size);
	if (buf == NULL)
		abort();
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	conflict = buf + strlen(buf) < buf + size - 1 ?
	    buf + strlen(buf) + 1 : NULL;

	memset(&r, 0, sizeof r);
	r.id = 1;
	r.backend = (char *)(uintptr_t)"zendesk";
	r.target = (char *)(uintptr_t)"ticket:1";
	r.kind = (char *)(uintptr_t)kinds[data[0] % (sizeof kinds /
	    sizeof kinds[0])];
	r.payload = buf;
	r.conflict_json = conflict;
	r.state = (enum outbox_state)((data[0] >> 4) % 5);
	r.orphaned = (data[0] & 0x40) != 0;
	r.unsure = (data[0] & 0x80) != 0;

	cache_outbox_describe_row(c, &r, (data[0] & 1) ? clean : NULL, &d);
	if (d.summary == NULL || (d.parses && d.request == NULL))
		abort();
	if (conflict != NULL && d.server_shown == NULL)
		abort();
	for (i = 0; i < d.nrows; i++) {
		if (d.rows[i].label == NULL || d.rows[i].this_write == NULL)
			abort();
	}
	cache_outbox_desc_clear(&d);

	plan = cache_outbox_retry_plan(&r, &why);
	if ((plan == OUTBOX_RETRY_REFUSE || plan == OUTBOX_RETRY_QUEUED) ==
	    (why == NULL))
		abort();
	free(buf);
	return 0;
}
