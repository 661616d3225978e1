/*
 * api/log.c: the URL redaction the debug log applies to every URL, the
 * time stamp, and the line format (one whole line per call, in a file
 * made 0600).
 */
#include "api/log.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"

static const struct redact_case {
	const char	*url;
	const char	*want;
} redact_cases[] = {
	/* nothing secret: as it was */
	{ "https://acme.zendesk.com/api/v2/tickets.json?page=2&per_page=100",
	  "https://acme.zendesk.com/api/v2/tickets.json?page=2&per_page=100" },
	{ "http://127.0.0.1:8080/a/b", "http://127.0.0.1:8080/a/b" },
	/* userinfo */
	{ "https://user:hunter2@host.test/x?a=1", "https://host.test/x?a=1" },
	{ "https://alice@host.test", "https://host.test" },
	{ "https://a@b:c@host.test/p", "https://host.test/p" },
	{ "https://host.test/p@q", "https://host.test/p@q" },
	/* the names the brief lists, and parts of names */
	{ "https://h/x?api_key=s3cr3t&page=1", "https://h/x?api_key=REDACTED&page=1" },
	{ "https://h/x?token=abc", "https://h/x?token=REDACTED" },
	{ "https://h/x?access_token=abc&b=2", "https://h/x?access_token=REDACTED&b=2" },
	{ "https://h/x?key=abc", "https://h/x?key=REDACTED" },
	{ "https://h/x?password=abc", "https://h/x?password=REDACTED" },
	{ "https://h/x?refresh_token=a&client_secret=b&my_secret_thing=c",
	  "https://h/x?refresh_token=REDACTED&client_secret=REDACTED&"
	  "my_secret_thing=REDACTED" },
	/* mixed case, encoded names, ';' separators */
	{ "https://h/x?API_KEY=abc&Token=def", "https://h/x?API_KEY=REDACTED&Token=REDACTED" },
	{ "https://h/x?%74oken=abc", "https://h/x?%74oken=REDACTED" },
	{ "https://h/x?api%5Fkey=abc", "https://h/x?api%5Fkey=REDACTED" },
	{ "https://h/x?a=1;token=abc", "https://h/x?a=1;token=REDACTED" },
	/* a value that is only a name elsewhere stays */
	{ "https://h/x?sort=token", "https://h/x?sort=token" },
	{ "https://h/x?token", "https://h/x?token" },
	{ "https://h/x?token=", "https://h/x?token=REDACTED" },
	/* the fragment, where OAuth's implicit flow puts the token */
	{ "https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=REDACTED&state=1" },
	{ "https://h/x?a=1#frag", "https://h/x?a=1#frag" },
	{ "https://u:p@h/x?token=t#secret=s", "https://h/x?token=REDACTED#secret=REDACTED" },
	/* bytes that would break the line are escaped */
	{ "https://h/a b\nc\x1b", "https://h/a%20b%0Ac%1B" },
	{ "https://h/\xc3\xa9", "https://h/%C3%A9" },
	/* not a URL at all */
	{ "", "" },
	{ "/relative?token=x", "/relative?token=REDACTED" },
};

static void
redact_hides_every_secret_in_the_table(void)
{
	size_t i;
	char *got;

	for (i = 0; i < sizeof redact_cases / sizeof redact_cases[0]; i++) {
		got = log_url_redact(redact_cases[i].url);
		CHECK_STR(got, redact_cases[i].want);
		free(got);
	}
}

static void
redact_of_null_is_empty(void)
{
	char *got = log_url_redact(NULL);

	CHECK_STR(got, "");
	free(got);
}

static void
stamp_is_rfc3339_utc_with_milliseconds(void)
{
	char buf[LOG_STAMP_LEN];

	log_stamp(INT64_C(1796671201123), buf);
	CHECK_STR(buf, "2026-12-07T19:20:01.123Z");
	log_stamp(0, buf);
	CHECK_STR(buf, "1970-01-01T00:00:00.000Z");
	log_stamp(-1, buf);
	CHECK_STR(buf, "1969-12-31T23:59:59.999Z");
}

/* The file's whole text (NUL-terminated), or NULL. */
static char *
slurp(const char *path)
{
	FILE *f;
	char *s;
	long n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	if (s != NULL && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* Whether s starts with a stamp of the shape log_stamp() writes. */
static int
stamped(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd.dddZ ";
	size_t i;

	for (i = 0; shape[i] != '\0'; i++) {
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			return 0;
	}
	return 1;
}

static void
lines_are_stamped_whole_and_in_a_0600_file(void)
{
	char dir[] = "/tmp/tdesk-test-log.XXXXXX", path[256], *text, *cause = NULL;
	char big[LOG_LINE_MAX * 2];
	struct stat sb;
	mode_t old;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/log", dir);
	log_line("none", "no log open: %d", 1);		/* a no-op */
	CHECK(!log_enabled());
	old = umask(0);
	CHECK_INT(log_open(path, &cause), 0);
	umask(old);
	CHECK(log_enabled());
	log_line("http", "zendesk GET %s %d", "https://h/x", 200);
	log_line("outbox", "a\nsecond line\r\x1b[31m");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	log_line("big", "%s", big);
	log_close();
	log_line("none", "closed again");
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	text = slurp(path);
	CHECK(text != NULL);
	if (text != NULL) {
		char *l2 = strchr(text, '\n') + 1, *l3 = strchr(l2, '\n') + 1;

		CHECK(stamped(text));
		CHECK(strncmp(text + LOG_STAMP_LEN, "http zendesk GET "
		    "https://h/x 200\n", 33) == 0);
		CHECK(stamped(l2));
		CHECK(strncmp(l2 + LOG_STAMP_LEN, "outbox a?second line??[31m\n",
		    27) == 0);
		CHECK(stamped(l3));
		CHECK_INT(strlen(l3), LOG_LINE_MAX - 1);
		CHECK(strcmp(l3 + LOG_LINE_MAX - 5, "...\n") == 0);
		CHECK(strstr(text, "no log open") == NULL);
		CHECK(strstr(text, "closed again") == NULL);
	}
	free(text);
	unlink(path);
	rmdir(dir);
}

static void
open_appends_and_says_why_it_cannot(void)
{
	char dir[] = "/tmp/tdesk-test-log.XXXXXX", path[256], *text, *cause = NULL;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/log", dir);
	CHECK_INT(log_open(path, NULL), 0);
	log_line("a", "one");
	CHECK_INT(log_open(path, NULL), 0);	/* closes the first */
	log_line("b", "two");
	log_close();
	text = slurp(path);
	CHECK(text != NULL && strstr(text, " a one\n") != NULL &&
	    strstr(text, " b two\n") != NULL);
	free(text);
	snprintf(path, sizeof path, "%s/no/such/log", dir);
	CHECK_INT(log_open(path, &cause), -1);
	CHECK_CONTAINS(cause, "cannot open log file");
	CHECK_CONTAINS(cause, "no/such/log");
	CHECK(!log_enabled());
	free(cause);
	snprintf(path, sizeof path, "%s/log", dir);
	unlink(path);
	rmdir(dir);
}

static const struct test tests[] = {
	T(redact_hides_every_secret_in_the_table),
	T(redact_of_null_is_empty),
	T(stamp_is_rfc3339_utc_with_milliseconds),
	T(lines_are_stamped_whole_and_in_a_0600_file),
	T(open_appends_and_says_why_it_cannot),
};

TEST_MAIN(tests)
