/*
 * The payments sync round: the user's role (/v1/me) and the flagged
 * payments changed since the stored cursor, page by page.
 */
#include "cache/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/decode.h"
#include "api/model.h"
#include "api/payments.h"
#include "cache/store.h"
#include "cache/sync_int.h"

/* Payments per page. */
#define PAY_PAGE	200

#define EP_ME		"me"
#define EP_FLAGGED	"flagged"

static void
pay_me(struct sync_run *r)
{
	struct payments_me me;
	enum http_result res;
	char *msg = NULL;

	if (!sync_request(r))
		return;
	if ((res = payments_me(r->cl, &me, &msg)) != HTTP_OK) {
		sync_failed(r, EP_ME, res, msg);
		return;
	}
	/* The role as sent: payments_role_from_name() reads it back. */
	sync_set_cursor(r, EP_ME, me.role_text != NULL ? me.role_text : "");
	payments_me_clear(&me);
}

/* Whether RFC 3339 time a is later than b (b NULL or unreadable: yes). */
static bool
pay_later(const char *a, const char *b)
{
	int64_t as, bs;
	int32_t an, bn;

	if (b == NULL || decode_time_parse(b, &bs, &bn) != 0)
		return true;
	if (a == NULL || decode_time_parse(a, &as, &an) != 0)
		return false;
	return as > bs || (as == bs && an > bn);
}

/*
 * updated_after for a walk resuming at cursor: a second before it, so
 * that a change stamped in the same second as the last one stored is not
 * stepped over by a backend whose times are coarser than ours or not
 * unique (the records fetched twice are unchanged and write nothing).
 * NULL: from the beginning. The caller frees.
 */
static char *
pay_after(const char *cursor)
{
	struct tm tm;
	time_t t;
	int64_t secs;
	int32_t nsec;
	char buf[64];

	if (cursor == NULL || decode_time_parse(cursor, &secs, &nsec) != 0)
		return NULL;
	t = (time_t)(secs - 1);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return xstrdup(buf);
}

/*
 * Flagged payments changed after the stored cursor (the newest
 * updated_at stored), each page stored with the cursor it moves to.
 */
static void
pay_flagged(struct sync_run *r)
{
	struct payments_page p;
	struct cache_sync_state next;
	enum http_result res;
	const char *newest;
	char *cursor = NULL, *after = NULL, *page = NULL, *msg = NULL;
	size_t before = sync_changed(&r->rep->stats);
	int pages, rc;
	bool go = true, last = false;

	if (sync_get_cursor(r, EP_FLAGGED, &cursor) != 0)
		return;
	after = pay_after(cursor);
	for (pages = 0; go && !last && pages < r->max_pages; pages++) {
		if (!sync_request(r))
			goto out;
		res = payments_flagged_page(r->cl, page == NULL ? after : NULL,
		    page, PAY_PAGE, &p, &msg);
		if (res != HTTP_OK) {
			sync_failed(r, EP_FLAGGED, res, msg);
			goto out;
		}
		/* Pages come in (updated_at, id) order: the last is newest. */
		newest = p.npayments > 0 ?
		    p.payments[p.npayments - 1].updated_at.text : NULL;
		if (!pay_later(newest, cursor))
			newest = NULL;
		if (sync_next_state(r, EP_FLAGGED, newest, &next) != 0) {
			payments_page_clear(&p);
			goto out;
		}
		rc = cache_store_payments_page(r->c, &p, EP_FLAGGED, &next,
		    &r->rep->stats, &msg);
		if (rc != CACHE_OK) {
			sync_cache_failed(r, rc, msg);
			go = false;
		} else {
			free(cursor);
			cursor = next.cursor;
			next.cursor = NULL;
			go = sync_page_done(r, EP_FLAGGED, p.npayments);
		}
		cache_sync_state_free(&next);
		last = p.next_cursor == NULL;
		free(page);
		page = !last ? xstrdup(p.next_cursor) : NULL;
		payments_page_clear(&p);
	}
	if (!last && go)
		r->rep->more = true;
	/* A walk that stored nothing new still says the endpoint answers. */
	if (go)
		sync_succeeded(r, EP_FLAGGED,
		    sync_changed(&r->rep->stats) > before);
out:
	free(cursor);
	free(after);
	free(page);
}

int
sync_payments_round(struct cache *c, struct http_client *cl,
    const struct sync_options *opt, struct sync_report *rep, char **cause)
{
	struct sync_run r;

	sync_run_init(&r, SYNC_PAYMENTS, c, cl, opt, rep, cause);
	if (sync_breaker_open(&r))
		return r.rc;
	if (sync_cursor_due(&r, EP_ME))
		pay_me(&r);
	if (!r.halt)
		pay_flagged(&r);
	return r.rc;
}
