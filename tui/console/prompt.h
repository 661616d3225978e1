/*
 * The prompt on the console's bottom line: the ":" command line, every
 * one-line question (search, tags, status...), and yes/no confirmations.
 * Typing goes to a line editor (lineedit.h); Tab completes through the
 * prompt's completer and shows the candidates above the line.
 */
#ifndef TDESK_PROMPT_H
#define TDESK_PROMPT_H

#include <stdbool.h>
#include <stdint.h>

#include "tui/console/ui.h"

struct prompt;

/* A prompt for text (p copied); or a yes/no question. */
struct prompt *prompt_new(const struct app_prompt *p);
struct prompt *prompt_new_confirm(const char *question, app_prompt_fn *yes,
	    void *arg, void (*arg_free)(void *));

/*
 * One key: a keymap code (keymap_key_canon of a function key or an ASCII
 * character; -1 for a character that is not ASCII) and the character
 * itself (cp, 0 for a function key). Returns UI_* flags; *done is set
 * when the prompt is finished (submitted or cancelled): the caller frees
 * it with prompt_free, which calls arg_free. A submit callback runs before
 * *done is reported, and may open another prompt (app_prompt).
 */
/* The prompt actions prompt_key runs itself (ACT_NONE ends); the others
 * of the prompt context are the line editor's (lineedit_action). */
extern const enum action prompt_handles[];

int	 prompt_key(struct prompt *, struct app *, int key, uint32_t cp,
	    bool *done);

/*
 * Draws the prompt on row y (and its candidates, if any, on the rows
 * above it, at most max_above); leaves the cursor where typing goes.
 */
void	 prompt_draw(struct prompt *, int y, int cols, int max_above);

void	 prompt_free(struct prompt **);

#endif
