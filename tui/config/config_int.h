/*
 * What the files of the configuration share and nothing else uses: the
 * error list's private half, the key tables and the applier that the
 * section builders fill from them.
 */
#ifndef TDESK_CONFIG_INT_H
#define TDESK_CONFIG_INT_H

#include "tui/config/config.h"

/* config.c: messages, the structure's life. */
/*
 * A value as a message quotes it: in double quotes with the file's escapes,
 * cut at 64 bytes on a character boundary. Returns a new string.
 */
char	*config_shown(const char *);
/* "acme, beta" or "" for the profiles there are. Returns a new string. */
char	*config_profile_list(const struct config *);
/* The defaults, before any file is read. */
struct config *config_new(const char *);

/* config_parse.c: the parser's character classes, which the dumper follows. */
char	*config_lower_ndup(const char *, size_t);
int	 config_is_ws(char);

/* config_apply.c: the sections and their keys. */
enum section { S_TDESK, S_PROFILE, S_VIEW, S_TOLERANCE, S_COUNT };

struct keydef {
	const char	*name;
	const char	*expect;	/* what a value should be, for messages */
};

#define MAX_KEYS 16

enum { T_PROFILE, T_KEYMAP, T_TIMEZONES, T_NOTIFY, T_TIMEOUT,
    T_READBACK_DELAY };
/* Each backend's keys in the same order: url, token_env, _file, _cmd. */
enum {
	P_ENVIRONMENT,
	P_ZD_URL, P_ZD_ENV, P_ZD_FILE, P_ZD_CMD, P_ZD_EMAIL, P_ZD_BILLING,
	P_SP_URL, P_SP_ENV, P_SP_FILE, P_SP_CMD, P_SP_PAGE,
	P_PM_URL, P_PM_ENV, P_PM_FILE, P_PM_CMD,
};
enum { V_FILTER };
enum { L_CURRENCY, L_MAX_DELTA, L_SUGGEST, L_REASON };

/* Indexed by the enums above; each ends with a NULL name. */
extern const struct keydef config_tdesk_keys[];
extern const struct keydef config_profile_keys[];
extern const struct keydef config_view_keys[];
extern const struct keydef config_tolerance_keys[];

/* A section as the file gives it, merged over repeated headers. */
struct rawsec {
	enum section	 type;
	const char	*name;		/* subsection, NULL for [tdesk] */
	unsigned	 line;		/* of the first header */
	const char	*val[MAX_KEYS];	/* into the entries; NULL: not set */
	unsigned	 vline[MAX_KEYS];
};

struct applier {
	const char	*name;
	struct config_errors *errs;	/* only grows: the file failed if it did */
	struct rawsec	*secs;
	size_t		 nsecs;
	size_t		*hash;		/* open addressing: index + 1, 0 empty */
	size_t		 hsize;
	struct config	*cfg;
};

/* Report a problem at line of the file (struct applier *ap). */
#define config_aerr(ap, line, ...) \
	config_errors_add((ap)->errs, (ap)->name, (line), __VA_ARGS__)
/* "[tdesk]" or "[profile "acme"]", for messages. Returns a new string. */
char	*config_sec_title(const struct rawsec *);
/* Index of v in words, case-insensitively, or -1. */
int	 config_word_index(const char *, const char *const *);
/*
 * The common checks of a value: report an empty one, or one holding a tab
 * or newline where the key has no use for them (multiline 0). Returns the
 * value, or NULL (after reporting) if it is unusable or not set.
 */
const char *config_val_get(struct applier *, const struct rawsec *, int k,
	     int multiline);
/* Report "KEY = "VALUE": why" for a bad value (why NULL: the key's expect). */
void	 config_val_bad(struct applier *, const struct rawsec *, int k,
	     const char *why);
/* The index of the value in words, or dflt (after reporting a bad one). */
int	 config_val_word(struct applier *, const struct rawsec *, int k,
	     const char *const *words, int dflt);

/* config_build.c: the [tdesk], [view] and [tolerance] sections. */
void	 config_build_tdesk(struct applier *, const struct rawsec *);
void	 config_build_view(struct applier *, const struct rawsec *);
void	 config_build_tolerance(struct applier *, const struct rawsec *);
void	 config_zones_free(struct config_zone *, size_t);

/* config_profile.c: [profile] sections and their backends. */
void	 config_build_profile(struct applier *, const struct rawsec *);

#endif
