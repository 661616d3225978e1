/*
 * tui/text: pure text code. No terminal, no cache, no network, no clock of
 * its own: everything here is tested and fuzzed alone.
 *
 *	text.h		the sanitiser, display widths and text_escape()
 *	sanitize.c	untrusted bytes in, terminal-safe text out (ECMA-48
 *			sequences swallowed whole, invisibles marked)
 *	escape.c	what a user typed, echoed back with every control
 *			byte shown as a C-style escape
 *	width.c		display width by grapheme cluster (CJK, emoji,
 *			combining marks); width_tables.h is generated
 *	timefmt.[ch]	ages ("3 h"), RFC 3339, a time in several zones
 *	filter.[ch]	the filter language, text to a ticket or payment query
 *	cmdparse.[ch]	the words of a ":" line, split as sh(1) would without
 *			expanding anything, and quoted back
 */
#ifndef TDESK_TUI_TEXT_LIB_H
#define TDESK_TUI_TEXT_LIB_H

#include "tui/text/cmdparse.h"
#include "tui/text/filter.h"
#include "tui/text/text.h"
#include "tui/text/timefmt.h"

#endif
