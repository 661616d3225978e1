/*
 * A small table-driven unit test framework. Each test is a function whose
 * name is a sentence; results are printed as TAP lines ("ok N - name",
 * "not ok N - name") that tests/run.sh counts across every suite.
 *
 *	static void money_parses_two_decimals(void) { CHECK_INT(..., ...); }
 *	static const struct test tests[] = { T(money_parses_two_decimals), ... };
 *	TEST_MAIN(tests)
 */
#ifndef TDESK_TEST_H
#define TDESK_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test {
	const char	*name;
	void		(*fn)(void);
};

#define T(fn) { #fn, fn }

static int test_failed;	/* set by CHECK* in the running test */

#define TEST_FAIL(...) do {						\
	fprintf(stdout, "#   %s:%d: ", __FILE__, __LINE__);		\
	fprintf(stdout, __VA_ARGS__);					\
	fputc('\n', stdout);						\
	test_failed = 1;						\
} while (0)

#define CHECK(c) do {							\
	if (!(c))							\
		TEST_FAIL("check failed: %s", #c);			\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_)							\
		TEST_FAIL("%s: got %lld, want %lld", #got, g_, w_);	\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0)	\
		TEST_FAIL("%s: got \"%s\", want \"%s\"", #got,		\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

/* CHECK_CONTAINS(haystack, needle): a message mentions what it should. */
#define CHECK_CONTAINS(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || strstr(g_, w_) == NULL)			\
		TEST_FAIL("%s: \"%s\" does not contain \"%s\"", #got,	\
		    g_ ? g_ : "(null)", w_);				\
} while (0)

#define TEST_MAIN(tab)							\
	int main(int argc, char **argv) {				\
		(void)argc;						\
		return test_run(argv[0], tab, sizeof tab / sizeof tab[0]); \
	}

static int
test_run(const char *suite, const struct test *t, size_t n)
{
	const char *base = strrchr(suite, '/');
	size_t i, failed = 0;

	base = base != NULL ? base + 1 : suite;
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		test_failed = 0;
		t[i].fn();
		if (test_failed)
			failed++;
		printf("%s %zu - %s: %s\n", test_failed ? "not ok" : "ok",
		    i + 1, base, t[i].name);
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

#endif
