/*
 * The writes of the Tickets tab: reply, internal note, assign, status,
 * priority, tags and macros, on the selected ticket or, after ";", on
 * every tagged one. Each is queued in the outbox (cache/actions.h) and
 * the engine is asked to send it; nothing here waits on the network.
 * What reaches customers (a public reply, a macro, any change to many
 * tickets at once) is confirmed first, with what will happen and to how
 * many.
 */
#include "tui/views/view_tickets.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cache/actions.h"
#include "api/model.h"
#include "cache/outbox.h"
#include "tui/text/text.h"

/* Names offered when completing an assignee. */
#define COMPLETE_MAX	200

static const char *const statuses[] = {
	"new", "open", "pending", "hold", "solved", NULL,
};
static const char *const priorities[] = {
	"low", "normal", "high", "urgent", NULL,
};

/* A write waiting for a prompt's answer or a confirmation. */
struct pending {
	struct tickets	*t;
	int64_t		*ids;		/* the tickets it goes to */
	size_t		 n;
	struct ticket_update u;		/* the change; comment for replies */
	int64_t		 macro_id;	/* a macro instead of u; 0: none */
};

static void
pending_free(void *arg)
{
	struct pending *p = arg;

	free(p->ids);
	ticket_update_clear(&p->u);
	free(p);
}

/*
 * The tickets an action goes to: the tagged ones after ";", else the
 * selected one. NULL (with a message) when there is none.
 */
static struct pending *
targets(struct tickets *t)
{
	struct app *app = t->tab.app;
	const struct ticket_row *sel;
	struct pending *p;
	size_t i;

	if (app->tag_prefix) {
		if (t->tab.list.ntags == 0) {
			app_error(app, "No ticket is tagged: t tags one, T tags "
			    "those matching a filter");
			return NULL;
		}
		p = xcalloc(1, sizeof *p);
		p->ids = xreallocarray(NULL, t->tab.list.ntags, sizeof *p->ids);
		for (i = 0; i < t->tab.list.ntags; i++)
			p->ids[i] = strtoll(t->tab.list.tags[i], NULL, 10);
		p->n = t->tab.list.ntags;
	} else {
		if ((sel = list_selected(&t->tab.list)) == NULL) {
			app_error(app, "No ticket is selected");
			return NULL;
		}
		p = xcalloc(1, sizeof *p);
		p->ids = xmalloc(sizeof *p->ids);
		p->ids[0] = sel->id;
		p->n = 1;
	}
	p->t = t;
	return p;
}

/* "#101" or "12 tagged tickets", for messages. */
static char *
what(const struct pending *p)
{
	if (p->n == 1)
		return xasprintf("#%" PRId64, p->ids[0]);
	return xasprintf("%zu tagged tickets", p->n);
}

/*
 * Queues p's change: one ticket.update, or Zendesk bulk updates of up to
 * ACTION_BULK_MAX tickets each (a comment goes as one update per ticket:
 * bulk updates carry none).
 */
static int
queue(struct app *app, struct pending *p, const char *done)
{
	char *cause = NULL, *w = what(p);
	int64_t row = 0, first = 0;
	size_t i, m, queued = 0;
	int r = CACHE_OK;

	if (p->u.set & TICKET_UPDATE_COMMENT || p->n == 1) {
		for (i = 0; i < p->n && r == CACHE_OK; i++) {
			r = cache_action_ticket_update(app->cache, p->ids[i], &p->u,
			    &row, &cause);
			if (r == CACHE_OK) {
				queued++;
				if (first == 0)
					first = row;
			}
		}
	} else {
		for (i = 0; i < p->n && r == CACHE_OK; i += m) {
			m = p->n - i < ACTION_BULK_MAX ? p->n - i : ACTION_BULK_MAX;
			r = cache_action_ticket_bulk(app->cache, p->ids + i, m,
			    &p->u, &row, &cause);
			if (r == CACHE_OK) {
				queued += m;
				if (first == 0)
					first = row;
			}
		}
	}
	if (r != CACHE_OK) {
		if (queued > 0)
			app_error(app, "%s queued for %zu of %zu tickets, then: %s",
			    done, queued, p->n, cause);
		else
			app_error(app, "%s", cause);
	} else if (p->n == 1)
		app_message(app, "%s for %s: queued (outbox #%" PRId64 ")", done, w,
		    first);
	else
		app_message(app, "%s for %s: queued (outbox #%" PRId64 " on)",
		    done, w, first);
	free(cause);
	free(w);
	if (queued > 0) {
		app_drain(app);
		if (p->n > 1)
			list_tags_clear(&p->t->tab.list);
	}
	return UI_RELOAD | UI_REDRAW;
}

/* The confirmation's yes: queue and say what was done. */
static int
confirmed(struct app *app, void *arg, const char *text)
{
	struct pending *p = arg;

	(void)text;
	if (p->macro_id != 0) {
		size_t i;

		if (app->engine == NULL) {
			app_error(app, "Macros need Zendesk: it is not configured");
			return UI_REDRAW;
		}
		for (i = 0; i < p->n; i++)
			sync_request_macro(app->engine, p->ids[i], p->macro_id);
		app_message(app, "Macro requested for %zu ticket%s: Zendesk "
		    "resolves it, then it is queued", p->n, p->n == 1 ? "" : "s");
		return UI_REDRAW;
	}
	return queue(app, p, (p->u.set & TICKET_UPDATE_COMMENT) ?
	    (p->u.comment_public ? "Public reply" : "Internal note") : "Change");
}

/* Queue now (one ticket, nothing customers see) or after a question. */
static int
queue_or_confirm(struct app *app, struct pending *p, const char *question,
    bool always_confirm, const char *done)
{
	int r;

	if (p->n == 1 && !always_confirm) {
		r = queue(app, p, done);
		pending_free(p);
		return r;
	}
	app_confirm(app, question, confirmed, p, pending_free);
	return UI_REDRAW;
}

static void
strings_set(struct string_array *a, const char *text)
{
	const char *s = text, *e;

	while (*s != '\0') {
		while (*s == ' ' || *s == ',')
			s++;
		for (e = s; *e != '\0' && *e != ' ' && *e != ','; e++)
			;
		if (e > s) {
			a->items = xreallocarray(a->items, a->n + 1,
			    sizeof *a->items);
			a->items[a->n++] = xstrndup(s, (size_t)(e - s));
		}
		s = e;
	}
}

static bool
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* ---- Comments ------------------------------------------------------------ */

static int
comment(struct tickets *t, bool public)
{
	struct app *app = t->tab.app;
	struct pending *p;
	char *text, *q, *w;
	size_t lines = 1, i;
	int r;

	if ((p = targets(t)) == NULL)
		return UI_REDRAW;
	if ((text = app_edit(app, "", ".txt")) == NULL) {
		pending_free(p);
		return UI_REDRAW;
	}
	for (i = 0; text[i] != '\0'; i++)
		if (text[i] == '\n')
			lines++;
	p->u.set = TICKET_UPDATE_COMMENT;
	p->u.comment_body = text;
	p->u.comment_public = public;
	if (!public && p->n == 1) {
		r = queue(app, p, "Internal note");
		pending_free(p);
		return r;
	}
	w = what(p);
	if (public && p->n == 1) {
		const struct ticket_row *sel = list_selected(&t->tab.list);
		char *name = text_sanitize_line(sel != NULL &&
		    sel->requester_name != NULL ? sel->requester_name :
		    "the requester", TEXT_NUL, ui_utf8() ? 0 : TEXT_ASCII);

		q = xasprintf("Send this public reply (%zu line%s) to %s on %s? "
		    "[y/N] ", lines, lines == 1 ? "" : "s", name, w);
		free(name);
	} else
		q = xasprintf("%s (%zu line%s) on %s? [y/N] ", public ?
		    "Send this public reply to the requesters" :
		    "Add this internal note", lines, lines == 1 ? "" : "s", w);
	app_confirm(app, q, confirmed, p, pending_free);
	free(q);
	free(w);
	return UI_REDRAW;
}

/* ---- Fields --------------------------------------------------------------- */

/* A field set to one of a few words: the status or the priority. */
struct word_field {
	const char		*name;		/* "status": the confirmation */
	const char		*label;		/* "Status": the messages */
	const char *const	*words;
	const char		*choices;	/* the words, for an error */
	unsigned		 set;		/* its TICKET_UPDATE_* bit */
};
static const struct word_field status_field = { "status", "Status",
    statuses, "new, open, pending, hold, solved", TICKET_UPDATE_STATUS };
static const struct word_field priority_field = { "priority", "Priority",
    priorities, "low, normal, high, urgent", TICKET_UPDATE_PRIORITY };

static int
set_word(struct tickets *t, struct pending *p, const struct word_field *f,
    const char *s)
{
	char *q, *w;
	int r;

	if (!in_list(f->words, s)) {
		app_error(t->tab.app, "%s: \"%s\" is not one of %s", f->label, s,
		    f->choices);
		pending_free(p);
		return UI_REDRAW;
	}
	p->u.set = f->set;
	if (f->set == TICKET_UPDATE_STATUS)
		p->u.status = xstrdup(s);
	else
		p->u.priority = xstrdup(s);
	w = what(p);
	q = xasprintf("Set %s %s on %s? [y/N] ", f->name, s, w);
	r = queue_or_confirm(t->tab.app, p, q, false, f->label);
	free(q);
	free(w);
	return r;
}

/*
 * Who "text" names: me, nobody, an agent by name or email (exactly, case
 * aside), or a group by name. 0 when found, else a message.
 */
static int
resolve_assignee(struct app *app, const char *text, struct ticket_update *u,
    char **label)
{
	struct user_row *a = NULL;
	struct group_row *g = NULL;
	char *cause = NULL;
	size_t n = 0, i, hits = 0;
	int64_t id = 0;

	if (strcasecmp(text, "me") == 0) {
		if (app->me == 0) {
			app_error(app, "Who \"me\" is is not known until Zendesk "
			    "has been synced");
			return -1;
		}
		u->set |= TICKET_UPDATE_ASSIGNEE;
		u->assignee_id = app->me;
		*label = xstrdup("you");
		return 0;
	}
	if (strcasecmp(text, "nobody") == 0 || strcasecmp(text, "none") == 0) {
		u->set |= TICKET_UPDATE_ASSIGNEE;
		u->assignee_id = 0;
		*label = xstrdup("nobody");
		return 0;
	}
	/* By name: the agents whose name starts with it (an index range).
	 * By email: every agent, a reference list of staff, not customers. */
	if (cache_agents_window(app->cache, strchr(text, '@') != NULL ? NULL :
	    text, 0, strchr(text, '@') != NULL ? 10000 : 100, &a, &n, &cause) ==
	    CACHE_OK) {
		for (i = 0; i < n; i++)
			if (strcasecmp(a[i].name, text) == 0 || (a[i].email !=
			    NULL && strcasecmp(a[i].email, text) == 0)) {
				id = a[i].id;
				if (hits++ == 0)
					*label = xstrdup(a[i].name);
			}
		cache_user_rows_free(&a, n);
	} else {
		free(cause);
		cause = NULL;
	}
	if (hits > 1) {
		free(*label);
		*label = NULL;
		app_error(app, "\"%s\" names %zu agents: give the email", text, hits);
		return -1;
	}
	if (hits == 1) {
		u->set |= TICKET_UPDATE_ASSIGNEE;
		u->assignee_id = id;
		return 0;
	}
	n = 0;
	if (cache_groups_window(app->cache, 0, 10000, &g, &n, &cause) ==
	    CACHE_OK) {
		for (i = 0; i < n && hits == 0; i++)
			if (strcasecmp(g[i].name, text) == 0) {
				u->set |= TICKET_UPDATE_GROUP;
				u->group_id = g[i].id;
				*label = xasprintf("group %s", g[i].name);
				hits = 1;
			}
		cache_group_rows_free(&g, n);
	} else
		free(cause);
	if (hits == 0) {
		app_error(app, "No agent or group is called \"%s\" (Tab completes)",
		    text);
		return -1;
	}
	return 0;
}

static int
assign(struct tickets *t, struct pending *p, const char *text)
{
	char *label = NULL, *q, *w, *clean;
	int r;

	if (resolve_assignee(t->tab.app, text, &p->u, &label) != 0) {
		pending_free(p);
		return UI_REDRAW;
	}
	w = what(p);
	clean = text_sanitize_line(label, TEXT_NUL, ui_utf8() ? 0 : TEXT_ASCII);
	q = xasprintf("Assign %s to %s? [y/N] ", w, clean);
	r = queue_or_confirm(t->tab.app, p, q, false, "Assignment");
	free(clean);
	free(label);
	free(q);
	free(w);
	return r;
}

static int
tags(struct tickets *t, struct pending *p, const char *text, bool add)
{
	struct string_array *a = add ? &p->u.additional_tags :
	    &p->u.remove_tags;
	char *q, *w;
	size_t i;
	int r;

	strings_set(a, text);
	if (a->n == 0) {
		pending_free(p);
		return UI_REDRAW;
	}
	for (i = 0; i < a->n; i++) {
		const unsigned char *c;

		for (c = (const unsigned char *)a->items[i]; *c != '\0'; c++)
			if (*c < 0x20 || *c == 0x7f) {
				app_error(t->tab.app, "A tag cannot hold control "
				    "characters");
				pending_free(p);
				return UI_REDRAW;
			}
	}
	p->u.set = add ? TICKET_UPDATE_ADD_TAGS : TICKET_UPDATE_REMOVE_TAGS;
	w = what(p);
	q = xasprintf("%s %zu tag%s %s %s? [y/N] ", add ? "Add" : "Remove", a->n,
	    a->n == 1 ? "" : "s", add ? "to" : "from", w);
	r = queue_or_confirm(t->tab.app, p, q, false, add ? "Tags added" :
	    "Tags removed");
	free(q);
	free(w);
	return r;
}

static int
macro(struct tickets *t, struct pending *p, const char *title)
{
	struct macro_row *m = NULL;
	char *cause = NULL, *q, *w, *clean;
	size_t n = 0, i;
	int64_t id = 0;

	if (cache_macros_window(t->tab.app->cache, true, 0, 10000, &m, &n, &cause) !=
	    CACHE_OK) {
		app_error(t->tab.app, "%s", cause);
		free(cause);
		pending_free(p);
		return UI_REDRAW;
	}
	for (i = 0; i < n && id == 0; i++)
		if (strcmp(m[i].title, title) == 0)
			id = m[i].id;
	cache_macro_rows_free(&m, n);
	if (id == 0) {
		app_error(t->tab.app, "No active macro is called \"%s\" (Tab completes)",
		    title);
		pending_free(p);
		return UI_REDRAW;
	}
	if (p->n > SYNC_MACRO_QUEUE) {
		app_error(t->tab.app, "A macro goes to at most %d tickets at once (%zu "
		    "are tagged)", SYNC_MACRO_QUEUE, p->n);
		pending_free(p);
		return UI_REDRAW;
	}
	p->macro_id = id;
	w = what(p);
	clean = text_sanitize_line(title, TEXT_NUL, ui_utf8() ? 0 : TEXT_ASCII);
	/* A macro may reply to the customer: always asked. */
	q = xasprintf("Apply macro \"%s\" to %s? It may reply to the customer. "
	    "[y/N] ", clean, w);
	app_confirm(t->tab.app, q, confirmed, p, pending_free);
	free(clean);
	free(q);
	free(w);
	return UI_REDRAW;
}

/* ---- Prompts ---------------------------------------------------------------- */

enum field {
	FIELD_STATUS,
	FIELD_PRIORITY,
	FIELD_ASSIGN,
	FIELD_TAG_ADD,
	FIELD_TAG_REMOVE,
	FIELD_MACRO,
};

static int
apply_field(struct tickets *t, struct pending *p, enum field f,
    const char *text)
{
	while (*text == ' ')
		text++;
	if (*text == '\0') {
		pending_free(p);
		app_message(t->tab.app, "Cancelled");
		return UI_REDRAW;
	}
	switch (f) {
	case FIELD_STATUS:
		return set_word(t, p, &status_field, text);
	case FIELD_PRIORITY:
		return set_word(t, p, &priority_field, text);
	case FIELD_ASSIGN:
		return assign(t, p, text);
	case FIELD_TAG_ADD:
		return tags(t, p, text, true);
	case FIELD_TAG_REMOVE:
		return tags(t, p, text, false);
	case FIELD_MACRO:
	default:
		return macro(t, p, text);
	}
}

/* A prompt's argument: the pending write and which field it asks. */
struct ask {
	struct pending	*p;
	enum field	 f;
};

static void
ask_free(void *arg)
{
	struct ask *a = arg;

	if (a->p != NULL)
		pending_free(a->p);
	free(a);
}

static int
ask_submit(struct app *app, void *arg, const char *text)
{
	struct ask *a = arg;
	struct pending *p = a->p;

	(void)app;
	a->p = NULL;		/* apply_field owns it now */
	return apply_field(p->t, p, a->f, text);
}

static char **
words_from(const char *const *list, const char *prefix, char **v, size_t *n)
{
	size_t i, len = strlen(prefix);

	for (i = 0; list[i] != NULL; i++)
		if (strncmp(list[i], prefix, len) == 0) {
			v = xreallocarray(v, *n + 2, sizeof *v);
			v[(*n)++] = xstrdup(list[i]);
			v[*n] = NULL;
		}
	return v;
}

static char **
add_word(char **v, size_t *n, const char *w)
{
	v = xreallocarray(v, *n + 2, sizeof *v);
	v[(*n)++] = xstrdup(w);
	v[*n] = NULL;
	return v;
}

/* Candidates for a field, the whole line being the value. */
static char **
field_candidates(struct tickets *t, enum field f, const char *prefix)
{
	struct app *app = t->tab.app;
	const struct ticket_row *sel;
	char **v = NULL, *cause = NULL, *tags, *s, *e;
	size_t n = 0, i, k, len = strlen(prefix);

	switch (f) {
	case FIELD_STATUS:
		return words_from(statuses, prefix, v, &n);
	case FIELD_PRIORITY:
		return words_from(priorities, prefix, v, &n);
	case FIELD_ASSIGN: {
		static const char *const special[] = { "me", "nobody", NULL };
		struct user_row *a = NULL;
		struct group_row *g = NULL;

		v = words_from(special, prefix, v, &n);
		if (cache_agents_window(app->cache, prefix, 0, COMPLETE_MAX, &a, &k,
		    &cause) == CACHE_OK) {
			for (i = 0; i < k; i++)
				v = add_word(v, &n, a[i].name);
			cache_user_rows_free(&a, k);
		} else
			free(cause);
		cause = NULL;
		if (cache_groups_window(app->cache, 0, COMPLETE_MAX, &g, &k,
		    &cause) == CACHE_OK) {
			for (i = 0; i < k; i++)
				if (strncasecmp(g[i].name, prefix, len) == 0)
					v = add_word(v, &n, g[i].name);
			cache_group_rows_free(&g, k);
		} else
			free(cause);
		return v;
	}
	case FIELD_TAG_REMOVE:
		if ((sel = list_selected(&t->tab.list)) == NULL)
			return NULL;
		tags = xstrdup(sel->tags);
		for (s = tags; *s != '\0'; s = e) {
			for (e = s; *e != '\0' && *e != ' '; e++)
				;
			if (*e == ' ')
				*e++ = '\0';
			if (*s != '\0' && strncmp(s, prefix, len) == 0)
				v = add_word(v, &n, s);
		}
		free(tags);
		return v;
	case FIELD_MACRO: {
		struct macro_row *m = NULL;

		if (cache_macros_window(app->cache, true, 0, COMPLETE_MAX, &m, &k,
		    &cause) != CACHE_OK) {
			free(cause);
			return NULL;
		}
		for (i = 0; i < k; i++)
			if (strncasecmp(m[i].title, prefix, len) == 0)
				v = add_word(v, &n, m[i].title);
		cache_macro_rows_free(&m, k);
		return v;
	}
	case FIELD_TAG_ADD:
	default:
		return NULL;
	}
}

/*
 * Completion for a field prompt: the value is the whole line (agent names
 * and macro titles hold spaces; APP_COMPLETE_WHOLE), except tags, which
 * are words.
 */
static char **
ask_complete(struct app *app, void *arg, const char *line, int argi,
    const char *prefix)
{
	struct ask *a = arg;

	(void)app;
	(void)argi;
	(void)line;
	return field_candidates(a->p->t, a->f, prefix);
}

static int
ask(struct tickets *t, enum field f, const char *label)
{
	struct pending *p;
	struct ask *a;
	char *full, *w;

	if ((p = targets(t)) == NULL)
		return UI_REDRAW;
	a = xcalloc(1, sizeof *a);
	a->p = p;
	a->f = f;
	w = what(p);
	full = xasprintf("%s (%s): ", label, w);
	app_prompt(t->tab.app, &(struct app_prompt){
		.label = full,
		.complete = ask_complete,
		.complete_mode = f == FIELD_TAG_ADD || f == FIELD_TAG_REMOVE ?
		    APP_COMPLETE_WORDS : APP_COMPLETE_WHOLE,
		.submit = ask_submit,
		.arg = a,
		.arg_free = ask_free,
	});
	free(full);
	free(w);
	return UI_REDRAW;
}

int
tickets_write_action(struct tickets *t, enum action a)
{
	struct pending *p;

	switch (a) {
	case ACT_TICKET_REPLY:
		return comment(t, true);
	case ACT_TICKET_NOTE:
		return comment(t, false);
	case ACT_TICKET_ASSIGN:
		return ask(t, FIELD_ASSIGN, "Assign to agent, group, me or nobody");
	case ACT_TICKET_ASSIGN_ME:
		if ((p = targets(t)) == NULL)
			return UI_REDRAW;
		return assign(t, p, "me");
	case ACT_TICKET_STATUS:
		return ask(t, FIELD_STATUS, "Status");
	case ACT_TICKET_PRIORITY:
		return ask(t, FIELD_PRIORITY, "Priority");
	case ACT_TICKET_TAG_ADD:
		return ask(t, FIELD_TAG_ADD, "Add tags");
	case ACT_TICKET_TAG_REMOVE:
		return ask(t, FIELD_TAG_REMOVE, "Remove tags");
	case ACT_TICKET_MACRO:
		return ask(t, FIELD_MACRO, "Macro");
	default:
		return UI_IGNORED;
	}
}

static char *
join_args(int argc, char **argv)
{
	char *s = xstrdup(""), *next;
	int i;

	for (i = 1; i < argc; i++) {
		next = xasprintf("%s%s%s", s, i > 1 ? " " : "", argv[i]);
		free(s);
		s = next;
	}
	return s;
}

int
tickets_write_command(struct tickets *t, int argc, char **argv)
{
	static const struct {
		const char	*name;
		enum field	 f;
	} cmds[] = {
		{ "status", FIELD_STATUS }, { "priority", FIELD_PRIORITY },
		{ "assign", FIELD_ASSIGN }, { "tag", FIELD_TAG_ADD },
		{ "untag", FIELD_TAG_REMOVE }, { "macro", FIELD_MACRO },
	};
	struct pending *p;
	char *rest;
	size_t i;
	int r;

	if (strcmp(argv[0], "reply") == 0 || strcmp(argv[0], "note") == 0)
		return comment(t, argv[0][0] == 'r');
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		if (strcmp(argv[0], cmds[i].name) != 0)
			continue;
		if (argc < 2) {
			app_error(t->tab.app, "Usage: %s VALUE", cmds[i].name);
			return UI_REDRAW;
		}
		if ((p = targets(t)) == NULL)
			return UI_REDRAW;
		rest = join_args(argc, argv);
		r = apply_field(t, p, cmds[i].f, rest);
		free(rest);
		return r;
	}
	return UI_IGNORED;
}

char **
tickets_write_complete(struct tickets *t, const char *cmd, int argi,
    const char *prefix)
{
	static const struct {
		const char	*name;
		enum field	 f;
	} cmds[] = {
		{ "status", FIELD_STATUS }, { "priority", FIELD_PRIORITY },
		{ "assign", FIELD_ASSIGN }, { "untag", FIELD_TAG_REMOVE },
		{ "macro", FIELD_MACRO },
	};
	size_t i;

	if (argi < 1)
		return NULL;
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(cmd, cmds[i].name) == 0)
			return field_candidates(t, cmds[i].f, prefix);
	return NULL;
}
