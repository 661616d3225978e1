/*
 * Drawing primitives of the console: text measured with our own width
 * tables (text.h) and drawn so that ncurses and the terminal agree with
 * them, colour roles that degrade from 256 colours to 8 to monochrome,
 * and line drawing that falls back to ASCII outside a UTF-8 locale.
 */
#include "tui/console/ui.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/text/text.h"

/* Code points of one grapheme cluster drawn at once; a longer cluster
 * (pathological stacks of marks) is drawn as its first character. */
#define CLUSTER_MAX	16

static bool draw_utf8;
static unsigned long role_attr[UI_ROLE_COUNT];

bool
ui_utf8(void)
{
	return draw_utf8;
}

unsigned long
ui_attr(enum ui_role role)
{
	if ((unsigned)role >= UI_ROLE_COUNT)
		return A_NORMAL;
	return role_attr[role];
}

/* Foreground and background of each role: 256 colours, then 8 (-1: the
 * terminal's default), and the attributes that go with them. */
static const struct {
	short		 fg256, bg256;
	short		 fg8, bg8;
	unsigned long	 attr;		/* with colour */
	unsigned long	 mono;		/* without */
} role_def[UI_ROLE_COUNT] = {
	[UI_NORMAL]	  = { -1, -1,	-1, -1,	0, 0 },
	[UI_TAB]	  = { 250, 236,	COLOR_WHITE, COLOR_BLACK, 0, 0 },
	[UI_TAB_ACTIVE]	  = { 231, 25,	COLOR_WHITE, COLOR_BLUE, A_BOLD,
			      A_REVERSE | A_BOLD },
	[UI_HEADER]	  = { 231, 238,	COLOR_WHITE, COLOR_BLACK, A_BOLD,
			      A_BOLD | A_UNDERLINE },
	[UI_SELECTED]	  = { 231, 24,	COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[UI_SELECTED_DIM] = { 252, 239,	COLOR_BLACK, COLOR_WHITE, 0,
			      A_UNDERLINE },
	[UI_TAGGED]	  = { 214, -1,	COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_DIM]	  = { 245, -1,	COLOR_CYAN, -1, 0, 0 },
	[UI_LABEL]	  = { 110, -1,	COLOR_CYAN, -1, 0, A_BOLD },
	[UI_STATUS]	  = { 252, 236,	COLOR_WHITE, COLOR_BLACK, 0, A_REVERSE },
	[UI_PRODUCTION]	  = { 231, 160,	COLOR_WHITE, COLOR_RED, A_BOLD,
			      A_REVERSE | A_BOLD | A_BLINK },
	[UI_GOOD]	  = { 71, -1,	COLOR_GREEN, -1, 0, 0 },
	[UI_WARN]	  = { 214, -1,	COLOR_YELLOW, -1, 0, A_BOLD },
	[UI_ERROR]	  = { 203, -1,	COLOR_RED, -1, A_BOLD, A_BOLD },
	[UI_NOTE]	  = { 222, 58,	COLOR_BLACK, COLOR_YELLOW, 0, A_DIM },
	[UI_PUBLIC]	  = { -1, -1,	-1, -1, 0, 0 },
	[UI_BORDER]	  = { 240, -1,	COLOR_BLUE, -1, 0, 0 },
};

void
ui_draw_init(void)
{
	const char *nc = getenv("NO_COLOR"), *cs;
	int i, colours = 0;
	short fg, bg;

	cs = nl_langinfo(CODESET);
	draw_utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);

	if ((nc == NULL || *nc == '\0') && has_colors() && start_color() == OK) {
		use_default_colors();
		colours = COLORS >= 256 ? 256 : (COLORS >= 8 ? 8 : 0);
	}
	for (i = 0; i < UI_ROLE_COUNT; i++) {
		if (colours == 0) {
			role_attr[i] = role_def[i].mono;
			continue;
		}
		fg = colours == 256 ? role_def[i].fg256 : role_def[i].fg8;
		bg = colours == 256 ? role_def[i].bg256 : role_def[i].bg8;
		if (fg == -1 && bg == -1) {
			role_attr[i] = role_def[i].attr;
			continue;
		}
		init_pair((short)(i + 1), fg, bg);
		role_attr[i] = COLOR_PAIR(i + 1) | role_def[i].attr;
	}
}

/*
 * Draws fitted, sanitised UTF-8 one grapheme cluster at a time. ncurses
 * measures each character with wcwidth(); where the sum over a cluster is
 * not the width text.h gives (👩‍💻 is 2 on the terminal, 4 to wcwidth),
 * only the cluster's first character is drawn, or "?"s of the right width,
 * so the cursor ncurses tracks stays where the terminal's is.
 */
static void
put_clusters(const char *s)
{
	wchar_t wb[CLUSTER_MAX + 1];
	size_t len = strlen(s), k, cl, i, nw;
	uint32_t cp;
	int w, sum, cw, ok;

	if (!draw_utf8) {
		addnstr(s, (int)len);
		return;
	}
	while (len > 0) {
		cl = text_cluster(s, len, &w);
		nw = 0;
		sum = 0;
		ok = 1;
		for (i = 0; i < cl; i += k) {
			k = text_utf8_decode(s + i, cl - i, &cp);
			if (k == 0 || cp == TEXT_BAD_CP || nw == CLUSTER_MAX) {
				ok = 0;
				break;
			}
			wb[nw++] = (wchar_t)cp;
			cw = wcwidth((wchar_t)cp);
			if (cw < 0)
				ok = 0;
			else
				sum += cw;
		}
		if (ok && sum == w && nw > 0)
			addnwstr(wb, (int)nw);
		else if (nw > 0 && wcwidth(wb[0]) == w && w > 0)
			addnwstr(wb, 1);
		else
			for (i = 0; i < (size_t)w; i++)
				addch('?');
		s += cl;
		len -= cl;
	}
}

int
ui_text_attr(int y, int x, int cols, const char *s, enum ui_role role,
    unsigned long attr)
{
	unsigned flags = draw_utf8 ? 0 : TEXT_ASCII;
	char *clean, *fit;

	if (cols <= 0)
		return 0;
	/* Line breaks and TABs become spaces; spaces are kept as they are,
	 * so a cell keeps the padding its caller gave it. */
	clean = text_sanitize(s != NULL ? s : "", TEXT_NUL, flags, 0);
	fit = text_fit(clean, cols, flags | TEXT_ELLIPSIS | TEXT_PAD);
	attrset((attr_t)(ui_attr(role) | attr));
	move(y, x);
	put_clusters(fit);
	attrset(A_NORMAL);
	free(fit);
	free(clean);
	return cols;
}

int
ui_text(int y, int x, int cols, const char *s, enum ui_role role)
{
	return ui_text_attr(y, x, cols, s, role, 0);
}

int
ui_label(int y, int x, int cols, const char *s, enum ui_role role)
{
	char *fit;
	int w;

	if (cols <= 0 || s == NULL)
		return 0;
	if (!draw_utf8) {
		/* Our own text has "·" and "—": ASCII stand-ins here. */
		char *ascii = text_sanitize(s, TEXT_NUL, TEXT_ASCII, 0);

		fit = text_fit(ascii, cols, TEXT_ASCII);
		free(ascii);
	} else
		fit = text_fit(s, cols, 0);
	w = text_width(fit);
	attrset((attr_t)ui_attr(role));
	move(y, x);
	put_clusters(fit);
	attrset(A_NORMAL);
	free(fit);
	return w;
}

void
ui_clear(const struct ui_rect *r, enum ui_role role)
{
	int y;

	if (r->w <= 0)
		return;
	attrset((attr_t)ui_attr(role));
	for (y = r->y; y < r->y + r->h; y++)
		mvhline(y, r->x, ' ', r->w);
	attrset(A_NORMAL);
}

void
ui_vline(int y, int x, int h)
{
	int i;

	attrset((attr_t)ui_attr(UI_BORDER));
	for (i = 0; i < h; i++) {
		move(y + i, x);
		if (draw_utf8)
			addstr("\xe2\x94\x82");		/* │ */
		else
			addch('|');
	}
	attrset(A_NORMAL);
}

void
ui_hline(int y, int x, int w)
{
	int i;

	attrset((attr_t)ui_attr(UI_BORDER));
	move(y, x);
	for (i = 0; i < w; i++) {
		if (draw_utf8)
			addstr("\xe2\x94\x80");		/* ─ */
		else
			addch('-');
	}
	attrset(A_NORMAL);
}

/* Appends a copy of len bytes of s to the NULL-terminated array *v. */
static void
words_add(char ***v, size_t *n, const char *s, size_t len)
{
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
	(*v)[*n] = NULL;
}

char **
ui_wrap(const char *body, int cols, size_t *n)
{
	unsigned flags = TEXT_KEEP_LF | (draw_utf8 ? 0 : TEXT_ASCII);
	char **v = NULL, *clean, *line, *nl, *p, *sp;
	size_t fit, i;

	*n = 0;
	if (cols < 1)
		cols = 1;
	clean = text_sanitize(body != NULL ? body : "", TEXT_NUL, flags, 0);
	for (line = clean; line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		p = line;
		if (*p == '\0') {
			words_add(&v, n, "", 0);
			continue;
		}
		while (*p != '\0') {
			fit = text_fit_prefix(p, cols, NULL);
			if (fit == 0)	/* one cluster wider than cols */
				fit = text_cluster(p, strlen(p), NULL);
			if (p[fit] != '\0') {
				/* Break at the last space that fits. */
				sp = NULL;
				for (i = fit; i > 0; i--)
					if (p[i] == ' ') {
						sp = p + i;
						break;
					}
				if (sp != NULL && sp > p)
					fit = (size_t)(sp - p);
			}
			words_add(&v, n, p, fit);
			p += fit;
			while (*p == ' ')
				p++;
		}
	}
	free(clean);
	if (v == NULL)
		words_add(&v, n, "", 0);
	return v;
}

void
ui_words_free(char ***wp)
{
	char **w = *wp;
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; w[i] != NULL; i++)
		free(w[i]);
	free(w);
	*wp = NULL;
}
