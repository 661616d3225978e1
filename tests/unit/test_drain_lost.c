/*
 * Unit tests for the drainer's read-back (cache/drain*.c) against the
 * test backend: answers lost after the write was applied (a comment, a
 * status change, a refund, an incident update, a new ticket, a new
 * incident, a bulk job) or lost before it was (a dropped connection) are
 * read back and nothing is sent twice; a row left sending by a dead
 * process; two processes draining one cache; the crash switch.
 */
#include "test.h"
#include "apitest.h"
#include "test_drain.h"

/* ---- Lost answers ----------------------------------------------------- */

static void
a_lost_comment_is_read_back_and_not_sent_twice(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t row, after;

	load_ticket(c, &dc, 113);
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/113'}, 'kind': 'lost_response', 'count': 1}");
	row = comment(c, 113, "確認中です。  少々お待ちください。");
	after = comment(c, 113, "Second reply.");
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_STATE(c, after, OUTBOX_DONE);
	CHECK_INT(comments_with(113, "確認中です。  少々お待ちください。"), 1);
	CHECK_INT(comments_with(113, "Second reply."), 1);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/113"), 2);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/113/comments"), 1);
	teardown(&c, &dc);
}

static void
a_dropped_comment_that_never_arrived_is_read_back_then_sent_once(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t row;

	load_ticket(c, &dc, 124);
	/* drop: the connection closes and the write is not applied. */
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/124'}, 'kind': 'drop', 'count': 1}");
	row = comment(c, 124, "Did this arrive?");
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/124"), 2);
	CHECK_INT(answered("zendesk", "PUT", "/tickets/124"), 1);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/124/comments"), 1);
	CHECK_INT(comments_with(124, "Did this arrive?"), 1);
	teardown(&c, &dc);
}

static void
an_earlier_identical_comment_is_not_taken_for_a_lost_one(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t r1, r2, r3;

	load_ticket(c, &dc, 141);
	/* Queued together: the first goes through, the second is dropped. */
	apitest_fault("[{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/141'}, 'kind': 'delay', 'ms': 1, 'count': 1}, "
	    "{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/141'}, 'kind': 'drop', 'count': 1}]");
	r1 = comment(c, 141, "Thanks!");
	r2 = comment(c, 141, "Thanks!");
	drain1(c, &dc);
	CHECK_STATE(c, r1, OUTBOX_DONE);
	CHECK_STATE(c, r2, OUTBOX_DONE);
	CHECK_INT(comments_with(141, "Thanks!"), 2);
	/* Queued after the first was done: the cache names its comment. */
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/141'}, 'kind': 'drop', 'count': 1}");
	r3 = comment(c, 141, "Thanks!");
	drain1(c, &dc);
	CHECK_STATE(c, r3, OUTBOX_DONE);
	CHECK_INT(comments_with(141, "Thanks!"), 3);
	CHECK_INT(answered("zendesk", "PUT", "/tickets/141"), 3);
	teardown(&c, &dc);
}

static void
an_earlier_identical_incident_update_is_not_taken_for_a_lost_one(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t r1, r2, r3;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	apitest_fault("[{'match': {'backend': 'statuspage', 'method': 'PATCH'}, "
	    "'kind': 'delay', 'ms': 1, 'count': 1}, {'match': {'backend': "
	    "'statuspage', 'method': 'PATCH'}, 'kind': 'drop', 'count': 1}]");
	r1 = incident_update(c, "p8rtnr0ut4ge", NULL, "Still working on it.");
	r2 = incident_update(c, "p8rtnr0ut4ge", NULL, "Still working on it.");
	drain1(c, &dc);
	CHECK_STATE(c, r1, OUTBOX_DONE);
	CHECK_STATE(c, r2, OUTBOX_DONE);
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", "Still working on it."),
	    2);
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'PATCH'}, "
	    "'kind': 'drop', 'count': 1}");
	r3 = incident_update(c, "p8rtnr0ut4ge", NULL, "Still working on it.");
	drain1(c, &dc);
	CHECK_STATE(c, r3, OUTBOX_DONE);
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", "Still working on it."),
	    3);
	teardown(&c, &dc);
}

static void
a_lost_status_change_is_read_back_by_its_fields(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct ticket_update u;
	char *cause = NULL, *tags[] = { "vip" };
	int64_t row;

	load_ticket(c, &dc, 121);
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': '/tickets/121'}, 'kind': 'lost_response', 'count': 1}");
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_STATUS | TICKET_UPDATE_ASSIGNEE |
	    TICKET_UPDATE_ADD_TAGS;
	u.status = "pending";
	u.assignee_id = 40002;
	u.additional_tags.items = tags;
	u.additional_tags.n = 1;
	CHECK_INT(cache_action_ticket_update(c, 121, &u, &row, &cause), CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/121"), 1);
	free(cause);
	teardown(&c, &dc);
}

static void
a_lost_refund_is_resent_with_the_same_key_and_refunds_once(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	json_t *list, *e;
	const char *k0 = NULL;
	size_t i;
	int64_t row;
	int posts = 0;

	load_payment(c, &dc, "fp_1007");
	apitest_fault("{'match': {'backend': 'payments', 'method': 'POST', "
	    "'path': 'resolution$'}, 'kind': 'lost_response', 'count': 1}");
	row = refund(c, "fp_1007");
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(refunds_of("fp_1007"), 1);
	list = apitest_requests();
	json_array_foreach(list, i, e) {
		const char *k;

		if (!apitest_str_is(json_object_get(e, "method"), "POST"))
			continue;
		k = json_string_value(json_object_get(json_object_get(e,
		    "headers"), "idempotency-key"));
		CHECK(k != NULL);
		if (k0 == NULL)
			k0 = k;
		else
			CHECK_STR(k, k0);
		posts++;
	}
	CHECK_INT(posts, 2);
	json_decref(list);
	teardown(&c, &dc);
}

static void
a_lost_incident_update_is_read_back_and_posted_once(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t row, again;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'PATCH', "
	    "'path': '/incidents/p8rtnr0ut4ge'}, 'kind': 'lost_response', "
	    "'count': 1}");
	row = incident_update(c, "p8rtnr0ut4ge", "monitoring",
	    "A fix is in place.");
	/* The same words again, on purpose: a second update, not the first. */
	again = incident_update(c, "p8rtnr0ut4ge", "monitoring",
	    "A fix is in place.");
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_STATE(c, again, OUTBOX_DONE);
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", "A fix is in place."), 2);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 2);
	teardown(&c, &dc);
}

static void
a_lost_new_ticket_is_found_by_its_external_id(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct ticket_update u;
	char marker[ACTION_MARKER_SIZE], *cause = NULL;
	int64_t row;

	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'POST', "
	    "'path': '/api/v2/tickets(\\\\.json)?$'}, 'kind': 'lost_response', "
	    "'count': 1}");
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_COMMENT | TICKET_UPDATE_REQUESTER;
	u.comment_body = xstrdup("Refund asked by phone.");
	u.requester_id = 41002;
	CHECK_INT(cache_action_ticket_create(c, &u, marker, &row, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "POST", "/api/v2/tickets"), 1);
	CHECK_INT(apitest_count("zendesk", "GET", "/api/v2/tickets"), 1);
	ticket_update_clear(&u);
	free(cause);
	teardown(&c, &dc);
}

static void
a_lost_new_incident_is_found_by_its_marker(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct incident_change ch;
	char *cause = NULL;
	int64_t row;

	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'POST', "
	    "'path': '/incidents$'}, 'kind': 'lost_response', 'count': 1}");
	memset(&ch, 0, sizeof ch);
	ch.name = "Notifications delayed";
	ch.body = "E-mail notifications are late.";
	ch.deliver_notifications = -1;
	CHECK_INT(cache_action_incident_create(c, &ch, &row, &cause), CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(apitest_count("statuspage", "POST", "/incidents"), 1);
	free(cause);
	teardown(&c, &dc);
}

static void
a_lost_bulk_job_is_read_back_ticket_by_ticket(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct ticket_update u;
	int64_t ids[2] = { 122, 123 }, first;
	char *cause = NULL;

	load_ticket(c, &dc, 122);
	load_ticket(c, &dc, 123);
	apitest_fault("{'match': {'backend': 'zendesk', 'method': 'PUT', "
	    "'path': 'update_many'}, 'kind': 'lost_response', 'count': 1}");
	memset(&u, 0, sizeof u);
	u.set = TICKET_UPDATE_ASSIGNEE;
	u.assignee_id = 40004;
	CHECK_INT(cache_action_ticket_bulk(c, ids, 2, &u, &first, &cause),
	    CACHE_OK);
	drain1(c, &dc);
	CHECK_STATE(c, first, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "update_many"), 1);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/122"), 2);
	free(cause);
	teardown(&c, &dc);
}

/* ---- Processes -------------------------------------------------------- */

/* Run fn in a child with its own cache and clients; its wait status. */
static int
in_child(void (*fn)(struct cache *, struct drain_clients *, void *),
    void *arg)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		TEST_FAIL("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		struct drain_clients dc;
		struct cache *c = NULL;

		clients_new(&dc);
		if (cache_open(dbpath, NULL, &c, NULL) != CACHE_OK)
			_exit(2);
		fn(c, &dc, arg);
		/* No atexit handlers: the backend belongs to the parent. */
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* The child's part: claim the row, maybe send it, die. */
struct dying {
	int64_t		 row;
	bool		 send;
};

static void
claim_and_die(struct cache *c, struct drain_clients *dc, void *arg)
{
	struct dying *dy = arg;
	struct outbox_row r;
	struct http_request req;
	struct http_response resp;
	enum outbox_claim res;
	bool found;
	json_t *p;
	char *body;

	if (cache_outbox_mark_sending(c, dy->row, 0, &res, NULL) != CACHE_OK ||
	    res != OUTBOX_CLAIMED)
		_exit(3);
	if (!dy->send)
		_exit(0);
	if (cache_outbox_get(c, dy->row, &r, &found, NULL) != CACHE_OK || !found ||
	    (p = json_loads(r.payload, 0, NULL)) == NULL)
		_exit(4);
	body = json_dumps(json_object_get(p, "body"), JSON_COMPACT);
	memset(&req, 0, sizeof req);
	req.method = HTTP_PUT;
	req.path = json_string_value(json_object_get(p, "path"));
	req.body = body;
	req.body_len = strlen(body);
	if (http_do(dc->zendesk, &req, &resp, NULL) != HTTP_OK)
		_exit(5);
	_exit(0);	/* sent and applied, never recorded */
}

static void
a_row_left_sending_by_a_dead_process_is_read_back_without_a_duplicate(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	struct dying dy;
	int64_t sent, unsent;
	int status;

	load_ticket(c, &dc, 131);
	load_ticket(c, &dc, 132);
	sent = comment(c, 131, "Sent by a process that died.");
	unsent = comment(c, 132, "Claimed by a process that died.");
	cache_close(&c);
	dy.row = sent;
	dy.send = true;
	status = in_child(claim_and_die, &dy);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	dy.row = unsent;
	dy.send = false;
	status = in_child(claim_and_die, &dy);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	c = cache_at(dbpath);
	r = row_get(c, sent);
	CHECK_INT(r.state, OUTBOX_SENDING);
	CHECK(r.orphaned);
	cache_outbox_row_clear(&r);
	CHECK_INT(apitest_count("zendesk", "PUT", NULL), 1);

	drain1(c, &dc);
	CHECK_STATE(c, sent, OUTBOX_DONE);
	CHECK_STATE(c, unsent, OUTBOX_DONE);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/131"), 1);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/132"), 1);
	CHECK_INT(comments_with(131, "Sent by a process that died."), 1);
	CHECK_INT(comments_with(132, "Claimed by a process that died."), 1);
	teardown(&c, &dc);
}

static void
drain_in_child(struct cache *c, struct drain_clients *dc, void *arg)
{
	struct drain_report rep;
	struct drain_options opt;
	const int64_t *delay = arg;

	memset(&opt, 0, sizeof opt);
	opt.job_poll_ms = 5;
	opt.readback_delay_s = delay != NULL ? *delay : DRAIN_READBACK_AT_ONCE;
	if (cache_drain(c, dc, &opt, &rep, NULL) != CACHE_OK)
		_exit(6);
	_exit(0);
}

static void
two_processes_draining_one_cache_send_each_row_once(void)
{
	static const int64_t tickets[] = { 101, 102, 104, 105, 110, 111, 112,
	    113 };
	static const char *const pays[] = { "fp_1001", "fp_1003", "fp_1004" };
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	int64_t rows[16];
	char path[64];
	size_t i, n = 0;
	pid_t pids[2];
	int status;

	for (i = 0; i < sizeof tickets / sizeof tickets[0]; i++) {
		load_ticket(c, &dc, tickets[i]);
		rows[n++] = comment(c, tickets[i], "One of many.");
	}
	for (i = 0; i < sizeof pays / sizeof pays[0]; i++) {
		load_payment(c, &dc, pays[i]);
		rows[n++] = refund(c, pays[i]);
	}
	load_incident(c, &dc, "p8rtnr0ut4ge");
	rows[n++] = incident_update(c, "p8rtnr0ut4ge", NULL, "Still on it.");
	cache_close(&c);
	fflush(stdout);
	for (i = 0; i < 2; i++) {
		if ((pids[i] = fork()) == 0) {
			struct drain_clients cdc;
			struct cache *cc = NULL;

			clients_new(&cdc);
			if (cache_open(dbpath, NULL, &cc, NULL) != CACHE_OK)
				_exit(2);
			drain_in_child(cc, &cdc, NULL);
		}
	}
	for (i = 0; i < 2; i++) {
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	c = cache_at(dbpath);
	for (i = 0; i < n; i++)
		CHECK_STATE(c, rows[i], OUTBOX_DONE);
	for (i = 0; i < sizeof tickets / sizeof tickets[0]; i++) {
		snprintf(path, sizeof path, "/tickets/%lld",
		    (long long)tickets[i]);
		CHECK_INT(apitest_count("zendesk", "PUT", path), 1);
		CHECK_INT(comments_with(tickets[i], "One of many."), 1);
	}
	for (i = 0; i < sizeof pays / sizeof pays[0]; i++) {
		snprintf(path, sizeof path, "/%s/resolution", pays[i]);
		CHECK_INT(apitest_count("payments", "POST", path), 1);
		CHECK_INT(refunds_of(pays[i]), 1);
	}
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	teardown(&c, &dc);
}

static void
drain_crashing(struct cache *c, struct drain_clients *dc, void *arg)
{
	setenv("TDESK_CRASH_AT", arg, 1);
	drain_in_child(c, dc, NULL);
}

/* Killed at its first step, the claim, by a drainer that says 2 s. */
static void
drain_crashing_settle(struct cache *c, struct drain_clients *dc, void *arg)
{
	static int64_t two = 2;

	(void)arg;
	setenv("TDESK_CRASH_AT", "1", 1);
	drain_in_child(c, dc, &two);
}

static void
the_crash_switch_kills_at_its_step_and_the_orphan_is_sent_once(void)
{
	static char *steps[] = { "1", "2" };
	static const char *const paths[] = { "/tickets/133", "/tickets/134" };
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	int64_t row[2];
	size_t k;
	int status;

	load_ticket(c, &dc, 133);
	load_ticket(c, &dc, 134);
	row[0] = comment(c, 133, "Killed after the claim.");
	cache_close(&c);
	for (k = 0; k < 2; k++) {
		if (k == 1) {
			c = cache_at(dbpath);
			row[1] = comment(c, 134, "Killed after the answer.");
			cache_close(&c);
		}
		status = in_child(drain_crashing, steps[k]);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		c = cache_at(dbpath);
		r = row_get(c, row[k]);
		CHECK_INT(r.state, OUTBOX_SENDING);
		CHECK(r.orphaned);
		cache_outbox_row_clear(&r);
		/* Step 1: nothing sent yet. Step 2: sent and applied. */
		CHECK_INT(apitest_count("zendesk", "PUT", paths[k]), (int)k);
		drain1(c, &dc);
		CHECK_STATE(c, row[k], OUTBOX_DONE);
		CHECK_INT(apitest_count("zendesk", "PUT", paths[k]), 1);
		cache_close(&c);
	}
	CHECK_INT(comments_with(133, "Killed after the claim."), 1);
	CHECK_INT(comments_with(134, "Killed after the answer."), 1);
	CHECK_INT(answered("zendesk", "PUT", "/tickets/13"), 2);
	c = cache_at(dbpath);
	teardown(&c, &dc);
}

static void
a_sender_killed_after_its_claim_is_not_read_back_before_its_window_ends(void)
{
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct drain_report rep;
	struct outbox_row r;
	int64_t row, wait;
	int status, gets;

	load_ticket(c, &dc, 135);
	row = comment(c, 135, "Killed with the request on its way.");
	cache_close(&c);
	/*
	 * The window is the wait (2 s) and the longest the request may take
	 * (a budget's wait and the deadline): 1 s each here.
	 */
	policy.max_wait_ms = 1000;
	policy.deadline_ms = 1000;
	status = in_child(drain_crashing_settle, NULL);
	policy = apitest_policy();
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	c = cache_at(dbpath);
	r = row_get(c, row);
	CHECK(r.orphaned && r.readback_at - r.claimed_at == 4);
	CHECK(cache_outbox_maybe_applied(&r));
	CHECK(cache_outbox_waiting(&r, (int64_t)time(NULL)));
	wait = r.readback_at - (int64_t)time(NULL) + 1;
	cache_outbox_row_clear(&r);
	/* At once: nothing is read back or sent; the row waits. */
	gets = apitest_count("zendesk", "GET", "/tickets/135");
	drain(c, &dc, &rep);
	CHECK_INT((int)(rep.backend[DRAIN_ZENDESK].done +
	    rep.backend[DRAIN_ZENDESK].released), 0);
	cache_drain_report_clear(&rep);
	CHECK_STATE(c, row, OUTBOX_SENDING);
	CHECK_INT(apitest_count("zendesk", "GET", "/tickets/135"), gets);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/135"), 0);
	/* Once the claim's window is over, read back, then sent once. */
	CHECK(wait > 0 && wait <= 5);
	sleep((unsigned)wait);
	drain1(c, &dc);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK(apitest_count("zendesk", "GET", "/tickets/135") > gets);
	CHECK_INT(apitest_count("zendesk", "PUT", "/tickets/135"), 1);
	CHECK_INT(comments_with(135, "Killed with the request on its way."), 1);
	teardown(&c, &dc);
}

/*
 * A row that may have been applied is read back between its claim and
 * its resend. Found by review: with the window counted from the claim, a
 * read-back slower than the window let the resend leave after it had
 * closed, and a sender killed then left an orphan read back at once,
 * while its request was still on its way: a second update.
 */
static void
drain_settle3(struct cache *c, struct drain_clients *dc, void *arg)
{
	static int64_t three = 3;

	(void)arg;
	drain_in_child(c, dc, &three);
}

static void
a_sender_killed_after_a_slow_read_back_is_not_read_back_while_its_resend_can_land(void)
{
	static const char text[] = "Slow read-back, then killed.";
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct outbox_row r;
	enum outbox_claim res;
	int64_t row;
	int status, i;
	pid_t pid;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	row = incident_update(c, "p8rtnr0ut4ge", "monitoring", text);
	/* An earlier send's answer proved nothing: unsure, read back at once. */
	CHECK_INT(cache_outbox_mark_sending(c, row, 0, &res, NULL), CACHE_OK);
	CHECK_INT(cache_outbox_release_unknown(c, row, 0, "not the API's",
	    NULL), CACHE_OK);
	/* The read-back GET is slower than the wait; the resend lands late. */
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'GET', "
	    "'path': '/incidents/p8rtnr0ut4ge$'}, 'kind': 'delay', 'ms': 3500, "
	    "'count': 1}");
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'PATCH', "
	    "'path': '/incidents/p8rtnr0ut4ge$'}, 'kind': 'delay', 'ms': 2000, "
	    "'count': 1}");
	cache_close(&c);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct drain_clients cdc;
		struct cache *cc = NULL;

		clients_new(&cdc);
		if (cache_open(dbpath, NULL, &cc, NULL) != CACHE_OK)
			_exit(2);
		drain_settle3(cc, &cdc, NULL);
	}
	/* Killed once its PATCH is on the wire (the backend has it). */
	for (i = 0; i < 200 && apitest_count("statuspage", "PATCH", NULL) == 0;
	    i++)
		usleep(50000);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	c = cache_at(dbpath);
	r = row_get(c, row);
	CHECK(r.orphaned);
	CHECK(cache_outbox_waiting(&r, (int64_t)time(NULL)));
	cache_outbox_row_clear(&r);
	drain1(c, &dc);
	sleep(3);		/* the first PATCH has landed by now */
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", text), 1);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	teardown(&c, &dc);
}

/*
 * Found by review: a connection reset after the request left (a proxy or
 * a balancer dropped the client; the origin goes on) was read back at
 * once, before the origin applied it, and sent again.
 */
static void
a_reset_whose_request_still_lands_is_not_read_back_at_once(void)
{
	static const char text[] = "Reset, then applied.";
	struct drain_clients dc;
	struct cache *c = setup(&dc);
	struct drain_options opt;
	struct drain_report rep;
	struct outbox_row r;
	int64_t row;

	load_incident(c, &dc, "p8rtnr0ut4ge");
	row = incident_update(c, "p8rtnr0ut4ge", "monitoring", text);
	apitest_fault("{'match': {'backend': 'statuspage', 'method': 'PATCH', "
	    "'path': '/incidents/p8rtnr0ut4ge$'}, 'kind': 'reset_then_apply', "
	    "'ms': 1500, 'count': 1}");
	memset(&opt, 0, sizeof opt);
	opt.job_poll_ms = 5;
	opt.readback_delay_s = 3;
	CHECK_INT(cache_drain(c, &dc, &opt, &rep, NULL), CACHE_OK);
	cache_drain_report_clear(&rep);
	r = row_get(c, row);
	CHECK(r.orphaned && cache_outbox_waiting(&r, (int64_t)time(NULL)));
	cache_outbox_row_clear(&r);
	sleep(2);		/* the first PATCH has landed */
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", text), 1);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	sleep(2);		/* the wait is over: read back, found */
	CHECK_INT(cache_drain(c, &dc, &opt, &rep, NULL), CACHE_OK);
	cache_drain_report_clear(&rep);
	CHECK_STATE(c, row, OUTBOX_DONE);
	CHECK_INT(incident_updates_with("p8rtnr0ut4ge", text), 1);
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	teardown(&c, &dc);
}

static const struct test tests[] = {
	T(a_lost_comment_is_read_back_and_not_sent_twice),
	T(a_dropped_comment_that_never_arrived_is_read_back_then_sent_once),
	T(an_earlier_identical_comment_is_not_taken_for_a_lost_one),
	T(an_earlier_identical_incident_update_is_not_taken_for_a_lost_one),
	T(a_lost_status_change_is_read_back_by_its_fields),
	T(a_lost_refund_is_resent_with_the_same_key_and_refunds_once),
	T(a_lost_incident_update_is_read_back_and_posted_once),
	T(a_lost_new_ticket_is_found_by_its_external_id),
	T(a_lost_new_incident_is_found_by_its_marker),
	T(a_lost_bulk_job_is_read_back_ticket_by_ticket),
	T(a_row_left_sending_by_a_dead_process_is_read_back_without_a_duplicate),
	T(two_processes_draining_one_cache_send_each_row_once),
	T(the_crash_switch_kills_at_its_step_and_the_orphan_is_sent_once),
	T(a_sender_killed_after_its_claim_is_not_read_back_before_its_window_ends),
	T(a_sender_killed_after_a_slow_read_back_is_not_read_back_while_its_resend_can_land),
	T(a_reset_whose_request_still_lands_is_not_read_back_at_once),
};

TEST_MAIN(tests)
