/*
 * libFuzzer target for api/url.c: the input is a host as a URL writes it.
 * The answer is 0 or 1, the same however the address is spelt (its
 * canonical inet_ntop() form gets the same answer), and plain http is
 * allowed exactly to the hosts it calls loopback, https to every host.
 */
#include "api/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The canonical spelling of host's address in canon, or 0 if it has none. */
static int
fuzz_canonical(const char *host, char *canon, size_t size)
{
	struct in_addr a4;
	struct in6_addr a6;
	char inner[INET6_ADDRSTRLEN], out[INET6_ADDRSTRLEN];
	size_t n = strlen(host);

	if (inet_pton(AF_INET, host, &a4) == 1)
		return inet_ntop(AF_INET, &a4, canon, (socklen_t)size) != NULL;
	if (n < 2 || n - 2 >= sizeof inner || host[0] != '[' ||
	    host[n - 1] != ']')
		return 0;
	memcpy(inner, host + 1, n - 2);
	inner[n - 2] = '\0';
	if (inet_pton(AF_INET6, inner, &a6) != 1 ||
	    inet_ntop(AF_INET6, &a6, out, sizeof out) == NULL)
		return 0;
	snprintf(canon, size, "[%s]", out);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *host, *why = NULL, canon[INET6_ADDRSTRLEN + 2];
	int lo;

	if ((host = malloc(size + 1)) == NULL)
		return 0;
	memcpy(host, data, size);
	host[size] = '\0';

	lo = url_host_loopback(host);
	if (lo != 0 && lo != 1)
		abort();
	if (fuzz_canonical(host, canon, sizeof canon) &&
	    url_host_loopback(canon) != lo)
		abort();
	if ((url_scheme_allowed("http", host, &why) == 0) != lo)
		abort();
	if ((why != NULL) == lo)
		abort();
	free(why);
	why = NULL;
	if (url_scheme_allowed("https", host, &why) != 0 || why != NULL)
		abort();
	free(host);
	return 0;
}
