/*
 * Unit tests for tui/config/config.c: the parser, the applier, loading, profile
 * selection, the dump and `config check`, and the corpus of bad and good
 * files in tests/config/ (run from the repository root).
 */
#include "test.h"
#include "tui/config/config.h"
#include "tui/cli/exitcode.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

/* ---- helpers ---- */

static char tzdir[64];

static void
write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		TEST_FAIL("cannot write %s", path);
		return;
	}
	fwrite(text, 1, len, f);
	fclose(f);
	chmod(path, mode);
}

static void
tz_cleanup(void)
{
	static const char *const files[] = { "America/Los_Angeles",
	    "Europe/Warsaw", "Bogus/NotTZif", NULL };
	static const char *const dirs[] = { "America", "Europe", "Bogus", "" };
	char path[128];
	size_t i;

	for (i = 0; files[i] != NULL; i++) {
		snprintf(path, sizeof path, "%s/%s", tzdir, files[i]);
		unlink(path);
	}
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", tzdir, dirs[i]);
		rmdir(path);
	}
}

/*
 * A private TZDIR with the zones the tests name, so that they do not
 * depend on the machine's tzdata (and TZDIR is seen to be honoured).
 */
static void
tz_fixture(void)
{
	static const char zone[] = "TZif2\0\0\0 fake zone for the tests";
	char path[128];

	if (tzdir[0] != '\0')
		return;
	snprintf(tzdir, sizeof tzdir, "/tmp/tdesk-tz-XXXXXX");
	if (mkdtemp(tzdir) == NULL) {
		TEST_FAIL("mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/America", tzdir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/Europe", tzdir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/Bogus", tzdir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/America/Los_Angeles", tzdir);
	write_file(path, zone, sizeof zone - 1, 0644);
	snprintf(path, sizeof path, "%s/Europe/Warsaw", tzdir);
	write_file(path, zone, sizeof zone - 1, 0644);
	snprintf(path, sizeof path, "%s/Bogus/NotTZif", tzdir);
	write_file(path, "hello", 5, 0644);
	setenv("TZDIR", tzdir, 1);
	atexit(tz_cleanup);
}

/* Parse text as the file "config"; errs is cleared first. */
static int
parse(const char *text, struct config **cfg, struct config_errors *errs)
{
	tz_fixture();
	config_errors_free(errs);
	return config_parse_buffer("config", text, strlen(text), cfg, errs);
}

/* Every message, one a line, in a static buffer: for CHECK_CONTAINS. */
static const char *
joined(const struct config_errors *errs)
{
	static char buf[65536];
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < errs->n; i++)
		n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0,
		    "%s\n", errs->v[i].msg);
	return buf;
}

/* Parse text that must be good; returns the config (or NULL after failing). */
static struct config *
parse_ok(const char *text)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;

	if (parse(text, &cfg, &errs) != 0 || cfg == NULL)
		TEST_FAIL("unexpected errors:\n%s", joined(&errs));
	config_errors_free(&errs);
	return cfg;
}

/* Parse text that must fail with exactly one error containing want. */
static void
check_one_error(const char *text, const char *want)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;

	CHECK_INT(parse(text, &cfg, &errs), -1);
	CHECK(cfg == NULL);
	CHECK_INT(errs.n, 1);
	CHECK_CONTAINS(joined(&errs), want);
	config_errors_free(&errs);
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*len + 65536 > cap) {
			cap = (cap + 65536) * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		if ((n = fread(buf + *len, 1, cap - *len - 1, f)) == 0)
			break;
		*len += n;
	}
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The names in dir ending in suffix, sorted; NULL-terminated. */
static char **
list_dir(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL, *t;
	size_t len, sl = strlen(suffix), i, j;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= sl || strcmp(de->d_name + len - sl, suffix) != 0)
			continue;
		v = xreallocarray(v, *n + 2, sizeof *v);
		v[(*n)++] = xstrdup(de->d_name);
		v[*n] = NULL;
	}
	closedir(d);
	for (i = 1; i < *n; i++) {
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	return v;
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

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
		unlink(path);
	}
	closedir(d);
	rmdir(tmpdir);
}

/* path of name in a private temporary directory, in a static buffer. */
static const char *
tmp_path(const char *name)
{
	static char path[256];

	if (tmpdir[0] == '\0') {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/tdesk-config-XXXXXX");
		if (mkdtemp(tmpdir) == NULL)
			TEST_FAIL("mkdtemp");
		atexit(tmp_cleanup);
	}
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static const char design_example[] =
    "[tdesk]\n"
    "\tprofile = acme                      # used when -p is not given\n"
    "\tkeymap = vi                         # default | vi | emacs, plus ~/.config/tdesk/keys\n"
    "\ttimezones = UTC, America/Los_Angeles\n"
    "\tnotify = auto                       # auto | libnotify | osc9 | osc777 | bell | off\n"
    "\n"
    "[profile \"acme\"]\n"
    "\tenvironment = production\n"
    "\tzendesk.url = https://acme.zendesk.com          # account root; tdesk adds /api/v2/...\n"
    "\tzendesk.email = agent@acme.com\n"
    "\tzendesk.token_cmd = pass show zendesk/acme      # or token_env = NAME, or token_file = PATH\n"
    "\tzendesk.billing_field = billing_status          # organization field holding billing standing\n"
    "\tstatuspage.url = https://api.statuspage.io/v1   # the default; tdesk adds /pages/{id}/...\n"
    "\tstatuspage.page_id = 8m2l51279rpl\n"
    "\tstatuspage.token_env = STATUSPAGE_TOKEN\n"
    "\tpayments.url = https://payments.acme.internal   # tdesk adds /v1/...\n"
    "\tpayments.token_file = ~/.config/tdesk/acme-payments.token\n"
    "\n"
    "[view \"billing\"]\n"
    "\tfilter = status:open tag:billing\n"
    "\n"
    "[tolerance \"pln-rounding\"]\n"
    "\tcurrency = PLN\n"
    "\tmax_delta = 0.01\n"
    "\tsuggest = accept\n";

/* ---- the file format ---- */

static void
the_design_example_parses_into_the_expected_structs(void)
{
	const struct config_profile *p;
	const struct config_tolerance *t;
	struct config *cfg;

	setenv("HOME", "/home/agent", 1);
	if ((cfg = parse_ok(design_example)) == NULL)
		return;
	CHECK_STR(cfg->tdesk.profile, "acme");
	CHECK_INT(cfg->tdesk.profile_line, 2);
	CHECK_INT(cfg->tdesk.keymap, CONFIG_KEYMAP_VI);
	CHECK_INT(cfg->tdesk.notify, CONFIG_NOTIFY_AUTO);
	CHECK_INT(cfg->tdesk.nzones, 2);
	CHECK_INT(cfg->tdesk.zones[0].kind, CONFIG_ZONE_UTC);
	CHECK_STR(cfg->tdesk.zones[0].name, "UTC");
	CHECK_INT(cfg->tdesk.zones[1].kind, CONFIG_ZONE_IANA);
	CHECK_STR(cfg->tdesk.zones[1].name, "America/Los_Angeles");

	CHECK_INT(cfg->nprofiles, 1);
	p = &cfg->profiles[0];
	CHECK_STR(p->name, "acme");
	CHECK_INT(p->line, 7);
	CHECK_STR(p->environment, "production");
	CHECK_INT(p->production, 1);
	CHECK_STR(p->zendesk.url, "https://acme.zendesk.com");
	CHECK_INT(p->zendesk.line, 9);
	CHECK_STR(p->zendesk_email, "agent@acme.com");
	CHECK_INT(p->zendesk.token.kind, SECRET_CMD);
	CHECK_STR(p->zendesk.token.arg, "pass show zendesk/acme");
	CHECK_STR(p->zendesk.token.key, "zendesk.token_cmd");
	CHECK_INT(p->zendesk.token_line, 11);
	CHECK_STR(p->zendesk_billing_field, "billing_status");
	CHECK_STR(p->statuspage.url, "https://api.statuspage.io/v1");
	CHECK_STR(p->statuspage_page_id, "8m2l51279rpl");
	CHECK_INT(p->statuspage.token.kind, SECRET_ENV);
	CHECK_STR(p->statuspage.token.arg, "STATUSPAGE_TOKEN");
	CHECK_STR(p->payments.url, "https://payments.acme.internal");
	CHECK_INT(p->payments.token.kind, SECRET_FILE);
	CHECK_STR(p->payments.token.arg,
	    "/home/agent/.config/tdesk/acme-payments.token");
	CHECK_STR(p->payments.token_text, "~/.config/tdesk/acme-payments.token");

	CHECK_INT(cfg->nviews, 1);
	CHECK_STR(cfg->views[0].name, "billing");
	CHECK_STR(cfg->views[0].filter, "status:open tag:billing");
	CHECK(config_find_view(cfg, "billing") == &cfg->views[0]);
	CHECK(config_find_view(cfg, "Billing") == NULL);

	CHECK_INT(cfg->ntolerances, 1);
	t = config_find_tolerance(cfg, "pln-rounding");
	CHECK(t != NULL);
	if (t != NULL) {
		CHECK_STR(t->currency, "PLN");
		CHECK_INT(t->max_delta, 1);
		CHECK_INT(t->suggest, CONFIG_SUGGEST_ACCEPT);
		CHECK(t->reason == NULL);
	}
	config_free(&cfg);
	CHECK(cfg == NULL);
}

static void
an_empty_file_gives_every_default(void)
{
	struct config *cfg = parse_ok("");

	if (cfg == NULL)
		return;
	CHECK(cfg->tdesk.profile == NULL);
	CHECK_INT(cfg->tdesk.keymap, CONFIG_KEYMAP_DEFAULT);
	CHECK_INT(cfg->tdesk.notify, CONFIG_NOTIFY_AUTO);
	CHECK_INT(cfg->tdesk.nzones, 1);
	CHECK_INT(cfg->tdesk.zones[0].kind, CONFIG_ZONE_LOCAL);
	CHECK_INT(cfg->tdesk.timeout_s, 30);
	CHECK_INT(cfg->tdesk.readback_delay_s, 120);
	CHECK_INT(cfg->nprofiles + cfg->nviews + cfg->ntolerances, 0);
	config_free(&cfg);
}

static void
timeout_takes_seconds_or_minutes_from_1s_to_10m(void)
{
	static const struct {
		const char	*v;
		int		 secs;	/* -1: refused */
	} cases[] = {
		{ "30s", 30 }, { "1s", 1 }, { "2m", 120 }, { "10m", 600 },
		{ "600s", 600 }, { "0030s", 30 },
		{ "0s", -1 }, { "601s", -1 }, { "11m", -1 }, { "30", -1 },
		{ "s", -1 }, { "30ms", -1 }, { "1h", -1 }, { "-5s", -1 },
		{ "3 s", -1 }, { "99999s", -1 }, { "1.5s", -1 },
	};
	struct config *cfg;
	char text[128], want[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "[tdesk]\n\ttimeout = %s\n",
		    cases[i].v);
		if (cases[i].secs < 0) {
			snprintf(want, sizeof want, "config:2: timeout = "
			    "\"%s\": expected a duration from 1s to 10m, such "
			    "as 30s or 2m", cases[i].v);
			check_one_error(text, want);
			continue;
		}
		if ((cfg = parse_ok(text)) == NULL)
			continue;
		CHECK_INT(cfg->tdesk.timeout_s, cases[i].secs);
		config_free(&cfg);
	}
	check_one_error("[tdesk]\ntimeout =\n", "config:2: timeout is empty: "
	    "expected a duration from 1s to 10m");
}

static void
readback_delay_takes_seconds_or_minutes_from_0s_to_60m(void)
{
	static const struct {
		const char	*v;
		int		 secs;	/* -1: refused */
	} cases[] = {
		{ "0s", 0 }, { "45s", 45 }, { "2m", 120 }, { "60m", 3600 },
		{ "3600s", 3600 },
		{ "61m", -1 }, { "3601s", -1 }, { "120", -1 }, { "1h", -1 },
		{ "-1s", -1 }, { "2 m", -1 },
	};
	struct config *cfg;
	char text[128], want[160];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "[tdesk]\n\treadback_delay = %s\n",
		    cases[i].v);
		if (cases[i].secs < 0) {
			snprintf(want, sizeof want, "config:2: readback_delay = "
			    "\"%s\": expected a duration from 0s to 60m, such "
			    "as 2m", cases[i].v);
			check_one_error(text, want);
			continue;
		}
		if ((cfg = parse_ok(text)) == NULL)
			continue;
		CHECK_INT(cfg->tdesk.readback_delay_s, cases[i].secs);
		config_free(&cfg);
	}
}

static void
keymap_and_notify_take_each_of_their_words(void)
{
	static const char *const keymaps[] = { "default", "vi", "emacs" };
	static const char *const notifies[] = { "auto", "libnotify", "osc9",
	    "osc777", "bell", "off" };
	struct config *cfg;
	char text[128];
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(text, sizeof text, "[tdesk]\nkeymap = %s\n", keymaps[i]);
		if ((cfg = parse_ok(text)) == NULL)
			continue;
		CHECK_INT(cfg->tdesk.keymap, i);
		CHECK_STR(config_keymap_name(cfg->tdesk.keymap), keymaps[i]);
		config_free(&cfg);
	}
	for (i = 0; i < 6; i++) {
		snprintf(text, sizeof text, "[tdesk]\nnotify = %s\n", notifies[i]);
		if ((cfg = parse_ok(text)) == NULL)
			continue;
		CHECK_INT(cfg->tdesk.notify, i);
		CHECK_STR(config_notify_name(cfg->tdesk.notify), notifies[i]);
		config_free(&cfg);
	}
	check_one_error("[tdesk]\nnotify = loud\n", "config:2: notify = "
	    "\"loud\": expected auto, libnotify, osc9, osc777, bell or off");
	check_one_error("[tdesk]\nkeymap =\n",
	    "config:2: keymap is empty: expected default, vi or emacs");
}

static void
timezones_take_utc_local_offsets_and_zone_files_under_tzdir(void)
{
	struct config *cfg;

	cfg = parse_ok("[tdesk]\ntimezones = utc,+05:30, -03:00 ,"
	    "Europe/Warsaw,local, +14:00, -12:00\n");
	if (cfg != NULL) {
		CHECK_INT(cfg->tdesk.nzones, 7);
		CHECK_STR(cfg->tdesk.zones[0].name, "UTC");
		CHECK_INT(cfg->tdesk.zones[1].kind, CONFIG_ZONE_OFFSET);
		CHECK_INT(cfg->tdesk.zones[1].offset, 330);
		CHECK_INT(cfg->tdesk.zones[2].offset, -180);
		CHECK_STR(cfg->tdesk.zones[2].name, "-03:00");
		CHECK_INT(cfg->tdesk.zones[3].kind, CONFIG_ZONE_IANA);
		CHECK_INT(cfg->tdesk.zones[4].kind, CONFIG_ZONE_LOCAL);
		CHECK_INT(cfg->tdesk.zones[6].offset, -720);
		config_free(&cfg);
	}
	/* The fixture's TZDIR has no Asia/Tokyo, whatever the machine has. */
	check_one_error("[tdesk]\ntimezones = Asia/Tokyo\n",
	    "unknown time zone \"Asia/Tokyo\" (not in /tmp/tdesk-tz-");
	check_one_error("[tdesk]\ntimezones = Bogus/NotTZif\n",
	    "unknown time zone \"Bogus/NotTZif\"");
	check_one_error("[tdesk]\ntimezones = ../../etc/passwd\n",
	    "unknown time zone");
	check_one_error("[tdesk]\ntimezones = Europe\n", "unknown time zone");
	check_one_error("[tdesk]\ntimezones = +14:01\n", "out of range");
	check_one_error("[tdesk]\ntimezones = -12:30\n", "out of range");
	check_one_error("[tdesk]\ntimezones = +02:60\n", "out of range");
	check_one_error("[tdesk]\ntimezones = +0200\n", "is not +HH:MM");
	check_one_error("[tdesk]\ntimezones = UTC, UTC\n", "listed twice");
	check_one_error("[tdesk]\ntimezones = UTC,\n", "an item of the list "
	    "is empty");
}

static void
the_system_zoneinfo_is_used_without_tzdir(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	const char *text = "[tdesk]\ntimezones = Etc/UTC\n";
	struct stat st;

	tz_fixture();
	unsetenv("TZDIR");
	if (stat("/usr/share/zoneinfo/Etc/UTC", &st) == 0) {
		CHECK_INT(config_parse_buffer("config", text, strlen(text), &cfg,
		    &errs), 0);
		config_free(&cfg);
	}
	config_errors_free(&errs);
	setenv("TZDIR", tzdir, 1);
}

static void
keys_and_sections_ignore_case_but_names_keep_it(void)
{
	struct config *cfg = parse_ok(
	    "[TDesk]\n"
	    "\tKeyMap = Emacs\n"
	    "[PROFILE \"Acme\"]\n"
	    "\tZendesk.URL = HTTPS://Acme.Zendesk.COM/Path/\n"
	    "\tZENDESK.TOKEN_ENV = T\n"
	    "[profile \"acme\"]\n"
	    "\tpayments.url = https://p.example\n"
	    "\tpayments.token_env = T\n");

	if (cfg == NULL)
		return;
	CHECK_INT(cfg->tdesk.keymap, CONFIG_KEYMAP_EMACS);
	CHECK_INT(cfg->nprofiles, 2);
	CHECK_STR(cfg->profiles[0].name, "Acme");
	CHECK_STR(cfg->profiles[1].name, "acme");
	/* Scheme and host are case-insensitive; the path is not. */
	CHECK_STR(cfg->profiles[0].zendesk.url, "https://acme.zendesk.com/Path");
	CHECK(cfg->profiles[0].payments.url == NULL);
	CHECK(cfg->profiles[1].zendesk.url == NULL);
	config_free(&cfg);
}

static void
quoted_values_keep_comment_characters_and_resolve_escapes(void)
{
	struct config *cfg = parse_ok(
	    "[view \"a\"]\n"
	    "\tfilter = \"tag:#x ; y \\\"q\\\" \\\\ \\t end\"   # comment\n"
	    "[view \"b\"]\n"
	    "\tfilter = \"  padded  \"\n"
	    "[view \"c\"]\n"
	    "\tfilter = \"two\\nlines\";comment\n");

	if (cfg == NULL)
		return;
	CHECK_INT(cfg->nviews, 3);
	CHECK_STR(cfg->views[0].filter, "tag:#x ; y \"q\" \\ \t end");
	CHECK_STR(cfg->views[1].filter, "  padded  ");
	CHECK_STR(cfg->views[2].filter, "two\nlines");
	config_free(&cfg);
	check_one_error("[view \"a\"]\nfilter = \"open\n",
	    "config:2: unterminated quoted value (missing closing \")");
	check_one_error("[view \"a\"]\nfilter = \"open\\\"\n",
	    "unterminated quoted value");
	check_one_error("[view \"a\"]\nfilter = \"a\\x\"\n",
	    "unknown escape \\x");
	check_one_error("[view \"a\"]\nfilter = \"a\" b\n",
	    "text after the closing quote");
}

static void
comments_start_at_line_start_or_after_blanks(void)
{
	struct config *cfg = parse_ok(
	    "# a comment\n"
	    "  ; another\n"
	    "[view \"a\"]  # after a header\n"
	    "\tfilter = tag:a#b x;y subject:\"q r\"\t; comment\n"
	    "[view \"b\"]\n"
	    "\tfilter = status:open # ; both\n"
	    "\t# filter = commented out\n");

	if (cfg == NULL)
		return;
	CHECK_STR(cfg->views[0].filter, "tag:a#b x;y subject:\"q r\"");
	CHECK_STR(cfg->views[1].filter, "status:open");
	config_free(&cfg);
	/* A value that starts with # is a comment: it must be quoted. */
	check_one_error("[view \"a\"]\nfilter = #urgent\n",
	    "config:2: filter is empty");
}

static void
a_bom_crlf_and_blank_lines_keep_line_numbers_right(void)
{
	check_one_error("\xef\xbb\xbf[tdesk]\r\n\r\n\tkeymap = vim\r\n",
	    "config:3: keymap = \"vim\"");
	check_one_error("\xef\xbb\xbfkeymap = vi\n", "config:1: key \"keymap\" "
	    "is outside any section");
	/* A BOM is only a BOM at the very start. */
	check_one_error("[tdesk]\n\xef\xbb\xbfkeymap = vi\n",
	    "config:2: byte order mark (U+FEFF) after the start of the file");
	check_one_error("[tdesk]\nkeymap = v\ri\n",
	    "config:2: control character 0x0d at byte 11");
}

static void
repeated_sections_merge_and_repeated_keys_are_errors(void)
{
	struct config *cfg = parse_ok(
	    "[tdesk]\nkeymap = vi\n[tdesk]\nnotify = bell\n");

	if (cfg != NULL) {
		CHECK_INT(cfg->tdesk.keymap, CONFIG_KEYMAP_VI);
		CHECK_INT(cfg->tdesk.notify, CONFIG_NOTIFY_BELL);
		config_free(&cfg);
	}
	check_one_error("[tdesk]\nkeymap = vi\n[tdesk]\nkeymap = emacs\n",
	    "config:4: duplicate key keymap in [tdesk] (first set on line 2)");
	check_one_error("[tdesk]\nKeymap = vi\nKEYMAP = vi\n",
	    "config:3: duplicate key keymap");
}

static void
unknown_keys_and_sections_say_what_was_expected(void)
{
	check_one_error("[profile \"acme\"]\n"
	    "\tzendesk.url = https://acme.zendesk.com\n"
	    "\tzendesk.token_env = T\n"
	    "\tzendsk.url = https://acme.zendesk.com\n",
	    "config:4: unknown key \"zendsk.url\" in [profile \"acme\"]: did "
	    "you mean zendesk.url? (expected one of: environment, zendesk.url, ");
	check_one_error("[tdesk]\ncolour = red\n", "config:2: unknown key "
	    "\"colour\" in [tdesk] (expected one of: profile, keymap, "
	    "timezones, notify, timeout, readback_delay)");
	check_one_error("[remote \"x\"]\nurl = y\nfetch = z\n",
	    "config:1: unknown section [remote] (expected tdesk, profile, "
	    "view or tolerance)");
	check_one_error("[view]\nfilter = x\n",
	    "config:1: section [view] needs a name: [view \"NAME\"]");
	check_one_error("[tolerance \"\"]\n", "section [tolerance] needs a name");
	check_one_error("[profile \".hidden\"]\n", "profile name \".hidden\"");
	check_one_error("[view \"a b\"]\nfilter = x\n", "view name \"a b\"");
	check_one_error("[profile \"q\\\"x\"]\n", "profile name \"q\\\"x\"");
	check_one_error("[profile \"a\\z\"]\n", "bad escape in section name");
	check_one_error("[profile \"a\"] x\n", "text after \"]\"");
	check_one_error("[\"acme\"]\n", "section header has a name but no "
	    "section");
	check_one_error("[]\n", "bad section header");
	check_one_error("[profile \"a\" extra]\n", "bad section header");
	check_one_error("x = 1\ny = 2\n[tdesk]\n", "config:1:");
}

static void
a_broken_header_hides_its_keys_instead_of_misfiling_them(void)
{
	/* Without this, keymap would be reported as unknown in [profile]. */
	check_one_error("[profile \"p\"]\n[tdesk\nkeymap = vi\n",
	    "config:2: section header is missing \"]\"");
	/* An unreadable key still counts as set: no "needs filter" too. */
	check_one_error("[view \"v\"]\nfilter = \"open\n",
	    "unterminated quoted value");
	check_one_error("[view \"v\"]\nfilter = a\x01" "b\n",
	    "control character 0x01");
	check_one_error("[view \"v\"]\nfilter = x\nfliter = \"x\n",
	    "config:3: unterminated quoted value");
	check_one_error("[view \"v\"]\nfilter = x\nfilter = \"x\n",
	    "config:3: unterminated quoted value");
}

/* ---- profiles and backends ---- */

static void
profile_selection_follows_p_then_tdesk_profile_then_the_only_one(void)
{
	struct config *cfg;
	const struct config_profile *p;
	char *cause = NULL;
	const char *two = "[profile \"a\"]\n[profile \"b\"]\n";

	if ((cfg = parse_ok(two)) == NULL)
		return;
	CHECK(config_select_profile(cfg, NULL, &cause) == NULL);
	CHECK_STR(cause, "config has several profiles (a, b): choose one with "
	    "-p NAME or set profile = NAME under [tdesk]");
	free(cause);
	cause = NULL;
	p = config_select_profile(cfg, "b", &cause);
	CHECK(p != NULL && strcmp(p->name, "b") == 0);
	CHECK(config_select_profile(cfg, "B", &cause) == NULL);
	CHECK_STR(cause, "no profile \"B\" in config (profiles: a, b)");
	free(cause);
	cause = NULL;
	config_free(&cfg);

	if ((cfg = parse_ok("[tdesk]\nprofile = b\n[profile \"a\"]\n"
	    "[profile \"b\"]\n")) == NULL)
		return;
	p = config_select_profile(cfg, NULL, &cause);
	CHECK(p != NULL && strcmp(p->name, "b") == 0);
	p = config_select_profile(cfg, "a", &cause);
	CHECK(p != NULL && strcmp(p->name, "a") == 0);
	config_free(&cfg);

	if ((cfg = parse_ok("[profile \"only\"]\n")) == NULL)
		return;
	p = config_select_profile(cfg, NULL, &cause);
	CHECK(p != NULL && strcmp(p->name, "only") == 0);
	config_free(&cfg);

	if ((cfg = parse_ok("[tdesk]\n")) == NULL)
		return;
	CHECK(config_select_profile(cfg, NULL, &cause) == NULL);
	CHECK_STR(cause, "config has no [profile \"NAME\"] section (see "
	    "tdesk.conf(5))");
	free(cause);
	cause = NULL;
	CHECK(config_select_profile(cfg, "x", &cause) == NULL);
	CHECK_STR(cause, "no profile \"x\" in config (it has no profiles)");
	free(cause);
	config_free(&cfg);

	check_one_error("[tdesk]\nprofile = acne\n[profile \"acme\"]\n",
	    "config:2: profile = \"acne\": there is no [profile \"acne\"] "
	    "section (profiles: acme)");
	check_one_error("[tdesk]\nprofile = x\n",
	    "there is no [profile \"x\"] section (there are no profiles)");
}

static void
production_is_recognised_by_three_names(void)
{
	static const struct {
		const char	*env;
		int		 production;
	} cases[] = {
		{ "production", 1 }, { "Production", 1 }, { "prod", 1 },
		{ "LIVE", 1 }, { "staging", 0 }, { "preprod", 0 },
		{ "production-eu", 0 }, { "test", 0 },
	};
	struct config *cfg;
	char text[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "[profile \"p\"]\nenvironment = %s\n",
		    cases[i].env);
		if ((cfg = parse_ok(text)) == NULL)
			continue;
		if (cfg->profiles[0].production != cases[i].production)
			TEST_FAIL("environment %s: production %d, want %d",
			    cases[i].env, cfg->profiles[0].production,
			    cases[i].production);
		CHECK_STR(cfg->profiles[0].environment, cases[i].env);
		config_free(&cfg);
	}
}

/* The payments.url a profile with that url ends up with, or NULL. */
static char *
url_result(const char *url, struct config_errors *errs)
{
	struct config *cfg = NULL;
	char text[512];
	char *out = NULL;

	snprintf(text, sizeof text, "[profile \"p\"]\npayments.url = %s\n"
	    "payments.token_env = T\n", url);
	if (parse(text, &cfg, errs) == 0) {
		out = xstrdup(cfg->profiles[0].payments.url);
		config_free(&cfg);
	}
	return out;
}

static void
urls_must_be_https_or_http_to_a_loopback_host(void)
{
	static const struct {
		const char	*url;
		const char	*want;	/* normalised, or NULL: refused */
		const char	*why;
	} cases[] = {
		{ "https://pay.example.com", "https://pay.example.com", NULL },
		{ "https://pay.example.com/", "https://pay.example.com", NULL },
		{ "https://pay.example.com//v0//", "https://pay.example.com//v0",
		    NULL },
		{ "HTTPS://Pay.Example.COM:8443/Base",
		    "https://pay.example.com:8443/Base", NULL },
		{ "https://[2001:db8::1]:443/", "https://[2001:db8::1]:443", NULL },
		{ "http://127.0.0.1:8089", "http://127.0.0.1:8089", NULL },
		{ "http://127.255.3.4/x/", "http://127.255.3.4/x", NULL },
		{ "http://localhost:9/", "http://localhost:9", NULL },
		{ "http://LOCALHOST", "http://localhost", NULL },
		{ "http://[::1]:8089", "http://[::1]:8089", NULL },
		/* Every spelling of ::1 alike (api/url.c reads them all). */
		{ "http://[0:0:0:0:0:0:0:1]:8089", "http://[0:0:0:0:0:0:0:1]:8089",
		    NULL },
		{ "http://[0::1]", "http://[0::1]", NULL },
		{ "http://[::0001]/x", "http://[::0001]/x", NULL },
		{ "http://[::FFFF:127.0.0.1]", "http://[::ffff:127.0.0.1]", NULL },
		{ "http://[::ffff:10.0.0.1]", NULL, "only to a loopback host" },
		{ "http://localhost.", NULL, "only to a loopback host" },
		{ "http://example.com", NULL, "only to a loopback host" },
		{ "http://128.0.0.1", NULL, "only to a loopback host" },
		{ "http://127.1", NULL, "only to a loopback host" },
		{ "http://127.0.0.01", NULL, "only to a loopback host" },
		{ "http://127.0.0.256", NULL, "only to a loopback host" },
		{ "http://localhost.example.com", NULL, "only to a loopback" },
		{ "http://[::2]", NULL, "only to a loopback host" },
		{ "ftp://pay.example.com", NULL, "must start with https://" },
		{ "pay.example.com", NULL, "must start with https://" },
		{ "https://user@pay.example.com", NULL, "credentials" },
		{ "https://user:pw@pay.example.com/", NULL, "credentials" },
		{ "https://pay.example.com/?a=b", NULL, "query" },
		{ "https://pay.example.com/#top", NULL, "fragment" },
		{ "https://", NULL, "has no host" },
		{ "https:///path", NULL, "has no host" },
		{ "https://pay.example.com:", NULL, "bad port" },
		{ "https://pay.example.com:0", NULL, "bad port" },
		{ "https://pay.example.com:65536", NULL, "bad port" },
		{ "https://pay.example.com:80a", NULL, "bad port" },
		{ "https://pay!.example.com", NULL, "bad character '!'" },
		{ "\"https://pay.example.com/a b\"", NULL, "space" },
		{ "https://płatności.example.com", NULL, "non-ASCII" },
		{ "https://[::1", NULL, "unterminated [IPv6]" },
		{ "https://[zz]", NULL, "bad [IPv6]" },
		{ "https://[::1]x", NULL, "text after the [IPv6] host" },
	};
	struct config_errors errs = { NULL, 0, 0 };
	size_t i;
	char *got;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = url_result(cases[i].url, &errs);
		if (cases[i].want != NULL) {
			if (got == NULL || strcmp(got, cases[i].want) != 0)
				TEST_FAIL("%s: got %s, want %s (%s)",
				    cases[i].url, got ? got : "an error",
				    cases[i].want, joined(&errs));
		} else if (got != NULL)
			TEST_FAIL("%s: accepted as %s", cases[i].url, got);
		else if (strstr(joined(&errs), cases[i].why) == NULL)
			TEST_FAIL("%s: \"%s\" does not say \"%s\"", cases[i].url,
			    joined(&errs), cases[i].why);
		free(got);
	}
	config_errors_free(&errs);
}

static void
a_password_in_a_url_is_not_repeated_in_the_message(void)
{
	check_one_error("[profile \"p\"]\nzendesk.url = "
	    "https://agent:hunter2@acme.zendesk.com/\nzendesk.token_env = T\n",
	    "zendesk.url = \"https://***@acme.zendesk.com/\": must not hold "
	    "credentials (user:password@); use zendesk.email and a token "
	    "source");
	{
		struct config_errors errs = { NULL, 0, 0 };
		struct config *cfg = NULL;

		CHECK_INT(parse("[profile \"p\"]\npayments.url = "
		    "https://a:hunter2@x.example\npayments.token_env = T\n",
		    &cfg, &errs), -1);
		CHECK(strstr(joined(&errs), "hunter2") == NULL);
		config_errors_free(&errs);
	}
}

static void
zendesk_auth_and_defaults_follow_the_keys_given(void)
{
	struct config *cfg = parse_ok(
	    "[profile \"oauth\"]\n"
	    "zendesk.url = https://a.zendesk.com\n"
	    "zendesk.token_env = ZD\n"
	    "statuspage.page_id = abc123\n"
	    "statuspage.token_env = SP\n"
	    "[profile \"basic\"]\n"
	    "zendesk.url = https://b.zendesk.com\n"
	    "zendesk.email = agent@b.com\n"
	    "zendesk.token_env = ZD\n"
	    "zendesk.billing_field = account-standing\n");
	const struct config_profile *p;

	if (cfg == NULL)
		return;
	p = &cfg->profiles[0];
	CHECK(p->zendesk_email == NULL);
	CHECK_STR(p->zendesk_billing_field, "billing_status");
	CHECK_STR(p->statuspage.url, "https://api.statuspage.io/v1");
	CHECK_INT(p->statuspage.line, 4);
	CHECK(p->payments.url == NULL);
	CHECK_INT(p->payments.token.kind, SECRET_NONE);
	CHECK(p->environment == NULL);
	CHECK_INT(p->production, 0);
	p = &cfg->profiles[1];
	CHECK_STR(p->zendesk_email, "agent@b.com");
	CHECK_STR(p->zendesk_billing_field, "account-standing");
	CHECK(p->statuspage.url == NULL);
	config_free(&cfg);
	check_one_error("[profile \"p\"]\nzendesk.email = a@b.c\n",
	    "config:2: zendesk.email is set but zendesk.url is not (the "
	    "zendesk backend is not configured)");
	check_one_error("[profile \"p\"]\nzendesk.url = https://a.zendesk.com/"
	    "api/v2\nzendesk.token_env = T\n", "give the account root");
	check_one_error("[profile \"p\"]\nstatuspage.page_id = ab/cd\n"
	    "statuspage.token_env = T\n", "expected a Statuspage page ID");
	check_one_error("[profile \"p\"]\nzendesk.url = https://a.zendesk.com\n"
	    "zendesk.token_env = T\nzendesk.billing_field = a b\n",
	    "expected an organization field key");
	check_one_error("[profile \"p\"]\nzendesk.url = https://a.zendesk.com\n"
	    "zendesk.token_env = T\nzendesk.email = a@b@c\n",
	    "expected an email address");
}

static void
a_backend_needs_exactly_one_token_source(void)
{
	struct config *cfg;

	check_one_error("[profile \"p\"]\n"
	    "payments.url = https://p.example\n"
	    "payments.token_env = A\n"
	    "payments.token_file = /a\n",
	    "config:4: payments.token_env (line 3) and payments.token_file "
	    "(line 4) both give the payments token: keep only one");
	check_one_error("[profile \"p\"]\n"
	    "payments.token_cmd = x\n"
	    "payments.url = https://p.example\n"
	    "payments.token_env = A\n"
	    "payments.token_file = /a\n",
	    "config:5: payments.token_env (line 4), payments.token_file (line "
	    "5) and payments.token_cmd (line 2) all give the payments token");
	check_one_error("[profile \"p\"]\npayments.url = https://p.example\n",
	    "config:2: payments.url is set but no token source: add "
	    "payments.token_env, payments.token_file or payments.token_cmd");
	check_one_error("[profile \"p\"]\npayments.url = https://p.example\n"
	    "payments.token_env = 9LIVES\n", "expected the name of an "
	    "environment variable");
	check_one_error("[profile \"p\"]\npayments.url = https://p.example\n"
	    "payments.token_file = ~bob/t\n", "~user is not supported");
	check_one_error("[profile \"p\"]\npayments.url = https://p.example\n"
	    "payments.token_file = ~\n", "names the home directory");
	check_one_error("[profile \"p\"]\npayments.url = https://p.example\n"
	    "payments.token_cmd = \"\"\n", "payments.token_cmd is empty");

	setenv("HOME", "/home/agent", 1);
	cfg = parse_ok("[profile \"p\"]\npayments.url = https://p.example\n"
	    "payments.token_file = $HOME/t\n"
	    "[profile \"q\"]\npayments.url = https://p.example\n"
	    "payments.token_file = ${HOME}/u\n"
	    "[profile \"r\"]\npayments.url = https://p.example\n"
	    "payments.token_file = /etc/tdesk/v\n"
	    "[profile \"s\"]\npayments.url = https://p.example\n"
	    "payments.token_cmd = \"printf '%s\\n' x\ty\"\n");
	if (cfg == NULL)
		return;
	CHECK_STR(cfg->profiles[0].payments.token.arg, "/home/agent/t");
	CHECK_STR(cfg->profiles[0].payments.token_text, "$HOME/t");
	CHECK_STR(cfg->profiles[1].payments.token.arg, "/home/agent/u");
	CHECK_STR(cfg->profiles[2].payments.token.arg, "/etc/tdesk/v");
	CHECK_STR(cfg->profiles[3].payments.token.arg, "printf '%s\n' x\ty");
	CHECK_INT(cfg->profiles[3].payments.token_line, 12);
	config_free(&cfg);
}

/* ---- tolerance rules and views ---- */

static void
tolerance_rules_are_checked_in_their_currency_whatever_the_key_order(void)
{
	struct config *cfg = parse_ok(
	    "[tolerance \"yen\"]\n"
	    "\tmax_delta = 5\n"
	    "\tsuggest = RECALCULATE\n"
	    "\tcurrency = JPY\n"
	    "[tolerance \"kwd\"]\n"
	    "\treason = fee_rounding\n"
	    "\tmax_delta = 0.005\n"
	    "\tcurrency = KWD\n"
	    "\tsuggest = refund\n"
	    "[tolerance \"zero\"]\n"
	    "\tcurrency = EUR\n"
	    "\tmax_delta = 0\n"
	    "\tsuggest = accept\n");
	const struct config_tolerance *t;

	if (cfg == NULL)
		return;
	CHECK_INT(cfg->ntolerances, 3);
	t = &cfg->tolerances[0];
	CHECK_STR(t->currency, "JPY");
	CHECK_INT(t->max_delta, 5);
	CHECK_INT(t->suggest, CONFIG_SUGGEST_RECALCULATE);
	t = &cfg->tolerances[1];
	CHECK_INT(t->max_delta, 5);
	CHECK_STR(t->reason, "fee_rounding");
	CHECK_INT(t->suggest, CONFIG_SUGGEST_REFUND);
	CHECK_STR(config_suggest_name(t->suggest), "refund");
	CHECK_INT(cfg->tolerances[2].max_delta, 0);
	config_free(&cfg);

	check_one_error("[tolerance \"t\"]\ncurrency = XXQ\nmax_delta = 1\n"
	    "suggest = accept\n", "config:2: currency = \"XXQ\": unknown "
	    "currency");
	check_one_error("[tolerance \"t\"]\ncurrency = eur\nmax_delta = 1\n"
	    "suggest = accept\n", "currency codes are upper-case: EUR");
	check_one_error("[tolerance \"t\"]\nmax_delta = 0.5\ncurrency = JPY\n"
	    "suggest = accept\n", "config:2: max_delta: ");
	check_one_error("[tolerance \"t\"]\nmax_delta = 0.011\ncurrency = PLN\n"
	    "suggest = accept\n", "config:2: max_delta: ");
	check_one_error("[tolerance \"t\"]\nmax_delta = -0.01\ncurrency = PLN\n"
	    "suggest = accept\n", "config:2: max_delta = \"-0.01\": must not "
	    "be negative");
	check_one_error("[tolerance \"t\"]\nmax_delta = 99999999999999999999\n"
	    "currency = PLN\nsuggest = accept\n", "config:2: max_delta: ");
	check_one_error("[tolerance \"t\"]\ncurrency = PLN\nmax_delta = 1\n"
	    "suggest = ignore\n", "config:4: suggest = \"ignore\": expected "
	    "accept, recalculate or refund");
	check_one_error("[tolerance \"t\"]\ncurrency = PLN\nmax_delta = 1\n"
	    "suggest = accept\nreason = whim\n", "config:5: reason = \"whim\"");
	check_one_error("[tolerance \"t\"]\ncurrency = PLN\nmax_delta = 1\n",
	    "config:1: [tolerance \"t\"] needs suggest (accept, recalculate or "
	    "refund)");
	check_one_error("[tolerance \"t\"]\nmax_delta = 1\nsuggest = accept\n",
	    "config:1: [tolerance \"t\"] needs currency");
	/* An unknown currency is reported once, not again for max_delta. */
	check_one_error("[tolerance \"t\"]\ncurrency = ZZZ\nmax_delta = 0.001\n"
	    "suggest = accept\n", "unknown currency");
}

static void
views_store_their_filter_text_as_written(void)
{
	struct config *cfg = parse_ok("[view \"mine\"]\n"
	    "filter = assignee:me status:open,pending sort:-updated\n");

	if (cfg == NULL)
		return;
	CHECK_STR(cfg->views[0].filter,
	    "assignee:me status:open,pending sort:-updated");
	CHECK_INT(cfg->views[0].line, 1);
	config_free(&cfg);
	check_one_error("[view \"v\"]\nfilter =\n", "config:2: filter is empty");
	check_one_error("[view \"v\"]\n", "config:1: [view \"v\"] needs filter");
}

/* ---- errors across a file ---- */

static void
every_error_in_a_file_is_reported_with_its_line(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	static const unsigned want[] = { 2, 3, 5, 7, 8, 10, 11, 12, 14, 16 };
	size_t i;

	CHECK_INT(parse(
	    "[tdesk]\n"				/* 1 */
	    "keymap = vim\n"			/* 2 */
	    "notify = loud\n"			/* 3 */
	    "[profile \"a\"]\n"			/* 4 */
	    "zendesk.url = http://example.com\n"	/* 5 */
	    "zendesk.token_env = T\n"		/* 6 */
	    "garbage\n"				/* 7 */
	    "[nope]\n"				/* 8 */
	    "ignored = because the section is unknown\n"	/* 9 */
	    "[tolerance \"t\"]\n"		/* 10 */
	    "currency = ABC\n"			/* 11 */
	    "suggest = maybe\n"			/* 12 */
	    "[view \"v\"]\n"			/* 13 */
	    "filter = \"x\n"			/* 14 */
	    "[tdesk]\n"				/* 15 */
	    "profile = b\n",			/* 16 */
	    &cfg, &errs), -1);
	CHECK(cfg == NULL);
	CHECK_INT(errs.n, sizeof want / sizeof want[0]);
	for (i = 0; i < errs.n && i < sizeof want / sizeof want[0]; i++) {
		char prefix[32];

		snprintf(prefix, sizeof prefix, "config:%u: ", want[i]);
		CHECK_INT(errs.v[i].line, want[i]);
		if (strncmp(errs.v[i].msg, prefix, strlen(prefix)) != 0)
			TEST_FAIL("error %zu: %s, want %s...", i, errs.v[i].msg,
			    prefix);
	}
	config_errors_free(&errs);
}

static void
a_flood_of_errors_keeps_the_first_hundred_and_counts_the_rest(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	char *text = xmalloc(150 * 8 + 1), *out = NULL;
	size_t i, len = 0;
	FILE *f;

	for (i = 0; i < 150; i++) {
		memcpy(text + len, "garbage\n", 8);
		len += 8;
	}
	text[len] = '\0';
	CHECK_INT(parse(text, &cfg, &errs), -1);
	CHECK_INT(errs.n, CONFIG_MAX_ERRORS);
	CHECK_INT(errs.dropped, 50);
	CHECK_INT(errs.v[99].line, 100);
	f = open_memstream(&out, &len);
	config_errors_print(&errs, f);
	fclose(f);
	CHECK_CONTAINS(out, "config:100: line is not \"key = value\"\n"
	    "(50 more errors not shown)\n");
	free(out);
	free(text);
	config_errors_free(&errs);
}

static void
nul_bytes_invalid_utf8_and_long_lines_are_errors_not_crashes(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	static const char nul[] = "[tdesk]\nkeymap = v\0i\nnotify = off\n";
	char *big;

	tz_fixture();
	CHECK_INT(config_parse_buffer("config", nul, sizeof nul - 1, &cfg,
	    &errs), -1);
	CHECK_STR(joined(&errs), "config:2: NUL byte in line\n");
	config_errors_free(&errs);
	check_one_error("[view \"v\"]\nfilter = \xc0\xaf\n",
	    "config:2: invalid UTF-8 at byte 10");
	check_one_error("[view \"v\"]\nfilter = \xed\xa0\x80\n",
	    "invalid UTF-8");
	check_one_error("[view \"v\"]\nfilter = \xf4\x90\x80\x80\n",
	    "invalid UTF-8");
	check_one_error("[view \"v\"]\nfilter = \xe2\x82\n", "invalid UTF-8");
	/* Just past the limit, and a 1 MiB line (made here, not stored). */
	big = xmalloc((1 << 20) + 1);
	memset(big, 'x', 1 << 20);
	memcpy(big, "[view \"v\"]\nfilter = ", 20);
	big[CONFIG_MAX_LINE + 63] = '\0';
	check_one_error(big, "config:2: line is longer than 4096 bytes");
	big[CONFIG_MAX_LINE + 63] = 'x';
	big[1 << 20] = '\0';
	check_one_error(big, "config:2: line is longer than 4096 bytes");
	free(big);
	/* Multi-byte text is fine. */
	config_free(&cfg);
	if ((cfg = parse_ok("[view \"pl\"]\nfilter = subject:\"płatność "
	    "nieudana\" 支払い\n")) != NULL)
		CHECK_STR(cfg->views[0].filter,
		    "subject:\"płatność nieudana\" 支払い");
	config_free(&cfg);
}

/* ---- the corpus in tests/config/ ---- */

static void
every_bad_config_in_the_corpus_yields_its_one_message(void)
{
	char **names, path[512], *text, *expect;
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	size_t n, i, len, elen;

	tz_fixture();
	names = list_dir("tests/config/bad", ".conf", &n);
	if (n < 25)
		TEST_FAIL("only %zu files in tests/config/bad (run from the "
		    "repository root)", n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "tests/config/bad/%s", names[i]);
		text = read_all(path, &len);
		snprintf(path + strlen(path) - 5, 8, ".expect");
		expect = read_all(path, &elen);
		if (text == NULL || expect == NULL) {
			TEST_FAIL("%s: cannot read it or its .expect", names[i]);
			free(text);
			free(expect);
			continue;
		}
		while (elen > 0 && expect[elen - 1] == '\n')
			expect[--elen] = '\0';
		config_errors_free(&errs);
		if (config_parse_buffer("config", text, len, &cfg, &errs) == 0)
			TEST_FAIL("%s: accepted", names[i]);
		else if (errs.n != 1)
			TEST_FAIL("%s: %zu errors, want 1:\n%s", names[i], errs.n,
			    joined(&errs));
		else if (strncmp(errs.v[0].msg, expect, elen) != 0)
			TEST_FAIL("%s:\n#     got  %s\n#     want %s", names[i],
			    errs.v[0].msg, expect);
		config_free(&cfg);
		free(text);
		free(expect);
	}
	config_errors_free(&errs);
	free_list(names, n);
}

static void
every_good_config_in_the_corpus_parses_and_dumps_back_to_itself(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL, *again = NULL;
	char **names, path[512], *text, *d1, *d2, *cause = NULL;
	size_t n, i, len, l1, l2;
	FILE *f;

	tz_fixture();
	names = list_dir("tests/config/good", ".conf", &n);
	if (n < 3)
		TEST_FAIL("only %zu files in tests/config/good", n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "tests/config/good/%s", names[i]);
		text = read_all(path, &len);
		config_errors_free(&errs);
		if (text == NULL || config_parse_buffer("config", text, len,
		    &cfg, &errs) != 0) {
			TEST_FAIL("%s:\n%s", names[i], joined(&errs));
			free(text);
			continue;
		}
		d1 = d2 = NULL;
		f = open_memstream(&d1, &l1);
		CHECK_INT(config_dump(cfg, NULL, f, &cause), 0);
		fclose(f);
		if (config_parse_buffer("dump", d1, l1, &again, &errs) != 0)
			TEST_FAIL("%s: its dump does not parse:\n%s\n%s",
			    names[i], joined(&errs), d1);
		else {
			f = open_memstream(&d2, &l2);
			CHECK_INT(config_dump(again, NULL, f, &cause), 0);
			fclose(f);
			/* Only the first line, naming the file, differs. */
			CHECK_STR(strchr(d2, '\n'), strchr(d1, '\n'));
		}
		config_free(&again);
		config_free(&cfg);
		free(d1);
		free(d2);
		free(text);
	}
	config_errors_free(&errs);
	free_list(names, n);
}

/* ---- loading a file ---- */

static void
the_default_path_follows_xdg_config_home_then_home(void)
{
	char *p;

	setenv("XDG_CONFIG_HOME", "/x/conf", 1);
	setenv("HOME", "/home/agent", 1);
	p = config_default_path();
	CHECK_STR(p, "/x/conf/tdesk/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	p = config_default_path();
	CHECK_STR(p, "/home/agent/.config/tdesk/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = config_default_path();
	CHECK_STR(p, "/home/agent/.config/tdesk/config");
	free(p);
}

static void
a_file_open_to_group_or_others_is_refused_with_the_chmod_command(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	const char *text = "[tdesk]\nkeymap = vi\n";
	char path[256], want[1024];

	tz_fixture();
	snprintf(path, sizeof path, "%s", tmp_path("config"));
	write_file(path, text, strlen(text), 0644);
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_INVALID);
	CHECK(cfg == NULL);
	CHECK_INT(errs.n, 1);
	snprintf(want, sizeof want, "%s: readable or writable by group or "
	    "others (mode 0644); fix it with: chmod 600 %s", path, path);
	CHECK_STR(errs.n > 0 ? errs.v[0].msg : NULL, want);
	config_errors_free(&errs);

	chmod(path, 0620);
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_INVALID);
	CHECK_CONTAINS(joined(&errs), "(mode 0620)");
	config_errors_free(&errs);

	chmod(path, 0600);
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_OK);
	CHECK_INT(errs.n, 0);
	CHECK(cfg != NULL && cfg->tdesk.keymap == CONFIG_KEYMAP_VI);
	CHECK_STR(cfg != NULL ? cfg->path : NULL, path);
	config_free(&cfg);

	/* A path the shell would split is quoted in the command. */
	snprintf(path, sizeof path, "%s", tmp_path("my config"));
	write_file(path, text, strlen(text), 0664);
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_INVALID);
	snprintf(want, sizeof want, "chmod 600 '%s'", path);
	CHECK_CONTAINS(joined(&errs), want);
	config_errors_free(&errs);
	unlink(path);
}

static void
a_refused_file_still_has_its_other_errors_reported(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	const char *text = "[tdesk]\nkeymap = vim\n";
	char path[256];

	snprintf(path, sizeof path, "%s", tmp_path("both"));
	write_file(path, text, strlen(text), 0640);
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_INVALID);
	CHECK_INT(errs.n, 2);
	if (errs.n == 2) {
		CHECK_CONTAINS(errs.v[0].msg, "chmod 600");
		CHECK_CONTAINS(errs.v[1].msg, ":2: keymap = \"vim\"");
	}
	config_errors_free(&errs);
	unlink(path);
}

static void
a_missing_file_gives_defaults_and_says_where_it_is_expected(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;
	char path[256], *cause = NULL, *out = NULL;
	size_t len;
	FILE *f;

	snprintf(path, sizeof path, "%s", tmp_path("absent"));
	CHECK_INT(config_load(path, &cfg, &errs), CONFIG_NOFILE);
	CHECK(cfg != NULL);
	if (cfg == NULL)
		return;
	CHECK_INT(cfg->missing, 1);
	CHECK_INT(cfg->tdesk.keymap, CONFIG_KEYMAP_DEFAULT);
	CHECK(config_select_profile(cfg, NULL, &cause) == NULL);
	CHECK_CONTAINS(cause, "no configuration file at ");
	CHECK_CONTAINS(cause, path);
	free(cause);
	config_free(&cfg);
	config_errors_free(&errs);

	/* --dump-config shows the defaults, but not a profile there is none of. */
	f = open_memstream(&out, &len);
	CHECK_INT(config_cmd_dump(path, NULL, f, stderr), EXIT_OK);
	fclose(f);
	CHECK_CONTAINS(out, "(which does not exist)");
	CHECK_CONTAINS(out, "\tkeymap = default\n");
	free(out);
	f = open_memstream(&out, &len);
	CHECK_INT(config_cmd_dump(path, "acme", stdout, f), EXIT_CONFIG);
	fclose(f);
	CHECK_CONTAINS(out, "no such file");
	free(out);
	f = open_memstream(&out, &len);
	CHECK_INT(config_cmd_check(path, stdout, f), EXIT_CONFIG);
	fclose(f);
	CHECK_CONTAINS(out, "no such file");
	free(out);
}

static void
a_directory_is_not_a_config_file(void)
{
	struct config_errors errs = { NULL, 0, 0 };
	struct config *cfg = NULL;

	CHECK_INT(config_load("/", &cfg, &errs), CONFIG_INVALID);
	CHECK_STR(joined(&errs), "/: not a regular file\n");
	config_errors_free(&errs);
}

/* ---- dump and check ---- */

#define SECRET_VALUE	"s3cr3t-env-value-4242"
#define FILE_SECRET	"s3cr3t-file-value-7777"

/* A 0600 config in the temp dir whose three backends use env, file and cmd. */
static void
secret_config(char *path, size_t size, const char *envname)
{
	char tokpath[256], text[2048];

	snprintf(tokpath, sizeof tokpath, "%s", tmp_path("payments.token"));
	write_file(tokpath, FILE_SECRET "\n", strlen(FILE_SECRET) + 1, 0600);
	snprintf(text, sizeof text,
	    "[profile \"acme\"]\n"
	    "\tenvironment = production\n"
	    "\tzendesk.url = https://acme.zendesk.com\n"
	    "\tzendesk.email = agent@acme.com\n"
	    "\tzendesk.token_env = %s\n"
	    "\tstatuspage.page_id = 8m2l51279rpl\n"
	    "\tstatuspage.token_cmd = cat %s\n"
	    "\tpayments.url = https://payments.acme.internal\n"
	    "\tpayments.token_file = %s\n", envname, tokpath, tokpath);
	snprintf(path, size, "%s", tmp_path("secrets.conf"));
	write_file(path, text, strlen(text), 0600);
}

static void
the_dump_shows_token_sources_but_never_a_token(void)
{
	char path[256], *out = NULL, *err = NULL;
	size_t olen, elen;
	FILE *fo, *fe;

	tz_fixture();
	setenv("TDESK_TEST_ZD_TOKEN", SECRET_VALUE, 1);
	secret_config(path, sizeof path, "TDESK_TEST_ZD_TOKEN");
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_dump(path, NULL, fo, fe), EXIT_OK);
	fclose(fo);
	fclose(fe);
	CHECK_CONTAINS(out, "\tzendesk.token_env = TDESK_TEST_ZD_TOKEN\n");
	CHECK_CONTAINS(out, "\tpayments.token_file = ");
	CHECK_CONTAINS(out, "\tstatuspage.token_cmd = cat ");
	CHECK_CONTAINS(out, "\tstatuspage.url = https://api.statuspage.io/v1\n");
	CHECK_CONTAINS(out, "\tzendesk.billing_field = billing_status\n");
	CHECK_CONTAINS(out, "\tenvironment = production\t# recognised as "
	    "production\n");
	CHECK(strstr(out, SECRET_VALUE) == NULL);
	CHECK(strstr(out, FILE_SECRET) == NULL);
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* -p narrows the dump to one profile; an unknown one is an error. */
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_dump(path, "acme", fo, fe), EXIT_OK);
	CHECK_INT(config_cmd_dump(path, "nope", fo, fe), EXIT_CONFIG);
	fclose(fo);
	fclose(fe);
	CHECK_CONTAINS(out, "[profile \"acme\"]");
	CHECK_CONTAINS(err, "tdesk: no profile \"nope\" in ");
	free(out);
	free(err);
	unsetenv("TDESK_TEST_ZD_TOKEN");
}

static void
config_check_resolves_every_token_without_printing_one(void)
{
	char path[256], *out = NULL, *err = NULL, want[1024];
	size_t olen, elen;
	FILE *fo, *fe;

	tz_fixture();
	setenv("TDESK_TEST_ZD_TOKEN", SECRET_VALUE, 1);
	secret_config(path, sizeof path, "TDESK_TEST_ZD_TOKEN");
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_check(path, fo, fe), EXIT_OK);
	fclose(fo);
	fclose(fe);
	snprintf(want, sizeof want, "%s: ok (1 profile, 0 views, 0 tolerance "
	    "rules)\nprofile \"acme\" (production): zendesk statuspage "
	    "payments; 3 tokens usable; PRODUCTION\n", path);
	CHECK_STR(out, want);
	CHECK_STR(err, "");
	free(out);
	free(err);

	/* An unset variable is reported at its line; the others still work. */
	unsetenv("TDESK_TEST_ZD_TOKEN");
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_check(path, fo, fe), EXIT_CONFIG);
	fclose(fo);
	fclose(fe);
	CHECK_STR(out, "");
	snprintf(want, sizeof want, "%s:5: zendesk.token_env "
	    "TDESK_TEST_ZD_TOKEN is not set\n", path);
	CHECK_STR(err, want);
	free(out);
	free(err);

	/* A token file open to others is refused, with the fix. */
	chmod(tmp_path("payments.token"), 0644);
	setenv("TDESK_TEST_ZD_TOKEN", SECRET_VALUE, 1);
	fo = open_memstream(&out, &olen);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_check(path, fo, fe), EXIT_CONFIG);
	fclose(fo);
	fclose(fe);
	CHECK_CONTAINS(err, ":9: payments.token_file ");
	CHECK_CONTAINS(err, "chmod 600 ");
	CHECK(strstr(err, FILE_SECRET) == NULL);
	CHECK(strstr(out, FILE_SECRET) == NULL);
	free(out);
	free(err);
	unsetenv("TDESK_TEST_ZD_TOKEN");
}

/*
 * config check accepted a token_cmd token with a space that sync refuses:
 * it applied the token reader's rule, not the HTTP client's. Now each token
 * source is checked with the client's rule, and a token is never printed.
 */
static void
config_check_refuses_the_tokens_sync_refuses_and_prints_none(void)
{
	static const struct {
		const char	*how;
		const char	*bytes;		/* what the command prints */
		const char	*error;		/* NULL: usable */
	} rows[] = {
		{ "a space inside", "s3cr3t-T0K3N with-a-space\n", "holds a space" },
		{ "a trailing newline", "s3cr3t-T0K3N-good\n", NULL },
		{ "no newline at all", "s3cr3t-T0K3N-good", NULL },
		{ "a control character", "s3cr3t-T0K3N\001ctl\n",
		  "holds a control character" },
		{ "a non-ASCII letter", "s3cr3t-T0K3N-z\xc3\xb3\xc5\x82w\n",
		  "holds a non-ASCII character" },
		{ "nothing", "", "printed nothing" },
		{ "only a newline", "\n", "printed nothing" },
	};
	char path[256], tok[256], text[1024], want[1024];
	char *out = NULL, *err = NULL;
	size_t i, olen, elen;
	FILE *fo, *fe;

	tz_fixture();
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(tok, sizeof tok, "%s", tmp_path("tok"));
		write_file(tok, rows[i].bytes, strlen(rows[i].bytes), 0600);
		snprintf(text, sizeof text, "[profile \"acme\"]\n"
		    "\tzendesk.url = https://acme.zendesk.com\n"
		    "\tzendesk.email = agent@acme.com\n"
		    "\tzendesk.token_cmd = cat %s\n", tok);
		snprintf(path, sizeof path, "%s", tmp_path("tokcmd.conf"));
		write_file(path, text, strlen(text), 0600);
		fo = open_memstream(&out, &olen);
		fe = open_memstream(&err, &elen);
		CHECK_INT(config_cmd_check(path, fo, fe), rows[i].error == NULL ?
		    EXIT_OK : EXIT_CONFIG);
		fclose(fo);
		fclose(fe);
		if (rows[i].error != NULL) {
			snprintf(want, sizeof want, "%s:4: zendesk.token_cmd "
			    "\"cat %s\" %s", path, tok, rows[i].error);
			if (strstr(err, want) == NULL)
				TEST_FAIL("%s: got \"%s\", want \"%s\"", rows[i].how,
				    err, want);
		} else if (strstr(out, "1 token usable") == NULL)
			TEST_FAIL("%s: got \"%s\" \"%s\"", rows[i].how, out, err);
		if (strstr(out, "s3cr3t") != NULL || strstr(err, "s3cr3t") != NULL)
			TEST_FAIL("%s: the token was printed", rows[i].how);
		free(out);
		free(err);
	}
}

static void
config_check_prints_every_error_of_a_bad_file(void)
{
	const char *text = "[tdesk]\nkeymap = vim\nnotify = loud\n";
	char path[256], *err = NULL, want[1024];
	size_t elen;
	FILE *fe;

	snprintf(path, sizeof path, "%s", tmp_path("bad.conf"));
	write_file(path, text, strlen(text), 0600);
	fe = open_memstream(&err, &elen);
	CHECK_INT(config_cmd_check(path, stdout, fe), EXIT_CONFIG);
	fclose(fe);
	snprintf(want, sizeof want, "%s:2: keymap = \"vim\": expected default, "
	    "vi or emacs\n%s:3: notify = \"loud\": expected auto, libnotify, "
	    "osc9, osc777, bell or off\n", path, path);
	CHECK_STR(err, want);
	free(err);
}

static const struct test tests[] = {
	T(the_design_example_parses_into_the_expected_structs),
	T(an_empty_file_gives_every_default),
	T(keymap_and_notify_take_each_of_their_words),
	T(timeout_takes_seconds_or_minutes_from_1s_to_10m),
	T(readback_delay_takes_seconds_or_minutes_from_0s_to_60m),
	T(timezones_take_utc_local_offsets_and_zone_files_under_tzdir),
	T(the_system_zoneinfo_is_used_without_tzdir),
	T(keys_and_sections_ignore_case_but_names_keep_it),
	T(quoted_values_keep_comment_characters_and_resolve_escapes),
	T(comments_start_at_line_start_or_after_blanks),
	T(a_bom_crlf_and_blank_lines_keep_line_numbers_right),
	T(repeated_sections_merge_and_repeated_keys_are_errors),
	T(unknown_keys_and_sections_say_what_was_expected),
	T(a_broken_header_hides_its_keys_instead_of_misfiling_them),
	T(profile_selection_follows_p_then_tdesk_profile_then_the_only_one),
	T(production_is_recognised_by_three_names),
	T(urls_must_be_https_or_http_to_a_loopback_host),
	T(a_password_in_a_url_is_not_repeated_in_the_message),
	T(zendesk_auth_and_defaults_follow_the_keys_given),
	T(a_backend_needs_exactly_one_token_source),
	T(tolerance_rules_are_checked_in_their_currency_whatever_the_key_order),
	T(views_store_their_filter_text_as_written),
	T(every_error_in_a_file_is_reported_with_its_line),
	T(a_flood_of_errors_keeps_the_first_hundred_and_counts_the_rest),
	T(nul_bytes_invalid_utf8_and_long_lines_are_errors_not_crashes),
	T(every_bad_config_in_the_corpus_yields_its_one_message),
	T(every_good_config_in_the_corpus_parses_and_dumps_back_to_itself),
	T(the_default_path_follows_xdg_config_home_then_home),
	T(a_file_open_to_group_or_others_is_refused_with_the_chmod_command),
	T(a_refused_file_still_has_its_other_errors_reported),
	T(a_missing_file_gives_defaults_and_says_where_it_is_expected),
	T(a_directory_is_not_a_config_file),
	T(the_dump_shows_token_sources_but_never_a_token),
	T(config_check_resolves_every_token_without_printing_one),
	T(config_check_refuses_the_tokens_sync_refuses_and_prints_none),
	T(config_check_prints_every_error_of_a_bad_file),
};

TEST_MAIN(tests)
