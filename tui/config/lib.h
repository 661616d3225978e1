/*
 * tui/config: the configuration file, tdesk.conf(5), keymaps and secrets.
 * Reading a file is parse (text to entries), apply (entries to a struct
 * config), each collecting every problem with its file and line.
 *
 *	config.[ch]	the public interface; the error list, lookups, free
 *	config_int.h	what the config files share and nothing else uses
 *	config_parse.c	step 1: git-config style text to entries
 *	config_apply.c	step 2: entries gathered into sections and built
 *	config_build.c	[tdesk], [view "NAME"] and [tolerance "NAME"]
 *	config_profile.c [profile "NAME"]: environment, backends, tokens
 *	config_load.c	finding and reading the file (owner, mode, size)
 *	config_dump.c	--dump-config: the effective configuration written back
 *	config_check.c	tdesk config check: every problem, every token source
 *	action_list.h	every console action and key context, defined once
 *	keymap.[ch]	keymap files: bind/unbind, lookups, "?" and tdesk(1)
 *	secret.[ch]	tokens from an environment variable, a 0600 file or a
 *			command, never from argv, never in a message
 *	clients.[ch]	a profile's HTTP clients, made with its tokens
 */
#ifndef TDESK_TUI_CONFIG_LIB_H
#define TDESK_TUI_CONFIG_LIB_H

#include "tui/config/action_list.h"
#include "tui/config/clients.h"
#include "tui/config/config.h"
#include "tui/config/keymap.h"
#include "tui/config/secret.h"

#endif
