/*
 * Unit tests for api/statuspage.c: each call once against the test
 * backend's demo page (the partner outage with billing in maintenance,
 * the chat mix-up and the banner incident, resolved), checking the decoded
 * values; a wrong key; a 420 rate limit; an update whose answer is lost.
 */
#include "test.h"
#include "apitest.h"

#include "api/http.h"
#include "api/model.h"
#include "api/statuspage.h"

static struct http_hooks hooks;
static struct http_policy policy;

static struct http_client *
client_with(const char *key)
{
	struct http_client *cl;
	char *url = apitest_url("/statuspage/v1"), *cause = NULL;

	apitest_reset();
	hooks = apitest_hooks();
	policy = apitest_policy();
	cl = statuspage_client_new(url, APITEST_SP_PAGE, key, &policy, &hooks,
	    &cause);
	if (cl == NULL)
		TEST_FAIL("statuspage_client_new: %s", cause);
	free(cause);
	free(url);
	return cl;
}

static struct http_client *
client(void)
{
	return client_with(APITEST_SP_KEY);
}

static void
incidents_are_listed_newest_first_and_unresolved_ones_apart(void)
{
	struct http_client *cl = client();
	struct statuspage_incident_list l;
	char *cause = NULL;

	CHECK_RESULT(statuspage_incidents(cl, 1, 100, &l, &cause), HTTP_OK,
	    cause);
	CHECK_INT(l.nincidents, 4);
	if (l.nincidents == 4)
		CHECK(l.incidents[0].created_at.secs >=
		    l.incidents[3].created_at.secs);
	statuspage_incident_list_clear(&l);
	CHECK_RESULT(statuspage_incidents(cl, 2, 3, &l, &cause), HTTP_OK,
	    cause);
	CHECK_INT(l.nincidents, 1);
	statuspage_incident_list_clear(&l);
	CHECK_RESULT(statuspage_incidents_unresolved(cl, 1, 0, &l, &cause),
	    HTTP_OK, cause);
	CHECK_INT(l.nincidents, 1);
	if (l.nincidents == 1) {
		CHECK_STR(l.incidents[0].id, "p8rtnr0ut4ge");
		CHECK_STR(l.incidents[0].status, "identified");
		CHECK_INT(l.incidents[0].nupdates, 3);
	}
	statuspage_incident_list_clear(&l);
	free(cause);
	http_client_free(&cl);
}

static void
an_incident_is_read_with_its_updates(void)
{
	struct http_client *cl = client();
	struct incident inc;
	char *cause = NULL;

	CHECK_RESULT(statuspage_incident_get(cl, "ch4tdb0mix3d", &inc, &cause),
	    HTTP_OK, cause);
	CHECK_STR(inc.status, "resolved");
	CHECK_INT(inc.nupdates, 4);
	CHECK(inc.resolved_at.text != NULL);
	CHECK(inc.postmortem_body != NULL);
	incident_clear(&inc);
	CHECK_RESULT(statuspage_incident_get(cl, "nosuchthing0", &inc,
	    &cause), HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "statuspage: GET /statuspage/v1/pages/"
	    "acme-status/incidents/nosuchthing0: HTTP 404");
	free(cause);
	http_client_free(&cl);
}

static void
an_incident_is_created_and_an_update_posted_by_patch(void)
{
	struct http_client *cl = client();
	struct incident inc, upd;
	struct incident_change c;
	const char *ids[] = { "chat5svc2hjr" };
	const char *sts[] = { "degraded_performance" };
	char *cause = NULL, *id;

	memset(&c, 0, sizeof c);
	c.name = "Chat replies delayed";
	c.status = "investigating";
	c.body = "Chat replies are slow; we are looking into it.";
	c.component_ids = ids;
	c.component_statuses = sts;
	c.ncomponents = 1;
	c.deliver_notifications = 0;
	CHECK_RESULT(statuspage_incident_create(cl, &c, &inc, &cause), HTTP_OK,
	    cause);
	CHECK_STR(inc.name, "Chat replies delayed");
	CHECK_STR(inc.status, "investigating");
	CHECK_INT(inc.nupdates, 1);
	id = xstrdup(inc.id != NULL ? inc.id : "?");
	memset(&c, 0, sizeof c);
	c.status = "identified";
	c.body = "A slow database replica; failing over. Next update in 30 "
	    "minutes.";
	c.deliver_notifications = -1;
	CHECK_RESULT(statuspage_incident_update(cl, id, &c, &upd, &cause),
	    HTTP_OK, cause);
	CHECK_STR(upd.status, "identified");
	CHECK_INT(upd.nupdates, 2);
	if (upd.nupdates == 2)
		CHECK_CONTAINS(upd.updates[0].body, "failing over");
	CHECK_INT(apitest_count("statuspage", "PATCH", id), 1);
	incident_clear(&upd);
	incident_clear(&inc);
	free(id);
	free(cause);
	http_client_free(&cl);
}

static void
components_are_listed_and_one_changed(void)
{
	struct http_client *cl = client();
	struct statuspage_component_list l;
	struct component_change c;
	struct component comp;
	char *cause = NULL;

	CHECK_RESULT(statuspage_components(cl, 1, 100, &l, &cause), HTTP_OK,
	    cause);
	CHECK_INT(l.ncomponents, 8);
	statuspage_component_list_clear(&l);
	memset(&c, 0, sizeof c);
	c.status = "operational";
	CHECK_RESULT(statuspage_component_update(cl, "ckout7m2p4qa", &c, &comp,
	    &cause), HTTP_OK, cause);
	CHECK_STR(comp.id, "ckout7m2p4qa");
	CHECK_STR(comp.status, "operational");
	CHECK_STR(comp.name, "Checkout");
	component_clear(&comp);
	free(cause);
	http_client_free(&cl);
}

static void
templates_are_listed(void)
{
	struct http_client *cl = client();
	struct statuspage_template_list l;
	char *cause = NULL;

	CHECK_RESULT(statuspage_templates(cl, 1, 100, &l, &cause), HTTP_OK,
	    cause);
	CHECK_INT(l.ntemplates, 4);
	if (l.ntemplates > 0) {
		CHECK_STR(l.templates[0].id, "tpl30minutes");
		CHECK_STR(l.templates[0].update_status, "identified");
	}
	statuspage_template_list_clear(&l);
	free(cause);
	http_client_free(&cl);
}

static void
a_postmortem_is_read_drafted_and_published(void)
{
	struct http_client *cl = client();
	struct postmortem pm;
	char *cause = NULL;

	CHECK_RESULT(statuspage_postmortem_get(cl, "b4nner4udnce", &pm,
	    &cause), HTTP_OK, cause);
	postmortem_clear(&pm);
	CHECK_RESULT(statuspage_postmortem_draft(cl, "b4nner4udnce",
	    "## What happened\nOne audience check was skipped in 4.18.", &pm,
	    &cause), HTTP_OK, cause);
	CHECK_CONTAINS(pm.body_draft, "audience check");
	CHECK(pm.published_at.text == NULL);
	postmortem_clear(&pm);
	CHECK_RESULT(statuspage_postmortem_publish(cl, "b4nner4udnce", 0, 1,
	    NULL, &pm, &cause), HTTP_OK, cause);
	CHECK(pm.published_at.text != NULL);
	CHECK_CONTAINS(pm.body, "audience check");
	CHECK_INT(pm.notify_subscribers, 1);
	postmortem_clear(&pm);
	free(cause);
	http_client_free(&cl);
}

static void
a_wrong_key_is_a_client_error(void)
{
	struct http_client *cl = client_with("not-the-key");
	struct statuspage_incident_list l;
	char *cause = NULL;

	CHECK_RESULT(statuspage_incidents(cl, 1, 10, &l, &cause),
	    HTTP_CLIENT_ERROR, cause);
	CHECK_CONTAINS(cause, "statuspage: GET /statuspage/v1/pages/"
	    "acme-status/incidents: HTTP 401: Could not authenticate");
	CHECK(cause != NULL && strstr(cause, "not-the-key") == NULL);
	free(cause);
	http_client_free(&cl);
}

static void
a_420_is_waited_out_and_the_read_goes_again(void)
{
	struct http_client *cl = client();
	struct statuspage_component_list l;
	char *cause = NULL;

	apitest_fault("{'match':{'backend':'statuspage'},'kind':'status',"
	    "'status':420,'retry_after':'5','count':1}");
	CHECK_RESULT(statuspage_components(cl, 1, 100, &l, &cause), HTTP_OK,
	    cause);
	CHECK_INT(apitest_clk.nsleeps, 1);
	CHECK_INT(apitest_clk.sleeps[0], 5000);
	CHECK_INT(apitest_count("statuspage", "GET", NULL), 2);
	statuspage_component_list_clear(&l);
	free(cause);
	http_client_free(&cl);
}

static void
an_update_whose_answer_is_lost_is_unknown_and_posted_once(void)
{
	struct http_client *cl = client();
	struct incident_change c;
	struct incident inc;
	char *cause = NULL;

	apitest_fault("{'match':{'backend':'statuspage','method':'PATCH'},"
	    "'kind':'lost_response','count':1}");
	memset(&c, 0, sizeof c);
	c.status = "monitoring";
	c.body = "Billing is back; we are watching the retry queue.";
	c.deliver_notifications = -1;
	CHECK_RESULT(statuspage_incident_update(cl, "p8rtnr0ut4ge", &c, &inc,
	    &cause), HTTP_UNKNOWN, cause);
	CHECK_CONTAINS(cause, "may have been applied");
	CHECK_INT(apitest_count("statuspage", "PATCH", NULL), 1);
	free(cause);
	cause = NULL;
	/* Reading back shows it was posted: four updates now, not five. */
	CHECK_RESULT(statuspage_incident_get(cl, "p8rtnr0ut4ge", &inc, &cause),
	    HTTP_OK, cause);
	CHECK_INT(inc.nupdates, 4);
	CHECK_STR(inc.status, "monitoring");
	incident_clear(&inc);
	free(cause);
	http_client_free(&cl);
}

static const struct test tests[] = {
	T(incidents_are_listed_newest_first_and_unresolved_ones_apart),
	T(an_incident_is_read_with_its_updates),
	T(an_incident_is_created_and_an_update_posted_by_patch),
	T(components_are_listed_and_one_changed),
	T(templates_are_listed),
	T(a_postmortem_is_read_drafted_and_published),
	T(a_wrong_key_is_a_client_error),
	T(a_420_is_waited_out_and_the_read_goes_again),
	T(an_update_whose_answer_is_lost_is_unknown_and_posted_once),
};

TEST_MAIN(tests)
