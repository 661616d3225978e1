/*
 * The published payloads of ../shared/reference/payloads/, read by the
 * decoder and encoder tests (run from the repository root), and DECODE_OK
 * for a decode that must succeed. Include after test.h.
 */
#ifndef TDESK_TEST_PAYLOAD_H
#define TDESK_TEST_PAYLOAD_H

#include <errno.h>
#include <stdio.h>

#include "api/xmalloc.h"

#define PAYLOADS "../shared/reference/payloads/"

/*
 * The payload file's bytes, NUL-terminated (the caller frees them); or
 * NULL after a test failure saying why.
 */
static char *
payload(const char *name, size_t *len)
{
	char path[512], *buf = NULL;
	size_t cap = 0, n = 0, r;
	FILE *f;

	snprintf(path, sizeof path, "%s%s", PAYLOADS, name);
	if ((f = fopen(path, "rb")) == NULL) {
		TEST_FAIL("cannot read %s: %s (run the tests from the "
		    "repository root, beside ../shared)", path, strerror(errno));
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#define DECODE_OK(call) do {						\
	char *cause_ = NULL;						\
	if ((call) != 0) {						\
		TEST_FAIL("%s: %s", #call, cause_ ? cause_ : "(no cause)"); \
		free(cause_);						\
		return;							\
	}								\
} while (0)

#endif
