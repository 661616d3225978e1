/*
 * Exact money: amounts are int64 counts of a currency's minor unit (grosze,
 * cents, satoshi), parsed from and formatted to decimal strings without ever
 * passing through binary fractions.
 */
#ifndef TDESK_MONEY_H
#define TDESK_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "api/xmalloc.h"

/*
 * Bytes money_format() needs for any int64 in any supported currency: a
 * sign, 19 digits (int64 has at most 19, and no exponent is above 18, so
 * "0." padding never adds more), a '.', and the NUL.
 */
#define MONEY_BUFSIZE 22

/*
 * Digits after the decimal point for a currency code ("PLN" 2, "JPY" 0,
 * "KWD" 3, "BTC" 8), or -1 if the code is unknown or NULL. Codes are
 * upper-case ASCII and matched exactly: "pln" is unknown.
 */
int	 money_exponent(const char *currency);

/*
 * The i-th supported currency code in ascending strcmp order, or NULL when
 * i is past the end: for iterating the table (tests, a currency picker).
 */
const char *money_currency_at(size_t i);

/*
 * Parse a decimal string exactly into minor units of currency. Accepts an
 * optional leading '-', one or more ASCII digits, and optionally a '.' and
 * one or more digits; nothing else (no spaces, '+', exponents, separators).
 * Digits beyond the currency's exponent are accepted only if all are zero
 * ("15.460" PLN is 1546); a non-zero one is an error, never a rounding.
 *
 * Returns 0 and sets *minor, or -1 leaving *minor alone and setting *cause
 * (if cause is not NULL) to a message naming the text and the currency,
 * which the caller frees. A NULL text is refused as empty.
 */
int	 money_parse(const char *text, const char *currency, int64_t *minor,
	     char **cause) TD_WUR;

/*
 * money_parse() for len bytes that need not be NUL-terminated; a NUL byte
 * among them is an error (the JSON decoder and the fuzzer use this).
 */
int	 money_parse_n(const char *text, size_t len, const char *currency,
	     int64_t *minor, char **cause) TD_WUR;

/*
 * Format minor units with the currency's digits into buf: "15.46", "-0.01",
 * "1000" (JPY), "0.00000001" (BTC); no grouping, no currency symbol. The
 * result always parses back to the same minor units. Writes "?" instead
 * when the currency is unknown or the text does not fit in size bytes (a
 * cut-off amount would be read as another amount); a size of
 * MONEY_BUFSIZE always fits. Returns buf.
 */
char	*money_format(int64_t minor, const char *currency, char *buf,
	     size_t size);

/* *out = a + b, or -1 leaving *out alone if that overflows int64. */
int	 money_add(int64_t a, int64_t b, int64_t *out) TD_WUR;

/* *out = a - b, or -1 leaving *out alone if that overflows int64. */
int	 money_sub(int64_t a, int64_t b, int64_t *out) TD_WUR;

/* -1, 0 or 1 as a is less than, equal to or greater than b. */
int	 money_cmp(int64_t a, int64_t b);

/*
 * Decode a JSON amount, which must be a string holding a decimal amount as
 * money_parse() accepts. A JSON number (integer or real), null, a missing
 * value (v NULL), or any other type is an error saying amounts must be
 * decimal strings. Returns 0 or -1 as money_parse().
 */
int	 money_from_json(const json_t *v, const char *currency,
	     int64_t *minor, char **cause) TD_WUR;

#endif
