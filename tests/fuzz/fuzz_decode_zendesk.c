/*
 * libFuzzer target for api/zendesk_decode.c: every Zendesk decoder reads
 * the input as a response body. Each must accept it with no message, or
 * refuse it with a printable message and its record left all zero; a
 * macro's changes must encode as an update or be refused cleanly.
 */
#include "api/zendesk_decode.h"
#include "api/zendesk_encode.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Refused: a message of printable ASCII (backend bytes come escaped). */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data;
	struct zendesk_export_page ep;
	struct zendesk_ticket_page tp;
	struct ticket t;
	struct zendesk_ticket_update_result ur;
	struct zendesk_comment_page cp;
	struct user u;
	struct zendesk_user_page upg;
	struct zendesk_group_page gp;
	struct organization o;
	struct zendesk_organization_page op;
	struct zendesk_macro_page mp;
	struct macro_result mr;
	struct job_status js;
	struct zendesk_error ze;
	char *json = NULL, *why = NULL;
	json_t *v;

	FUZZ(zendesk_decode_export_page(b, size, "billing_status", &ep, &cause),
	    ep);
	zendesk_export_page_clear(&ep);
	FUZZ(zendesk_decode_ticket_page(b, size, &tp, &cause), tp);
	zendesk_ticket_page_clear(&tp);
	FUZZ(zendesk_decode_ticket(b, size, &t, &cause), t);
	ticket_clear(&t);
	FUZZ(zendesk_decode_ticket_update(b, size, &ur, &cause), ur);
	zendesk_ticket_update_result_clear(&ur);
	FUZZ(zendesk_decode_comment_page(b, size, 7, &cp, &cause), cp);
	zendesk_comment_page_clear(&cp);
	FUZZ(zendesk_decode_user(b, size, &u, &cause), u);
	user_clear(&u);
	FUZZ(zendesk_decode_user_page(b, size, &upg, &cause), upg);
	zendesk_user_page_clear(&upg);
	FUZZ(zendesk_decode_group_page(b, size, &gp, &cause), gp);
	zendesk_group_page_clear(&gp);
	FUZZ(zendesk_decode_organization(b, size, "org_field_1", &o, &cause),
	    o);
	organization_clear(&o);
	FUZZ(zendesk_decode_organization_page(b, size, "org_field_1", &op,
	    &cause), op);
	zendesk_organization_page_clear(&op);
	FUZZ(zendesk_decode_macro_page(b, size, &mp, &cause), mp);
	zendesk_macro_page_clear(&mp);
	FUZZ(zendesk_decode_job_status(b, size, &js, &cause), js);
	job_status_clear(&js);
	FUZZ(zendesk_decode_error(b, size, &ze, &cause), ze);
	zendesk_error_clear(&ze);

	/* A macro's changes feed an update: encoded, or refused cleanly. */
	FUZZ(zendesk_decode_macro_apply(b, size, &mr, &cause), mr);
	if (zendesk_encode_ticket_update(&mr.changes, &json, &why) == 0) {
		if ((v = json_loads(json, 0, NULL)) == NULL)
			abort();
		json_decref(v);
		free(json);
	} else {
		if (json != NULL || why == NULL)
			abort();
		free(why);
	}
	macro_result_clear(&mr);
	return 0;
}
