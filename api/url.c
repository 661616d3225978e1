/*
 * The URL policy: https always, plain http only to this machine.
 */
#include "api/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string.h>
#include <strings.h>

#include "api/xmalloc.h"

int
url_host_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[INET6_ADDRSTRLEN];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	/* A zone ("%25eth0") or anything else inet_pton() refuses: no. */
	if (n < 2 || n - 2 >= sizeof buf || host[0] != '[' ||
	    host[n - 1] != ']')
		return 0;
	memcpy(buf, host + 1, n - 2);
	buf[n - 2] = '\0';
	if (inet_pton(AF_INET6, buf, &a6) != 1)
		return 0;
	if (IN6_IS_ADDR_LOOPBACK(&a6))
		return 1;
	/* ::ffff:127.x.y.z is 127.x.y.z to a dual-stack socket. */
	return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}

int
url_scheme_allowed(const char *scheme, const char *host, char **why)
{
	if (strcasecmp(scheme, "https") == 0)
		return 0;
	if (strcasecmp(scheme, "http") != 0) {
		*why = xasprintf("the base URL's scheme must be https (or http "
		    "to a loopback host), not %s", scheme);
		return -1;
	}
	if (url_host_loopback(host))
		return 0;
	*why = xasprintf("plain http:// is allowed only to a loopback host "
	    "(127.0.0.0/8, ::1, localhost), not %s: use https://", host);
	return -1;
}
