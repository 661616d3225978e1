/*
 * Unit tests for api/payments_decode.c and api/payments_encode.c. There
 * are no published payloads for tdesk's own payments review API, so the
 * bodies below are written to the contract in DESIGN.md §3: the stories it
 * was made for (15.45 or 15.00 PLN paid for a 15.46 PLN order, a provider
 * reporting gross amounts so a 0.01 USD fee blocks booking, a JPY amount
 * with no minor unit, a refund with its history).
 */
#include "test.h"
#include "api/model.h"
#include "api/money.h"
#include "api/payments_decode.h"
#include "api/payments_encode.h"
#include "api/xmalloc.h"

#define DECODE_OK(call) do {						\
	char *cause_ = NULL;						\
	if ((call) != 0) {						\
		TEST_FAIL("%s: %s", #call, cause_ ? cause_ : "(no cause)"); \
		free(cause_);						\
		return;							\
	}								\
} while (0)

/* Underpaid by one grosz; linked to a Zendesk user and ticket. */
#define PLN_UNDERPAID "{"						\
	"\"id\":\"pay_01HZX3K9PLN\",\"order_id\":\"ORD-2024-08812\","	\
	"\"version\":3,"						\
	"\"customer\":{\"id\":\"cus_4411\",\"name\":\"Zofia Wi\xc5\x9bniewska\","\
	"\"email\":\"zofia@example.pl\",\"zendesk_user_id\":377922500012},"\
	"\"provider\":\"przelewy24\",\"currency\":\"PLN\","		\
	"\"expected_amount\":\"15.46\",\"received_amount\":\"15.45\","	\
	"\"expected_reference\":\"ORD-2024-08812\","			\
	"\"received_reference\":\"ORD-2024-08812\","			\
	"\"expected_account\":\"PL61109010140000071219812874\","	\
	"\"received_account\":\"PL61109010140000071219812874\","	\
	"\"reasons\":[\"underpaid\"],\"status\":\"flagged\","		\
	"\"received_at\":\"2024-06-07T08:14:03Z\","			\
	"\"flagged_at\":\"2024-06-07T08:14:05.120Z\","			\
	"\"auto_cancel_at\":\"2024-06-14T08:14:05Z\","			\
	"\"updated_at\":\"2024-06-07T08:14:05.120Z\","			\
	"\"ticket_ids\":[35436],"					\
	"\"history\":[{\"at\":\"2024-06-07T08:14:05.120Z\",\"actor\":\"system\","\
	"\"action\":\"flagged\",\"note\":\"received 15.45 of 15.46 PLN\"}]}"

/* The provider reports gross: a 0.01 USD fee makes received look short. */
#define USD_FEE "{"							\
	"\"id\":\"pay_01HZX4USD\",\"order_id\":\"ORD-2024-09001\","	\
	"\"version\":1,"						\
	"\"customer\":{\"id\":\"cus_9\",\"name\":\"Jo\xc3\xa3o Pereira\","\
	"\"email\":null,\"zendesk_user_id\":null},"			\
	"\"provider\":\"stripe\",\"currency\":\"USD\","			\
	"\"expected_amount\":\"40.00\",\"received_amount\":\"39.99\","	\
	"\"fee_amount\":\"0.01\",\"expected_reference\":null,"		\
	"\"received_reference\":null,\"expected_account\":null,"	\
	"\"received_account\":null,"					\
	"\"reasons\":[\"fee_rounding\",\"underpaid\"],\"status\":\"flagged\","\
	"\"received_at\":\"2024-06-07T09:00:00Z\","			\
	"\"flagged_at\":\"2024-06-07T09:00:01Z\",\"auto_cancel_at\":null,"\
	"\"updated_at\":\"2024-06-07T09:00:01Z\",\"ticket_ids\":[],"	\
	"\"history\":[]}"

/* Yen have no minor unit; the reference is mistyped. */
#define JPY_REFERENCE "{"						\
	"\"id\":\"pay_01HZX5JPY\",\"order_id\":\"ORD-2024-09100\","	\
	"\"version\":2,"						\
	"\"customer\":{\"id\":\"cus_77\",\"name\":\"\xe7\x94\xb0\xe4\xb8\xad"\
	"\xe8\x8a\xb1\xe5\xad\x90\",\"email\":\"hanako@example.jp\","	\
	"\"zendesk_user_id\":null},"					\
	"\"provider\":\"gmo\",\"currency\":\"JPY\","			\
	"\"expected_amount\":\"1500\",\"received_amount\":\"1500\","	\
	"\"expected_reference\":\"ORD-2024-09100\","			\
	"\"received_reference\":\"ORD-2024-O9100\","			\
	"\"reasons\":[\"reference_mismatch\"],\"status\":\"flagged\","	\
	"\"received_at\":\"2024-06-07T18:30:00+09:00\","		\
	"\"flagged_at\":\"2024-06-07T09:30:02Z\","			\
	"\"auto_cancel_at\":\"2024-06-21T09:30:02Z\","			\
	"\"updated_at\":\"2024-06-07T09:30:02Z\",\"ticket_ids\":[35437,35440]}"

/* Refunded after review, with the whole history. */
#define PLN_REFUNDED "{"						\
	"\"id\":\"pay_01HZX6REF\",\"order_id\":\"ORD-2024-08813\","	\
	"\"version\":5,"						\
	"\"customer\":{\"id\":\"cus_4412\",\"name\":\"Marek Nowak\","	\
	"\"email\":\"marek@example.pl\",\"zendesk_user_id\":377922500013},"\
	"\"provider\":\"przelewy24\",\"currency\":\"PLN\","		\
	"\"expected_amount\":\"15.46\",\"received_amount\":\"15.00\","	\
	"\"fee_amount\":null,"						\
	"\"reasons\":[\"underpaid\",\"late\"],\"status\":\"refunded\","	\
	"\"received_at\":\"2024-06-07T10:00:00Z\","			\
	"\"flagged_at\":\"2024-06-07T10:00:02Z\",\"auto_cancel_at\":null,"\
	"\"updated_at\":\"2024-06-08T11:20:00Z\",\"ticket_ids\":[35450],"\
	"\"history\":["							\
	"{\"at\":\"2024-06-07T10:00:02Z\",\"actor\":\"system\","	\
	"\"action\":\"flagged\",\"note\":null},"			\
	"{\"at\":\"2024-06-07T12:00:00Z\",\"actor\":\"ewa.kowalska\","	\
	"\"action\":\"note\",\"note\":\"Customer asked for a refund\"},"\
	"{\"at\":\"2024-06-08T11:20:00Z\",\"actor\":\"ewa.kowalska\","	\
	"\"action\":\"refunded\",\"note\":\"Refunded 15.00 PLN\"}]}"

/* ---- Payloads ----------------------------------------------------------- */

static void
payment_decodes_a_pln_underpayment_to_the_grosz(void)
{
	struct payment p;
	const char *b = PLN_UNDERPAID;
	int64_t delta = 0;

	DECODE_OK(payments_decode_payment(b, strlen(b), &p, &cause_));
	CHECK_STR(p.id, "pay_01HZX3K9PLN");
	CHECK_STR(p.order_id, "ORD-2024-08812");
	CHECK_INT(p.version, 3);
	CHECK_STR(p.customer.id, "cus_4411");
	CHECK_STR(p.customer.name, "Zofia Wi\xc5\x9bniewska");
	CHECK_STR(p.customer.email, "zofia@example.pl");
	CHECK_INT(p.customer.zendesk_user_id, 377922500012LL);
	CHECK_STR(p.provider, "przelewy24");
	CHECK_STR(p.currency, "PLN");
	CHECK_INT(p.expected_minor, 1546);
	CHECK_INT(p.received_minor, 1545);
	CHECK_INT(money_sub(p.expected_minor, p.received_minor, &delta), 0);
	CHECK_INT(delta, 1);
	CHECK_INT(p.has_fee, 0);
	CHECK_INT(p.fee_minor, 0);
	CHECK_STR(p.received_account, "PL61109010140000071219812874");
	CHECK_INT(p.reasons, PAYMENT_REASON_UNDERPAID);
	CHECK_INT(p.other_reasons.n, 0);
	CHECK_INT(p.status, PAYMENT_STATUS_FLAGGED);
	CHECK_STR(p.status_text, "flagged");
	CHECK_INT(p.flagged_at.nsec, 120000000);
	CHECK_STR(p.auto_cancel_at.text, "2024-06-14T08:14:05Z");
	CHECK_INT(p.ticket_ids.n, 1);
	CHECK_INT(p.ticket_ids.n ? p.ticket_ids.items[0] : 0, 35436);
	CHECK_INT(p.nhistory, 1);
	CHECK_STR(p.nhistory ? p.history[0].note : NULL,
	    "received 15.45 of 15.46 PLN");
	payment_clear(&p);
}

static void
payment_decodes_a_usd_fee_rounding_with_its_fee(void)
{
	struct payment p;
	const char *b = USD_FEE;
	int64_t net = 0;

	DECODE_OK(payments_decode_payment(b, strlen(b), &p, &cause_));
	CHECK_INT(p.expected_minor, 4000);
	CHECK_INT(p.received_minor, 3999);
	CHECK_INT(p.has_fee, 1);
	CHECK_INT(p.fee_minor, 1);
	CHECK_INT(money_add(p.received_minor, p.fee_minor, &net), 0);
	CHECK_INT(money_cmp(net, p.expected_minor), 0);
	CHECK_INT(p.reasons, PAYMENT_REASON_FEE_ROUNDING |
	    PAYMENT_REASON_UNDERPAID);
	CHECK(p.customer.email == NULL);
	CHECK_INT(p.customer.zendesk_user_id, 0);
	CHECK(p.expected_reference == NULL && p.received_account == NULL);
	CHECK(p.auto_cancel_at.text == NULL);
	CHECK_INT(p.ticket_ids.n, 0);
	CHECK_INT(p.nhistory, 0);
	payment_clear(&p);
}

static void
payment_decodes_yen_without_a_minor_unit(void)
{
	struct payment p;
	const char *b = JPY_REFERENCE;

	DECODE_OK(payments_decode_payment(b, strlen(b), &p, &cause_));
	CHECK_STR(p.currency, "JPY");
	CHECK_INT(p.expected_minor, 1500);
	CHECK_INT(p.received_minor, 1500);
	CHECK_INT(p.reasons, PAYMENT_REASON_REFERENCE_MISMATCH);
	CHECK_STR(p.received_reference, "ORD-2024-O9100");
	/* 18:30 in Tokyo is 09:30 UTC. */
	CHECK_INT(p.received_at.secs, 1717752600);
	CHECK_INT(p.ticket_ids.n, 2);
	CHECK_INT(p.nhistory, 0);
	payment_clear(&p);
}

static void
payment_decodes_a_refund_with_its_history(void)
{
	struct payment p;
	const char *b = PLN_REFUNDED;

	DECODE_OK(payments_decode_payment(b, strlen(b), &p, &cause_));
	CHECK_INT(p.status, PAYMENT_STATUS_REFUNDED);
	CHECK_INT(p.received_minor, 1500);
	CHECK_INT(p.has_fee, 0);
	CHECK_INT(p.reasons, PAYMENT_REASON_UNDERPAID | PAYMENT_REASON_LATE);
	CHECK_INT(p.nhistory, 3);
	if (p.nhistory == 3) {
		CHECK(p.history[0].note == NULL);
		CHECK_STR(p.history[1].actor, "ewa.kowalska");
		CHECK_STR(p.history[2].action, "refunded");
		CHECK(p.history[2].at.secs > p.history[1].at.secs);
	}
	payment_clear(&p);
}

static void
page_decodes_every_payment_and_the_cursor(void)
{
	const char *b = "{\"payments\":[" PLN_UNDERPAID "," USD_FEE ","
	    JPY_REFERENCE "," PLN_REFUNDED "],\"next_cursor\":\"c_0004\"}";
	const char *last = "{\"payments\":[],\"next_cursor\":null}";
	struct payments_page p;

	DECODE_OK(payments_decode_page(b, strlen(b), &p, &cause_));
	CHECK_INT(p.npayments, 4);
	CHECK_STR(p.next_cursor, "c_0004");
	if (p.npayments == 4) {
		CHECK_STR(p.payments[2].currency, "JPY");
		CHECK_INT(p.payments[1].fee_minor, 1);
	}
	payments_page_clear(&p);
	DECODE_OK(payments_decode_page(last, strlen(last), &p, &cause_));
	CHECK_INT(p.npayments, 0);
	CHECK(p.next_cursor == NULL);
	payments_page_clear(&p);
}

static void
unknown_reasons_and_statuses_are_kept_as_text(void)
{
	const char *b = "{\"id\":\"p\",\"order_id\":\"o\",\"version\":1,"
	    "\"customer\":{\"id\":\"c\",\"name\":\"n\"},\"provider\":\"x\","
	    "\"currency\":\"EUR\",\"expected_amount\":\"10\","
	    "\"received_amount\":\"10.00\",\"reasons\":[\"chargeback_risk\","
	    "\"duplicate\",\"split_payment\"],\"status\":\"on_hold\","
	    "\"flagged_at\":\"2024-06-07T09:00:01Z\",\"updated_at\":"
	    "\"2024-06-07T09:00:01Z\"}";
	struct payment p;

	DECODE_OK(payments_decode_payment(b, strlen(b), &p, &cause_));
	CHECK_INT(p.reasons, PAYMENT_REASON_DUPLICATE);
	CHECK_INT(p.other_reasons.n, 2);
	if (p.other_reasons.n == 2) {
		CHECK_STR(p.other_reasons.items[0], "chargeback_risk");
		CHECK_STR(p.other_reasons.items[1], "split_payment");
	}
	CHECK_INT(p.status, PAYMENT_STATUS_OTHER);
	CHECK_STR(p.status_text, "on_hold");
	CHECK_INT(p.expected_minor, 1000);
	payment_clear(&p);
}

static void
me_decodes_each_role(void)
{
	const char *t = "{\"id\":\"u_17\",\"name\":\"Ewa Kowalska\",\"role\":"
	    "\"technician\"}";
	const char *o = "{\"id\":\"u_18\",\"name\":\"Ana\",\"role\":\"auditor\"}";
	struct payments_me m;

	DECODE_OK(payments_decode_me(t, strlen(t), &m, &cause_));
	CHECK_STR(m.id, "u_17");
	CHECK_STR(m.name, "Ewa Kowalska");
	CHECK_INT(m.role, PAYMENTS_ROLE_TECHNICIAN);
	payments_me_clear(&m);
	DECODE_OK(payments_decode_me(o, strlen(o), &m, &cause_));
	CHECK_INT(m.role, PAYMENTS_ROLE_OTHER);
	CHECK_STR(m.role_text, "auditor");
	payments_me_clear(&m);
}

static void
error_decodes_a_version_conflict_with_the_current_payment(void)
{
	const char *b = "{\"error\":\"version_conflict\",\"message\":"
	    "\"payment pay_01HZX3K9PLN is at version 4, not 3\",\"payment\":"
	    PLN_UNDERPAID "}";
	const char *f = "{\"error\":\"forbidden\",\"message\":\"first_line "
	    "may not resolve payments\"}";
	struct payments_error e;

	DECODE_OK(payments_decode_error(b, strlen(b), &e, &cause_));
	CHECK_STR(e.error, "version_conflict");
	CHECK_CONTAINS(e.message, "version 4");
	CHECK_INT(e.has_payment, 1);
	CHECK_INT(e.payment.version, 3);
	CHECK_INT(e.payment.received_minor, 1545);
	payments_error_clear(&e);
	DECODE_OK(payments_decode_error(f, strlen(f), &e, &cause_));
	CHECK_STR(e.error, "forbidden");
	CHECK_INT(e.has_payment, 0);
	CHECK(e.payment.id == NULL);
	payments_error_clear(&e);
}

/* ---- Refusals ----------------------------------------------------------- */

/* A payment with the given amounts, currency and extra keys. */
#define PAY(cur, exp, rec, extra) "{\"id\":\"p1\",\"order_id\":\"o1\","	\
	"\"version\":1,\"customer\":{\"id\":\"c1\",\"name\":\"N\"},"	\
	"\"provider\":\"x\",\"currency\":" cur ",\"expected_amount\":"	\
	exp ",\"received_amount\":" rec ",\"reasons\":[],\"status\":"	\
	"\"flagged\",\"flagged_at\":\"2024-06-07T09:00:01Z\","		\
	"\"updated_at\":\"2024-06-07T09:00:01Z\"" extra "}"

static int
run_payment(const char *b, size_t n, char **cause)
{
	struct payment p;
	int rc = payments_decode_payment(b, n, &p, cause);

	payment_clear(&p);
	return rc;
}

static int
run_page(const char *b, size_t n, char **cause)
{
	struct payments_page p;
	int rc = payments_decode_page(b, n, &p, cause);

	payments_page_clear(&p);
	return rc;
}

static int
run_me(const char *b, size_t n, char **cause)
{
	struct payments_me m;
	int rc = payments_decode_me(b, n, &m, cause);

	payments_me_clear(&m);
	return rc;
}

static int
run_error(const char *b, size_t n, char **cause)
{
	struct payments_error e;
	int rc = payments_decode_error(b, n, &e, cause);

	payments_error_clear(&e);
	return rc;
}

static const struct {
	const char	*name;
	int		 (*run)(const char *, size_t, char **);
	const char	*body;
	const char	*want;		/* NULL: accepted */
} cases[] = {
	{ "a minimal payment", run_payment,
	    PAY("\"PLN\"", "\"15.46\"", "\"15.45\"", ""), NULL },
	{ "a null fee", run_payment,
	    PAY("\"PLN\"", "\"15.46\"", "\"15.45\"", ",\"fee_amount\":null"),
	    NULL },
	{ "a JSON number for an amount", run_payment,
	    PAY("\"PLN\"", "15.46", "\"15.45\"", ""),
	    "payment.expected_amount: 15.46 (a JSON number): amounts must be "
	    "decimal strings" },
	{ "a JSON integer for an amount", run_payment,
	    PAY("\"PLN\"", "\"15.46\"", "1545", ""),
	    "payment.received_amount: 1545 (a JSON number): amounts must be "
	    "decimal strings" },
	{ "a third decimal place in PLN", run_payment,
	    PAY("\"PLN\"", "\"15.467\"", "\"15.45\"", ""),
	    "payment.expected_amount: \"15.467\": PLN allows 2 decimal places" },
	{ "a trailing zero past the exponent", run_payment,
	    PAY("\"PLN\"", "\"15.460\"", "\"15.45\"", ""), NULL },
	{ "a fraction of a yen", run_payment,
	    PAY("\"JPY\"", "\"1500.5\"", "\"1500\"", ""),
	    "payment.expected_amount: \"1500.5\": JPY allows no decimal places" },
	{ "an unknown currency", run_payment,
	    PAY("\"XYZ\"", "\"1.00\"", "\"1.00\"", ""),
	    "payment.currency: unknown currency \"XYZ\"" },
	{ "a lower-case currency", run_payment,
	    PAY("\"pln\"", "\"1.00\"", "\"1.00\"", ""),
	    "payment.currency: unknown currency \"pln\"" },
	{ "a currency that is a number", run_payment,
	    PAY("985", "\"1.00\"", "\"1.00\"", ""),
	    "payment.currency: expected string, got integer 985" },
	{ "a missing currency", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\"},\"provider\":\"x\"}",
	    "payment.currency: missing (expected string)" },
	{ "a negative amount", run_payment,
	    PAY("\"PLN\"", "\"15.46\"", "\"-1.00\"", ""),
	    "payment.received_amount: \"-1.00\": an amount cannot be negative" },
	{ "an amount beyond int64", run_payment,
	    PAY("\"PLN\"", "\"99999999999999999999.00\"", "\"1.00\"", ""),
	    "payment.expected_amount: \"99999999999999999999.00\": amount out "
	    "of range for PLN" },
	{ "an amount with a space", run_payment,
	    PAY("\"PLN\"", "\"15 .46\"", "\"1.00\"", ""),
	    "payment.expected_amount: \"15 .46\": not a decimal amount for PLN" },
	{ "a null received amount", run_payment,
	    PAY("\"PLN\"", "\"15.46\"", "null", ""),
	    "payment.received_amount: null: amounts must be decimal strings" },
	{ "a missing expected amount", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\"},\"provider\":\"x\",\"currency\":"
	    "\"PLN\",\"received_amount\":\"1.00\"}",
	    "payment.expected_amount: missing (expected a decimal string "
	    "amount)" },
	{ "a fee that is a real", run_payment,
	    PAY("\"USD\"", "\"40.00\"", "\"39.99\"", ",\"fee_amount\":0.01"),
	    "payment.fee_amount: 0.01 (a JSON number)" },
	{ "a version as a string", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":\"3\"}",
	    "payment.version: expected integer, got string \"3\"" },
	{ "a negative version", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":-1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\"},\"provider\":\"x\",\"currency\":"
	    "\"PLN\"}",
	    "payment.version: -1: a version cannot be negative" },
	{ "a numeric payment id", run_payment, "{\"id\":17}",
	    "payment.id: expected string, got integer 17" },
	{ "a customer that is a string", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "\"c1\"}",
	    "payment.customer: expected object, got string \"c1\"" },
	{ "a zendesk user id as a string", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\",\"zendesk_user_id\":\"77\"}}",
	    "payment.customer.zendesk_user_id: expected positive integer id or "
	    "null, got string \"77\"" },
	{ "reasons given twice", run_payment,
	    PAY("\"PLN\"", "\"1.00\"", "\"1.00\"", ",\"reasons\":[5]"),
	    "payment: not valid JSON: a key appears twice" },
	{ "a reason that is a number", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\"},\"provider\":\"x\",\"currency\":"
	    "\"PLN\",\"expected_amount\":\"1.00\",\"received_amount\":\"1.00\","
	    "\"reasons\":[\"underpaid\",3],\"status\":null}",
	    "payment.reasons[1]: expected string, got integer 3" },
	{ "a history entry without a time", run_payment,
	    PAY("\"PLN\"", "\"1.00\"", "\"1.00\"",
	    ",\"history\":[{\"at\":\"2024-06-07T09:00:01Z\",\"actor\":\"a\","
	    "\"action\":\"b\"},{\"actor\":\"a\",\"action\":\"b\"}]"),
	    "payment.history[1].at: missing (expected timestamp string" },
	{ "a ticket id that is a string", run_payment,
	    PAY("\"PLN\"", "\"1.00\"", "\"1.00\"", ",\"ticket_ids\":[\"1\"]"),
	    "payment.ticket_ids[0]: expected positive integer id, got string "
	    "\"1\"" },
	{ "a flagged_at in the wrong form", run_payment,
	    "{\"id\":\"p1\",\"order_id\":\"o1\",\"version\":1,\"customer\":"
	    "{\"id\":\"c1\",\"name\":\"N\"},\"provider\":\"x\",\"currency\":"
	    "\"PLN\",\"expected_amount\":\"1.00\",\"received_amount\":\"1.00\","
	    "\"reasons\":[],\"status\":\"flagged\",\"flagged_at\":"
	    "\"07/06/2024 09:00\"}",
	    "payment.flagged_at: \"07/06/2024 09:00\" is not a timestamp" },
	{ "a bad amount deep in a page", run_page,
	    "{\"payments\":[" PLN_UNDERPAID "," PAY("\"PLN\"", "\"15.46\"",
	    "\"15.451\"", "") "],\"next_cursor\":null}",
	    "payments[1].received_amount: \"15.451\": PLN allows 2 decimal "
	    "places" },
	{ "a page without next_cursor", run_page, "{\"payments\":[]}",
	    "next_cursor: missing (expected string)" },
	{ "a page whose payments are an object", run_page,
	    "{\"payments\":{},\"next_cursor\":null}",
	    "payments: expected array, got object" },
	{ "a me without a role", run_me, "{\"id\":\"u\",\"name\":\"n\"}",
	    "me.role: missing (expected string)" },
	{ "a me whose id is a number", run_me,
	    "{\"id\":1,\"name\":\"n\",\"role\":\"admin\"}",
	    "me.id: expected string, got integer 1" },
	{ "an error without an error code", run_error,
	    "{\"message\":\"m\"}", "error: missing (expected string)" },
	{ "a conflict whose payment is broken", run_error,
	    "{\"error\":\"version_conflict\",\"payment\":" PAY("\"PLN\"",
	    "\"15.46\"", "15.45", "") "}",
	    "payment.received_amount: 15.45 (a JSON number)" },
	{ "truncated JSON", run_payment, PLN_UNDERPAID "xx",
	    "payment: not valid JSON" },
	{ "a payment cut short", run_payment, "{\"id\":\"p1\",\"amount",
	    "payment: not valid JSON: it ends too soon" },
	{ "an array at the top", run_payment, "[" PLN_UNDERPAID "]",
	    "payment: expected a JSON object at the top, got array" },
	{ "invalid UTF-8 in a name", run_payment,
	    "{\"id\":\"p\",\"customer\":{\"name\":\"Wi\xc5niewska\"}}",
	    "payment: not valid JSON: text is not valid UTF-8" },
	{ "a huge version", run_payment,
	    "{\"id\":\"p\",\"order_id\":\"o\",\"version\":1e400}",
	    "payment: not valid JSON" },
	{ "deeply nested garbage", run_page,
	    "{\"payments\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
	    "payments page: nested deeper than 64 levels" },
};

static void
decoders_refuse_bad_bodies_naming_the_field(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *cause = NULL;
		int rc = cases[i].run(cases[i].body, strlen(cases[i].body),
		    &cause);

		if (cases[i].want == NULL && rc != 0)
			TEST_FAIL("%s: refused: %s", cases[i].name, cause);
		else if (cases[i].want != NULL && rc == 0)
			TEST_FAIL("%s: accepted", cases[i].name);
		else if (cases[i].want != NULL && (cause == NULL ||
		    strstr(cause, cases[i].want) == NULL))
			TEST_FAIL("%s: \"%s\" lacks \"%s\"", cases[i].name,
			    cause ? cause : "(null)", cases[i].want);
		free(cause);
	}
}

/* The http layer's error_text asks for no message: cause NULL. */
static void
decoders_asked_for_no_message_answer_the_same(void)
{
	size_t i;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = cases[i].run(cases[i].body, strlen(cases[i].body), NULL);
		if ((rc != 0) != (cases[i].want != NULL))
			TEST_FAIL("%s: %s without a cause", cases[i].name,
			    rc != 0 ? "refused" : "accepted");
	}
}

static void
a_failed_decode_leaves_the_record_all_zero(void)
{
	const char *b = "{\"payments\":[" PLN_REFUNDED "," USD_FEE ","
	    PAY("\"PLN\"", "\"1\"", "\"x\"", "") "],\"next_cursor\":null}";
	struct payments_page p, zero;
	char *cause = NULL;

	memset(&zero, 0, sizeof zero);
	CHECK(payments_decode_page(b, strlen(b), &p, &cause) != 0);
	CHECK_CONTAINS(cause, "payments[2].received_amount: \"x\"");
	CHECK(memcmp(&p, &zero, sizeof p) == 0);
	free(cause);
}

static void
free_function_frees_and_nulls_a_payment(void)
{
	struct payment *p = xcalloc(1, sizeof *p);
	const char *b = PLN_REFUNDED;
	char *cause = NULL;

	CHECK_INT(payments_decode_payment(b, strlen(b), p, &cause), 0);
	payment_free(&p);
	CHECK(p == NULL);
	payment_free(&p);
	free(cause);
}

/* ---- Encoder ------------------------------------------------------------ */

static void
resolution_encodes_an_accept_without_an_amount(void)
{
	struct payment_resolution r = { PAYMENT_ACTION_ACCEPT,
	    "Paid 15.45 of 15.46 PLN; within the 0.01 tolerance", 3, 0, 0 };
	char *json = NULL, *cause = NULL;

	CHECK_INT(payments_encode_resolution(&r, "PLN", &json, &cause), 0);
	CHECK_STR(json, "{\"action\":\"accept\",\"note\":\"Paid 15.45 of 15.46 "
	    "PLN; within the 0.01 tolerance\",\"expected_version\":3}");
	free(json);
	free(cause);
}

static void
resolution_writes_the_refund_amount_as_an_exact_decimal_string(void)
{
	struct payment_resolution r = { PAYMENT_ACTION_REFUND,
	    "Refund what was received", 5, 1, 1500 };
	char *json = NULL, *cause = NULL;

	CHECK_INT(payments_encode_resolution(&r, "PLN", &json, &cause), 0);
	CHECK_STR(json, "{\"action\":\"refund\",\"note\":\"Refund what was "
	    "received\",\"expected_version\":5,\"refund_amount\":\"15.00\"}");
	free(json);
	CHECK_INT(payments_encode_resolution(&r, "JPY", &json, &cause), 0);
	CHECK_CONTAINS(json, "\"refund_amount\":\"1500\"");
	free(json);
	r.refund_minor = 1;
	CHECK_INT(payments_encode_resolution(&r, "BTC", &json, &cause), 0);
	CHECK_CONTAINS(json, "\"refund_amount\":\"0.00000001\"");
	free(json);
	r.has_refund_amount = 0;
	CHECK_INT(payments_encode_resolution(&r, "PLN", &json, &cause), 0);
	CHECK(strstr(json, "refund_amount") == NULL);
	free(json);
	free(cause);
}

static void
resolution_refuses_what_the_backend_would(void)
{
	struct payment_resolution r = { PAYMENT_ACTION_ACCEPT, "n", 1, 1, 100 };
	char *json = NULL, *cause = NULL;

	CHECK(payments_encode_resolution(&r, "PLN", &json, &cause) != 0);
	CHECK_STR(cause, "resolution.refund_amount: only a refund has an "
	    "amount");
	free(cause);
	r.action = PAYMENT_ACTION_REFUND;
	r.refund_minor = 0;
	CHECK(payments_encode_resolution(&r, "PLN", &json, &cause) != 0);
	CHECK_STR(cause, "resolution.refund_amount: \"0.00\": a refund must be "
	    "above zero");
	free(cause);
	r.refund_minor = 100;
	CHECK(payments_encode_resolution(&r, "XYZ", &json, &cause) != 0);
	CHECK_STR(cause, "resolution.refund_amount: unknown currency");
	free(cause);
	r.action = (enum payment_action)9;
	CHECK(payments_encode_resolution(&r, "PLN", &json, &cause) != 0);
	CHECK_CONTAINS(cause, "resolution.action");
	free(cause);
	r.action = PAYMENT_ACTION_RECALCULATE;
	r.has_refund_amount = 0;
	r.note = NULL;
	CHECK(payments_encode_resolution(&r, "PLN", &json, &cause) != 0);
	CHECK_STR(cause, "resolution.note: a resolution needs a note");
	free(cause);
	r.note = "\xe2\x82";
	CHECK(payments_encode_resolution(&r, "PLN", &json, &cause) != 0);
	CHECK_STR(cause, "resolution.note: text is not valid UTF-8");
	free(cause);
	CHECK(json == NULL);
}

/* U+FFFD in UTF-8, where a \u0000 or a lone surrogate was. */
#define FFFD "\xef\xbf\xbd"

/* A payment by id whose customer's name is the JSON text name. */
#define PAY_NAMED(id, name) "{\"id\":\"" id "\",\"order_id\":\"o1\","	\
	"\"version\":1,\"customer\":{\"id\":\"c1\",\"name\":\"" name "\"},"\
	"\"provider\":\"x\",\"currency\":\"PLN\",\"expected_amount\":"	\
	"\"15.46\",\"received_amount\":\"15.45\",\"reasons\":[],"	\
	"\"status\":\"flagged\",\"flagged_at\":\"2024-06-07T09:00:01Z\","	\
	"\"updated_at\":\"2024-06-07T09:00:01Z\"}"

static void
a_payments_page_with_nul_and_lone_surrogates_decodes_whole(void)
{
	const char *b = "{\"payments\":["
	    PAY_NAMED("p1", "Zofia Wi\\u0000niewska") ","
	    PAY_NAMED("p2", "Jo\\ud800o") ","
	    PAY_NAMED("p3", "\\udc00") ","
	    PAY_NAMED("p4", "Zofia \\ud83d\\ude00")
	    "],\"next_cursor\":\"n2\"}";
	struct payments_page p;

	DECODE_OK(payments_decode_page(b, strlen(b), &p, &cause_));
	CHECK_INT(p.npayments, 4);
	if (p.npayments == 4) {
		CHECK_STR(p.payments[0].customer.name,
		    "Zofia Wi" FFFD "niewska");
		CHECK_STR(p.payments[1].customer.name, "Jo" FFFD "o");
		CHECK_STR(p.payments[2].customer.name, FFFD);
		CHECK_STR(p.payments[3].customer.name,
		    "Zofia \xf0\x9f\x98\x80");
		CHECK_INT(p.payments[3].received_minor, 1545);
	}
	CHECK_STR(p.next_cursor, "n2");
	payments_page_clear(&p);
}

static const struct test tests[] = {
	T(payment_decodes_a_pln_underpayment_to_the_grosz),
	T(payment_decodes_a_usd_fee_rounding_with_its_fee),
	T(payment_decodes_yen_without_a_minor_unit),
	T(payment_decodes_a_refund_with_its_history),
	T(page_decodes_every_payment_and_the_cursor),
	T(unknown_reasons_and_statuses_are_kept_as_text),
	T(me_decodes_each_role),
	T(error_decodes_a_version_conflict_with_the_current_payment),
	T(decoders_refuse_bad_bodies_naming_the_field),
	T(decoders_asked_for_no_message_answer_the_same),
	T(a_failed_decode_leaves_the_record_all_zero),
	T(free_function_frees_and_nulls_a_payment),
	T(resolution_encodes_an_accept_without_an_amount),
	T(resolution_writes_the_refund_amount_as_an_exact_decimal_string),
	T(resolution_refuses_what_the_backend_would),
	T(a_payments_page_with_nul_and_lone_surrogates_decodes_whole),
};

TEST_MAIN(tests)
