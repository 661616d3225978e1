/*
 * Unit tests for tui/console/editor.h: $EDITOR and $VISUAL are small shell scripts
 * written here that append, empty, rename, fail or signal, and each case
 * checks the result, the message, and that no temporary file is left.
 */
#include "test.h"
#include "tui/console/editor.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

/* A private directory: bin/ holds the scripts, tmp/ is $TMPDIR. */
static char test_root[] = "/tmp/tdesk-test-editor-XXXXXX";
static char test_bin[128], test_tmp[128], test_side[128];	/* under test_root */

static const struct {
	const char	*name;
	const char	*body;
	int		 mode;
} scripts[] = {
	{ "append.sh", "printf 'added line\\n' >> \"$1\"", 0755 },
	{ "visual.sh", "printf 'from visual\\n' >> \"$1\"", 0755 },
	{ "rewrite.sh", "printf 'new text\\n' > \"$1.new\" && "
	    "mv \"$1.new\" \"$1\"", 0755 },
	{ "same.sh", "cat \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"", 0755 },
	{ "empty.sh", ": > \"$1\"", 0755 },
	{ "blank.sh", "printf '  \\n\\t \\n\\n' > \"$1\"", 0755 },
	{ "nothing.sh", "exit 0", 0755 },
	{ "newline.sh", "printf '\\n' >> \"$1\"", 0755 },
	{ "two-newlines.sh", "printf 'text\\n\\n' > \"$1\"", 0755 },
	{ "fail.sh", "printf 'x\\n' >> \"$1\"; exit 3", 0755 },
	{ "remove.sh", "rm -f \"$1\"", 0755 },
	{ "big.sh", "head -c 1048577 /dev/zero | tr '\\0' a > \"$1\"", 0755 },
	{ "cap.sh", "head -c 1048576 /dev/zero | tr '\\0' b > \"$1\"", 0755 },
	{ "nul.sh", "printf 'a\\000b\\n' > \"$1\"", 0755 },
	{ "args.sh", "[ \"$1\" = -n ] && [ \"$2\" = 'two words' ] || exit 9\n"
	    "printf 'args ok\\n' > \"$3\"", 0755 },
	{ "json.sh", "case \"$1\" in *.json) printf '{\"ok\":true}\\n' > "
	    "\"$1\" ;; *) exit 5 ;; esac", 0755 },
	{ "mode.sh", "[ -n \"$(find \"$1\" -perm 600)\" ] || exit 7\n"
	    "printf 'private\\n' >> \"$1\"", 0755 },
	{ "where.sh", "printf '%s' \"$1\" > \"$TDESK_TEST_SIDE\"\n"
	    "printf 'seen\\n' >> \"$1\"", 0755 },
	{ "ppid.sh", "printf '%s' \"$PPID\" > \"$TDESK_TEST_SIDE\"\n"
	    "printf 'x\\n' >> \"$1\"", 0755 },
	{ "int-parent.sh", "kill -INT \"$TDESK_TEST_PID\"\n"
	    "kill -QUIT \"$TDESK_TEST_PID\"\n"
	    "printf 'survived\\n' >> \"$1\"", 0755 },
	{ "int-self.sh", "kill -INT $$\nprintf 'not reached\\n' >> \"$1\"",
	    0755 },
	{ "winch-parent.sh", "kill -WINCH \"$TDESK_TEST_PID\"\nsleep 0.2\n"
	    "printf 'after winch\\n' >> \"$1\"", 0755 },
	{ "noexec.sh", "printf 'x\\n' >> \"$1\"", 0644 },
};

#define NSCRIPTS	(sizeof scripts / sizeof scripts[0])

static void
fixture_remove(void)
{
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < NSCRIPTS; i++) {
		snprintf(path, sizeof path, "%s/%s", test_bin, scripts[i].name);
		unlink(path);
	}
	unlink(test_side);
	rmdir(test_bin);
	rmdir(test_tmp);
	rmdir(test_root);
}

/* Make the directories and scripts once; set the environment each time. */
static void
fixture(void)
{
	static int made;
	char path[PATH_MAX], pid[32];
	size_t i;
	FILE *f;

	if (!made) {
		if (mkdtemp(test_root) == NULL) {
			perror("mkdtemp");
			exit(1);
		}
		snprintf(test_bin, sizeof test_bin, "%s/bin", test_root);
		snprintf(test_tmp, sizeof test_tmp, "%s/tmp", test_root);
		snprintf(test_side, sizeof test_side, "%s/side", test_root);
		if (mkdir(test_bin, 0700) == -1 || mkdir(test_tmp, 0700) == -1) {
			perror("mkdir");
			exit(1);
		}
		for (i = 0; i < NSCRIPTS; i++) {
			snprintf(path, sizeof path, "%s/%s", test_bin,
			    scripts[i].name);
			if ((f = fopen(path, "w")) == NULL) {
				perror(path);
				exit(1);
			}
			fprintf(f, "#!/bin/sh\n%s\n", scripts[i].body);
			fclose(f);
			chmod(path, (mode_t)scripts[i].mode);
		}
		atexit(fixture_remove);
		made = 1;
	}
	unsetenv("VISUAL");
	unsetenv("EDITOR");
	setenv("TMPDIR", test_tmp, 1);
	setenv("TDESK_TEST_SIDE", test_side, 1);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	setenv("TDESK_TEST_PID", pid, 1);
	unlink(test_side);
}

/* "@name rest" is the script name in bin/, then rest; else as it is. */
static void
set_editor(const char *var, const char *value)
{
	char buf[PATH_MAX + 64];

	if (value == NULL)
		return;
	if (value[0] == '@') {
		snprintf(buf, sizeof buf, "%s/%s", test_bin, value + 1);
		value = buf;
	}
	setenv(var, value, 1);
}

/* How many entries dir holds, . and .. aside. */
static int
entries_in(const char *dir)
{
	struct dirent *d;
	DIR *dp;
	int n = 0;

	if ((dp = opendir(dir)) == NULL)
		return -1;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			n++;
	}
	closedir(dp);
	return n;
}

/* The side file a script wrote, in a static buffer ("" if none). */
static const char *
side_text(void)
{
	static char buf[PATH_MAX];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	if ((f = fopen(test_side, "r")) != NULL) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

struct edit_case {
	const char	*what;
	const char	*visual;	/* "@script args", or a value, or NULL */
	const char	*editor;
	const char	*initial;
	const char	*suffix;
	int		 rc;
	const char	*out;		/* EDITOR_OK: the text */
	const char	*cause;		/* EDITOR_ERROR: part of the message */
};

static void
run_edit_cases(const struct edit_case *t, size_t n)
{
	char *out, *cause;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		fixture();
		set_editor("VISUAL", t[i].visual);
		set_editor("EDITOR", t[i].editor);
		out = cause = NULL;
		rc = editor_edit(t[i].initial, t[i].suffix, NULL, &out, &cause);
		if (rc != t[i].rc)
			TEST_FAIL("%s: result %d, want %d (%s)", t[i].what, rc,
			    t[i].rc, cause != NULL ? cause : "no cause");
		if (rc == EDITOR_OK)
			CHECK_STR(out, t[i].out);
		else if (out != NULL)
			TEST_FAIL("%s: out is set", t[i].what);
		if (t[i].rc == EDITOR_ERROR)
			CHECK_CONTAINS(cause, t[i].cause);
		if (entries_in(test_tmp) != 0)
			TEST_FAIL("%s: %d files left in $TMPDIR", t[i].what,
			    entries_in(test_tmp));
		free(out);
		free(cause);
	}
}

#define RUN_EDITS(t)	run_edit_cases(t, sizeof (t) / sizeof (t)[0])

static void
what_the_editor_saves_comes_back_without_its_final_newline(void)
{
	static const struct edit_case t[] = {
		{ "append", NULL, "@append.sh", "first line\n", ".txt",
		    EDITOR_OK, "first line\nadded line", NULL },
		{ "append to nothing", NULL, "@append.sh", NULL, NULL,
		    EDITOR_OK, "added line", NULL },
		{ "replaced by rename", NULL, "@rewrite.sh", "old", ".txt",
		    EDITOR_OK, "new text", NULL },
		{ "only one newline goes", NULL, "@two-newlines.sh", "", ".txt",
		    EDITOR_OK, "text\n", NULL },
	};
	char *out = NULL, *cause = NULL;

	RUN_EDITS(t);
	/* The cap case, checked by length rather than by a 1 MiB string. */
	fixture();
	set_editor("EDITOR", "@cap.sh");
	CHECK_INT(editor_edit("", ".txt", NULL, &out, &cause), EDITOR_OK);
	CHECK(out != NULL && strlen(out) == EDITOR_MAX_TEXT);
	free(out);
	free(cause);
}

static void
visual_wins_over_editor_and_a_blank_variable_counts_as_unset(void)
{
	static const struct edit_case t[] = {
		{ "VISUAL and EDITOR", "@visual.sh", "@append.sh", "", ".txt",
		    EDITOR_OK, "from visual", NULL },
		{ "VISUAL alone", "@visual.sh", NULL, "", ".txt",
		    EDITOR_OK, "from visual", NULL },
		{ "VISUAL blank", " \t", "@append.sh", "", ".txt",
		    EDITOR_OK, "added line", NULL },
		{ "EDITOR empty", "@visual.sh", "", "", ".txt",
		    EDITOR_OK, "from visual", NULL },
	};

	RUN_EDITS(t);
}

static void
the_editor_command_is_visual_then_editor_then_vi(void)
{
	fixture();
	CHECK_STR(editor_command(), "vi");
	setenv("EDITOR", "", 1);
	CHECK_STR(editor_command(), "vi");
	setenv("EDITOR", "emacs -nw", 1);
	CHECK_STR(editor_command(), "emacs -nw");
	setenv("VISUAL", "  ", 1);
	CHECK_STR(editor_command(), "emacs -nw");
	setenv("VISUAL", "code --wait", 1);
	CHECK_STR(editor_command(), "code --wait");
	fixture();
}

static void
an_editor_value_with_arguments_and_quotes_is_run_by_the_shell(void)
{
	static const struct edit_case t[] = {
		{ "arguments", NULL, "@args.sh -n 'two words'", "", ".txt",
		    EDITOR_OK, "args ok", NULL },
		{ "wrong arguments", NULL, "@args.sh -n two words", "", ".txt",
		    EDITOR_ERROR, NULL, "exited with status 9" },
	};

	RUN_EDITS(t);
}

static void
an_empty_blank_unchanged_or_removed_text_cancels(void)
{
	static const struct edit_case t[] = {
		{ "emptied", NULL, "@empty.sh", "hello", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
		{ "blank", NULL, "@blank.sh", "hello", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
		{ "untouched", NULL, "@nothing.sh", "hello", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
		{ "untouched, with a newline", NULL, "@nothing.sh", "hello\n",
		    ".txt", EDITOR_CANCELLED, NULL, NULL },
		{ "untouched, from nothing", NULL, "@nothing.sh", NULL, NULL,
		    EDITOR_CANCELLED, NULL, NULL },
		{ "rewritten the same", NULL, "@same.sh", "a\nb", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
		{ "only a newline added", NULL, "@newline.sh", "hello", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
		{ "removed", NULL, "@remove.sh", "hello", ".txt",
		    EDITOR_CANCELLED, NULL, NULL },
	};

	RUN_EDITS(t);
}

static void
a_failed_editor_a_missing_one_and_bad_text_are_errors_that_say_why(void)
{
	static const struct edit_case t[] = {
		{ "non-zero exit", NULL, "@fail.sh", "hello", ".txt",
		    EDITOR_ERROR, NULL,
		    "exited with status 3, so the edit is cancelled" },
		{ "not found", NULL, "/nonexistent/editor", "hello", ".txt",
		    EDITOR_ERROR, NULL,
		    "the editor \"/nonexistent/editor\" was not found" },
		{ "not executable", NULL, "@noexec.sh", "hello", ".txt",
		    EDITOR_ERROR, NULL, "could not be run" },
		{ "too large", NULL, "@big.sh", "", ".txt", EDITOR_ERROR, NULL,
		    "larger than 1 MiB" },
		{ "a NUL byte", NULL, "@nul.sh", "", ".txt", EDITOR_ERROR, NULL,
		    "NUL byte (at byte 1)" },
		{ "killed by its own ^C", NULL, "@int-self.sh", "", ".txt",
		    EDITOR_ERROR, NULL, "so the edit is cancelled" },
		{ "a suffix with a slash", NULL, "@append.sh", "", "/../x",
		    EDITOR_ERROR, NULL, "bad file suffix" },
	};

	RUN_EDITS(t);
}

static void
the_suffix_reaches_the_editor_and_the_file_is_private(void)
{
	static const struct edit_case t[] = {
		{ ".json", NULL, "@json.sh", "{}", ".json", EDITOR_OK,
		    "{\"ok\":true}", NULL },
		{ ".txt", NULL, "@json.sh", "{}", ".txt", EDITOR_ERROR, NULL,
		    "status 5" },
		{ "mode 0600", NULL, "@mode.sh", "", ".txt", EDITOR_OK,
		    "private", NULL },
	};

	RUN_EDITS(t);
}

/* Edit with where.sh in $TMPDIR dir; check where the file was and that
 * it is gone. */
static void
check_temp_file_in(const char *dir, const char *suffix)
{
	char *out = NULL, *cause = NULL, prefix[PATH_MAX];
	const char *path;

	set_editor("EDITOR", "@where.sh");
	CHECK_INT(editor_edit("x\n", suffix, NULL, &out, &cause), EDITOR_OK);
	CHECK_STR(out, "x\nseen");
	path = side_text();
	snprintf(prefix, sizeof prefix, "%s/tdesk-", dir);
	if (strncmp(path, prefix, strlen(prefix)) != 0)
		TEST_FAIL("the file %s is not in %s", path, dir);
	if (strlen(path) < strlen(suffix) ||
	    strcmp(path + strlen(path) - strlen(suffix), suffix) != 0)
		TEST_FAIL("the file %s does not end with %s", path, suffix);
	if (access(path, F_OK) == 0 || errno != ENOENT)
		TEST_FAIL("the file %s is still there", path);
	free(out);
	free(cause);
}

static void
the_temporary_file_is_made_in_tmpdir_even_with_spaces_and_removed(void)
{
	char dir[PATH_MAX], *out = NULL, *cause = NULL;

	fixture();
	check_temp_file_in(test_tmp, ".txt");

	snprintf(dir, sizeof dir, "%s/tmp dir with spaces", test_root);
	CHECK_INT(mkdir(dir, 0700), 0);
	setenv("TMPDIR", dir, 1);
	check_temp_file_in(dir, ".md");
	CHECK_INT(entries_in(dir), 0);
	rmdir(dir);

	unsetenv("TMPDIR");
	check_temp_file_in("/tmp", ".txt");
	setenv("TMPDIR", "", 1);
	check_temp_file_in("/tmp", "");

	setenv("TMPDIR", "/nonexistent/dir", 1);
	CHECK_INT(editor_edit("x", ".txt", NULL, &out, &cause), EDITOR_ERROR);
	CHECK_CONTAINS(cause, "cannot make a temporary file in "
	    "/nonexistent/dir");
	CHECK(out == NULL);
	free(cause);
	fixture();
}

/* What the hooks saw: the order, and whether the editor had run yet. */
struct hook_log {
	char	 order[8];
	int	 side_at_suspend;	/* the side file existed at suspend */
	int	 side_at_resume;
	int	 int_ignored;		/* SIGINT was ignored at suspend */
};

static void
hook_suspend(void *arg)
{
	struct hook_log *log = arg;
	struct sigaction sa;

	strncat(log->order, "S", sizeof log->order - strlen(log->order) - 1);
	log->side_at_suspend = access(test_side, F_OK) == 0;
	sigaction(SIGINT, NULL, &sa);
	log->int_ignored = sa.sa_handler == SIG_IGN;
}

static void
hook_resume(void *arg)
{
	struct hook_log *log = arg;

	strncat(log->order, "R", sizeof log->order - strlen(log->order) - 1);
	log->side_at_resume = access(test_side, F_OK) == 0;
}

static void
the_hooks_run_just_before_and_after_the_editor_even_when_it_fails(void)
{
	struct hook_log log;
	struct editor_hooks hooks = { hook_suspend, hook_resume, &log };
	struct editor_hooks half = { hook_suspend, NULL, &log };
	char *out = NULL, *cause = NULL;

	fixture();
	memset(&log, 0, sizeof log);
	set_editor("EDITOR", "@where.sh");
	CHECK_INT(editor_edit("", ".txt", &hooks, &out, &cause), EDITOR_OK);
	CHECK_STR(log.order, "SR");
	CHECK(!log.side_at_suspend);
	CHECK(log.side_at_resume);
	CHECK(log.int_ignored);
	free(out);
	out = NULL;

	memset(&log, 0, sizeof log);
	set_editor("EDITOR", "/nonexistent/editor");
	CHECK_INT(editor_edit("", ".txt", &hooks, &out, &cause), EDITOR_ERROR);
	CHECK_STR(log.order, "SR");
	free(cause);
	cause = NULL;

	memset(&log, 0, sizeof log);
	set_editor("EDITOR", "@append.sh");
	CHECK_INT(editor_edit("", ".txt", &half, &out, &cause), EDITOR_OK);
	CHECK_STR(log.order, "S");
	free(out);
}

static volatile sig_atomic_t caught_int, caught_quit, caught_winch;

static void
count_int(int sig)
{
	(void)sig;
	caught_int++;
}

static void
count_quit(int sig)
{
	(void)sig;
	caught_quit++;
}

static void
count_winch(int sig)
{
	(void)sig;
	caught_winch++;
}

static void
sigint_and_sigquit_cannot_end_tdesk_while_the_editor_runs(void)
{
	struct sigaction sa, old_int, old_quit, now;
	char *out = NULL, *cause = NULL;

	fixture();
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = count_int;
	sigaction(SIGINT, &sa, &old_int);
	sa.sa_handler = count_quit;
	sigaction(SIGQUIT, &sa, &old_quit);
	caught_int = caught_quit = 0;

	set_editor("EDITOR", "@int-parent.sh");
	CHECK_INT(editor_edit("", ".txt", NULL, &out, &cause), EDITOR_OK);
	CHECK_STR(out, "survived");
	CHECK_INT(caught_int, 0);
	CHECK_INT(caught_quit, 0);
	/* The dispositions from before are back. */
	sigaction(SIGINT, NULL, &now);
	CHECK(now.sa_handler == count_int);
	sigaction(SIGQUIT, NULL, &now);
	CHECK(now.sa_handler == count_quit);
	free(out);
	out = NULL;

	/* An ignored SIGINT stays ignored afterwards, and the editor still
	 * gets the default one (int-self.sh dies of its own ^C). */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	set_editor("EDITOR", "@int-self.sh");
	CHECK_INT(editor_edit("", ".txt", NULL, &out, &cause), EDITOR_ERROR);
	sigaction(SIGINT, NULL, &now);
	CHECK(now.sa_handler == SIG_IGN);
	free(cause);

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	CHECK_INT(entries_in(test_tmp), 0);
}

static void
waiting_for_the_editor_survives_an_interrupting_signal(void)
{
	struct sigaction sa, old;
	char *out = NULL, *cause = NULL;

	fixture();
	/* No SA_RESTART, like a self-pipe handler: waitpid() gets EINTR. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = count_winch;
	sigaction(SIGWINCH, &sa, &old);
	caught_winch = 0;
	set_editor("EDITOR", "@winch-parent.sh");
	CHECK_INT(editor_edit("", ".txt", NULL, &out, &cause), EDITOR_OK);
	CHECK_STR(out, "after winch");
	CHECK_INT(caught_winch, 1);
	sigaction(SIGWINCH, &old, NULL);
	free(out);
	free(cause);
}

static void
the_shell_gives_its_process_to_the_editor(void)
{
	char *out = NULL, *cause = NULL, pid[32];

	fixture();
	set_editor("EDITOR", "@ppid.sh");
	CHECK_INT(editor_edit("", ".txt", NULL, &out, &cause), EDITOR_OK);
	snprintf(pid, sizeof pid, "%ld", (long)getpid());
	CHECK_STR(side_text(), pid);
	free(out);
	free(cause);
}

static const struct test tests[] = {
	T(what_the_editor_saves_comes_back_without_its_final_newline),
	T(visual_wins_over_editor_and_a_blank_variable_counts_as_unset),
	T(the_editor_command_is_visual_then_editor_then_vi),
	T(an_editor_value_with_arguments_and_quotes_is_run_by_the_shell),
	T(an_empty_blank_unchanged_or_removed_text_cancels),
	T(a_failed_editor_a_missing_one_and_bad_text_are_errors_that_say_why),
	T(the_suffix_reaches_the_editor_and_the_file_is_private),
	T(the_temporary_file_is_made_in_tmpdir_even_with_spaces_and_removed),
	T(the_hooks_run_just_before_and_after_the_editor_even_when_it_fails),
	T(sigint_and_sigquit_cannot_end_tdesk_while_the_editor_runs),
	T(waiting_for_the_editor_survives_an_interrupting_signal),
	T(the_shell_gives_its_process_to_the_editor),
};

TEST_MAIN(tests)
