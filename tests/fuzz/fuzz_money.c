/*
 * libFuzzer target for api/money.c: the first byte picks a currency, the
 * rest is the amount text. Whatever parses must format and parse back to
 * the same minor units; whatever is refused must say why in printable text.
 */
#include "api/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Fixed, so a seed file's first byte always means the same currency. */
static const char *const fuzz_currencies[] = {
	"JPY",		/* 0: no decimals */
	"PLN",		/* 1: 2 */
	"KWD",		/* 2: 3 */
	"BTC",		/* 3: 8 */
	"ETH",		/* 4: 9 (gwei) */
	"CLF",		/* 5: 4 */
	"USDT",		/* 6: 6, a four-letter code */
	"XAU",		/* 7: not supported: every parse must fail */
};

#define FUZZ_NCURRENCIES (sizeof fuzz_currencies / sizeof fuzz_currencies[0])

/* A refusal must come with a message free of raw control bytes. */
static void
fuzz_check_cause(const char *cause)
{
	const unsigned char *p;

	if (cause == NULL || *cause == '\0')
		abort();
	for (p = (const unsigned char *)cause; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *currency;
	char *text, *cause = NULL, out[MONEY_BUFSIZE];
	int64_t minor = 0, minor_n = 0, again = 0;
	int ret, ret_n;
	size_t len;

	if (size == 0)
		return 0;
	currency = fuzz_currencies[data[0] % FUZZ_NCURRENCIES];
	len = size - 1;
	text = malloc(len + 1);
	if (text == NULL)
		abort();
	memcpy(text, data + 1, len);
	text[len] = '\0';

	ret = money_parse(text, currency, &minor, &cause);
	if (ret != 0)
		fuzz_check_cause(cause);
	free(cause);
	cause = NULL;

	/* The counted form must agree, and refuse any NUL among the bytes. */
	ret_n = money_parse_n(text, len, currency, &minor_n, &cause);
	if (ret_n != 0)
		fuzz_check_cause(cause);
	free(cause);
	cause = NULL;
	if (memchr(text, '\0', len) != NULL) {
		if (ret_n == 0)
			abort();
	} else if (ret != ret_n || (ret == 0 && minor != minor_n))
		abort();

	if (ret == 0) {
		if (money_exponent(currency) < 0)
			abort();
		money_format(minor, currency, out, sizeof out);
		if (strcmp(out, "?") == 0)
			abort();
		if (money_parse(out, currency, &again, &cause) != 0)
			abort();
		if (again != minor)
			abort();
	}
	free(cause);
	free(text);
	return 0;
}
