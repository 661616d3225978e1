/*
 * Unit tests for api/money.c: exact parsing, formatting and arithmetic of
 * amounts in minor units, and the messages that explain a refusal.
 */
#include "test.h"
#include "api/money.h"

#include <jansson.h>

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

/* Parse text that the test expects to be valid; a failure is reported. */
static int64_t
parse_ok(const char *text, const char *currency)
{
	int64_t v = 0;
	char *cause = NULL;

	if (money_parse(text, currency, &v, &cause) != 0) {
		TEST_FAIL("money_parse(\"%s\", %s) failed: %s", text, currency,
		    cause ? cause : "(no cause)");
	}
	free(cause);
	return v;
}

/*
 * Parse text that the test expects to be refused; checks the cause holds
 * want and *minor is left alone.
 */
static void
parse_fails(const char *text, size_t len, const char *currency,
    const char *want)
{
	int64_t v = 42;
	char *cause = NULL;

	if (money_parse_n(text, len, currency, &v, &cause) == 0) {
		TEST_FAIL("\"%.*s\" %s parsed to %" PRId64 ", want an error",
		    (int)len, text, currency, v);
	}
	CHECK_CONTAINS(cause, want);
	CHECK_INT(v, 42);
	free(cause);
}

static void
pln_differences_from_15_46_are_exact_in_minor_units_and_as_text(void)
{
	static const struct {
		const char	*other;
		int64_t		 minor;
		const char	*text;
	} t[] = {
		{ "15.45", 1, "0.01" },
		{ "15.40", 6, "0.06" },
		{ "15.00", 46, "0.46" },
		{ "15.4", 6, "0.06" },
		{ "15", 46, "0.46" },
	};
	char buf[MONEY_BUFSIZE];
	int64_t a = parse_ok("15.46", "PLN"), diff;
	size_t i;

	CHECK_INT(a, 1546);
	for (i = 0; i < NELEM(t); i++) {
		CHECK(money_sub(a, parse_ok(t[i].other, "PLN"), &diff) == 0);
		CHECK_INT(diff, t[i].minor);
		CHECK_STR(money_format(diff, "PLN", buf, sizeof buf),
		    t[i].text);
		CHECK(money_sub(parse_ok(t[i].other, "PLN"), a, &diff) == 0);
		CHECK_INT(diff, -t[i].minor);
	}
}

static void
a_one_cent_fee_leaves_the_expected_net_exactly(void)
{
	static const struct {
		const char	*currency, *gross, *fee, *expected, *net;
	} t[] = {
		{ "USD", "100.01", "0.01", "100.00", "100.00" },
		{ "EUR", "100.01", "0.01", "100.00", "100.00" },
		{ "USD", "100.01", "0.01", "100", "100.00" },
		{ "USD", "0.01", "0.01", "0", "0.00" },
		{ "EUR", "19.99", "0.01", "19.98", "19.98" },
		{ "EUR", "1000000.01", "0.01", "1000000", "1000000.00" },
	};
	char buf[MONEY_BUFSIZE];
	int64_t net;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		CHECK(money_sub(parse_ok(t[i].gross, t[i].currency),
		    parse_ok(t[i].fee, t[i].currency), &net) == 0);
		CHECK_INT(money_cmp(net, parse_ok(t[i].expected,
		    t[i].currency)), 0);
		CHECK_STR(money_format(net, t[i].currency, buf, sizeof buf),
		    t[i].net);
	}
}

static void
sums_that_binary_fractions_get_wrong_add_up_exactly(void)
{
	static const struct {
		const char	*currency, *a, *b, *sum;
	} t[] = {
		{ "USD", "0.10", "0.20", "0.30" },
		{ "EUR", "0.1", "0.2", "0.3" },
		{ "PLN", "1.10", "2.20", "3.30" },
		{ "USD", "0.70", "0.10", "0.80" },
		{ "BTC", "0.1", "0.2", "0.3" },
		{ "KWD", "0.001", "0.002", "0.003" },
	};
	char buf[MONEY_BUFSIZE];
	int64_t s, acc = 0;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		CHECK(money_add(parse_ok(t[i].a, t[i].currency),
		    parse_ok(t[i].b, t[i].currency), &s) == 0);
		CHECK_INT(s, parse_ok(t[i].sum, t[i].currency));
	}
	for (i = 0; i < 10; i++)
		CHECK(money_add(acc, parse_ok("0.10", "USD"), &acc) == 0);
	CHECK_STR(money_format(acc, "USD", buf, sizeof buf), "1.00");
}

/* One row of a currency's parse table: want_cause NULL means it parses. */
struct parse_case {
	const char	*text;
	int64_t		 minor;
	const char	*want_cause;
};

static void
check_parse_table(const char *currency, const struct parse_case *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].want_cause == NULL)
			CHECK_INT(parse_ok(t[i].text, currency), t[i].minor);
		else {
			parse_fails(t[i].text, strlen(t[i].text), currency,
			    t[i].want_cause);
		}
	}
}

static void
jpy_amounts_have_no_decimal_places(void)
{
	static const struct parse_case t[] = {
		{ "1500", 1500, NULL },
		{ "1500.0", 1500, NULL },
		{ "1500.00", 1500, NULL },
		{ "100.00", 100, NULL },
		{ "-1500", -1500, NULL },
		{ "1500.5", 0, "\"1500.5\": JPY allows no decimal places" },
		{ "100.05", 0, "\"100.05\": JPY allows no decimal places" },
	};
	char buf[MONEY_BUFSIZE];

	check_parse_table("JPY", t, NELEM(t));
	CHECK_INT(money_exponent("JPY"), 0);
	CHECK_STR(money_format(1000, "JPY", buf, sizeof buf), "1000");
	CHECK_STR(money_format(-7, "JPY", buf, sizeof buf), "-7");
	CHECK_STR(money_format(0, "JPY", buf, sizeof buf), "0");
}

static void
btc_amounts_have_eight_decimal_places(void)
{
	static const struct parse_case t[] = {
		{ "0.00000001", 1, NULL },
		{ "21000000.00000000", INT64_C(2100000000000000), NULL },
		{ "21000000", INT64_C(2100000000000000), NULL },
		{ "0.000000010", 1, NULL },
		{ "1.5", 150000000, NULL },
		{ "0.000000001", 0, "\"0.000000001\": BTC allows 8 decimal "
		    "places" },
		{ "0.123456789", 0, "BTC allows 8 decimal places" },
	};
	char buf[MONEY_BUFSIZE];

	check_parse_table("BTC", t, NELEM(t));
	CHECK_STR(money_format(1, "BTC", buf, sizeof buf), "0.00000001");
	CHECK_STR(money_format(INT64_C(2100000000000000), "BTC", buf,
	    sizeof buf), "21000000.00000000");
}

static void
kwd_amounts_have_three_decimal_places(void)
{
	static const struct parse_case t[] = {
		{ "1.234", 1234, NULL },
		{ "0.001", 1, NULL },
		{ "1.2340", 1234, NULL },
		{ "12", 12000, NULL },
		{ "-0.5", -500, NULL },
		{ "1.2345", 0, "\"1.2345\": KWD allows 3 decimal places" },
	};
	char buf[MONEY_BUFSIZE];

	check_parse_table("KWD", t, NELEM(t));
	CHECK_STR(money_format(1234, "KWD", buf, sizeof buf), "1.234");
	CHECK_STR(money_format(-5, "KWD", buf, sizeof buf), "-0.005");
}

static void
eth_is_counted_in_gwei_and_finer_digits_are_refused(void)
{
	static const struct parse_case t[] = {
		{ "0.000000001", 1, NULL },
		{ "9.22", INT64_C(9220000000), NULL },
		{ "1000000", INT64_C(1000000000000000), NULL },
		{ "1.0000000000", INT64_C(1000000000), NULL },
		{ "0.0000000001", 0, "\"0.0000000001\": ETH allows 9 decimal "
		    "places (tdesk counts ETH in gwei)" },
	};
	char buf[MONEY_BUFSIZE];

	check_parse_table("ETH", t, NELEM(t));
	CHECK_STR(money_format(1, "ETH", buf, sizeof buf), "0.000000001");
}

static void
extra_zero_digits_are_exact_and_accepted(void)
{
	static const struct parse_case t[] = {
		{ "15.460", 1546, NULL },
		{ "15.4600000000000000000000000000", 1546, NULL },
		{ "007.50", 750, NULL },
		{ "0000000000000000000000000000001.00", 100, NULL },
		{ "-0", 0, NULL },
		{ "-0.00", 0, NULL },
		{ "-0.000", 0, NULL },
		{ "0", 0, NULL },
		{ "15.467", 0, "\"15.467\": PLN allows 2 decimal places" },
		{ "15.4601", 0, "\"15.4601\": PLN allows 2 decimal places" },
	};

	check_parse_table("PLN", t, NELEM(t));
}

static void
int64_limits_parse_and_format_exactly(void)
{
	static const struct {
		const char	*currency, *text;
		int64_t		 minor;
	} t[] = {
		{ "USD", "92233720368547758.07", INT64_MAX },
		{ "USD", "-92233720368547758.08", INT64_MIN },
		{ "JPY", "9223372036854775807", INT64_MAX },
		{ "JPY", "-9223372036854775808", INT64_MIN },
		{ "BTC", "92233720368.54775807", INT64_MAX },
		{ "BTC", "-92233720368.54775808", INT64_MIN },
		{ "ETH", "-9223372036.854775808", INT64_MIN },
		{ "KWD", "9223372036854775.807", INT64_MAX },
	};
	char buf[MONEY_BUFSIZE];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		CHECK_INT(parse_ok(t[i].text, t[i].currency), t[i].minor);
		CHECK_STR(money_format(t[i].minor, t[i].currency, buf,
		    sizeof buf), t[i].text);
	}
}

static void
one_past_the_int64_limits_is_out_of_range_naming_the_limit(void)
{
	static const struct {
		const char	*currency, *text, *want;
	} t[] = {
		{ "USD", "92233720368547758.08", "\"92233720368547758.08\": "
		    "amount out of range for USD (the largest is "
		    "92233720368547758.07)" },
		{ "USD", "-92233720368547758.09", "\"-92233720368547758.09\": "
		    "amount out of range for USD (the smallest is "
		    "-92233720368547758.08)" },
		{ "USD", "92233720368547758.080", "out of range for USD" },
		{ "USD", "99999999999999999999", "out of range for USD" },
		{ "USD", "100000000000000000000000000000000", "out of range" },
		{ "JPY", "9223372036854775808", "\"9223372036854775808\": "
		    "amount out of range for JPY" },
		{ "JPY", "-9223372036854775809", "out of range for JPY" },
		{ "BTC", "92233720368.54775808", "out of range for BTC" },
		{ "BTC", "92233720369", "out of range for BTC" },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		parse_fails(t[i].text, strlen(t[i].text), t[i].currency,
		    t[i].want);
	}
}

static void
money_add_and_money_sub_detect_overflow_at_the_limits(void)
{
	static const struct {
		char		 op;		/* '+' or '-' */
		int64_t		 a, b;
		int		 ret;
		int64_t		 want;
	} t[] = {
		{ '+', INT64_MAX, 0, 0, INT64_MAX },
		{ '+', INT64_MAX, 1, -1, 0 },
		{ '+', INT64_MAX - 1, 1, 0, INT64_MAX },
		{ '+', INT64_MIN, -1, -1, 0 },
		{ '+', INT64_MIN, 0, 0, INT64_MIN },
		{ '+', INT64_MIN, INT64_MAX, 0, -1 },
		{ '+', INT64_MAX, INT64_MAX, -1, 0 },
		{ '+', INT64_MIN, INT64_MIN, -1, 0 },
		{ '-', INT64_MIN, 1, -1, 0 },
		{ '-', INT64_MIN + 1, 1, 0, INT64_MIN },
		{ '-', INT64_MAX, -1, -1, 0 },
		{ '-', 0, INT64_MIN, -1, 0 },
		{ '-', -1, INT64_MIN, 0, INT64_MAX },
		{ '-', 0, INT64_MAX, 0, -INT64_MAX },
		{ '-', INT64_MIN, INT64_MIN, 0, 0 },
	};
	int64_t out;
	size_t i;
	int ret;

	for (i = 0; i < NELEM(t); i++) {
		out = 12345;
		if (t[i].op == '+')
			ret = money_add(t[i].a, t[i].b, &out);
		else
			ret = money_sub(t[i].a, t[i].b, &out);
		CHECK_INT(ret, t[i].ret);
		CHECK_INT(out, t[i].ret == 0 ? t[i].want : 12345);
	}
}

static void
money_cmp_orders_amounts_across_the_whole_range(void)
{
	static const struct {
		int64_t	a, b;
		int	want;
	} t[] = {
		{ 0, 0, 0 }, { 1, 0, 1 }, { 0, 1, -1 },
		{ INT64_MIN, INT64_MAX, -1 }, { INT64_MAX, INT64_MIN, 1 },
		{ INT64_MIN, INT64_MIN, 0 }, { -1546, 1546, -1 },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		CHECK_INT(money_cmp(t[i].a, t[i].b), t[i].want);
}

static void
malformed_text_is_refused_naming_the_text_and_the_reason(void)
{
	static const struct {
		const char	*text, *want;
	} t[] = {
		{ "", "\"\": not a decimal amount for PLN (empty)" },
		{ " 15.46", "\" 15.46\": not a decimal amount for PLN "
		    "(whitespace is not allowed)" },
		{ "15.46 ", "whitespace is not allowed" },
		{ "15 .46", "whitespace is not allowed" },
		{ "\t15", "whitespace is not allowed" },
		{ "15\n", "whitespace is not allowed" },
		{ "- 5", "whitespace is not allowed" },
		{ "+5", "\"+5\": not a decimal amount for PLN ('+' is not "
		    "allowed" },
		{ "1e3", "\"1e3\": not a decimal amount for PLN (exponents are "
		    "not allowed)" },
		{ "1.5E2", "exponents are not allowed" },
		{ "1,000.00", "',' is not allowed" },
		{ "15,46", "'.' is the decimal point" },
		{ "1'000", "thousands separators are not allowed" },
		{ "1_000", "thousands separators are not allowed" },
		{ ".5", "a digit must come before '.'" },
		{ "-.5", "a digit must come before '.'" },
		{ ".", "a digit must come before '.'" },
		{ "5.", "\"5.\": not a decimal amount for PLN (a digit must "
		    "follow '.')" },
		{ "5.x", "a digit must follow '.'" },
		{ "1.2.3", "more than one '.'" },
		{ "1..2", "more than one '.'" },
		{ "-", "(no digits)" },
		{ "--5", "'-' is only allowed at the start" },
		{ "5-", "'-' is only allowed at the start" },
		{ "abc", "\"abc\": not a decimal amount for PLN (unexpected "
		    "'a')" },
		{ "e5", "unexpected 'e'" },
		{ "0x10", "unexpected 'x'" },
		{ "NaN", "unexpected 'N'" },
		{ "Infinity", "unexpected 'I'" },
		{ "$15.46", "unexpected '$'" },
		{ "15.46PLN", "unexpected 'P'" },
		{ "15\x7f", "unexpected byte \\x7f" },
		{ "\xd9\xa1\xd9\xa2", "\"\\xd9\\xa1\\xd9\\xa2\": not a decimal "
		    "amount for PLN (only the ASCII digits 0-9 are allowed)" },
		{ "\xef\xbc\x91\xef\xbc\x92", "only the ASCII digits" },
		{ "1\xc2\xa0" "000", "only the ASCII digits" },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++)
		parse_fails(t[i].text, strlen(t[i].text), "PLN", t[i].want);
}

static void
a_nul_byte_inside_the_text_is_refused(void)
{
	static const char text[] = "12\0" "34";

	parse_fails(text, sizeof text - 1, "PLN",
	    "\"12\\x0034\": not a decimal amount for PLN (it contains a NUL "
	    "byte)");
	parse_fails(text, 3, "PLN", "NUL byte");
}

static void
long_or_control_text_is_quoted_safely_in_messages(void)
{
	char text[300], *cause = NULL;
	int64_t v;

	memset(text, '1', sizeof text - 2);
	text[sizeof text - 2] = 'x';
	text[sizeof text - 1] = '\0';
	CHECK(money_parse(text, "USD", &v, &cause) == -1);
	CHECK_CONTAINS(cause, "...: not a decimal amount for USD");
	CHECK(cause != NULL && strlen(cause) < 200);
	free(cause);

	cause = NULL;
	CHECK(money_parse("\x1b[31m5", "USD", &v, &cause) == -1);
	CHECK_CONTAINS(cause, "\"\\x1b[31m5\"");
	CHECK(cause != NULL && strchr(cause, '\x1b') == NULL);
	free(cause);

	cause = NULL;
	CHECK(money_parse("\"5\"", "USD", &v, &cause) == -1);
	CHECK_CONTAINS(cause, "\"\\\"5\\\"\": not a decimal amount");
	free(cause);
}

static void
an_unknown_currency_is_refused_by_name(void)
{
	static const struct {
		const char	*currency, *want;
	} t[] = {
		{ "XYZ", "\"1.00\": unknown currency \"XYZ\"" },
		{ "pln", "unknown currency \"pln\"" },
		{ "", "unknown currency \"\"" },
		{ "XAU", "unknown currency \"XAU\"" },
		{ "PLN ", "unknown currency \"PLN \"" },
		{ NULL, "unknown currency (none)" },
	};
	char buf[MONEY_BUFSIZE], *cause;
	json_t *j = json_string("1.00");
	int64_t v;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		parse_fails("1.00", 4, t[i].currency, t[i].want);
		CHECK_INT(money_exponent(t[i].currency), -1);
		CHECK_STR(money_format(100, t[i].currency, buf, sizeof buf),
		    "?");
		cause = NULL;
		CHECK(money_from_json(j, t[i].currency, &v, &cause) == -1);
		CHECK_CONTAINS(cause, "unknown currency");
		free(cause);
	}
	json_decref(j);
}

static void
currency_exponents_follow_iso_4217_and_the_crypto_table(void)
{
	static const struct {
		const char	*code;
		int		 exponent;
	} t[] = {
		{ "PLN", 2 }, { "USD", 2 }, { "EUR", 2 }, { "GBP", 2 },
		{ "CHF", 2 }, { "JPY", 0 }, { "KRW", 0 }, { "ISK", 0 },
		{ "CLP", 0 }, { "VND", 0 }, { "XOF", 0 }, { "XAF", 0 },
		{ "UGX", 0 }, { "UYI", 0 }, { "PYG", 0 },
		{ "KWD", 3 }, { "BHD", 3 }, { "JOD", 3 }, { "OMR", 3 },
		{ "TND", 3 }, { "LYD", 3 }, { "IQD", 3 },
		{ "CLF", 4 }, { "UYW", 4 },
		{ "XCG", 2 }, { "ZWG", 2 }, { "SLE", 2 }, { "VED", 2 },
		{ "XAD", 2 },
		{ "BTC", 8 }, { "LTC", 8 }, { "DOGE", 8 }, { "USDT", 6 },
		{ "USDC", 6 }, { "XRP", 6 }, { "SOL", 9 }, { "ETH", 9 },
		{ "XAU", -1 }, { "XDR", -1 }, { "XXX", -1 }, { "XTS", -1 },
		{ "", -1 }, { "PL", -1 }, { "PLNX", -1 }, { "usd", -1 },
	};
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		if (money_exponent(t[i].code) != t[i].exponent) {
			TEST_FAIL("%s: exponent %d, want %d", t[i].code,
			    money_exponent(t[i].code), t[i].exponent);
		}
	}
}

static void
every_listed_currency_is_found_in_order_and_fits_the_buffer(void)
{
	char buf[MONEY_BUFSIZE], *cause;
	const char *code, *prev = NULL;
	int64_t v;
	size_t i;
	int e;

	for (i = 0; (code = money_currency_at(i)) != NULL; i++) {
		if (prev != NULL && strcmp(prev, code) >= 0)
			TEST_FAIL("%s listed after %s", code, prev);
		prev = code;
		e = money_exponent(code);
		if (e < 0 || e > 18)
			TEST_FAIL("%s: bad exponent %d", code, e);
		money_format(INT64_MIN, code, buf, sizeof buf);
		CHECK(strcmp(buf, "?") != 0);
		cause = NULL;
		if (money_parse(buf, code, &v, &cause) != 0 || v != INT64_MIN)
			TEST_FAIL("%s: \"%s\" does not round-trip: %s", code,
			    buf, cause ? cause : "");
		free(cause);
	}
	if (i < 160)
		TEST_FAIL("only %zu currencies listed", i);
}

static void
format_then_parse_round_trips_for_every_currency(void)
{
	static const int64_t values[] = {
		0, 1, -1, 5, -5, 9, 10, 99, 100, -100, 1546, -1546, 999999,
		INT64_C(1000000000), INT64_C(123456789012345678),
		INT64_C(-987654321098765432), INT64_MAX, INT64_MAX - 1,
		INT64_MIN, INT64_MIN + 1,
	};
	char buf[MONEY_BUFSIZE], *cause;
	const char *code;
	int64_t v;
	size_t i, c;

	for (c = 0; (code = money_currency_at(c)) != NULL; c++) {
		for (i = 0; i < NELEM(values); i++) {
			money_format(values[i], code, buf, sizeof buf);
			cause = NULL;
			v = 0;
			if (money_parse(buf, code, &v, &cause) != 0 ||
			    v != values[i]) {
				TEST_FAIL("%s %" PRId64 " -> \"%s\" -> %" PRId64
				    " %s", code, values[i], buf, v,
				    cause ? cause : "");
			}
			free(cause);
		}
	}
}

static void
amounts_format_with_the_currency_digits(void)
{
	static const struct {
		int64_t		 minor;
		const char	*currency, *want;
	} t[] = {
		{ 1546, "PLN", "15.46" },
		{ -1, "PLN", "-0.01" },
		{ 0, "PLN", "0.00" },
		{ 5, "USD", "0.05" },
		{ -100, "EUR", "-1.00" },
		{ 1000, "JPY", "1000" },
		{ 1, "BTC", "0.00000001" },
		{ -1, "BTC", "-0.00000001" },
		{ 12345, "CLF", "1.2345" },
		{ 1, "USDT", "0.000001" },
	};
	char buf[MONEY_BUFSIZE];
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		CHECK_STR(money_format(t[i].minor, t[i].currency, buf,
		    sizeof buf), t[i].want);
	}
}

static void
money_format_writes_a_question_mark_rather_than_a_cut_amount(void)
{
	char buf[8];

	CHECK_STR(money_format(1546, "PLN", buf, 6), "15.46");
	CHECK_STR(money_format(1546, "PLN", buf, 5), "?");
	CHECK_STR(money_format(1546, "PLN", buf, 2), "?");
	memcpy(buf, "xyz", 4);
	CHECK_STR(money_format(1546, "PLN", buf, 1), "");
	memcpy(buf, "xyz", 4);
	CHECK_STR(money_format(1546, "PLN", buf, 0), "xyz");
}

static void
money_from_json_accepts_only_decimal_strings(void)
{
	static const struct {
		const char	*json;
		int64_t		 minor;
		const char	*want_cause;	/* NULL: accepted */
	} t[] = {
		{ "\"15.46\"", 1546, NULL },
		{ "\"-0.01\"", -1, NULL },
		{ "\"15.460\"", 1546, NULL },
		{ "15", 0, "15 (a JSON number): amounts must be decimal "
		    "strings, such as \"1234.56\" for PLN" },
		{ "1546", 0, "amounts must be decimal strings" },
		{ "15.46", 0, "15.46 (a JSON number): amounts must be decimal "
		    "strings" },
		{ "0.1", 0, "0.1 (a JSON number)" },
		{ "1e3", 0, "(a JSON number): amounts must be decimal" },
		{ "null", 0, "null: amounts must be decimal strings" },
		{ "{\"amount\":\"15.46\"}", 0, "an object: amounts must be "
		    "decimal strings" },
		{ "[\"15.46\"]", 0, "an array: amounts must be decimal "
		    "strings" },
		{ "true", 0, "a boolean: amounts must be decimal strings" },
		{ "\"15.467\"", 0, "\"15.467\": PLN allows 2 decimal places" },
		{ "\"15.46 \"", 0, "whitespace is not allowed" },
		{ "\"\"", 0, "(empty)" },
	};
	json_error_t err;
	json_t *j;
	char *cause;
	int64_t v;
	size_t i;

	for (i = 0; i < NELEM(t); i++) {
		j = json_loads(t[i].json, JSON_DECODE_ANY, &err);
		if (j == NULL) {
			TEST_FAIL("bad test JSON %s: %s", t[i].json, err.text);
			continue;
		}
		cause = NULL;
		v = 42;
		if (t[i].want_cause == NULL) {
			CHECK(money_from_json(j, "PLN", &v, &cause) == 0);
			CHECK_INT(v, t[i].minor);
			CHECK(cause == NULL);
		} else {
			CHECK(money_from_json(j, "PLN", &v, &cause) == -1);
			CHECK_CONTAINS(cause, t[i].want_cause);
			CHECK_INT(v, 42);
		}
		free(cause);
		json_decref(j);
	}
}

static void
money_from_json_refuses_a_missing_value_and_a_nul_in_the_string(void)
{
	char *cause = NULL;
	int64_t v = 42;
	json_t *j;

	CHECK(money_from_json(NULL, "JPY", &v, &cause) == -1);
	CHECK_CONTAINS(cause, "no amount: amounts must be decimal strings, "
	    "such as \"123456\" for JPY");
	free(cause);

	cause = NULL;
	j = json_stringn("15\0" "46", 5);
	CHECK(j != NULL);
	CHECK(money_from_json(j, "PLN", &v, &cause) == -1);
	CHECK_CONTAINS(cause, "NUL byte");
	CHECK_INT(v, 42);
	free(cause);
	json_decref(j);
}

static const struct test tests[] = {
	T(pln_differences_from_15_46_are_exact_in_minor_units_and_as_text),
	T(a_one_cent_fee_leaves_the_expected_net_exactly),
	T(sums_that_binary_fractions_get_wrong_add_up_exactly),
	T(jpy_amounts_have_no_decimal_places),
	T(btc_amounts_have_eight_decimal_places),
	T(kwd_amounts_have_three_decimal_places),
	T(eth_is_counted_in_gwei_and_finer_digits_are_refused),
	T(extra_zero_digits_are_exact_and_accepted),
	T(int64_limits_parse_and_format_exactly),
	T(one_past_the_int64_limits_is_out_of_range_naming_the_limit),
	T(money_add_and_money_sub_detect_overflow_at_the_limits),
	T(money_cmp_orders_amounts_across_the_whole_range),
	T(malformed_text_is_refused_naming_the_text_and_the_reason),
	T(a_nul_byte_inside_the_text_is_refused),
	T(long_or_control_text_is_quoted_safely_in_messages),
	T(an_unknown_currency_is_refused_by_name),
	T(currency_exponents_follow_iso_4217_and_the_crypto_table),
	T(every_listed_currency_is_found_in_order_and_fits_the_buffer),
	T(format_then_parse_round_trips_for_every_currency),
	T(amounts_format_with_the_currency_digits),
	T(money_format_writes_a_question_mark_rather_than_a_cut_amount),
	T(money_from_json_accepts_only_decimal_strings),
	T(money_from_json_refuses_a_missing_value_and_a_nul_in_the_string),
};

TEST_MAIN(tests)
