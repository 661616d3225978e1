/*
 * Unit tests for api/xmalloc.c.
 */
#include "test.h"
#include "api/xmalloc.h"

static void
xasprintf_formats_like_printf(void)
{
	char *s = xasprintf("%s=%d", "pages", 12);

	CHECK_STR(s, "pages=12");
	free(s);
}

static void
xstrndup_stops_at_the_limit_and_at_the_end(void)
{
	char *a = xstrndup("abcdef", 3), *b = xstrndup("ab", 10);

	CHECK_STR(a, "abc");
	CHECK_STR(b, "ab");
	free(a);
	free(b);
}

static void
xcause_sets_the_message_and_ignores_a_null_cause(void)
{
	char *cause = NULL;

	xcause(&cause, "line %d: %s", 3, "bad");
	CHECK_STR(cause, "line 3: bad");
	xcause(NULL, "ignored");
	free(cause);
}

static const struct test tests[] = {
	T(xasprintf_formats_like_printf),
	T(xstrndup_stops_at_the_limit_and_at_the_end),
	T(xcause_sets_the_message_and_ignores_a_null_cause),
};

TEST_MAIN(tests)
