/*
 * api/url.c: the one rule for which backend URLs tdesk uses, and the one
 * loopback test behind it and behind the proxy rule.
 */
#include "test.h"

#include "api/url.h"

static const struct {
	const char	*host;
	int		 loopback;
} hosts[] = {
	{ "localhost", 1 },
	{ "LocalHost", 1 },
	{ "localhost.", 0 },	/* a resolver may take it elsewhere */
	{ "localhost.example.com", 0 },
	{ "127.0.0.1", 1 },
	{ "127.1.2.3", 1 },
	{ "127.255.255.255", 1 },
	{ "126.0.0.1", 0 },
	{ "128.0.0.1", 0 },
	{ "127.0.0.01", 0 },	/* not dotted decimal: octal to some */
	{ "0177.0.0.1", 0 },
	{ "127.1", 0 },
	{ "0x7f.0.0.1", 0 },
	{ "2130706433", 0 },
	{ "127.0.0.1.", 0 },
	{ "127.0.0.256", 0 },
	{ "[::1]", 1 },
	{ "[0:0:0:0:0:0:0:1]", 1 },
	{ "[0::1]", 1 },
	{ "[::0001]", 1 },
	{ "[0000:0000:0000:0000:0000:0000:0000:0001]", 1 },
	{ "[::0:1]", 1 },
	{ "[::ffff:127.0.0.1]", 1 },
	{ "[::FFFF:127.9.8.7]", 1 },
	{ "[0:0:0:0:0:ffff:7f00:1]", 1 },
	{ "[::ffff:10.0.0.1]", 0 },
	{ "[::127.0.0.1]", 0 },	/* IPv4-compatible, not mapped */
	{ "[::2]", 0 },
	{ "[::]", 0 },
	{ "[1::1]", 0 },
	{ "[::1%25lo]", 0 },
	{ "[::1", 0 },
	{ "::1]", 0 },
	{ "::1", 0 },		/* a URL brackets an IPv6 host */
	{ "[]", 0 },
	{ "[[::1]]", 0 },
	{ "", 0 },
	{ "example.com", 0 },
};

static void
every_spelling_of_loopback_is_treated_alike(void)
{
	size_t i;

	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		if (url_host_loopback(hosts[i].host) != hosts[i].loopback)
			TEST_FAIL("%s: got %d, want %d", hosts[i].host,
			    !hosts[i].loopback, hosts[i].loopback);
	}
}

static void
https_is_allowed_to_any_host(void)
{
	char *why = NULL;

	CHECK_INT(url_scheme_allowed("https", "example.com", &why), 0);
	CHECK_INT(url_scheme_allowed("HTTPS", "[::1]", &why), 0);
	CHECK(why == NULL);
}

static void
plain_http_is_allowed_only_to_loopback(void)
{
	char *why = NULL;
	size_t i;

	for (i = 0; i < sizeof hosts / sizeof hosts[0]; i++) {
		if (url_scheme_allowed("http", hosts[i].host, &why) == 0) {
			CHECK(hosts[i].loopback);
			continue;
		}
		CHECK(!hosts[i].loopback);
		CHECK_CONTAINS(why, "plain http:// is allowed only to a "
		    "loopback host (127.0.0.0/8, ::1, localhost), not ");
		CHECK_CONTAINS(why, hosts[i].host);
		free(why);
		why = NULL;
	}
	CHECK_INT(url_scheme_allowed("HTTP", "127.0.0.1", &why), 0);
}

static void
other_schemes_are_refused_by_name(void)
{
	char *why = NULL;

	CHECK_INT(url_scheme_allowed("ftp", "localhost", &why), -1);
	CHECK_STR(why, "the base URL's scheme must be https (or http to a "
	    "loopback host), not ftp");
	free(why);
}

static const struct test tests[] = {
	T(every_spelling_of_loopback_is_treated_alike),
	T(https_is_allowed_to_any_host),
	T(plain_http_is_allowed_only_to_loopback),
	T(other_schemes_are_refused_by_name),
};

TEST_MAIN(tests)
