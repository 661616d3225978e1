/*
 * Unit tests for tui/config/secret.c: tokens from the environment, from 0600
 * files and from commands, and that no message or child process sees one.
 */
#include "test.h"
#include "tui/config/secret.h"
#include "api/http.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

static char tmpdir[64];

static void
tmp_cleanup(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	char path[512];

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
		if (rmdir(path) != 0)
			unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* A path in a private temporary directory; the caller frees. */
static char *
tmp_path(const char *name)
{
	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/tdesk-secret-XXXXXX");
		if (mkdtemp(tmpdir) == NULL)
			TEST_FAIL("mkdtemp");
		atexit(tmp_cleanup);
	}
	return xasprintf("%s/%s", tmpdir, name);
}

static char *
write_tmp(const char *name, const char *text, size_t len, mode_t mode)
{
	char *path = tmp_path(name);
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, text, len) != (ssize_t)len)
		TEST_FAIL("cannot write %s", path);
	if (fd != -1)
		close(fd);
	chmod(path, mode);
	return path;
}

/* Resolve and return the token, or NULL with *cause set. */
static char *
resolve(enum secret_kind kind, const char *arg, const char *key,
    char **cause)
{
	struct secret_source src = { kind, (char *)(uintptr_t)arg, key };
	char *token = (char *)"garbage";

	*cause = NULL;
	if (secret_resolve(&src, &token, cause) != 0) {
		CHECK(token == NULL);
		CHECK(*cause != NULL);
		return NULL;
	}
	CHECK(*cause == NULL);
	return token;
}

static long
elapsed_ms(const struct timeval *start)
{
	struct timeval now;

	gettimeofday(&now, NULL);
	return (now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_usec - start->tv_usec) / 1000;
}

/* ---- env ---- */

static void
an_environment_variable_gives_its_value_trimmed(void)
{
	char *cause, *tok;

	setenv("TDESK_T_TOKEN", "  abc123\n", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_TOKEN", NULL, &cause);
	CHECK_STR(tok, "abc123");
	secret_free(&tok);
	CHECK(tok == NULL);
	unsetenv("TDESK_T_TOKEN");
}

static void
an_unset_or_empty_variable_is_refused_by_name(void)
{
	char *cause, *tok;

	unsetenv("TDESK_T_UNSET");
	tok = resolve(SECRET_ENV, "TDESK_T_UNSET", NULL, &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "token_env TDESK_T_UNSET is not set");
	free(cause);
	tok = resolve(SECRET_ENV, "TDESK_T_UNSET", "zendesk.token_env", &cause);
	CHECK_STR(cause, "zendesk.token_env TDESK_T_UNSET is not set");
	free(cause);

	setenv("TDESK_T_EMPTY", "", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_EMPTY", NULL, &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "token_env TDESK_T_EMPTY is set but empty");
	free(cause);
	setenv("TDESK_T_EMPTY", " \t\n", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_EMPTY", NULL, &cause);
	CHECK_STR(cause, "token_env TDESK_T_EMPTY is empty");
	free(cause);
	unsetenv("TDESK_T_EMPTY");
}

static void
a_token_with_a_control_character_is_refused_without_quoting_it(void)
{
	char *cause, *tok;

	setenv("TDESK_T_CTL", "abc\r\nX-Injected: 1", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_CTL", NULL, &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "token_env TDESK_T_CTL holds more than one line");
	free(cause);
	setenv("TDESK_T_CTL", "abc\033def", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_CTL", NULL, &cause);
	CHECK_STR(cause, "token_env TDESK_T_CTL holds a control character");
	free(cause);
	unsetenv("TDESK_T_CTL");
}

/* ---- file ---- */

static void
a_0600_file_gives_its_token_without_the_trailing_newline(void)
{
	char *path, *cause, *tok;

	path = write_tmp("tok1", "file-token-1\n", 13, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_STR(tok, "file-token-1");
	secret_free(&tok);
	free(path);
	path = write_tmp("tok2", "file-token-2 \r\n\n", 16, 0400);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_STR(tok, "file-token-2");
	secret_free(&tok);
	free(path);
}

static void
a_file_open_to_others_is_refused_with_the_chmod_command(void)
{
	char *path, *cause, *tok, *want;

	path = write_tmp("open token", "file-token-3\n", 13, 0644);
	tok = resolve(SECRET_FILE, path, "payments.token_file", &cause);
	CHECK(tok == NULL);
	want = xasprintf("payments.token_file %s is open to group or others "
	    "(mode 0644); fix it with: chmod 600 '%s'", path, path);
	CHECK_STR(cause, want);
	CHECK(cause == NULL || strstr(cause, "file-token-3") == NULL);
	free(want);
	free(cause);
	chmod(path, 0640);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, "(mode 0640)");
	free(cause);
	chmod(path, 0700);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK(tok != NULL);
	secret_free(&tok);
	chmod(path, 0601);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, "chmod 600");
	free(cause);
	free(path);
}

static void
a_missing_empty_or_odd_file_is_refused(void)
{
	char *path, *cause, *tok, *big;

	path = tmp_path("absent");
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK(tok == NULL);
	CHECK_CONTAINS(cause, "No such file or directory");
	CHECK_CONTAINS(cause, path);
	free(cause);
	free(path);

	path = write_tmp("empty", "", 0, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, " is empty");
	free(cause);
	free(path);

	path = write_tmp("blank", "\n \n", 3, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, " is empty");
	free(cause);
	free(path);

	path = write_tmp("two", "line1\nline2\n", 12, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, " holds more than one line");
	CHECK(strstr(cause, "line1") == NULL);
	free(cause);
	free(path);

	big = xmalloc(SECRET_MAX + 1);
	memset(big, 'a', SECRET_MAX + 1);
	path = write_tmp("big", big, SECRET_MAX + 1, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, "is larger than 65536 bytes");
	free(cause);
	free(path);
	path = write_tmp("cap", big, SECRET_MAX, 0600);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK(tok != NULL && strlen(tok) == SECRET_MAX);
	secret_free(&tok);
	free(path);
	free(big);

	path = tmp_path("dir");
	mkdir(path, 0700);
	tok = resolve(SECRET_FILE, path, NULL, &cause);
	CHECK_CONTAINS(cause, "is not a regular file");
	free(cause);
	free(path);

	/* A FIFO with no writer must not block the resolver. */
	path = tmp_path("fifo");
	if (mkfifo(path, 0600) == 0) {
		tok = resolve(SECRET_FILE, path, NULL, &cause);
		CHECK_CONTAINS(cause, "is not a regular file");
		free(cause);
		unlink(path);
	}
	free(path);
}

static void
a_file_owned_by_someone_else_is_refused(void)
{
	char *path, *cause, *tok;

	if (geteuid() != 0)
		return;		/* only root can make such a file here */
	path = write_tmp("theirs", "t\n", 2, 0600);
	if (chown(path, 65534, 65534) == 0) {
		tok = resolve(SECRET_FILE, path, NULL, &cause);
		CHECK(tok == NULL);
		CHECK_CONTAINS(cause, "is owned by uid 65534, not by you (uid 0)");
		free(cause);
	}
	unlink(path);
	free(path);
}

/* ---- cmd ---- */

static void
a_command_gives_the_first_line_of_its_output(void)
{
	char *cause, *tok;

	tok = resolve(SECRET_CMD, "printf 'cmd-token  \\nsecond line\\n'", NULL,
	    &cause);
	CHECK_STR(tok, "cmd-token");
	secret_free(&tok);
	tok = resolve(SECRET_CMD, "printf no-newline", NULL, &cause);
	CHECK_STR(tok, "no-newline");
	secret_free(&tok);
	/* stdin is /dev/null: cat ends at once instead of reading ours. */
	tok = resolve(SECRET_CMD, "cat; echo after-cat", NULL, &cause);
	CHECK_STR(tok, "after-cat");
	secret_free(&tok);
}

static void
a_failing_command_is_reported_with_its_status_and_stderr(void)
{
	char *cause, *tok;

	tok = resolve(SECRET_CMD, "echo 'entry not found' >&2; exit 1",
	    "zendesk.token_cmd", &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "zendesk.token_cmd \"echo 'entry not found' >&2; "
	    "exit 1\" exited with status 1: entry not found");
	free(cause);
	tok = resolve(SECRET_CMD, "no-such-command-tdesk", NULL, &cause);
	CHECK_CONTAINS(cause, "exited with status 127: ");
	CHECK_CONTAINS(cause, "not found");
	free(cause);
	tok = resolve(SECRET_CMD, "kill -TERM $$", NULL, &cause);
	CHECK_CONTAINS(cause, "was killed by signal 15");
	free(cause);
}

static void
a_command_that_prints_nothing_or_too_much_is_refused(void)
{
	char *cause, *tok;

	tok = resolve(SECRET_CMD, "true", NULL, &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "token_cmd \"true\" printed nothing");
	free(cause);
	tok = resolve(SECRET_CMD, "echo; echo second", NULL, &cause);
	CHECK_STR(cause, "token_cmd \"echo; echo second\" printed nothing on "
	    "its first line");
	free(cause);
	tok = resolve(SECRET_CMD, "head -c 70000 /dev/zero | tr '\\0' a", NULL,
	    &cause);
	CHECK_CONTAINS(cause, "printed more than 65536 bytes");
	free(cause);
	tok = resolve(SECRET_CMD, "printf 'a\\033b\\n'", NULL, &cause);
	CHECK_CONTAINS(cause, "holds a control character");
	free(cause);
}

static void
a_command_that_hangs_is_killed_after_the_timeout(void)
{
	struct timeval start;
	unsigned old = secret_set_cmd_timeout(300);
	char *cause, *tok;

	CHECK_INT(old, SECRET_CMD_TIMEOUT_MS);
	gettimeofday(&start, NULL);
	tok = resolve(SECRET_CMD, "echo 'Passphrase:' >&2; sleep 30", NULL,
	    &cause);
	CHECK(tok == NULL);
	CHECK_STR(cause, "token_cmd \"echo 'Passphrase:' >&2; sleep 30\" did "
	    "not finish within 300 ms and was killed: Passphrase:");
	CHECK(elapsed_ms(&start) < 5000);
	free(cause);
	secret_set_cmd_timeout(old);
}

static void
a_background_child_holding_stdout_does_not_delay_the_token(void)
{
	struct timeval start;
	char *cause, *tok;

	gettimeofday(&start, NULL);
	tok = resolve(SECRET_CMD, "sleep 20 & echo quick-token", NULL, &cause);
	CHECK_STR(tok, "quick-token");
	CHECK(elapsed_ms(&start) < 5000);
	secret_free(&tok);
}

static void
a_token_printed_to_stderr_is_cut_out_of_the_message(void)
{
	char *cause, *tok;

	tok = resolve(SECRET_CMD, "echo tok-abcdef-123456; "
	    "echo \"debug: got tok-abcdef-123456 ok\" >&2; exit 3", NULL,
	    &cause);
	CHECK(tok == NULL);
	CHECK_CONTAINS(cause, "exited with status 3: debug: got [redacted] ok");
	free(cause);
}

/*
 * The command sees exactly argv {"sh", "-c", COMMAND}, and neither its
 * arguments nor its environment hold a token tdesk has read before.
 */
static void
a_command_gets_no_token_in_its_argv_or_environment(void)
{
	char *tokfile, *seen, *cmd, *cause, *tok, *earlier, buf[65536], *want;
	ssize_t n;
	int fd;

	tokfile = write_tmp("earlier", "EARLIER-FILE-SECRET-991\n", 24, 0600);
	earlier = resolve(SECRET_FILE, tokfile, NULL, &cause);
	CHECK_STR(earlier, "EARLIER-FILE-SECRET-991");

	seen = tmp_path("seen");
	cmd = xasprintf("{ cat /proc/$$/cmdline; echo; env; } > %s; "
	    "echo CMD-TOKEN-5", seen);
	tok = resolve(SECRET_CMD, cmd, NULL, &cause);
	CHECK_STR(tok, "CMD-TOKEN-5");

	fd = open(seen, O_RDONLY);
	n = fd == -1 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd != -1)
		close(fd);
	CHECK(n > 0);
	if (n > 0) {
		buf[n] = '\0';
		want = xmalloc(strlen(cmd) + 8);
		memcpy(want, "sh\0-c\0", 6);
		memcpy(want + 6, cmd, strlen(cmd) + 1);
		if (memcmp(buf, want, strlen(cmd) + 7) != 0)
			TEST_FAIL("the command's argv is not sh -c COMMAND");
		free(want);
		CHECK(memmem(buf, (size_t)n, "EARLIER-FILE-SECRET", 19) == NULL);
	}
	secret_free(&earlier);
	secret_free(&tok);
	free(cmd);
	free(seen);
	free(tokfile);
}

/* ---- helpers ---- */

static void
secret_free_takes_null_and_clears_the_pointer(void)
{
	char *tok = NULL;

	secret_free(&tok);
	tok = xstrdup("zero-me");
	secret_free(&tok);
	CHECK(tok == NULL);
}

static void
shell_quoting_leaves_plain_paths_alone(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "/home/a/.config/tdesk/config", "/home/a/.config/tdesk/config" },
		{ "/tmp/my config", "'/tmp/my config'" },
		{ "it's", "'it'\\''s'" },
		{ "$HOME/x", "'$HOME/x'" },
		{ "", "''" },
	};
	size_t i;
	char *q;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		q = secret_shquote(cases[i].in);
		CHECK_STR(q, cases[i].want);
		free(q);
	}
	CHECK_STR(secret_kind_name(SECRET_ENV), "token_env");
	CHECK_STR(secret_kind_name(SECRET_FILE), "token_file");
	CHECK_STR(secret_kind_name(SECRET_CMD), "token_cmd");
}

static void
no_source_or_an_empty_argument_is_an_error(void)
{
	struct secret_source none = { SECRET_NONE, (char *)"x", NULL };
	char *tok, *cause = NULL;

	CHECK_INT(secret_resolve(&none, &tok, &cause), -1);
	CHECK_STR(cause, "no token source is configured");
	free(cause);
	tok = resolve(SECRET_CMD, "", "payments.token_cmd", &cause);
	CHECK_STR(cause, "payments.token_cmd is empty");
	free(cause);
}

/*
 * One rule, one message: a token the HTTP client refuses is refused where
 * it is read (config check, sync), in the words the client uses.
 */
static void
a_token_the_http_client_refuses_is_refused_when_read_in_its_words(void)
{
	static const char *const bad[] = {
		"tok en", "tok\001en", "tok\x7f", "t\xc3\xb3k", "tok\ten",
	};
	struct http_config cfg = {
		.name = "zendesk", .base_url = "https://acme.zendesk.com",
		.auth = HTTP_AUTH_BEARER,
	};
	struct http_client *cl;
	char *tok, *cause = NULL, *want;
	const char *problem;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		problem = http_token_problem(bad[i]);
		CHECK(problem != NULL);
		if (problem == NULL)
			continue;
		setenv("TDESK_T_RULE", bad[i], 1);
		tok = resolve(SECRET_ENV, "TDESK_T_RULE", NULL, &cause);
		CHECK(tok == NULL);
		want = xasprintf("token_env TDESK_T_RULE %s", problem);
		CHECK_STR(cause, want);
		free(want);
		free(cause);
		cause = NULL;
		cfg.secret = bad[i];
		cl = http_client_new(&cfg, &cause);
		CHECK(cl == NULL);
		http_client_free(&cl);
		want = xasprintf("zendesk: the token %s", problem);
		CHECK_STR(cause, want);
		free(want);
		free(cause);
		cause = NULL;
	}
	CHECK_STR(http_token_problem("tok en"), "holds a space");
	CHECK_STR(http_token_problem("tok\001"), "holds a control character");
	CHECK_STR(http_token_problem("t\xc3\xb3k"), "holds a non-ASCII character");
	CHECK_STR(http_token_problem(""), "is empty");
	CHECK(http_token_problem("zd-Admin_token.1/2+3=") == NULL);
	setenv("TDESK_T_RULE", "  zd-Admin_token.1/2+3=\n", 1);
	tok = resolve(SECRET_ENV, "TDESK_T_RULE", NULL, &cause);
	CHECK_STR(tok, "zd-Admin_token.1/2+3=");
	secret_free(&tok);
	unsetenv("TDESK_T_RULE");
}

static const struct test tests[] = {
	T(an_environment_variable_gives_its_value_trimmed),
	T(an_unset_or_empty_variable_is_refused_by_name),
	T(a_token_with_a_control_character_is_refused_without_quoting_it),
	T(a_0600_file_gives_its_token_without_the_trailing_newline),
	T(a_file_open_to_others_is_refused_with_the_chmod_command),
	T(a_missing_empty_or_odd_file_is_refused),
	T(a_file_owned_by_someone_else_is_refused),
	T(a_command_gives_the_first_line_of_its_output),
	T(a_failing_command_is_reported_with_its_status_and_stderr),
	T(a_command_that_prints_nothing_or_too_much_is_refused),
	T(a_command_that_hangs_is_killed_after_the_timeout),
	T(a_background_child_holding_stdout_does_not_delay_the_token),
	T(a_token_printed_to_stderr_is_cut_out_of_the_message),
	T(a_command_gets_no_token_in_its_argv_or_environment),
	T(secret_free_takes_null_and_clears_the_pointer),
	T(shell_quoting_leaves_plain_paths_alone),
	T(no_source_or_an_empty_argument_is_an_error),
	T(a_token_the_http_client_refuses_is_refused_when_read_in_its_words),
};

TEST_MAIN(tests)
