/*
 * tui/console: the ncurses console. One event loop over a set of views
 * (the tabs, tui/views/), drawing only from the cache and never waiting on
 * the network; what a view may use is ui.h.
 *
 *	ui.h		what a view sees: struct view, drawing, messages,
 *			prompts, confirmations, $EDITOR
 *	console.h	what the console's own files share (the loop's state)
 *	app.c		the event loop: terminal, sync wake-ups, signals, keys
 *	status.c	the tab bar and the status line
 *	help.c		the "?" overlay, from the keymap's descriptions
 *	cmdline.c	the ":" command line and its completion
 *	draw.c		drawing primitives and colour roles
 *	tab.[ch]	the tab layer every list tab stands on: search, n/N,
 *			tag, tag by pattern, filter, detail scrolling and
 *			their ":" commands, written once (no curses: unit
 *			tested)
 *	tab_draw.c	how a list tab is drawn: header, frame, titles, panes
 *	list.[ch]	the list widget: a window of rows over a SQL source
 *	pane.[ch]	the detail pane and the cells of list rows
 *	prompt.[ch]	the bottom line's questions and yes/no confirmations
 *	lineedit.[ch]	the one-line editor behind every prompt (no curses)
 *	editor.[ch]	$VISUAL/$EDITOR on a private temporary file
 */
#ifndef TDESK_TUI_CONSOLE_LIB_H
#define TDESK_TUI_CONSOLE_LIB_H

#include "tui/console/editor.h"
#include "tui/console/lineedit.h"
#include "tui/console/list.h"
#include "tui/console/pane.h"
#include "tui/console/prompt.h"
#include "tui/console/tab.h"
#include "tui/console/ui.h"

#endif
