/*
 * The Outbox tab's completion of ":retry ID" and ":drop ID" offers the
 * writes the command would take, as the retry policy
 * (cache_outbox_retry_plan) decides: a failed write and a conflict that
 * can be re-applied, never a Statuspage conflict (it carries no version
 * to re-apply on); drop offers every write not yet sent.
 */
#include "test.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cache/actions.h"
#include "cache/outbox.h"
#include "tui/console/console.h"
#include "tui/views/views.h"

#include "cachetest.h"

/* Queues a write of ticket's status (0: an update of incident inc1), and
 * has it answered as failed or in conflict. Each write has a target of
 * its own, as one waiting write holds back the next to its target. */
static int64_t
answered(struct cache *c, int64_t ticket, bool conflict)
{
	struct incident_change ch = { .status = "monitoring", .body = "ok",
	    .deliver_notifications = -1 };
	enum outbox_claim claim;
	char *cause = NULL;
	int64_t id = 0;

	if (ticket == 0)
		CHECK_INT(cache_action_incident_update(c, "inc1", &ch, &id,
		    &cause), CACHE_OK);
	else
		CHECK_INT(cache_action_ticket_status(c, ticket, "pending", &id,
		    &cause), CACHE_OK);
	CHECK_INT(cache_outbox_mark_sending(c, id, 0, &claim, &cause), CACHE_OK);
	if (conflict)
		CHECK_INT(cache_outbox_mark_conflict(c, id, "{\"status\":"
		    "\"open\",\"updated_at\":\"" FRESH "\"}", &cause), CACHE_OK);
	else
		CHECK_INT(cache_outbox_mark_failed(c, id, "HTTP 422", &cause),
		    CACHE_OK);
	free(cause);
	return id;
}

/* The words offered, space-separated. */
static char *
offered(struct app *app, const char *cmd, const char *prefix)
{
	char **v = outbox_complete(NULL, app, cmd, 1, prefix), *s;
	size_t i, n = 0;

	s = xstrdup("");
	for (i = 0; v != NULL && v[i] != NULL; i++, n++) {
		char *t = xasprintf("%s%s%s", s, i > 0 ? " " : "", v[i]);

		free(s);
		s = t;
	}
	xfree_strings(v, n);
	return s;
}

static void
retry_offers_what_the_policy_would_retry_and_drop_offers_every_write(void)
{
	struct cache *c = cache_new();
	struct app app;
	char *want, *got;
	int64_t failed, conflict, sp_conflict, queued = 0;
	char *cause = NULL;

	memset(&app, 0, sizeof app);
	app.cache = c;
	put_ticket(c, 101, "open", STAMP);
	put_ticket(c, 102, "open", STAMP);
	put_ticket(c, 103, "open", STAMP);
	put_incident(c);
	failed = answered(c, 101, false);
	conflict = answered(c, 102, true);
	sp_conflict = answered(c, 0, true);
	CHECK_INT(cache_action_ticket_status(c, 103, "solved", &queued,
	    &cause), CACHE_OK);

	got = offered(&app, "retry", "");
	want = xasprintf("%lld %lld", (long long)failed, (long long)conflict);
	CHECK_STR(got, want);
	free(got);
	free(want);

	got = offered(&app, "drop", "");
	want = xasprintf("%lld %lld %lld %lld", (long long)failed,
	    (long long)conflict, (long long)sp_conflict, (long long)queued);
	CHECK_STR(got, want);
	free(got);
	free(want);

	/* A prefix narrows the numbers; another command offers nothing. */
	want = xasprintf("%lld", (long long)conflict);
	got = offered(&app, "retry", want);
	CHECK_STR(got, want);
	free(got);
	free(want);
	got = offered(&app, "filter", "");
	CHECK_STR(got, "");
	free(got);
	free(cause);
	cache_close(&c);
}

static const struct test tests[] = {
	T(retry_offers_what_the_policy_would_retry_and_drop_offers_every_write),
};

TEST_MAIN(tests)
