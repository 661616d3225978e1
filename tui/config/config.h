/*
 * The configuration file, tdesk.conf(5). Text is first parsed into raw
 * entries (section headers and key = value lines with their line numbers),
 * then applied: checked and turned into a struct config. Both steps collect
 * every problem in the file, each as "FILE:LINE: message".
 */
#ifndef TDESK_CONFIG_H
#define TDESK_CONFIG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tui/config/secret.h"
#include "api/xmalloc.h"

#define CONFIG_MAX_FILE		(1024 * 1024)	/* bytes config_load() reads */
#define CONFIG_MAX_LINE		4096		/* bytes in one line */
#define CONFIG_MAX_ERRORS	100		/* errors kept; more are counted */
#define CONFIG_MAX_NAME		64		/* bytes in a profile/view/tolerance name */

/* [tdesk] timeout: each request's deadline, in seconds. */
#define CONFIG_TIMEOUT_DEFAULT	30
#define CONFIG_TIMEOUT_MIN	1
#define CONFIG_TIMEOUT_MAX	600

/*
 * [tdesk] readback_delay: how long after tdesk stopped waiting for a
 * write's answer its read-back waits, in seconds (0: at once).
 */
#define CONFIG_READBACK_DELAY_DEFAULT	120
#define CONFIG_READBACK_DELAY_MAX	3600

/* Problems found in a file, in line order. */
struct config_error {
	unsigned	 line;	/* 1-based; 0 for the file as a whole */
	char		*msg;	/* "FILE:LINE: message" (or "FILE: message") */
};

struct config_errors {
	struct config_error *v;
	size_t		 n;
	size_t		 dropped;	/* found past CONFIG_MAX_ERRORS, not kept */
};

/*
 * Add "name:LINE: message" ("name: message" for line 0) to errs. Nothing
 * is dropped here: config_errors_sort() keeps the first by line.
 */
void	 config_errors_add(struct config_errors *, const char *name,
	     unsigned line, const char *fmt, ...) TD_PRINTF(4, 5);
void	 config_errors_vadd(struct config_errors *, const char *name,
	     unsigned line, const char *fmt, va_list) TD_PRINTF(4, 0);
/*
 * Sort errs->v[from..] by line, keeping the order of the errors of one
 * line, then keep at most CONFIG_MAX_ERRORS (the rest are counted).
 */
void	 config_errors_sort(struct config_errors *, size_t from);
/* Print each error on its own line, then a count of dropped ones. */
void	 config_errors_print(const struct config_errors *, FILE *);
/* Free the messages and leave errs empty (it is not itself freed). */
void	 config_errors_free(struct config_errors *);

/* Step 1: the syntax, as config_parse_text() finds it. */
enum config_entry_kind {
	CONFIG_ENTRY_SECTION,	/* "[name]" or "[name "subsection"]" */
	CONFIG_ENTRY_BROKEN,	/* a "[..." line that did not parse: keys up to the next header are ignored */
	CONFIG_ENTRY_KEY,	/* "key = value" */
};

struct config_entry {
	enum config_entry_kind kind;
	unsigned	 line;
	char		*name;	/* SECTION: lower-cased section; KEY: lower-cased key */
	char		*sub;	/* SECTION: subsection as written, or NULL; KEY: NULL */
	char		*value;	/* KEY: quotes and escapes resolved; NULL if unreadable (reported) */
};

struct config_entries {
	struct config_entry *v;
	size_t		 n;
};

/* Step 2: what the entries mean. */
enum config_keymap {
	CONFIG_KEYMAP_DEFAULT,
	CONFIG_KEYMAP_VI,
	CONFIG_KEYMAP_EMACS,
};

enum config_notify {
	CONFIG_NOTIFY_AUTO,
	CONFIG_NOTIFY_LIBNOTIFY,
	CONFIG_NOTIFY_OSC9,
	CONFIG_NOTIFY_OSC777,
	CONFIG_NOTIFY_BELL,
	CONFIG_NOTIFY_OFF,
};

enum config_zone_kind {
	CONFIG_ZONE_LOCAL,	/* the system's zone (TZ, /etc/localtime) */
	CONFIG_ZONE_UTC,
	CONFIG_ZONE_OFFSET,	/* a fixed offset, "+05:30" */
	CONFIG_ZONE_IANA,	/* a zone file under TZDIR or /usr/share/zoneinfo */
};

struct config_zone {
	enum config_zone_kind kind;
	char		*name;		/* "local", "UTC", "+05:30" or "Europe/Warsaw" */
	int		 offset;	/* CONFIG_ZONE_OFFSET: minutes east of UTC */
};

struct config_tdesk {
	char		*profile;	/* default profile, or NULL */
	unsigned	 profile_line;	/* where it was set, for messages */
	enum config_keymap keymap;	/* default CONFIG_KEYMAP_DEFAULT */
	struct config_zone *zones;	/* default one zone, "local" */
	size_t		 nzones;
	enum config_notify notify;	/* default CONFIG_NOTIFY_AUTO */
	int		 timeout_s;	/* a request's deadline; default
					 * CONFIG_TIMEOUT_DEFAULT */
	int		 readback_delay_s; /* default
					 * CONFIG_READBACK_DELAY_DEFAULT */
};

/* One backend of a profile. */
struct config_backend {
	char		*url;		/* base URL without a trailing '/'; NULL: not configured */
	unsigned	 line;		/* of the key that configured it (url or page_id) */
	struct secret_source token;	/* .kind SECRET_NONE only when not configured */
	char		*token_text;	/* the token_* value as written (before ~ expansion) */
	unsigned	 token_line;
};

struct config_profile {
	char		*name;		/* case-sensitive; names the cache file */
	unsigned	 line;		/* of its first [profile] header */
	char		*environment;	/* free text, NULL if not set */
	int		 production;	/* environment is production, prod or live */
	struct config_backend zendesk;
	char		*zendesk_email;	/* NULL: the token is an OAuth bearer token */
	char		*zendesk_billing_field;	/* organization field; default "billing_status" */
	struct config_backend statuspage;	/* configured by page_id; url has a default */
	char		*statuspage_page_id;
	struct config_backend payments;
};

struct config_view {
	char		*name;
	unsigned	 line;
	char		*filter;	/* filter-language text, not parsed here; never empty */
};

enum config_suggest {
	CONFIG_SUGGEST_ACCEPT,
	CONFIG_SUGGEST_RECALCULATE,
	CONFIG_SUGGEST_REFUND,
};

struct config_tolerance {
	char		*name;
	unsigned	 line;
	char		*currency;	/* known to money_exponent() */
	int64_t		 max_delta;	/* minor units, >= 0 */
	enum config_suggest suggest;
	char		*reason;	/* only payments flagged for it; NULL: any reason */
};

struct config {
	char		*path;		/* the file name used in messages */
	int		 missing;	/* the file did not exist: defaults only */
	struct config_tdesk tdesk;
	struct config_profile *profiles;	/* in order of first appearance */
	size_t		 nprofiles;
	struct config_view *views;
	size_t		 nviews;
	struct config_tolerance *tolerances;
	size_t		 ntolerances;
};

/* config_load() results. */
enum config_result {
	CONFIG_OK = 0,
	CONFIG_NOFILE = 1,	/* no such file: *out holds the defaults, errs one message */
	CONFIG_INVALID = -1,	/* errs holds every problem; *out is NULL */
};

/*
 * $XDG_CONFIG_HOME/tdesk/config when XDG_CONFIG_HOME is an absolute path,
 * else $HOME/.config/tdesk/config (HOME from the password database if
 * unset). NULL when there is no home directory. The caller frees.
 */
char	*config_default_path(void);

/*
 * Read, parse and apply the file at path (NULL: config_default_path()). The
 * file must be a regular file of at most CONFIG_MAX_FILE bytes owned by the
 * user (or root) with no group or other permission bits; else that is an
 * error quoting the chmod 600 command that fixes it, and the rest of the
 * file is still checked. errs is filled (append-only) in every case; the
 * caller frees it with config_errors_free() and *out with config_free().
 */
enum config_result config_load(const char *path, struct config **out,
	     struct config_errors *errs) TD_WUR;

/*
 * Parse len bytes of text (NUL bytes and invalid UTF-8 are errors, not
 * terminators) into entries, reporting problems as "name:LINE: ...". Good
 * lines become entries even when others fail. Returns 0, or -1 if anything
 * was added to errs.
 */
int	 config_parse_text(const char *name, const char *buf, size_t len,
	     struct config_entries *out, struct config_errors *errs) TD_WUR;
void	 config_entries_free(struct config_entries *);

/*
 * Check entries and build *out from them. Returns 0 and sets *out, or -1
 * with every problem added to errs and *out NULL.
 */
int	 config_apply(const char *name, const struct config_entries *,
	     struct config **out, struct config_errors *errs) TD_WUR;

/* config_parse_text() then config_apply(), errors sorted by line. */
int	 config_parse_buffer(const char *name, const char *buf, size_t len,
	     struct config **out, struct config_errors *errs) TD_WUR;

void	 config_free(struct config **);

/*
 * The profile to use: name (from -p) if not NULL, else [tdesk] profile,
 * else the only profile. NULL with *cause set (naming the file and the
 * profiles there are) when there is no such profile, none at all, or several
 * and no way to choose.
 */
const struct config_profile *config_select_profile(const struct config *,
	     const char *name, char **cause);

/* The [view "name"] or [tolerance "name"] section, or NULL. */
const struct config_view *config_find_view(const struct config *,
	     const char *name);
const struct config_tolerance *config_find_tolerance(const struct config *,
	     const char *name);

/* "default", "vi"...: the words the file uses. */
const char *config_keymap_name(enum config_keymap);
const char *config_notify_name(enum config_notify);
const char *config_suggest_name(enum config_suggest);

/*
 * Write the effective settings, defaults included, in the file's own
 * syntax: token sources are shown (token_env = NAME), token values never,
 * as this reads none. profile NULL writes every profile, else only that one
 * (-1 with *cause if there is none). The output parses back to the same
 * configuration.
 */
int	 config_dump(const struct config *, const char *profile, FILE *out,
	     char **cause) TD_WUR;

/*
 * `tdesk config check`: load path (NULL: the default path), print every
 * problem to err, then resolve every token source and report the unusable
 * ones (without printing a token). On success prints "PATH: ok (...)" and a
 * line per profile to out. Returns an enum exit_code.
 */
int	 config_cmd_check(const char *path, FILE *out, FILE *err);

/*
 * `tdesk --dump-config`: config_dump() of path (NULL: the default path).
 * A missing file dumps the defaults, unless a profile is asked for. Returns
 * an enum exit_code.
 */
int	 config_cmd_dump(const char *path, const char *profile, FILE *out,
	     FILE *err);

#endif
