/*
 * No bound key is silently ignored: every default binding (the built-in
 * keymap, as keymaps/default.keys) of a context a tab's keys are looked
 * up in (its own, then list, then global) names an action that the tab
 * handles or says why it does nothing yet (struct view's handles and
 * not_built), that the tab layer handles (tab_handles) or that the
 * console does (console_handles). So is every action of the tab's own
 * context, bound or not, since a user may bind it; and every action of
 * the prompt's, which no tab sees.
 */
#include "test.h"

#include "tui/console/console.h"
#include "tui/console/lineedit.h"
#include "tui/console/prompt.h"
#include "tui/console/tab.h"

static const struct view *const views[] = {
	&view_tickets, &view_payments, &view_incidents, &view_outbox,
};
#define NVIEWS_TESTED (sizeof views / sizeof views[0])

static const struct view_action *
find(const struct view_action *t, enum action a)
{
	for (; t != NULL && t->action != ACT_NONE; t++)
		if (t->action == a)
			return t;
	return NULL;
}

static bool
in(const enum action *v, enum action a)
{
	for (; v != NULL && *v != ACT_NONE; v++)
		if (*v == a)
			return true;
	return false;
}

/* Whether a key of ctx reaches the tab: its context or one above it. */
static bool
reaches(enum keymap_context ctx, const struct view *v)
{
	enum keymap_context c;

	for (c = v->ctx; c != CTX_NONE; c = keymap_context_parent(c))
		if (c == ctx)
			return true;
	return false;
}

static bool
taken(const struct view *v, enum action a)
{
	return in(v->handles, a) || find(v->not_built, a) != NULL ||
	    in(tab_handles, a) || in(console_handles, a);
}

static void
every_default_binding_of_a_tab_has_a_handler_or_a_reason(void)
{
	char *text = keymap_default_text(), *line, *next, ctx[32], key[32];
	char name[64];
	enum keymap_context c;
	enum action a;
	size_t i, n = 0;

	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (sscanf(line, "bind %31s %31s %63s", ctx, key, name) != 3)
			continue;
		n++;
		c = keymap_context_from_name(ctx);
		a = action_from_name(name);
		CHECK(a != ACT_NONE);
		/* A prompt key is the prompt's: one of its actions, each of
		 * which is run (every_prompt_action_is_taken_...). */
		if (c == CTX_PROMPT && action_context(a) != CTX_PROMPT)
			TEST_FAIL("prompt: \"bind %s %s %s\" is silently ignored",
			    ctx, key, name);
		for (i = 0; i < NVIEWS_TESTED; i++)
			if (c != CTX_PROMPT && reaches(c, views[i]) &&
			    !taken(views[i], a))
				TEST_FAIL("%s: \"bind %s %s %s\" is silently "
				    "ignored", views[i]->name, ctx, key, name);
	}
	CHECK(n > 50);
	free(text);
}

static void
every_action_of_a_tabs_own_context_is_declared(void)
{
	size_t i;
	int a;

	for (i = 0; i < NVIEWS_TESTED; i++)
		for (a = ACT_NONE + 1; a < ACT_COUNT; a++)
			if (action_context(a) == views[i]->ctx &&
			    !in(views[i]->handles, a) &&
			    find(views[i]->not_built, a) == NULL)
				TEST_FAIL("%s: %s is neither handled nor not built",
				    views[i]->name, action_name(a));
}

/* "accept: ...; use the payments backend" for payment-accept: the
 * action's name less its context's, then what to do meanwhile. */
static void
a_reason_names_its_action_and_what_to_use_meanwhile(void)
{
	const struct view_action *va;
	const char *name, *ctx;
	size_t i, len;

	for (i = 0; i < NVIEWS_TESTED; i++)
		for (va = views[i]->not_built; va != NULL &&
		    va->action != ACT_NONE; va++) {
			name = action_name(va->action);
			ctx = keymap_context_name(views[i]->ctx);
			len = strlen(ctx);
			if (strncmp(name, ctx, len) == 0 && name[len] == '-')
				name += len + 1;
			len = strlen(name);
			if (strncmp(va->reason, name, len) != 0 ||
			    va->reason[len] != ':' ||
			    strchr(va->reason, ';') == NULL)
				TEST_FAIL("%s: the reason for %s, \"%s\", does not "
				    "name it and say what to use meanwhile",
				    views[i]->name, action_name(va->action),
				    va->reason);
		}
}

static void
the_tables_take_an_action_once(void)
{
	const struct view_action *va;
	size_t i;

	for (i = 0; i < NVIEWS_TESTED; i++)
		for (va = views[i]->not_built; va != NULL &&
		    va->action != ACT_NONE; va++)
			if (find(views[i]->not_built, va->action) != va ||
			    in(views[i]->handles, va->action) ||
			    in(tab_handles, va->action) ||
			    in(console_handles, va->action) || va->reason == NULL)
				TEST_FAIL("%s: %s is declared twice",
				    views[i]->name, action_name(va->action));
}

/*
 * The prompt's keys reach no tab: every action of the prompt context,
 * bound by default or not, is one prompt_key runs or one the line editor
 * takes (lineedit_action says true), on a line with text around the
 * cursor and a history to recall.
 */
static void
every_prompt_action_is_taken_by_the_prompt_or_the_line_editor(void)
{
	struct lineedit_history *h = lineedit_history_new();
	struct lineedit *le;
	int a, n = 0;

	lineedit_history_add(h, "earlier");
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		if (action_context(a) != CTX_PROMPT)
			continue;
		n++;
		if (in(prompt_handles, a))
			continue;
		le = lineedit_new(h);
		lineedit_set(le, "two words");
		CHECK(lineedit_action(le, ACT_PROMPT_LEFT));
		if (!lineedit_action(le, a))
			TEST_FAIL("prompt: %s is bound to nothing that runs it",
			    action_name(a));
		lineedit_free(&le);
	}
	CHECK(n > 10);
	lineedit_history_free(&h);
}

static const struct test tests[] = {
	T(every_prompt_action_is_taken_by_the_prompt_or_the_line_editor),
	T(every_default_binding_of_a_tab_has_a_handler_or_a_reason),
	T(every_action_of_a_tabs_own_context_is_declared),
	T(a_reason_names_its_action_and_what_to_use_meanwhile),
	T(the_tables_take_an_action_once),
};

TEST_MAIN(tests)
