/*
 * libFuzzer target for tui/text/filter.c: the bytes as both a ticket and a
 * payment filter. A parse either fills the query or refuses with a
 * "column N: " message; a query filled borrows its tags and words from
 * the filter's strings, holds only known status and priority bits and a
 * time range that is not empty; nothing leaks and nothing reads out of
 * bounds.
 */
#include "tui/text/filter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check_cause(const char *cause)
{
	if (cause == NULL || strncmp(cause, "column ", 7) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ticket_query q;
	struct payment_query pq;
	struct filter_strings s;
	char *text, *cause = NULL;

	text = malloc(size + 1);
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';

	memset(&q, 0, sizeof q);
	memset(&s, 0, sizeof s);
	if (filter_tickets(text, 7, 1795000000, &q, &s, &cause) != 0)
		fuzz_check_cause(cause);
	else if (q.tag != NULL || q.tags != (const char *const *)s.tags ||
	    q.ntags != s.ntags ||
	    q.not_tags != (const char *const *)s.not_tags ||
	    q.nnot_tags != s.nnot_tags ||
	    (q.text != NULL && q.text != s.text) ||
	    (q.updated_before != 0 && q.updated_since >= q.updated_before) ||
	    (q.priorities & ~(unsigned)(TICKET_PRIORITY_LOW |
	    TICKET_PRIORITY_NORMAL | TICKET_PRIORITY_HIGH |
	    TICKET_PRIORITY_URGENT | TICKET_PRIORITY_NONE)) != 0 ||
	    q.statuses >= 1u << 6)
		abort();
	free(cause);
	cause = NULL;
	/* Parsing the same text again narrows, and must not crash either. */
	if (filter_tickets(text, 0, 0, &q, &s, &cause) != 0)
		fuzz_check_cause(cause);
	free(cause);
	cause = NULL;
	filter_strings_free(&s);

	memset(&pq, 0, sizeof pq);
	if (filter_payments(text, &pq, &s, &cause) != 0)
		fuzz_check_cause(cause);
	else if (pq.currency != NULL && pq.currency != s.currency)
		abort();
	free(cause);
	filter_strings_free(&s);
	free(text);
	return 0;
}
