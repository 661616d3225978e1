/*
 * Keymap files: "bind <context> <key> <action>" and "unbind <context> <key>"
 * lines parsed into entries (keymap_parse_text), then applied to a table of
 * context x key -> action (keymap_apply) that the console queries with
 * keymap_lookup(). No terminal is needed: key codes are ncurses' values,
 * defined here by number (tests/unit/test_keymap.c checks them against
 * <curses.h>).
 *
 * Key syntax (one token, no spaces):
 *	x		a printable ASCII character other than space ("j", "G",
 *			"?", "<", "#"); a "#" that starts a token otherwise
 *			starts a comment, so "#" as a key is written <Hash>
 *	C-x, ^X		control and a letter or one of @ [ \ ] ^ _ (C-l = ^L);
 *			C-i is <Tab>, C-m and C-j are <Enter>, C-[ is <Esc>
 *	<Name>		case-insensitive: <Enter> <Space> <Tab> <BackTab> <Esc>
 *			<BackSpace> <Delete> <Insert> <Up> <Down> <Left>
 *			<Right> <Home> <End> <PageUp> <PageDown> <Hash>
 *			<Lt> <F1> ... <F12>
 * Lookups fold what terminals send for the same key: CR, LF and the
 * keypad's KEY_ENTER are <Enter>; DEL (127) is <BackSpace>.
 */
#ifndef TDESK_KEYMAP_H
#define TDESK_KEYMAP_H

#include <stddef.h>
#include <stdio.h>

#include "tui/config/action_list.h"
#include "tui/config/config.h"
#include "api/xmalloc.h"

/* ncurses key codes (octal, as in <curses.h>). */
#define KM_KEY_DOWN	0402
#define KM_KEY_UP	0403
#define KM_KEY_LEFT	0404
#define KM_KEY_RIGHT	0405
#define KM_KEY_HOME	0406
#define KM_KEY_BACKSPACE 0407
#define KM_KEY_F0	0410
#define KM_KEY_F(n)	(KM_KEY_F0 + (n))
#define KM_KEY_DC	0512
#define KM_KEY_IC	0513
#define KM_KEY_NPAGE	0522
#define KM_KEY_PPAGE	0523
#define KM_KEY_ENTER	0527
#define KM_KEY_BTAB	0541
#define KM_KEY_END	0550
#define KM_KEY_LIMIT	01000	/* every key code is below this (KEY_MAX is 0777) */

#define KEYMAP_MAX_FILE	(256 * 1024)	/* bytes keymap_load() reads */
#define KEYMAP_MAX_KEYS	16		/* keys keymap_describe() lists per action */

struct keymap;

/* One parsed line. */
enum keymap_entry_kind {
	KEYMAP_BIND,
	KEYMAP_UNBIND,
};

struct keymap_entry {
	enum keymap_entry_kind kind;
	unsigned	 line;		/* 1-based line in the file */
	enum keymap_context ctx;
	int		 key;		/* canonical key code (keymap_key_canon) */
	enum action	 action;	/* BIND only; ACT_NONE for UNBIND */
};

struct keymap_entries {
	struct keymap_entry *v;
	size_t		 n;
};

/* Names of actions and contexts; NULL or ACT_NONE/CTX_NONE when unknown. */
const char	*action_name(enum action);
const char	*action_help(enum action);
enum keymap_context action_context(enum action);
/* An action's default keys in keymap-file syntax, "" if unbound by default. */
const char	*action_default_keys(enum action);
enum action	 action_from_name(const char *);
const char	*keymap_context_name(enum keymap_context);
enum keymap_context keymap_context_parent(enum keymap_context);
enum keymap_context keymap_context_from_name(const char *);
/* Whether action may be bound in ctx (its own context or one above ctx). */
int		 action_valid_in(enum action, enum keymap_context ctx);

/*
 * Parse one key token (see the syntax above) to its canonical code, or -1.
 * keymap_key_canon() folds the codes terminals send for one key.
 * keymap_key_name() writes the token for a canonical code into buf (size
 * at least 16), as keymap_key_parse() reads it back.
 */
int		 keymap_key_parse(const char *);
int		 keymap_key_canon(int);
const char	*keymap_key_name(int, char *buf, size_t size);

/*
 * Step 1: parse len bytes (NUL bytes are errors, not terminators) into
 * entries, each problem reported as "name:LINE: message" into errs (the
 * type and helpers of config.h). Good lines become entries even when
 * others fail. Returns 0, or -1 if anything was added to errs. The caller
 * frees out with keymap_entries_free() whatever the result.
 */
int	 keymap_parse_text(const char *name, const char *buf, size_t len,
	     struct keymap_entries *out, struct config_errors *errs) TD_WUR;
void	 keymap_entries_free(struct keymap_entries *);

/*
 * Step 2: apply the entries of one file to km, in order. A key bound twice
 * in one context by the same file (with no unbind between) is a conflict,
 * reported at the second line naming the first; the later binding is not
 * applied. Entries of a later call override earlier ones freely: that is
 * how the user's file overrides the defaults. Returns 0, or -1 if anything
 * was added to errs.
 */
int	 keymap_apply(struct keymap *km, const char *name,
	     const struct keymap_entries *, struct config_errors *errs) TD_WUR;

/* Both steps on one buffer; errors come in line order. */
int	 keymap_parse_buffer(struct keymap *km, const char *name,
	     const char *buf, size_t len, struct config_errors *errs) TD_WUR;
/* Both steps on a file (at most KEYMAP_MAX_FILE bytes). */
int	 keymap_load(struct keymap *km, const char *path,
	     struct config_errors *errs) TD_WUR;

/* An empty keymap; keymap_new_default() has the table's default keys. */
struct keymap	*keymap_new(void);
struct keymap	*keymap_new_default(void);
void		 keymap_free(struct keymap **);

/*
 * The built-in defaults as keymap-file text ("bind <context> <key>
 * <action>" lines, comments for unbound actions); the caller frees it.
 * keymaps/default.keys binds exactly the same (a unit test checks).
 */
char	*keymap_default_text(void);

/* The action for key in ctx, else in its parents; ACT_NONE if none. */
enum action	 keymap_lookup(const struct keymap *, enum keymap_context ctx,
		     int key);

/*
 * The keys that reach action from ctx (bound in ctx, or in a parent and
 * not shadowed below), canonical codes into keys[0..max), in code order.
 * Returns how many there are (may exceed max).
 */
size_t	 keymap_keys_for(const struct keymap *, enum keymap_context ctx,
	     enum action, int *keys, size_t max);

/*
 * For the "?" screen: every action valid in ctx, bound or not, one line
 * each: "name  keys  help", keys "(unbound)" when none reaches it.
 */
void	 keymap_describe(const struct keymap *, FILE *, enum keymap_context ctx);
/* For tdesk(1): each context's actions and default keys as man(7) .TP items. */
void	 keymap_describe_man(FILE *);

#endif
