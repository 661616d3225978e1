/*
 * The one-line editor behind the ":" command line and every one-line
 * question: a UTF-8 line edited by grapheme cluster, a history per kind of
 * prompt, completion, and which part of the line a window shows. Pure: no
 * curses. The console turns keys into PROMPT_* actions for
 * lineedit_action(), feeds typed characters to lineedit_insert_cp(), and
 * draws what lineedit_view() says.
 *
 * Invariants, whatever is fed in: the line is valid UTF-8 of at most
 * LINEEDIT_CAP bytes with no control character (C0, DEL, C1) and no NUL
 * byte, and the cursor is a byte offset within it on a grapheme-cluster
 * boundary as text_cluster() splits the whole line.
 */
#ifndef TDESK_LINEEDIT_H
#define TDESK_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/config/action_list.h"

#define LINEEDIT_CAP		4096	/* bytes one line may hold */
#define LINEEDIT_HISTORY_MAX	100	/* entries one history keeps */
#define LINEEDIT_CANDIDATES_MAX	1000	/* candidates one completion keeps */
#define LINEEDIT_NONE		((size_t)-1)	/* no history entry, no
						 * candidate */

struct lineedit;		/* a line being edited */
struct lineedit_history;	/* the lines entered at one kind of prompt */

/*
 * What an insertion did. Not an error: text that does not fit is the
 * user's to notice, and the console may beep on LINEEDIT_FULL.
 */
enum lineedit_result {
	LINEEDIT_OK = 0,
	LINEEDIT_FULL,		/* the line reached LINEEDIT_CAP: the part of
				 * the text that did not fit was dropped */
};

/*
 * An empty line. hist (may be NULL: no history) is where history-prev and
 * history-next recall from; it must outlive the line. lineedit_free()
 * frees and sets *le NULL; NULL or *le NULL is fine.
 */
struct lineedit	*lineedit_new(struct lineedit_history *hist);
void		 lineedit_free(struct lineedit **le);

/* The line (NUL-terminated, valid while unchanged), its length, cursor. */
const char	*lineedit_text(const struct lineedit *);
size_t		 lineedit_len(const struct lineedit *);
size_t		 lineedit_cursor(const struct lineedit *);

/*
 * Replace the line with text (NULL: empty), cleaned as lineedit_insert()
 * cleans, the cursor at its end; forget any history recall and completion
 * cycle. For a question asked with an answer filled in, and to reuse a
 * line for the next prompt.
 */
enum lineedit_result lineedit_set(struct lineedit *, const char *text);

/*
 * Insert len bytes of typed or pasted text at the cursor and put the
 * cursor after it. Control characters (C0 including TAB and line breaks,
 * DEL, C1, and so ESC: an escape sequence leaves its printable tail) and
 * NUL bytes are dropped; each ill-formed UTF-8 subpart becomes U+FFFD, so
 * a paste in another encoding shows that it went wrong instead of losing
 * letters silently. Text goes in whole code points while it fits; the rest
 * is dropped (LINEEDIT_FULL). When the text joins the cluster after the
 * cursor (a base typed before a mark that opens the line), the cursor
 * moves to the end of that cluster.
 */
enum lineedit_result lineedit_insert(struct lineedit *, const char *s,
		     size_t len);

/*
 * Insert one code point as ncurses' wget_wch() gives it. A code point that
 * extends the cluster before the cursor (a combining mark, a variation
 * selector, ZWJ and the emoji after it) joins that cluster, and the cursor
 * stays after the whole cluster, never inside it. A control is dropped; a
 * surrogate or a value past U+10FFFF becomes U+FFFD.
 */
enum lineedit_result lineedit_insert_cp(struct lineedit *, uint32_t cp);

/*
 * Apply one prompt action; returns whether the editor handles it (true
 * even when it changes nothing, as left at the start of the line):
 *	PROMPT_LEFT, PROMPT_RIGHT	one grapheme cluster
 *	PROMPT_HOME, PROMPT_END		start, end of the line
 *	PROMPT_BACKSPACE, PROMPT_DELETE	the cluster before, at the cursor
 *	PROMPT_KILL_LINE		the whole line, as its help says (not
 *					readline's C-u, which keeps the text
 *					after the cursor)
 *	PROMPT_DELETE_WORD		readline's unix-word-rubout: the
 *					spaces before the cursor, then the
 *					non-spaces before them
 *	PROMPT_HISTORY_PREV, _NEXT	recall an older, newer entry: the
 *					first prev keeps the line being typed,
 *					and next after the newest entry brings
 *					it back; edits to a recalled entry are
 *					lost when moving to another, and the
 *					history itself never changes here
 * PROMPT_SUBMIT, PROMPT_CANCEL and PROMPT_COMPLETE (see
 * lineedit_complete()) and every other action are the console's: false.
 * After deleting, when the clusters on either side of the gap join into one
 * (two regional indicators, once apart), the cursor goes to its start.
 */
bool		 lineedit_action(struct lineedit *, enum action);

/*
 * History, oldest entries dropped past LINEEDIT_HISTORY_MAX. add() ignores
 * a blank line (empty or only spaces, TABs, line breaks) and a line equal
 * to the newest entry; the console adds the line when it is submitted.
 * get(i) is entry i counting from the newest (0), NULL past the end.
 * lineedit_history_free() frees and sets *h NULL.
 */
struct lineedit_history *lineedit_history_new(void);
void		 lineedit_history_free(struct lineedit_history **h);
void		 lineedit_history_add(struct lineedit_history *,
		     const char *line);
size_t		 lineedit_history_count(const struct lineedit_history *);
const char	*lineedit_history_get(const struct lineedit_history *,
		     size_t i);

/*
 * Completion candidates: in the order the completer added them, duplicates
 * dropped, at most LINEEDIT_CANDIDATES_MAX. lineedit_complete() returns a
 * new list the caller frees with lineedit_candidates_free() (which frees,
 * sets *c NULL, and takes NULL).
 */
struct lineedit_candidates {
	char	**v;		/* the candidates, as the completer gave them */
	size_t	  n;
	size_t	  alloc;	/* slots in v */
	size_t	  selected;	/* the one Tab put in the line while cycling,
				 * else LINEEDIT_NONE */
	bool	  truncated;	/* more were offered than the cap keeps */
};

void	 lineedit_candidates_add(struct lineedit_candidates *,
	     const char *candidate);
void	 lineedit_candidates_free(struct lineedit_candidates **c);

/*
 * A completer: words[0..index] are the words of the line up to the cursor
 * (as the flags split it), words[index] the one being completed, "" when
 * the cursor is not in a word yet. So the command line completes the
 * command name when index is 0 and its arguments, knowing words[0], after.
 * It adds candidates for the whole word (not just the rest of it) to out
 * with lineedit_candidates_add(); which match (prefix, case, substring)
 * is its choice.
 */
typedef void lineedit_completer_fn(const char *const *words, size_t index,
		     struct lineedit_candidates *out, void *arg);

/* How lineedit_complete() finds the word at the cursor. */
#define LINEEDIT_WORDS	0x0u	/* words split on spaces, taken as typed */
#define LINEEDIT_QUOTED	0x1u	/* words split by cmdparse.h, quotes
				 * removed; candidates go in quoted with
				 * cmdparse_quote(), for the ":" line */
#define LINEEDIT_WHOLE	0x2u	/* the text before the cursor is one word
				 * (a one-line answer such as a name) */

/*
 * Complete the word before the cursor (the text of its word after the
 * cursor stays where it is). The completer is called and then:
 *	- no candidate: nothing changes;
 *	- one: the word becomes it, followed by a space (none with
 *	  LINEEDIT_WHOLE; an existing space after the cursor is stepped over
 *	  rather than doubled);
 *	- several: the word becomes their longest common prefix if that is
 *	  longer than the word (with LINEEDIT_QUOTED a quote it needs is left
 *	  open, so typing goes on inside it); the console shows the list.
 * Tab again with nothing else in between (several candidates): each press
 * puts the next candidate in place of the word, without a space, and
 * after the last the word as the first Tab left it, then round again; the
 * completer is not called again, and the list returned has .selected set.
 * Any other action or insertion ends the cycle. A completion that would
 * pass LINEEDIT_CAP leaves the line as it is, and so does a line past
 * cmdparse's caps with LINEEDIT_QUOTED (the completer is not called). fn
 * must not be NULL. Returns the candidates (never NULL), which the caller
 * frees.
 */
struct lineedit_candidates *lineedit_complete(struct lineedit *,
		     lineedit_completer_fn *fn, void *arg, unsigned flags);

/*
 * What to draw in a window of cols columns so the cursor is visible:
 * returns the byte length of the part shown, which begins at *start, and
 * sets *cursor_col to the cursor's column in the window (0 to cols - 1).
 * *start is in and out: pass 0 the first time, then the value from the
 * previous call, and the window scrolls by whole clusters only as far as
 * the cursor needs (the cursor's own cell, the whole width of a CJK
 * character under it, stays in view), and back left when the line's end
 * leaves room. Widths are text_width()'s. The part shown fits in cols; a
 * cluster wider than the window is not shown. cols <= 0 shows nothing.
 * The line is the user's own text: it holds no control, but format
 * characters typed or pasted (bidi marks, ZWSP) are kept as they are.
 */
size_t		 lineedit_view(const struct lineedit *, int cols,
		     size_t *start, int *cursor_col);

#endif
