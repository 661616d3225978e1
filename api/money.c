/*
 * Exact money: decimal strings to and from int64 minor units, using only
 * integer arithmetic, with every malformed, too precise or out-of-range
 * amount an error that says what was wrong, never a silent rounding.
 */
#include "api/money.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/quote.h"
#include "api/xmalloc.h"

struct money_currency {
	const char	*code;		/* ISO 4217 code or ticker */
	int		 exponent;	/* digits after the point */
};

/*
 * Every ISO 4217 list one code with a minor unit, as published 2026-01-01,
 * plus the crypto assets the payments API reports. Kept in ascending strcmp
 * order for the binary search in money_lookup(); a unit test proves every
 * code is found, which fails if one is out of place.
 *
 * Left out: the codes whose minor unit list one gives as "N.A." (XAU, XAG,
 * XPD, XPT, XBA-XBD, XDR, XSU, XUA, XTS, XXX); nothing is paid in them.
 * Kept although withdrawn from list one since 2023, because payments made
 * before the changeover still carry them: ANG (now XCG), BGN (euro), HRK
 * (euro), SLL (now SLE), ZWL (now ZWG).
 *
 * ETH's native unit, the wei, is 10^-18 ETH, which in an int64 would cap
 * amounts at 9.22 ETH. tdesk counts ETH in gwei (10^-9 ETH) instead: up to
 * 9.2 billion ETH, and an amount with non-zero digits finer than a gwei is
 * rejected like any other excess precision.
 */
static const struct money_currency money_currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
	{ "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
	{ "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
	{ "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTC", 8 }, { "BTN", 2 }, { "BWP", 2 },
	{ "BYN", 2 }, { "BZD", 2 },
	{ "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 }, { "CHW", 2 },
	{ "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 }, { "COU", 2 },
	{ "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 },
	{ "DJF", 0 }, { "DKK", 2 }, { "DOGE", 8 }, { "DOP", 2 }, { "DZD", 2 },
	{ "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "ETH", 9 }, { "EUR", 2 },
	{ "FJD", 2 }, { "FKP", 2 },
	{ "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 },
	{ "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 },
	{ "HKD", 2 }, { "HNL", 2 }, { "HRK", 2 }, { "HTG", 2 }, { "HUF", 2 },
	{ "IDR", 2 }, { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 },
	{ "ISK", 0 },
	{ "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 },
	{ "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 },
	{ "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 },
	{ "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 },
	{ "LTC", 8 }, { "LYD", 3 },
	{ "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 },
	{ "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 },
	{ "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 },
	{ "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 },
	{ "NZD", 2 },
	{ "OMR", 3 },
	{ "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
	{ "PLN", 2 }, { "PYG", 0 },
	{ "QAR", 2 },
	{ "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
	{ "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
	{ "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SLL", 2 }, { "SOL", 9 },
	{ "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 },
	{ "SYP", 2 }, { "SZL", 2 },
	{ "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 },
	{ "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 },
	{ "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USDC", 6 }, { "USDT", 6 },
	{ "USN", 2 }, { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 },
	{ "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 },
	{ "WST", 2 },
	{ "XAD", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 },
	{ "XPF", 0 }, { "XRP", 6 },
	{ "YER", 2 },
	{ "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 },
};

#define MONEY_NCURRENCIES (sizeof money_currencies / sizeof money_currencies[0])

/*
 * MONEY_BUFSIZE holds 19 digits; an exponent of 19 or more would need
 * "0." padding past that. money_currency_at()'s unit test checks the table.
 */
#define MONEY_MAX_EXPONENT 18

static const struct money_currency *
money_lookup(const char *code)
{
	size_t lo = 0, hi = MONEY_NCURRENCIES, mid;
	int c;

	if (code == NULL)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(code, money_currencies[mid].code);
		if (c == 0)
			return &money_currencies[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int
money_exponent(const char *currency)
{
	const struct money_currency *mc = money_lookup(currency);

	return mc != NULL ? mc->exponent : -1;
}

const char *
money_currency_at(size_t i)
{
	return i < MONEY_NCURRENCIES ? money_currencies[i].code : NULL;
}

static int
money_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Set *cause for an unknown or missing currency, naming the text when
 * there is one (text NULL: there is none, as for a JSON value).
 */
static void
money_unknown_currency(const char *text, size_t len, const char *currency,
    char **cause)
{
	char qt[QUOTE_BUFSIZE], qc[QUOTE_BUFSIZE];

	if (currency != NULL)
		quote_for_message(currency, strlen(currency), QUOTE_BYTES, 0,
		    qc);
	else
		memcpy(qc, "(none)", sizeof "(none)");
	if (text != NULL) {
		xcause(cause, "%s: unknown currency %s",
		    quote_for_message(text, len, QUOTE_BYTES, 0, qt), qc);
	} else
		xcause(cause, "unknown currency %s", qc);
}

/*
 * Why the byte at text[i] cannot be where it is, given where the integer
 * digits of the amount began (int_start). tmp holds a built message.
 */
static const char *
money_syntax_detail(const char *text, size_t i, size_t int_start, char *tmp,
    size_t tmpsize)
{
	unsigned char c = (unsigned char)text[i];

	switch (c) {
	case '\0':
		return "it contains a NUL byte";
	case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
		return "whitespace is not allowed";
	case '+':
		return "'+' is not allowed; positive amounts have no sign";
	case '-':
		return "'-' is only allowed at the start";
	case '.':
		return "more than one '.'";
	case ',':
		return "',' is not allowed: '.' is the decimal point and "
		    "there are no thousands separators";
	case '\'': case '_':
		return "thousands separators are not allowed";
	case 'e': case 'E':
		if (i > int_start)
			return "exponents are not allowed";
		break;
	}
	if (c >= 0x80)
		return "only the ASCII digits 0-9 are allowed";
	if (c >= 0x20 && c < 0x7f)
		snprintf(tmp, tmpsize, "unexpected '%c'", c);
	else
		snprintf(tmp, tmpsize, "unexpected byte \\x%02x", c);
	return tmp;
}

static int
money_syntax_error(const char *text, size_t len, const char *currency,
    const char *detail, char **cause)
{
	char qt[QUOTE_BUFSIZE];

	xcause(cause, "%s: not a decimal amount for %s (%s)",
	    quote_for_message(text, len, QUOTE_BYTES, 0, qt), currency, detail);
	return -1;
}

/*
 * *acc = *acc * 10 + d if that stays at or under limit, else -1. Tested as
 * *acc <= (limit - d) / 10, which cannot wrap.
 */
static int
money_push_digit(uint64_t *acc, uint64_t limit, unsigned d)
{
	if (*acc > (limit - d) / 10)
		return -1;
	*acc = *acc * 10 + d;
	return 0;
}

int
money_parse(const char *text, const char *currency, int64_t *minor,
    char **cause)
{
	if (text == NULL)
		text = "";
	return money_parse_n(text, strlen(text), currency, minor, cause);
}

int
money_parse_n(const char *text, size_t len, const char *currency,
    int64_t *minor, char **cause)
{
	char qt[QUOTE_BUFSIZE], tmp[32], bound[MONEY_BUFSIZE];
	size_t i = 0, int_start, int_end, frac_start, frac_end, k;
	uint64_t acc = 0, limit;
	unsigned d;
	int e, neg = 0;

	e = money_exponent(currency);
	if (e < 0) {
		money_unknown_currency(text, len, currency, cause);
		return -1;
	}
	if (len == 0)
		return money_syntax_error(text, len, currency, "empty", cause);

	/* Syntax: -?[0-9]+(\.[0-9]+)? over exactly len bytes. */
	if (text[0] == '-') {
		neg = 1;
		i = 1;
	}
	int_start = i;
	while (i < len && money_is_digit(text[i]))
		i++;
	int_end = frac_start = frac_end = i;
	if (i < len && text[i] == '.') {
		if (int_end == int_start) {
			return money_syntax_error(text, len, currency,
			    "a digit must come before '.'", cause);
		}
		frac_start = ++i;
		while (i < len && money_is_digit(text[i]))
			i++;
		frac_end = i;
		if (frac_end == frac_start && (i == len || text[i] != '.')) {
			return money_syntax_error(text, len, currency,
			    "a digit must follow '.'", cause);
		}
	}
	if (i < len) {
		return money_syntax_error(text, len, currency,
		    money_syntax_detail(text, i, int_start, tmp, sizeof tmp),
		    cause);
	}
	if (int_end == int_start)
		return money_syntax_error(text, len, currency, "no digits",
		    cause);

	/*
	 * Digits past the currency's exponent are fine when they are all
	 * zero ("15.460" PLN, "100.00" JPY): the value is still exact. A
	 * non-zero one ("15.467" PLN) is an error, never rounded: the amount
	 * a provider or a person wrote is not an amount of this currency,
	 * and guessing which way to round is how money goes missing.
	 */
	for (k = frac_start + (size_t)e; k < frac_end; k++) {
		if (text[k] == '0')
			continue;
		if (e == 0) {
			xcause(cause, "%s: %s allows no decimal places",
			    quote_for_message(text, len, QUOTE_BYTES, 0, qt),
			    currency);
		} else {
			xcause(cause, "%s: %s allows %d decimal place%s%s",
			    quote_for_message(text, len, QUOTE_BYTES, 0, qt),
			    currency, e, e == 1 ? "" : "s",
			    strcmp(currency, "ETH") == 0 ?
			    " (tdesk counts ETH in gwei)" : "");
		}
		return -1;
	}

	/*
	 * The magnitude in minor units: the integer digits, then exactly e
	 * fraction digits ("15.4" PLN is padded to 1540). It is built in a
	 * uint64 bounded by the int64 range of the sign: 2^63 for a negative
	 * amount (INT64_MIN exactly), 2^63 - 1 otherwise.
	 */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (k = int_start; k < int_end; k++) {
		d = (unsigned)(text[k] - '0');
		if (money_push_digit(&acc, limit, d) != 0)
			goto range;
	}
	for (k = 0; k < (size_t)e; k++) {
		d = frac_start + k < frac_end ?
		    (unsigned)(text[frac_start + k] - '0') : 0;
		if (money_push_digit(&acc, limit, d) != 0)
			goto range;
	}
	if (!neg || acc == 0)
		*minor = (int64_t)acc;
	else
		*minor = -(int64_t)(acc - 1) - 1;
	return 0;

range:
	money_format(neg ? INT64_MIN : INT64_MAX, currency, bound,
	    sizeof bound);
	xcause(cause, "%s: amount out of range for %s (%s is %s)",
	    quote_for_message(text, len, QUOTE_BYTES, 0, qt), currency,
	    neg ? "the smallest" : "the largest", bound);
	return -1;
}

char *
money_format(int64_t minor, const char *currency, char *buf, size_t size)
{
	char tmp[MONEY_BUFSIZE], *end = tmp + sizeof tmp, *p = end;
	uint64_t mag;
	size_t len;
	int e, n = 0;

	if (size == 0)
		return buf;
	e = money_exponent(currency);
	if (e < 0 || e > MONEY_MAX_EXPONENT)
		goto unknown;

	/* |INT64_MIN| does not fit an int64: negate minor + 1, then add 1. */
	mag = minor < 0 ? (uint64_t)-(minor + 1) + 1 : (uint64_t)minor;
	*--p = '\0';
	do {
		if (e > 0 && n == e)
			*--p = '.';
		*--p = (char)('0' + mag % 10);
		mag /= 10;
		n++;
	} while (mag != 0 || n <= e);
	if (minor < 0)
		*--p = '-';

	len = (size_t)(end - p);	/* with the NUL */
	if (len > size)
		goto unknown;
	memcpy(buf, p, len);
	return buf;

unknown:
	if (size >= 2)
		memcpy(buf, "?", 2);
	else
		buf[0] = '\0';
	return buf;
}

int
money_add(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_add_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int
money_sub(int64_t a, int64_t b, int64_t *out)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return -1;
	*out = r;
	return 0;
}

int
money_cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int
money_from_json(const json_t *v, const char *currency, int64_t *minor,
    char **cause)
{
	char example[MONEY_BUFSIZE], *dump = NULL;
	const char *what;

	if (money_exponent(currency) < 0) {
		money_unknown_currency(NULL, 0, currency, cause);
		return -1;
	}
	if (v != NULL && json_is_string(v)) {
		return money_parse_n(json_string_value(v),
		    json_string_length(v), currency, minor, cause);
	}

	/*
	 * Anything else is refused, numbers above all: a JSON real has
	 * already been rounded to binary by the decoder, and even a JSON
	 * integer leaves it unclear whether it counts units or minor units.
	 */
	money_format(123456, currency, example, sizeof example);
	if (v == NULL)
		what = "no amount";
	else {
		switch (json_typeof(v)) {
		case JSON_INTEGER:
		case JSON_REAL:
			dump = json_dumps(v, JSON_ENCODE_ANY |
			    JSON_REAL_PRECISION(15));
			what = "a JSON number";
			break;
		case JSON_NULL:
			what = "null";
			break;
		case JSON_OBJECT:
			what = "an object";
			break;
		case JSON_ARRAY:
			what = "an array";
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			what = "a boolean";
			break;
		default:
			what = "an unexpected JSON value";
			break;
		}
	}
	if (dump != NULL) {
		xcause(cause, "%s (%s): amounts must be decimal strings, such "
		    "as \"%s\" for %s", dump, what, example, currency);
	} else {
		xcause(cause, "%s: amounts must be decimal strings, such as "
		    "\"%s\" for %s", what, example, currency);
	}
	free(dump);
	return -1;
}
