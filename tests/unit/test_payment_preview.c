/*
 * The money preview of a payment resolution, its refusals, and the role
 * rule: exact amounts in PLN (2 digits), JPY (0) and BTC (8).
 */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "cache/payment_preview.h"

/* A flagged payment as cache_payment_get() gives it; nothing is owned. */
static struct payment_detail
payment(const char *cur, int64_t expected, int64_t received,
    const char *account)
{
	static char curbuf[8], accbuf[64];
	struct payment_detail d;

	/* Copies: the record's fields are not const. */
	snprintf(curbuf, sizeof curbuf, "%s", cur);
	snprintf(accbuf, sizeof accbuf, "%s", account != NULL ? account : "");
	memset(&d, 0, sizeof d);
	d.row.id = (char *)"fp_1001";
	d.row.order_id = (char *)"ZAM-2026-0412";
	d.row.status = (char *)"flagged";
	d.row.provider = (char *)"blik";
	d.row.currency = curbuf;
	d.row.expected_minor = expected;
	d.row.received_minor = received;
	d.row.customer_name = (char *)"Małgorzata Wiśniewska";
	d.row.customer_email = (char *)"m.w@bursztyn.pl";
	d.received_account = account != NULL ? accbuf : NULL;
	return d;
}

/* The text of the line labelled label, or NULL. */
static const char *
line(const struct payment_preview *pv, const char *label)
{
	size_t i;

	for (i = 0; i < pv->nlines; i++) {
		if (strcmp(pv->lines[i].label, label) == 0)
			return pv->lines[i].text;
	}
	return NULL;
}

/* The preview's line label for action on d, or a failure. */
static void
check_line(const struct payment_detail *d, enum payment_action action,
    const int64_t *refund, const char *label, const char *want)
{
	struct payment_preview pv;
	char *cause = NULL;

	if (cache_payment_preview(d, action, refund, &pv, &cause) != CACHE_OK) {
		TEST_FAIL("preview refused: %s", cause);
		free(cause);
		return;
	}
	CHECK_STR(line(&pv, label), want);
	cache_payment_preview_clear(&pv);
}

/* action on d is refused before a preview, with a cause containing want. */
static void
check_refused(const struct payment_detail *d, enum payment_action action,
    const int64_t *refund, const char *want)
{
	struct payment_preview pv;
	char *cause = NULL;

	CHECK_INT(cache_payment_preview(d, action, refund, &pv, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, want);
	CHECK_INT(pv.nlines, 0);
	free(cause);
	cause = NULL;
	CHECK_INT(cache_payment_resolvable(d, action, refund, &cause),
	    CACHE_ERR);
	CHECK_CONTAINS(cause, want);
	free(cause);
}

/* A payment, an action, and one line its preview must have. */
struct line_case {
	const char	*cur;
	int64_t		 expected, received;
	const char	*account;	/* NULL: none */
	int64_t		 fee;		/* 0: none sent */
	enum payment_action action;
	int64_t		 refund;	/* 0: no --amount */
	const char	*label, *want;
};

#define PLN_ACCOUNT	"PL61 1090 1014 0000 0712 1981 2874"
#define NAME		"Małgorzata Wiśniewska"

static const struct line_case lines[] = {
	/* Accept in PLN: the cent written off, exactly. */
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "payment",
	    "fp_1001, order ZAM-2026-0412 (blik)" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "customer",
	    NAME " <m.w@bursztyn.pl>" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "expected",
	    "PLN 15.46" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "received",
	    "PLN 15.45" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "difference",
	    "PLN 0.01 less than expected" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "outcome",
	    "the order is accepted as paid: PLN 15.45 received against "
	    "PLN 15.46 (PLN 0.01 written off)" },
	/* An overpayment accepted: the extra is kept. */
	{ "PLN", 1546, 1547, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "difference",
	    "PLN 0.01 more than expected" },
	{ "PLN", 1546, 1547, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "outcome",
	    "the order is accepted as paid: PLN 15.47 received against "
	    "PLN 15.46 (PLN 0.01 more kept)" },
	/* Recalculate in JPY: no decimals. */
	{ "JPY", 15800, 15000, NULL, 0, PAYMENT_ACTION_RECALCULATE, 0,
	    "difference", "JPY 800 less than expected" },
	{ "JPY", 15800, 15000, NULL, 0, PAYMENT_ACTION_RECALCULATE, 0,
	    "outcome", "the order is recalculated to what was paid: JPY 15000" },
	/* An exact payment has no difference. */
	{ "JPY", 15800, 15800, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "difference",
	    "none: exactly as expected" },
	{ "JPY", 15800, 15800, NULL, 0, PAYMENT_ACTION_ACCEPT, 0, "outcome",
	    "the order is accepted as paid: JPY 15800 received against "
	    "JPY 15800" },
	/* A full refund goes to the account, masked; else to the name. */
	{ "PLN", 1546, 1545, PLN_ACCOUNT, 0, PAYMENT_ACTION_REFUND, 0,
	    "account", "PL61…2874" },
	{ "PLN", 1546, 1545, PLN_ACCOUNT, 0, PAYMENT_ACTION_REFUND, 0,
	    "outcome", "refund PLN 15.45 to PL61…2874, the order is cancelled" },
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_REFUND, 1545, "outcome",
	    "refund PLN 15.45 to " NAME ", the order is cancelled" },
	/* Partial refunds: PLN, and BTC with its eight digits. */
	{ "PLN", 1546, 1545, NULL, 0, PAYMENT_ACTION_REFUND, 500, "outcome",
	    "refund PLN 5.00 of PLN 15.45 received to " NAME " (PLN 10.45 "
	    "kept), the order is cancelled" },
	{ "BTC", 150000, 149000, NULL, 0, PAYMENT_ACTION_REFUND, 1,
	    "difference", "BTC 0.00001000 less than expected" },
	{ "BTC", 150000, 149000, NULL, 0, PAYMENT_ACTION_REFUND, 1, "outcome",
	    "refund BTC 0.00000001 of BTC 0.00149000 received to " NAME
	    " (BTC 0.00148999 kept), the order is cancelled" },
	/* The provider's fee is shown with what was received. */
	{ "PLN", 12000, 11999, NULL, 378, PAYMENT_ACTION_ACCEPT, 0, "received",
	    "PLN 119.99 (the provider's fee PLN 3.78)" },
};

static void
each_preview_line_says_the_money_exactly(void)
{
	const struct line_case *c;
	struct payment_detail d;
	size_t i;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		c = &lines[i];
		d = payment(c->cur, c->expected, c->received, c->account);
		d.row.has_fee = c->fee != 0;
		d.row.fee_minor = c->fee;
		check_line(&d, c->action, c->refund != 0 ? &c->refund : NULL,
		    c->label, c->want);
	}
}

static void
refunds_of_zero_negative_or_above_received_are_refused(void)
{
	struct payment_detail d = payment("PLN", 1546, 1545, NULL);
	int64_t zero = 0, neg = -1, over = 1546;

	check_refused(&d, PAYMENT_ACTION_REFUND, &zero,
	    "a refund of 0.00 PLN is not above zero and at most the 15.45 PLN "
	    "received");
	check_refused(&d, PAYMENT_ACTION_REFUND, &neg, "a refund of -0.01 PLN");
	check_refused(&d, PAYMENT_ACTION_REFUND, &over, "a refund of 15.46 PLN");
}

static void
an_amount_is_refused_for_accept_and_recalculate(void)
{
	struct payment_detail d = payment("PLN", 1546, 1545, NULL);
	int64_t some = 100;

	check_refused(&d, PAYMENT_ACTION_ACCEPT, &some,
	    "only a refund has an amount");
	check_refused(&d, PAYMENT_ACTION_RECALCULATE, &some,
	    "only a refund has an amount");
}

static void
a_payment_no_longer_flagged_is_refused(void)
{
	struct payment_detail d = payment("PLN", 1546, 1545, NULL);

	d.row.status = (char *)"accepted";
	check_refused(&d, PAYMENT_ACTION_ACCEPT, NULL,
	    "payment fp_1001 is accepted, not flagged: there is nothing to "
	    "resolve");
	d.row.status = (char *)"flagged";
	d.row.currency = (char *)"XXX";
	check_refused(&d, PAYMENT_ACTION_ACCEPT, NULL, "unknown currency XXX");
}

static void
a_difference_out_of_range_is_refused(void)
{
	struct payment_detail d = payment("PLN", INT64_MAX, -2, NULL);
	struct payment_preview pv;
	char *cause = NULL;

	CHECK_INT(cache_payment_preview(&d, PAYMENT_ACTION_ACCEPT, NULL, &pv,
	    &cause), CACHE_ERR);
	CHECK_CONTAINS(cause, "out of range");
	free(cause);
}

static void
account_numbers_are_masked_to_their_ends(void)
{
	char buf[64];

	CHECK_STR(cache_payment_mask_account(
	    "PL27 1140 2004 0000 3002 0135 5387", buf, sizeof buf),
	    "PL27…5387");
	CHECK_STR(cache_payment_mask_account("12345678", buf, sizeof buf),
	    "…5678");
	CHECK_STR(cache_payment_mask_account("12", buf, sizeof buf), "…12");
}

static void
only_technician_and_admin_may_resolve(void)
{
	char *cause = NULL;

	CHECK_INT(cache_payments_may_resolve("technician", &cause), 1);
	CHECK_INT(cache_payments_may_resolve("admin", &cause), 1);
	CHECK(cause == NULL);
	CHECK_INT(cache_payments_may_resolve("first_line", &cause), 0);
	CHECK_STR(cause, "resolving payments needs the technician or admin "
	    "role; this profile's payments user is first_line");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_payments_may_resolve("auditor", &cause), 0);
	CHECK_CONTAINS(cause, "payments user is auditor");
	free(cause);
	cause = NULL;
	CHECK_INT(cache_payments_may_resolve(NULL, &cause), 0);
	CHECK_CONTAINS(cause, "run tdesk sync --once first");
	free(cause);
}

static void
the_role_is_read_as_sync_stored_it(void)
{
	struct cache *c = NULL;
	struct cache_sync_state st;
	char *role = NULL, *cause = NULL;

	if (cache_open(":memory:", NULL, &c, &cause) != CACHE_OK) {
		TEST_FAIL("cache_open: %s", cause);
		free(cause);
		return;
	}
	CHECK_INT(cache_payments_role(c, &role, &cause), CACHE_OK);
	CHECK(role == NULL);
	memset(&st, 0, sizeof st);
	st.cursor = (char *)"";
	CHECK_INT(cache_sync_state_put(c, "payments", "me", &st, &cause),
	    CACHE_OK);
	CHECK_INT(cache_payments_role(c, &role, &cause), CACHE_OK);
	CHECK(role == NULL);
	st.cursor = (char *)"first_line";
	CHECK_INT(cache_sync_state_put(c, "payments", "me", &st, &cause),
	    CACHE_OK);
	CHECK_INT(cache_payments_role(c, &role, &cause), CACHE_OK);
	CHECK_STR(role, "first_line");
	free(role);
	cache_close(&c);
}

static const struct test tests[] = {
	T(each_preview_line_says_the_money_exactly),
	T(refunds_of_zero_negative_or_above_received_are_refused),
	T(an_amount_is_refused_for_accept_and_recalculate),
	T(a_payment_no_longer_flagged_is_refused),
	T(a_difference_out_of_range_is_refused),
	T(account_numbers_are_masked_to_their_ends),
	T(only_technician_and_admin_may_resolve),
	T(the_role_is_read_as_sync_stored_it),
};

TEST_MAIN(tests)
