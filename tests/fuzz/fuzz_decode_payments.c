/*
 * libFuzzer target for api/payments_decode.c: every payments decoder reads
 * the input as a response body. Each must accept it with no message, or
 * refuse it with a printable message and its record left all zero. Every
 * accepted amount is exact: refunding all that was received encodes a
 * decimal string that parses back to the same minor units.
 */
#include "api/payments_decode.h"
#include "api/payments_encode.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/money.h"

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

/* An accepted payment's amounts round-trip through a refund body. */
static void
fuzz_payment(const struct payment *p)
{
	struct payment_resolution r;
	char *json = NULL, *cause = NULL;
	int64_t back;
	json_t *v;

	if (money_exponent(p->currency) < 0 || p->expected_minor < 0 ||
	    p->received_minor < 0 || p->fee_minor < 0 ||
	    (!p->has_fee && p->fee_minor != 0))
		abort();
	if (p->received_minor == 0)
		return;
	memset(&r, 0, sizeof r);
	r.action = PAYMENT_ACTION_REFUND;
	r.note = "fuzz";
	r.expected_version = p->version;
	r.has_refund_amount = 1;
	r.refund_minor = p->received_minor;
	if (payments_encode_resolution(&r, p->currency, &json, &cause) != 0)
		abort();
	if ((v = json_loads(json, 0, NULL)) == NULL ||
	    money_from_json(json_object_get(v, "refund_amount"), p->currency,
	    &back, &cause) != 0 || back != p->received_minor)
		abort();
	json_decref(v);
	free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct payments_me me;
	struct payments_page pg;
	struct payment p;
	struct payments_error e;
	size_t k;

	FUZZ(payments_decode_me(b, size, &me, &cause), me);
	payments_me_clear(&me);
	FUZZ(payments_decode_page(b, size, &pg, &cause), pg);
	for (k = 0; k < pg.npayments; k++)
		fuzz_payment(&pg.payments[k]);
	payments_page_clear(&pg);
	FUZZ(payments_decode_payment(b, size, &p, &cause), p);
	if (p.id != NULL)
		fuzz_payment(&p);
	payment_clear(&p);
	FUZZ(payments_decode_error(b, size, &e, &cause), e);
	if (e.has_payment)
		fuzz_payment(&e.payment);
	payments_error_clear(&e);
	return 0;
}
