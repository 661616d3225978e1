#!/usr/bin/env python3
"""The test backend's own tests: start tests/backend/server.py on a port it
picks and prove every endpoint, the auth rules, the state, the request log
and every fault kind. Prints one TAP line per test,
"ok N - backend: test_name" or "not ok N - backend: test_name", with
diagnostics on lines starting with "# "; exits non-zero if any failed.

    python3 tests/backend/test_backend.py [-k SUBSTRING]

Standard library only.
"""

import base64
import gzip
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "server.py")
CTL = os.path.join(HERE, "ctl.py")
MAX_BIG = 16 * 1024 * 1024          # faults.MAX_BIG_HEADER


def basic(email, token):
    return "Basic " + base64.b64encode(("%s/token:%s" % (email, token)).encode()).decode()


ZD_ADMIN = basic("admin@acme.test", "zd-admin-token")
ZD_AGENT = basic("agent@acme.test", "zd-agent-token")
SP = "OAuth sp-key"
PAGE = "/statuspage/v1/pages/acme-status"
PAY_TECH = "Bearer pay-technician"
PAY_FIRST = "Bearer pay-firstline"
PAY_ADMIN = "Bearer pay-admin"
ISO_S = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class Resp:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw

    @property
    def json(self):
        return json.loads(self.raw.decode("utf-8"))

    def __repr__(self):
        return "<HTTP %d %s>" % (self.status, self.raw[:300])


class Backend:
    """A server.py subprocess listening on a port it picked."""

    def __init__(self, *args, wait=30.0):
        self.dir = tempfile.mkdtemp(prefix="tdesk-backend-test.")
        self.port_file = os.path.join(self.dir, "port")
        self.err = open(os.path.join(self.dir, "stderr"), "w+")
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, SERVER, "--port-file", self.port_file] + list(args),
                                     stdout=subprocess.PIPE, stderr=self.err, text=True)
        self.first_line = self.proc.stdout.readline()
        deadline = time.monotonic() + wait
        while not os.path.exists(self.port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the backend did not start: %s" % self.stderr())
            time.sleep(0.02)
        with open(self.port_file) as f:
            self.port = int(f.read().strip())
        self.startup_seconds = time.monotonic() - self.started

    def stderr(self):
        self.err.flush()
        self.err.seek(0)
        return self.err.read()

    def call(self, method, path, body=None, auth=None, headers=None, conn=None, timeout=30):
        h = {"Accept": "application/json"}
        data = None
        if body is not None:
            if isinstance(body, (bytes, str)):
                data = body.encode() if isinstance(body, str) else body
            else:
                data = json.dumps(body).encode()
                h["Content-Type"] = "application/json"
        if auth:
            h["Authorization"] = auth
        h.update(headers or {})
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            raw = r.read()
        finally:
            if conn is None:
                c.close()
        return Resp(r.status, r.headers, raw)

    def ctl(self, method, path, body=None, expect=None):
        r = self.call(method, "/_control" + path, body)
        if expect is not None and r.status != expect:
            raise AssertionError("control %s %s: %r" % (method, path, r))
        return r.json

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.err.close()
        for name in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, name))
        os.rmdir(self.dir)


DEMO = None


def setUpModule():
    global DEMO
    DEMO = Backend()


def tearDownModule():
    if DEMO is not None:
        DEMO.stop()


class Case(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.b = DEMO
        self.b.ctl("POST", "/reset", expect=200)

    # helpers
    def zd(self, method, path, body=None, auth=ZD_ADMIN, **kw):
        return self.b.call(method, "/zendesk/api/v2" + path, body, auth=auth, **kw)

    def sp(self, method, path, body=None, auth=SP, **kw):
        return self.b.call(method, PAGE + path, body, auth=auth, **kw)

    def pay(self, method, path, body=None, auth=PAY_TECH, **kw):
        return self.b.call(method, "/payments/v1" + path, body, auth=auth, **kw)

    def ticket(self, tid):
        return self.b.ctl("GET", "/state?what=tickets&id=%d" % tid, expect=200)

    def assertStatus(self, resp, status):
        self.assertEqual(resp.status, status, "body: %s" % resp.raw[:600])

    def fault(self, rule):
        return self.b.ctl("POST", "/faults", rule, expect=201)

    def resolve(self, pid, body, key, auth=PAY_TECH):
        return self.pay("POST", "/flagged-payments/%s/resolution" % pid, body, auth=auth,
                        headers={"Idempotency-Key": key} if key is not None else {})


# The keys of the published payloads (reference/payloads/ in the design
# material), so that this suite needs nothing outside the repository.
REF_KEYS = {
    "zendesk-ticket-object.json": {
        "assignee_id", "collaborator_ids", "created_at", "custom_fields", "custom_status_id", "description",
        "due_at", "external_id", "follower_ids", "from_messaging_channel", "generated_timestamp", "group_id",
        "has_incidents", "id", "organization_id", "priority", "problem_id", "raw_subject", "recipient",
        "requester_id", "satisfaction_rating", "sharing_agreement_ids", "status", "subject", "submitter_id",
        "tags", "type", "updated_at", "url", "via"},
    "zendesk-organization": {
        "created_at", "details", "domain_names", "external_id", "group_id", "id", "name", "notes",
        "organization_fields", "shared_comments", "shared_tickets", "tags", "updated_at", "url"},
    "statuspage-incident.json": {
        "id", "components", "created_at", "impact", "impact_override", "incident_updates", "metadata",
        "monitoring_at", "name", "page_id", "postmortem_body", "postmortem_body_last_updated_at",
        "postmortem_ignored", "postmortem_notified_subscribers", "postmortem_notified_twitter",
        "postmortem_published_at", "resolved_at", "scheduled_auto_completed", "scheduled_auto_in_progress",
        "scheduled_for", "auto_transition_deliver_notifications_at_end",
        "auto_transition_deliver_notifications_at_start", "auto_transition_to_maintenance_state",
        "auto_transition_to_operational_state", "scheduled_remind_prior", "scheduled_reminded_at",
        "scheduled_until", "shortlink", "status", "updated_at", "reminder_intervals"},
    "statuspage-incident-update.json": {
        "id", "incident_id", "affected_components", "body", "created_at", "custom_tweet",
        "deliver_notifications", "display_at", "status", "tweet_id", "twitter_updated_at", "updated_at",
        "wants_twitter_update"},
    "statuspage-component.json": {
        "id", "page_id", "group_id", "created_at", "updated_at", "group", "name", "description", "position",
        "status", "showcase", "only_show_if_degraded", "automation_email", "start_date"},
    "statuspage-component-group.json": {
        "id", "page_id", "name", "description", "components", "position", "created_at", "updated_at"},
}


# ====================================================================== process

class ProcessTests(Case):
    def test_server_prints_one_listening_line_and_writes_the_port_file(self):
        self.assertEqual(self.b.first_line, "listening on http://127.0.0.1:%d\n" % self.b.port)
        with open(self.b.port_file) as f:
            self.assertEqual(int(f.read()), self.b.port)

    def test_sigterm_stops_the_server_with_status_zero(self):
        b = Backend("--generate", "10")
        try:
            self.assertStatus(b.call("GET", "/_control/health"), 200)
            b.proc.send_signal(signal.SIGTERM)
            self.assertEqual(b.proc.wait(10), 0)
        finally:
            b.stop()

    def test_control_shutdown_stops_the_server_with_status_zero(self):
        b = Backend("--generate", "10")
        try:
            r = b.call("POST", "/_control/shutdown")
            self.assertStatus(r, 200)
            self.assertEqual(b.proc.wait(10), 0)
            self.assertEqual(b.stderr(), "")
        finally:
            b.stop()

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port, timeout=10)
        try:
            for path in ("/users/me", "/tickets/101", "/groups"):
                r = self.b.call("GET", "/zendesk/api/v2" + path, auth=ZD_AGENT, conn=conn)
                self.assertStatus(r, 200)
                self.assertEqual(int(r.headers["Content-Length"]), len(r.raw))
            local = conn.sock.getsockname()
            r = self.b.call("GET", "/payments/v1/me", auth=PAY_TECH, conn=conn)
            self.assertEqual(conn.sock.getsockname(), local)
            self.assertEqual(r.headers["Content-Type"], "application/json; charset=utf-8")
        finally:
            conn.close()

    def test_gzip_is_used_when_the_client_accepts_it(self):
        r = self.zd("GET", "/tickets.json?per_page=50", headers={"Accept-Encoding": "gzip"})
        self.assertStatus(r, 200)
        self.assertEqual(r.headers["Content-Encoding"], "gzip")
        self.assertEqual(len(json.loads(gzip.decompress(r.raw))["tickets"]), 32)
        plain = self.zd("GET", "/tickets.json?per_page=50")
        self.assertIsNone(plain.headers["Content-Encoding"])
        self.assertEqual(len(plain.json["tickets"]), 32)

    def test_unknown_prefixes_and_routes_are_404_json(self):
        r = self.b.call("GET", "/nowhere")
        self.assertStatus(r, 404)
        self.assertIn("error", r.json)
        r = self.zd("GET", "/no_such_thing")
        self.assertStatus(r, 404)
        self.assertEqual(r.json["error"], "InvalidEndpoint")

    def test_ctl_prints_json_and_fails_on_http_errors(self):
        ok = subprocess.run([sys.executable, CTL, "--port", str(self.b.port), "GET", "/_control/faults"],
                            capture_output=True, text=True)
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertEqual(json.loads(ok.stdout), {"faults": []})
        bad = subprocess.run([sys.executable, CTL, "--port", str(self.b.port), "POST", "/_control/faults",
                              '{"kind": "nonsense"}'], capture_output=True, text=True)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("kind", json.loads(bad.stdout)["error"])
        auth = subprocess.run([sys.executable, CTL, "--port-file", self.b.port_file, "-H",
                               "Authorization: Bearer pay-admin", "GET", "/payments/v1/me"],
                              capture_output=True, text=True)
        self.assertEqual(json.loads(auth.stdout)["role"], "admin")


# ====================================================================== zendesk

class ZendeskAuthTests(Case):
    def test_zendesk_requests_without_valid_credentials_are_401(self):
        for auth in (None, basic("admin@acme.test", "wrong"), basic("agent@acme.test", "zd-admin-token"),
                     "Bearer nope", "Basic !!!", "Basic " + base64.b64encode(b"admin@acme.test:zd-admin-token").decode()):
            r = self.zd("GET", "/users/me", auth=auth)
            self.assertStatus(r, 401)
            self.assertEqual(set(r.json), {"error", "description"})

    def test_basic_token_and_bearer_auth_name_the_user(self):
        me = self.zd("GET", "/users/me.json", auth=ZD_ADMIN).json["user"]
        self.assertEqual((me["email"], me["role"]), ("admin@acme.test", "admin"))
        self.assertNotIn("api_token", me)
        me = self.zd("GET", "/users/me", auth="Bearer zd-agent-token").json["user"]
        self.assertEqual((me["email"], me["role"]), ("agent@acme.test", "agent"))
        self.assertEqual(self.zd("GET", "/users/me", auth=basic("AGENT@acme.test", "zd-agent-token")).status, 200)

    def test_incremental_export_is_forbidden_for_agent_tokens(self):
        r = self.zd("GET", "/incremental/tickets/cursor.json?start_time=0", auth=ZD_AGENT)
        self.assertStatus(r, 403)
        self.assertEqual(r.json, {"error": "Forbidden", "description":
                                  "You do not have access to this page. Please contact the account owner "
                                  "of this help desk for further help."})

    def test_paths_work_with_and_without_json_suffix(self):
        for p in ("/tickets/101", "/tickets/101.json", "/tickets/101/comments", "/tickets/101/comments.json",
                  "/organizations", "/organizations.json"):
            self.assertStatus(self.zd("GET", p), 200)


class ZendeskExportTests(Case):
    def export_all(self, first, per_page=5):
        ids, pages, cursor, url = [], 0, None, first
        while True:
            r = self.zd("GET", url)
            self.assertStatus(r, 200)
            page = r.json
            pages += 1
            ids += [(t["generated_timestamp"], t["id"]) for t in page["tickets"]]
            cursor = page["after_cursor"]
            if page["end_of_stream"]:
                return ids, pages, cursor, page
            url = "/incremental/tickets/cursor.json?per_page=%d&cursor=%s" % (per_page, urllib.parse.quote(cursor))
            self.assertLess(pages, 100)

    def test_incremental_export_pages_with_cursor_and_sideloads(self):
        r = self.zd("GET", "/incremental/tickets/cursor.json?start_time=0&per_page=5&include=users,groups,organizations")
        page = r.json
        self.assertEqual(set(page) - {"users", "groups", "organizations"},
                         {"tickets", "after_cursor", "after_url", "before_cursor", "before_url", "end_of_stream"})
        self.assertEqual(len(page["tickets"]), 5)
        self.assertIsNone(page["before_cursor"])
        self.assertFalse(page["end_of_stream"])
        self.assertIn("cursor=", page["after_url"])
        want_users = {x for t in page["tickets"] for x in (t["requester_id"], t["submitter_id"], t["assignee_id"]) if x}
        self.assertEqual({u["id"] for u in page["users"]}, want_users)
        self.assertEqual({g["id"] for g in page["groups"]}, {t["group_id"] for t in page["tickets"] if t["group_id"]})
        self.assertEqual({o["id"] for o in page["organizations"]},
                         {t["organization_id"] for t in page["tickets"] if t["organization_id"]})
        ids, pages, _, last = self.export_all("/incremental/tickets/cursor?start_time=0&per_page=5")
        self.assertEqual(len(ids), 32)
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len({i for _, i in ids}), 32)
        self.assertEqual(pages, 7)
        self.assertTrue(last["end_of_stream"])

    def test_start_time_filters_on_generated_timestamp(self):
        all_ids, _, _, _ = self.export_all("/incremental/tickets/cursor?start_time=0&per_page=100", 100)
        ts = all_ids[20][0]
        r = self.zd("GET", "/incremental/tickets/cursor?start_time=%d" % ts).json
        self.assertEqual([(t["generated_timestamp"], t["id"]) for t in r["tickets"]],
                         [x for x in all_ids if x[0] >= ts])

    def test_later_export_with_last_cursor_returns_only_changed_tickets(self):
        _, _, cursor, _ = self.export_all("/incremental/tickets/cursor?start_time=0&per_page=10", 10)
        r = self.zd("GET", "/incremental/tickets/cursor?cursor=" + urllib.parse.quote(cursor)).json
        self.assertEqual(r["tickets"], [])
        self.assertTrue(r["end_of_stream"])
        self.assertStatus(self.zd("PUT", "/tickets/104", {"ticket": {"priority": "high"}}), 200)
        self.b.ctl("POST", "/zendesk/tickets/147", {"status": "open"}, expect=200)
        r = self.zd("GET", "/incremental/tickets/cursor?cursor=" + urllib.parse.quote(r["after_cursor"])).json
        self.assertEqual([t["id"] for t in r["tickets"]], [104, 147])
        self.assertEqual(r["tickets"][0]["priority"], "high")
        self.assertIsNotNone(r["before_cursor"])
        again = self.zd("GET", "/incremental/tickets/cursor?cursor=" + urllib.parse.quote(r["after_cursor"])).json
        self.assertEqual(again["tickets"], [])

    def test_export_without_start_time_or_cursor_is_rejected(self):
        r = self.zd("GET", "/incremental/tickets/cursor.json")
        self.assertIn(r.status, (400, 422))
        self.assertIn("error", r.json)
        self.assertIn(self.zd("GET", "/incremental/tickets/cursor?cursor=bm9wZQ==").status, (400, 422))
        self.assertIn(self.zd("GET", "/incremental/tickets/cursor?start_time=%d" % (time.time() + 3600)).status,
                      (400, 422))


class ZendeskListTests(Case):
    def walk(self, first):
        seen, url, pages = [], first, 0
        while url:
            r = self.zd("GET", url, auth=ZD_AGENT)
            self.assertStatus(r, 200)
            body = r.json
            seen += body["tickets"]
            pages += 1
            url = None
            if body["meta"]["has_more"]:
                url = body["links"]["next"].split("/api/v2", 1)[1]
        return seen, pages

    def test_agent_ticket_list_paginates_by_cursor_in_both_sort_orders(self):
        asc, pages = self.walk("/tickets.json?page[size]=7&sort=updated_at")
        self.assertEqual(pages, 5)
        keys = [(t["updated_at"], t["id"]) for t in asc]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual(len({t["id"] for t in asc}), 32)
        desc, _ = self.walk("/tickets?page%5Bsize%5D=7&sort=-updated_at")
        self.assertEqual([t["id"] for t in desc], [t["id"] for t in reversed(asc)])
        first = self.zd("GET", "/tickets?page[size]=5&sort=-updated_at", auth=ZD_AGENT).json
        second = self.zd("GET", "/tickets?page[size]=5&sort=-updated_at&page[after]=" +
                         first["meta"]["after_cursor"], auth=ZD_AGENT).json
        back = self.zd("GET", "/tickets?page[size]=5&sort=-updated_at&page[before]=" +
                       second["meta"]["before_cursor"], auth=ZD_AGENT).json
        self.assertEqual([t["id"] for t in back["tickets"]], [t["id"] for t in first["tickets"]])
        self.assertEqual(set(first), {"tickets", "meta", "links"})

    def test_ticket_list_caps_page_size_and_rejects_bad_cursors(self):
        self.assertStatus(self.zd("GET", "/tickets?page[size]=101", auth=ZD_AGENT), 400)
        self.assertStatus(self.zd("GET", "/tickets?page[size]=10&page[after]=garbage", auth=ZD_AGENT), 400)
        by_id = self.zd("GET", "/tickets?page[size]=10", auth=ZD_AGENT).json
        self.assertStatus(self.zd("GET", "/tickets?page[size]=10&sort=updated_at&page[after]=" +
                                  by_id["meta"]["after_cursor"], auth=ZD_AGENT), 400)

    def test_ticket_list_offset_mode_reports_count_and_next_page(self):
        p1 = self.zd("GET", "/tickets.json?per_page=10", auth=ZD_AGENT).json
        self.assertEqual(p1["count"], 32)
        self.assertIsNone(p1["previous_page"])
        self.assertIn("page=2", p1["next_page"])
        p4 = self.zd("GET", "/tickets.json?per_page=10&page=4", auth=ZD_AGENT).json
        self.assertEqual(len(p4["tickets"]), 2)
        self.assertIsNone(p4["next_page"])
        self.assertEqual([t["id"] for t in p1["tickets"]], sorted(t["id"] for t in p1["tickets"]))

    def test_show_ticket_and_show_many(self):
        t = self.zd("GET", "/tickets/131.json", auth=ZD_AGENT).json["ticket"]
        self.assertEqual(t["subject"], "Zamówienie na 15,46 zł — zapłaciłam 15,45 zł i zamówienie wisi")
        self.assertTrue(ISO_S.match(t["created_at"]) and ISO_S.match(t["updated_at"]))
        self.assertEqual(t["custom_fields"], [{"id": 60001, "value": "fp_1001"}])
        self.assertEqual(t["organization_id"], 30003)
        self.assertTrue(t["url"].endswith("/zendesk/api/v2/tickets/131.json"))
        self.assertLessEqual(REF_KEYS["zendesk-ticket-object.json"] - {"custom_status_id"}, set(t))
        many = self.zd("GET", "/tickets/show_many.json?ids=101,102,999", auth=ZD_AGENT).json["tickets"]
        self.assertEqual([x["id"] for x in many], [101, 102])
        self.assertStatus(self.zd("GET", "/tickets/999"), 404)

    def test_comments_paginate_by_cursor_and_offset_with_all_fields(self):
        r = self.zd("GET", "/tickets/101/comments.json?page[size]=3", auth=ZD_AGENT).json
        self.assertEqual(len(r["comments"]), 3)
        self.assertTrue(r["meta"]["has_more"])
        c = r["comments"][0]
        self.assertEqual(set(c), {"id", "type", "author_id", "body", "html_body", "plain_body", "public",
                                  "created_at", "attachments", "audit_id", "via", "metadata"})
        self.assertEqual(c["type"], "Comment")
        self.assertIn("Bom dia!", c["body"])
        rest = self.zd("GET", "/tickets/101/comments?page[size]=3&page[after]=" + r["meta"]["after_cursor"],
                       auth=ZD_AGENT).json
        self.assertEqual(len(rest["comments"]), 1)
        self.assertFalse(rest["meta"]["has_more"])
        desc = self.zd("GET", "/tickets/101/comments?page[size]=10&sort=-created_at", auth=ZD_AGENT).json
        self.assertEqual([x["id"] for x in desc["comments"]],
                         list(reversed([x["id"] for x in r["comments"] + rest["comments"]])))
        off = self.zd("GET", "/tickets/101/comments.json?per_page=2", auth=ZD_AGENT).json
        self.assertEqual(off["count"], 4)
        self.assertIn("page=2", off["next_page"])
        self.assertEqual([x["public"] for x in desc["comments"]].count(False), 1)
        self.assertEqual(self.zd("GET", "/tickets/101/comments/count").json["count"]["value"], 4)


class ZendeskUpdateTests(Case):
    def put(self, tid, changes, auth=ZD_AGENT):
        return self.zd("PUT", "/tickets/%d.json" % tid, {"ticket": changes}, auth=auth)

    def test_ticket_update_appends_comment_and_bumps_updated_at(self):
        before = self.ticket(103)
        r = self.put(103, {"comment": {"body": "Following up: the banner is gone for you now?", "public": True},
                           "status": "open"})
        self.assertStatus(r, 200)
        body = r.json
        self.assertEqual(set(body), {"ticket", "audit"})
        self.assertEqual(set(body["audit"]) >= {"id", "ticket_id", "created_at", "author_id", "events"}, True)
        self.assertEqual(body["audit"]["author_id"], 40002)
        kinds = [(e["type"], e.get("field_name")) for e in body["audit"]["events"]]
        self.assertIn(("Comment", None), kinds)
        self.assertIn(("Change", "status"), kinds)
        after = self.ticket(103)
        self.assertEqual(len(after["comments"]), len(before["comments"]) + 1)
        new = after["comments"][-1]
        self.assertEqual((new["author_id"], new["public"]), (40002, True))
        self.assertEqual(new["audit_id"], body["audit"]["id"])
        self.assertGreater(after["ticket"]["updated_at"], before["ticket"]["updated_at"])
        self.assertEqual(after["ticket"]["status"], "open")
        # A second update in the same second still moves updated_at on.
        r2 = self.put(103, {"comment": {"body": "Nota interna", "public": False, "author_id": 40003}})
        self.assertGreater(r2.json["ticket"]["updated_at"], body["ticket"]["updated_at"])
        self.assertGreater(r2.json["ticket"]["generated_timestamp"], body["ticket"]["generated_timestamp"])
        last = self.ticket(103)["comments"][-1]
        self.assertEqual((last["author_id"], last["public"]), (40003, False))

    def test_html_body_comments_keep_text_and_markup(self):
        r = self.put(102, {"comment": {"html_body": "<p>確認しました。<b>ご安心ください</b>。</p>", "public": True}})
        self.assertStatus(r, 200)
        c = self.ticket(102)["comments"][-1]
        self.assertEqual(c["html_body"], "<p>確認しました。<b>ご安心ください</b>。</p>")
        self.assertEqual(c["body"], "確認しました。ご安心ください。")
        self.assertEqual(r.json["ticket"]["status"], "open", "an agent's public answer opens a new ticket")

    def test_safe_update_with_stale_stamp_is_409_and_changes_nothing(self):
        stamp = self.zd("GET", "/tickets/101", auth=ZD_AGENT).json["ticket"]["updated_at"]
        self.b.ctl("POST", "/zendesk/tickets/101", {}, expect=200)      # another agent touches it
        before = self.ticket(101)
        self.assertGreater(before["ticket"]["updated_at"], stamp)
        r = self.put(101, {"status": "solved", "comment": {"body": "Resolvido!"}, "safe_update": True,
                           "updated_stamp": stamp})
        self.assertStatus(r, 409)
        self.assertEqual(r.json, {"error": "UpdateConflict", "description":
                                  "Safe Update prevented the update due to outdated ticket data. "
                                  "Please fetch the latest ticket data and try again."})
        self.assertEqual(self.ticket(101), before)

    def test_safe_update_with_current_stamp_succeeds(self):
        stamp = self.zd("GET", "/tickets/101", auth=ZD_AGENT).json["ticket"]["updated_at"]
        r = self.put(101, {"tags": ["customer"], "updated_stamp": stamp, "safe_update": "true"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["ticket"]["tags"], ["customer"])
        self.assertStatus(self.put(101, {"tags": ["x"], "updated_stamp": stamp, "safe_update": "true"}), 409)

    def test_invalid_status_and_unknown_assignee_are_422_with_details(self):
        before = self.ticket(101)
        r = self.put(101, {"status": "bogus", "assignee_id": 41001, "group_id": 1, "comment": {"body": "x"}})
        self.assertStatus(r, 422)
        self.assertEqual(r.json["error"], "RecordInvalid")
        self.assertEqual(set(r.json["details"]), {"status", "assignee_id", "group_id"})
        for items in r.json["details"].values():
            self.assertEqual(set(items[0]), {"description", "error"})
        self.assertEqual(self.ticket(101), before)
        self.assertStatus(self.put(101, {"assignee_id": 999999}), 422)
        self.assertStatus(self.put(101, {"comment": {"body": "   "}}), 422)

    def test_closed_tickets_refuse_updates(self):
        r = self.put(144, {"status": "open"})
        self.assertStatus(r, 422)
        self.assertIn("closed", json.dumps(r.json))

    def test_tags_replace_add_and_remove(self):
        self.assertEqual(self.put(131, {"additional_tags": ["amount_tolerance"],
                                        "remove_tags": ["needs_payment_review"]}).json["ticket"]["tags"],
                         ["payments", "pln", "amount_tolerance"])
        self.assertEqual(self.put(131, {"tags": ["a", "b"]}).json["ticket"]["tags"], ["a", "b"])

    def test_assignee_can_be_cleared_with_null_and_set_by_email(self):
        self.assertIsNone(self.put(131, {"assignee_id": None}).json["ticket"]["assignee_id"])
        self.assertEqual(self.put(131, {"assignee_email": "misaki@acme.test"}).json["ticket"]["assignee_id"], 40004)
        self.assertStatus(self.put(131, {"assignee_email": "mariana@padariaestrela.com.br"}), 422)

    def test_put_without_json_content_type_or_with_bad_json_is_rejected(self):
        r = self.b.call("PUT", "/zendesk/api/v2/tickets/101.json", '{"ticket":{"status":"open"}}', auth=ZD_AGENT)
        self.assertStatus(r, 415)
        r = self.b.call("PUT", "/zendesk/api/v2/tickets/101.json", "{nope", auth=ZD_AGENT,
                        headers={"Content-Type": "application/json"})
        self.assertStatus(r, 400)

    def test_create_ticket_returns_201_with_requester_by_email(self):
        r = self.zd("POST", "/tickets.json", {"ticket": {
            "subject": "Falha no pagamento por Pix", "comment": {"body": "O Pix foi debitado duas vezes."},
            "requester": {"name": "Rita Figueiredo", "email": "rita@exemplo.pt"}, "priority": "high",
            "tags": ["pix"], "group_id": 20002}}, auth=ZD_AGENT)
        self.assertStatus(r, 201)
        t = r.json["ticket"]
        self.assertEqual((t["subject"], t["priority"], t["status"], t["tags"], t["group_id"]),
                         ("Falha no pagamento por Pix", "high", "new", ["pix"], 20002))
        self.assertEqual(t["description"], "O Pix foi debitado duas vezes.")
        self.assertEqual(t["created_at"], t["updated_at"])
        req = self.zd("GET", "/users/%d" % t["requester_id"]).json["user"]
        self.assertEqual((req["email"], req["role"]), ("rita@exemplo.pt", "end-user"))
        state = self.ticket(t["id"])
        self.assertEqual(len(state["comments"]), 1)
        self.assertEqual(r.json["audit"]["events"][0]["type"], "Comment")
        self.assertStatus(self.zd("POST", "/tickets", {"ticket": {"subject": "no body"}}), 422)
        r2 = self.zd("POST", "/tickets", {"ticket": {"comment": {"body": "x"}, "requester_id": 41001,
                                                     "assignee_id": 40002}})
        self.assertEqual(r2.json["ticket"]["status"], "open")
        self.assertEqual(r2.json["ticket"]["id"], t["id"] + 1)

    def test_tickets_are_found_by_external_id(self):
        marker = "tdesk-0123456789abcdef0123456789abcdef"
        empty = self.zd("GET", "/tickets.json?external_id=" + marker, auth=ZD_AGENT)
        self.assertStatus(empty, 200)
        self.assertEqual((empty.json["tickets"], empty.json["count"]), ([], 0))
        made = self.zd("POST", "/tickets", {"ticket": {"comment": {"body": "x"}, "requester_id": 41001,
                                                       "external_id": marker}}, auth=ZD_AGENT)
        self.assertStatus(made, 201)
        self.zd("POST", "/tickets", {"ticket": {"comment": {"body": "y"}, "requester_id": 41001,
                                                "external_id": "other"}}, auth=ZD_AGENT)
        found = self.zd("GET", "/tickets?external_id=" + marker, auth=ZD_AGENT).json
        self.assertEqual([t["id"] for t in found["tickets"]], [made.json["ticket"]["id"]])
        self.assertEqual(found["tickets"][0]["external_id"], marker)
        self.assertEqual((found["count"], found["next_page"]), (1, None))


class ZendeskBulkTests(Case):
    def test_bulk_update_many_applies_and_reports_job_results(self):
        r = self.zd("PUT", "/tickets/update_many.json?ids=101,102,144,999",
                    {"ticket": {"additional_tags": ["banner_incident"], "priority": "urgent"}}, auth=ZD_AGENT)
        self.assertStatus(r, 200)
        job = r.json["job_status"]
        self.assertEqual((job["status"], job["progress"], job["total"], job["results"], job["job_type"]),
                         ("queued", 0, 4, None, "Bulk Update"))
        self.assertEqual(set(job), {"id", "url", "status", "progress", "total", "message", "results", "job_type"})
        done = self.zd("GET", "/job_statuses/%s.json" % job["id"], auth=ZD_AGENT).json["job_status"]
        self.assertEqual(done["status"], "completed")
        self.assertEqual(done["progress"], 4)
        res = {x["id"]: x for x in done["results"]}
        self.assertEqual(res[101], {"id": 101, "action": "update", "success": True, "status": "Updated"})
        self.assertTrue(res[102]["success"])
        self.assertEqual((res[144]["success"], set(res[144])), (False, {"id", "success", "error", "details"}))
        self.assertFalse(res[999]["success"])
        t = self.ticket(101)["ticket"]
        self.assertEqual(t["priority"], "urgent")
        self.assertIn("banner_incident", t["tags"])
        self.assertIn("payment_failed_banner", t["tags"])

    def test_bulk_update_with_a_stale_stamp_fails_per_ticket(self):
        stamp = self.ticket(101)["ticket"]["updated_at"]
        self.b.ctl("POST", "/zendesk/tickets/101", {}, expect=200)
        r = self.zd("PUT", "/tickets/update_many?ids=101,102",
                    {"ticket": {"status": "pending", "safe_update": True, "updated_stamp": stamp}})
        done = self.zd("GET", "/job_statuses/%s" % r.json["job_status"]["id"]).json["job_status"]
        res = {x["id"]: x for x in done["results"]}
        self.assertEqual((res[101]["success"], res[101]["error"]), (False, "UpdateConflict"))
        self.assertTrue(res[102]["success"], "ticket 102 has not changed since the stamp")
        self.assertEqual(self.ticket(101)["ticket"]["status"], "open")
        self.assertEqual(self.ticket(102)["ticket"]["status"], "pending")

    def test_batch_update_many_requires_safe_update_per_item(self):
        s = {tid: self.ticket(tid)["ticket"]["updated_at"] for tid in (101, 102, 103)}
        self.b.ctl("POST", "/zendesk/tickets/103", {}, expect=200)
        r = self.zd("PUT", "/tickets/update_many.json", {"tickets": [
            {"id": 101, "status": "pending", "safe_update": True, "updated_stamp": s[101]},
            {"id": 102, "status": "open"},
            {"id": 103, "status": "solved", "safe_update": True, "updated_stamp": s[103]}]}, auth=ZD_AGENT)
        self.assertStatus(r, 200)
        jid = r.json["job_status"]["id"]
        many = self.zd("GET", "/job_statuses/show_many.json?ids=%s,nope" % jid).json["job_statuses"]
        self.assertEqual(len(many), 1)
        res = {x["id"]: x for x in many[0]["results"]}
        self.assertTrue(res[101]["success"])
        self.assertFalse(res[102]["success"])
        self.assertEqual(res[103]["error"], "UpdateConflict")
        self.assertEqual([self.ticket(i)["ticket"]["status"] for i in (101, 102, 103)], ["pending", "new", "pending"])

    def test_update_many_rejects_more_than_100_ids(self):
        ids = ",".join(str(i) for i in range(1, 102))
        r = self.zd("PUT", "/tickets/update_many?ids=" + ids, {"ticket": {"status": "open"}})
        self.assertStatus(r, 400)
        self.assertEqual(self.b.ctl("GET", "/state?what=jobs")["jobs"], [])


class ZendeskDirectoryTests(Case):
    def test_users_groups_and_organizations_list_in_both_pagination_modes(self):
        agents = self.zd("GET", "/users.json?role=agent", auth=ZD_AGENT).json
        self.assertEqual({u["role"] for u in agents["users"]}, {"agent"})
        self.assertEqual(agents["count"], 4)
        page = self.zd("GET", "/users?page[size]=5").json
        self.assertEqual(len(page["users"]), 5)
        self.assertTrue(page["meta"]["has_more"])
        self.assertEqual(self.zd("GET", "/users/41003").json["user"]["name"], "高橋 健太")
        self.assertEqual([u["id"] for u in self.zd("GET", "/users/show_many?ids=41001,40002").json["users"]],
                         [41001, 40002])
        groups = self.zd("GET", "/groups.json").json
        self.assertEqual(set(groups), {"groups", "next_page", "previous_page", "count"})
        self.assertLessEqual({"id", "url", "name", "deleted", "created_at", "updated_at"}, set(groups["groups"][0]))
        cur = self.zd("GET", "/groups?page[size]=2").json
        self.assertEqual(len(cur["groups"]), 2)
        orgs = self.zd("GET", "/organizations?page[size]=100").json["organizations"]
        standing = {o["name"]: o["organization_fields"]["billing_status"] for o in orgs}
        self.assertEqual(standing["Padaria Estrela Ltda."], "good_standing")
        self.assertEqual(standing["Sklep Bursztyn sp. z o.o."], "dunning")
        self.assertEqual(standing["Kawa i Herbata s.c."], "suspended")
        self.assertLessEqual(REF_KEYS["zendesk-organization"], set(orgs[0]))
        self.assertEqual(self.zd("GET", "/organizations/30002.json").json["organization"]["name"],
                         "Sakura Kōgyō 株式会社")

    def test_macros_list_active_and_apply_without_changing_the_ticket(self):
        all_ = self.zd("GET", "/macros.json", auth=ZD_AGENT).json
        active = self.zd("GET", "/macros/active", auth=ZD_AGENT).json
        self.assertEqual(all_["count"], 7)
        self.assertEqual(active["count"], 6)
        m = self.zd("GET", "/macros/50004").json["macro"]
        self.assertEqual(set(m), {"id", "title", "active", "description", "actions", "restriction",
                                  "created_at", "updated_at", "url"})
        before = self.ticket(131)
        r = self.zd("GET", "/tickets/131/macros/50004/apply.json", auth=ZD_AGENT).json["result"]
        self.assertEqual(r["ticket"]["status"], "solved")
        self.assertEqual(r["ticket"]["tags"], ["payments", "pln", "amount_tolerance"])
        self.assertTrue(r["comment"]["body"].startswith("Dzień dobry Małgorzata,"))
        self.assertTrue(r["comment"]["body"].endswith("Sam Rivera"))
        self.assertTrue(r["comment"]["public"])
        self.assertEqual(self.ticket(131), before)
        internal = self.zd("GET", "/macros/50005/apply").json["result"]
        self.assertFalse(internal["comment"]["public"])
        self.assertEqual(internal["ticket"]["group_id"], 20003)
        p = self.zd("GET", "/macros?page[size]=3").json
        self.assertEqual(len(p["macros"]), 3)


class ZendeskRateLimitTests(Case):
    def test_ticket_update_rate_limit_is_429_with_retry_after_when_enabled(self):
        for i in range(31):          # off by default
            self.assertStatus(self.zd("PUT", "/tickets/101", {"ticket": {"priority": ["low", "high"][i % 2]}}), 200)
        self.b.ctl("POST", "/ratelimits", {"enabled": True}, expect=200)
        for i in range(30):
            r = self.zd("PUT", "/tickets/101", {"ticket": {"priority": ["low", "high"][i % 2]}})
            self.assertStatus(r, 200)
        self.assertIn("remaining=0", r.headers["Zendesk-RateLimit-tickets-update"])
        r = self.zd("PUT", "/tickets/101", {"ticket": {"priority": "normal"}})
        self.assertStatus(r, 429)
        self.assertTrue(1 <= int(r.headers["Retry-After"]) <= 600)
        self.assertEqual(self.ticket(101)["ticket"]["priority"], "high")
        self.assertStatus(self.zd("PUT", "/tickets/102", {"ticket": {"priority": "low"}}), 200)
        self.assertStatus(self.zd("PUT", "/tickets/101", {"ticket": {"priority": "low"}}, auth=ZD_AGENT), 200)

    def test_incremental_export_rate_limit_is_10_per_minute_when_enabled(self):
        self.b.ctl("POST", "/ratelimits", {"enabled": True}, expect=200)
        for _ in range(10):
            self.assertStatus(self.zd("GET", "/incremental/tickets/cursor?start_time=0&per_page=1"), 200)
        r = self.zd("GET", "/incremental/tickets/cursor?start_time=0&per_page=1")
        self.assertStatus(r, 429)
        self.assertTrue(1 <= int(r.headers["Retry-After"]) <= 60)
        self.b.ctl("POST", "/ratelimits", {"enabled": False}, expect=200)
        self.assertStatus(self.zd("GET", "/incremental/tickets/cursor?start_time=0&per_page=1"), 200)


# ====================================================================== statuspage

class StatuspageTests(Case):
    def test_statuspage_requires_an_oauth_key(self):
        self.assertStatus(self.sp("GET", "/incidents", auth=None), 401)
        self.assertStatus(self.sp("GET", "/incidents", auth="OAuth wrong"), 401)
        self.assertStatus(self.sp("GET", "/incidents", auth="Bearer sp-key"), 401)
        self.assertIn("error", self.sp("GET", "/incidents", auth=None).json)
        self.assertStatus(self.b.call("GET", PAGE + "/incidents.json?api_key=sp-key"), 200)

    def test_wrong_page_id_is_404(self):
        r = self.b.call("GET", "/statuspage/v1/pages/8m2l51279rpl/incidents", auth=SP)
        self.assertStatus(r, 404)
        self.assertIn("error", r.json)

    def test_incident_shape_matches_the_reference_payload(self):
        inc = self.sp("GET", "/incidents/p8rtnr0ut4ge.json").json
        self.assertEqual(set(inc), REF_KEYS["statuspage-incident.json"])
        self.assertEqual(set(inc["incident_updates"][0]), REF_KEYS["statuspage-incident-update.json"])
        self.assertEqual(set(inc["components"][0]), REF_KEYS["statuspage-component.json"])
        self.assertTrue(ISO_S.match(inc["created_at"]))
        self.assertTrue(ISO_MS.match(inc["incident_updates"][0]["created_at"]))
        upd = [u["created_at"] for u in inc["incident_updates"]]
        self.assertEqual(upd, sorted(upd, reverse=True))
        self.assertIn("Next update in one hour", inc["incident_updates"][0]["body"])
        self.assertEqual({c["name"] for c in inc["components"]}, {"Checkout", "Invoicing"})
        aff = inc["incident_updates"][1]["affected_components"]
        self.assertEqual(set(aff[0]), {"code", "name", "old_status", "new_status"})
        self.assertEqual(aff[0]["name"], "Billing - Checkout")
        comp = self.sp("GET", "/components/ckout7m2p4qa").json
        self.assertEqual(set(comp), REF_KEYS["statuspage-component.json"])

    def test_incidents_list_newest_first_with_search_and_limit(self):
        items = self.sp("GET", "/incidents").json
        self.assertIsInstance(items, list)
        created = [i["created_at"] for i in items]
        self.assertEqual(created, sorted(created, reverse=True))
        self.assertEqual(len(items), 4)
        self.assertEqual([i["id"] for i in self.sp("GET", "/incidents?q=TEST+DATABASE").json], ["ch4tdb0mix3d"])
        self.assertEqual(len(self.sp("GET", "/incidents?limit=2&page=2").json), 2)
        self.assertEqual(self.sp("GET", "/incidents?limit=2&page=3").json, [])
        unresolved = self.sp("GET", "/incidents/unresolved.json").json
        self.assertEqual([i["id"] for i in unresolved], ["p8rtnr0ut4ge"])
        self.assertEqual([i["id"] for i in self.sp("GET", "/incidents/scheduled").json], ["m41ntinvdb26"])
        self.assertEqual([i["id"] for i in self.sp("GET", "/incidents/upcoming").json], ["m41ntinvdb26"])

    def test_create_incident_with_body_and_components_makes_first_update(self):
        r = self.sp("POST", "/incidents", {"incident": {
            "name": "Zgłoszenia e-mail docierają z opóźnieniem", "status": "investigating",
            "body": "We're looking into delayed email notifications.", "impact_override": "minor",
            "components": {"ntf9mail4wuc": "degraded_performance"}, "component_ids": ["ntf9mail4wuc"],
            "deliver_notifications": False, "metadata": {"tdesk": {"next_update_minutes": 30}}}})
        self.assertStatus(r, 201)
        inc = r.json
        self.assertEqual((inc["status"], inc["impact"], inc["impact_override"]), ("investigating", "minor", "minor"))
        self.assertEqual(len(inc["incident_updates"]), 1)
        u = inc["incident_updates"][0]
        self.assertEqual((u["status"], u["deliver_notifications"]), ("investigating", False))
        self.assertEqual(u["affected_components"], [{"code": "ntf9mail4wuc", "name": "Email notifications",
                                                     "old_status": "operational",
                                                     "new_status": "degraded_performance"}])
        self.assertEqual(inc["components"][0]["status"], "degraded_performance")
        self.assertEqual(inc["metadata"], {"tdesk": {"next_update_minutes": 30}})
        self.assertEqual(self.sp("GET", "/components/ntf9mail4wuc").json["status"], "degraded_performance")
        self.assertEqual(self.sp("GET", "/incidents").json[0]["id"], inc["id"])
        self.assertStatus(self.sp("POST", "/incidents", {"incident": {"body": "no name"}}), 422)

    def test_patching_an_incident_posts_an_update_and_sets_monitoring_and_resolved_times(self):
        r = self.sp("PATCH", "/incidents/p8rtnr0ut4ge", {"incident": {
            "status": "monitoring", "body": "Payments are flowing again. Next update in 30 minutes.",
            "components": {"ckout7m2p4qa": "operational"}}})
        self.assertStatus(r, 200)
        inc = r.json
        self.assertEqual(inc["status"], "monitoring")
        self.assertTrue(ISO_S.match(inc["monitoring_at"]))
        self.assertIsNone(inc["resolved_at"])
        self.assertEqual(len(inc["incident_updates"]), 4)
        self.assertEqual(inc["incident_updates"][0]["body"], "Payments are flowing again. Next update in 30 minutes.")
        aff = {a["code"]: a for a in inc["incident_updates"][0]["affected_components"]}
        self.assertEqual((aff["ckout7m2p4qa"]["old_status"], aff["ckout7m2p4qa"]["new_status"]),
                         ("under_maintenance", "operational"))
        r = self.sp("PUT", "/incidents/p8rtnr0ut4ge.json", {"incident": {"status": "resolved"}})
        self.assertTrue(ISO_S.match(r.json["resolved_at"]))
        self.assertEqual(r.json["incident_updates"][0]["status"], "resolved")
        self.assertEqual(self.sp("GET", "/incidents/unresolved").json, [])
        r = self.sp("PATCH", "/incidents/p8rtnr0ut4ge", {"incident": {"name": "Renamed"}})
        self.assertEqual(len(r.json["incident_updates"]), 5)

    def test_invalid_incident_and_component_statuses_are_422(self):
        self.assertStatus(self.sp("PATCH", "/incidents/p8rtnr0ut4ge", {"incident": {"status": "fixed"}}), 422)
        self.assertStatus(self.sp("PATCH", "/incidents/p8rtnr0ut4ge",
                                  {"incident": {"components": {"ckout7m2p4qa": "broken"}}}), 422)
        self.assertStatus(self.sp("PATCH", "/components/api4gw7t1nzx", {"component": {"status": "down"}}), 422)
        self.assertStatus(self.sp("PATCH", "/incidents/nope", {"incident": {"status": "resolved"}}), 404)
        self.assertEqual(len(self.sp("GET", "/incidents/p8rtnr0ut4ge").json["incident_updates"]), 3)

    def test_components_list_and_patch(self):
        items = self.sp("GET", "/components").json
        self.assertEqual(len(items), 8)
        self.assertEqual(len(self.sp("GET", "/components?per_page=3&page=3").json), 2)
        old = self.sp("GET", "/components/api4gw7t1nzx").json
        r = self.sp("PATCH", "/components/api4gw7t1nzx.json", {"component": {"status": "partial_outage"}})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "partial_outage")
        self.assertGreater(r.json["updated_at"], old["updated_at"])
        self.assertEqual(self.sp("GET", "/components/api4gw7t1nzx").json["status"], "partial_outage")
        groups = self.sp("GET", "/component-groups").json
        self.assertEqual(set(groups[0]), REF_KEYS["statuspage-component-group.json"])

    def test_incident_templates_list_and_create(self):
        items = self.sp("GET", "/incident_templates").json
        self.assertEqual(len(items), 4)
        self.assertEqual(set(items[0]), {"id", "components", "name", "title", "body", "group_id", "update_status",
                                         "should_tweet", "should_send_notifications"})
        self.assertEqual(len(self.sp("GET", "/incident_templates?per_page=3&page=2").json), 1)
        r = self.sp("POST", "/incident_templates", {"template": {
            "name": "決済の遅延", "title": "決済処理の遅延", "body": "現在、決済処理に遅延が発生しています。",
            "update_status": "investigating", "component_ids": ["ckout7m2p4qa"]}})
        self.assertStatus(r, 201)
        self.assertEqual(r.json["components"][0]["id"], "ckout7m2p4qa")
        self.assertStatus(self.sp("POST", "/incident_templates", {"template": {"name": "x"}}), 422)

    def test_postmortem_draft_publish_and_revert(self):
        iid = "b4nner4udnce"
        pm = self.sp("GET", "/incidents/%s/postmortem" % iid).json
        self.assertIsNone(pm["published_at"])
        r = self.sp("PUT", "/incidents/%s/postmortem" % iid,
                    {"postmortem": {"body_draft": "Release 4.18 skipped the audience check."}})
        self.assertEqual(r.json["body_draft"], "Release 4.18 skipped the audience check.")
        r = self.sp("PUT", "/incidents/%s/postmortem/publish" % iid,
                    {"postmortem": {"notify_twitter": False, "notify_subscribers": True, "custom_tweet": ""}})
        self.assertStatus(r, 200)
        self.assertTrue(ISO_S.match(r.json["published_at"]))
        inc = self.sp("GET", "/incidents/%s" % iid).json
        self.assertEqual(inc["postmortem_body"], "Release 4.18 skipped the audience check.")
        self.assertEqual(inc["postmortem_published_at"], r.json["published_at"])
        self.assertTrue(inc["postmortem_notified_subscribers"])
        r = self.sp("PUT", "/incidents/%s/postmortem/revert" % iid)
        self.assertIsNone(r.json["published_at"])
        self.assertIsNone(self.sp("GET", "/incidents/%s" % iid).json["postmortem_published_at"])
        self.assertStatus(self.sp("GET", "/incidents/p8rtnr0ut4ge/postmortem"), 404)

    def test_statuspage_rate_limit_answers_420_or_429_with_retry_after(self):
        for code in (429, 420):
            self.b.ctl("POST", "/ratelimits", {"enabled": True, "statuspage_status": code}, expect=200)
            self.assertStatus(self.sp("GET", "/components"), 200)
            r = self.sp("GET", "/components")
            self.assertStatus(r, code)
            self.assertEqual(r.headers["Retry-After"], "1")
        self.b.ctl("POST", "/ratelimits", {"enabled": False}, expect=200)
        self.assertStatus(self.sp("GET", "/components"), 200)

    def test_statuspage_accepts_form_encoded_bodies(self):
        form = urllib.parse.urlencode([("incident[name]", "Atraso no Pix"), ("incident[body]", "Investigando."),
                                       ("incident[components][api4gw7t1nzx]", "partial_outage")])
        r = self.b.call("POST", PAGE + "/incidents", form, auth=SP,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertStatus(r, 201)
        self.assertEqual((r.json["name"], r.json["components"][0]["status"]), ("Atraso no Pix", "partial_outage"))


# ====================================================================== payments

class PaymentsTests(Case):
    def test_payments_require_a_bearer_token_and_me_names_the_role(self):
        for auth in (None, "Bearer nope", "Basic cGF5LWFkbWlu"):
            r = self.pay("GET", "/me", auth=auth)
            self.assertStatus(r, 401)
            self.assertEqual(r.json["error"], "unauthorized")
        for auth, role in ((PAY_TECH, "technician"), (PAY_FIRST, "first_line"), (PAY_ADMIN, "admin")):
            me = self.pay("GET", "/me", auth=auth).json
            self.assertEqual(set(me), {"id", "name", "role"})
            self.assertEqual(me["role"], role)

    def test_payment_fields_and_money_are_exact_decimal_strings(self):
        p = self.pay("GET", "/flagged-payments/fp_1001").json
        self.assertEqual(set(p), {"id", "order_id", "version", "customer", "provider", "currency",
                                  "expected_amount", "received_amount", "fee_amount", "expected_reference",
                                  "received_reference", "expected_account", "received_account", "reasons",
                                  "status", "received_at", "flagged_at", "auto_cancel_at", "updated_at",
                                  "ticket_ids", "history"})
        self.assertEqual(set(p["customer"]), {"id", "name", "email", "zendesk_user_id"})
        self.assertEqual((p["expected_amount"], p["received_amount"]), ("15.46", "15.45"))
        self.assertEqual(set(p["history"][0]), {"at", "actor", "action", "note"})
        self.assertTrue(ISO_MS.match(p["updated_at"]))
        want = {"fp_1003": ("119.99", "3.78"), "fp_1005": ("15800", None), "fp_1009": ("12.450", None),
                "fp_1010": ("0.00149000", None)}
        for pid, (received, fee) in want.items():
            q = self.pay("GET", "/flagged-payments/" + pid).json
            self.assertEqual((q["received_amount"], q["fee_amount"]), (received, fee))
        self.assertStatus(self.pay("GET", "/flagged-payments/fp_nope"), 404)

    def test_flagged_payments_paginate_by_cursor_in_updated_at_order(self):
        seen, cursor, pages = [], None, 0
        while True:
            r = self.pay("GET", "/flagged-payments?limit=5" + ("&cursor=" + cursor if cursor else ""))
            self.assertStatus(r, 200)
            self.assertEqual(set(r.json), {"payments", "next_cursor"})
            seen += r.json["payments"]
            pages += 1
            cursor = r.json["next_cursor"]
            if cursor is None:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(len(seen), 12)
        keys = [(p["updated_at"], p["id"]) for p in seen]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual(len(self.pay("GET", "/flagged-payments").json["payments"]), 12)

    def test_updated_after_returns_only_later_changes(self):
        everything = self.pay("GET", "/flagged-payments?limit=500").json["payments"]
        newest = everything[-1]["updated_at"]
        self.assertEqual(self.pay("GET", "/flagged-payments?updated_after=" + newest).json,
                         {"payments": [], "next_cursor": None})
        self.assertStatus(self.resolve("fp_1008", {"action": "accept", "note": "+0,01 zł", "expected_version": 1},
                                       "k-upd"), 200)
        later = self.pay("GET", "/flagged-payments?updated_after=" + urllib.parse.quote(newest)).json["payments"]
        self.assertEqual([p["id"] for p in later], ["fp_1008"])
        offset = newest[:-1] + "+00:00"
        self.assertEqual(len(self.pay("GET", "/flagged-payments?updated_after=" +
                                      urllib.parse.quote(offset)).json["payments"]), 1)

    def test_listing_parameters_are_validated(self):
        for q in ("limit=0", "limit=501", "limit=ten", "updated_after=yesterday", "cursor=garbage"):
            r = self.pay("GET", "/flagged-payments?" + q)
            self.assertStatus(r, 400)
            self.assertEqual(set(r.json), {"error", "message"})
        self.assertEqual(len(self.pay("GET", "/flagged-payments?limit=500").json["payments"]), 12)

    def test_resolution_without_idempotency_key_is_400(self):
        r = self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, None)
        self.assertStatus(r, 400)
        self.assertEqual(r.json["error"], "idempotency_key_required")
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1001").json["version"], 1)

    def test_first_line_role_cannot_resolve_payments(self):
        r = self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, "k1", auth=PAY_FIRST)
        self.assertStatus(r, 403)
        self.assertEqual(r.json["error"], "forbidden")
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1001").json["status"], "flagged")

    def test_accept_resolution_bumps_version_and_history(self):
        before = self.pay("GET", "/flagged-payments/fp_1001").json
        r = self.resolve("fp_1001", {"action": "accept", "note": "Różnica 1 grosza — tolerancja.",
                                     "expected_version": 1}, "k-accept")
        self.assertStatus(r, 200)
        p = r.json
        self.assertEqual((p["version"], p["status"]), (2, "accepted"))
        self.assertGreater(p["updated_at"], before["updated_at"])
        self.assertEqual({k: v for k, v in p["history"][-1].items() if k != "at"},
                         {"actor": "Krzysztof Nowak", "action": "accept", "note": "Różnica 1 grosza — tolerancja."})
        self.assertEqual(self.resolve("fp_1002", {"action": "recalculate", "note": "", "expected_version": 1},
                                      "k-recalc", auth=PAY_ADMIN).json["status"], "recalculated")
        self.assertEqual(self.b.ctl("GET", "/state?what=refunds")["refunds"], [])

    def test_stale_expected_version_is_409_with_the_current_payment(self):
        self.b.ctl("POST", "/payments/fp_1003", {"reasons": ["fee_rounding", "late"]}, expect=200)
        r = self.resolve("fp_1003", {"action": "accept", "note": "", "expected_version": 1}, "k409")
        self.assertStatus(r, 409)
        self.assertEqual(r.json["error"], "version_conflict")
        self.assertIn("message", r.json)
        self.assertEqual((r.json["payment"]["version"], r.json["payment"]["status"]), (2, "flagged"))

    def test_resolving_an_already_resolved_payment_is_422(self):
        r = self.resolve("fp_1011", {"action": "refund", "note": "", "expected_version": 2}, "k422")
        self.assertStatus(r, 422)
        self.assertEqual(r.json["error"], "not_applicable")
        self.assertStatus(self.resolve("fp_1012", {"action": "accept", "note": "", "expected_version": 2}, "k4"), 422)
        self.assertEqual(self.b.ctl("GET", "/state?what=refunds")["refunds"], [])

    def test_malformed_resolution_bodies_are_400(self):
        for i, body in enumerate(({"action": "approve", "expected_version": 1}, {"action": "accept"},
                                  {"action": "accept", "expected_version": "1"},
                                  {"action": "accept", "expected_version": 1, "note": 5})):
            self.assertStatus(self.resolve("fp_1001", body, "bad-%d" % i), 400)

    def test_refund_amount_rules_are_enforced(self):
        cases = [("fp_1006", "249.001"), ("fp_1006", "249.01"), ("fp_1006", 10.5), ("fp_1006", "-1.00"),
                 ("fp_1006", "0.00"), ("fp_1006", "1e2"), ("fp_1005", "100.5"), ("fp_1009", "12.4500")]
        for i, (pid, amount) in enumerate(cases):
            r = self.resolve(pid, {"action": "refund", "note": "", "expected_version": 1,
                                   "refund_amount": amount}, "rf-%d" % i)
            self.assertStatus(r, 422)
            self.assertEqual(r.json["error"], "not_applicable")
        self.assertStatus(self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1,
                                                   "refund_amount": "1.00"}, "rf-accept"), 422)
        self.assertEqual(self.b.ctl("GET", "/state?what=refunds")["refunds"], [])
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1006").json["version"], 1)

    def test_refund_records_exactly_one_refund_with_exact_amount(self):
        r = self.resolve("fp_1006", {"action": "refund", "note": "Duplicate charge", "expected_version": 1,
                                     "refund_amount": "249.00"}, "k-refund")
        self.assertStatus(r, 200)
        self.assertEqual(r.json["status"], "refunded")
        r = self.resolve("fp_1009", {"action": "refund", "note": "", "expected_version": 1,
                                     "refund_amount": "12.45"}, "k-refund-kwd")
        self.assertStatus(r, 200)
        r = self.resolve("fp_1010", {"action": "refund", "note": "rate expired", "expected_version": 1}, "k-btc")
        refunds = self.b.ctl("GET", "/state?what=refunds")["refunds"]
        self.assertEqual([(x["payment_id"], x["amount"], x["currency"]) for x in refunds],
                         [("fp_1006", "249.00", "USD"), ("fp_1009", "12.450", "KWD"),
                          ("fp_1010", "0.00149000", "BTC")])

    def test_idempotent_replay_returns_the_first_answer_without_applying_twice(self):
        body = {"action": "refund", "note": "Cobrança duplicada", "expected_version": 1}
        first = self.resolve("fp_1006", body, "same-key")
        second = self.resolve("fp_1006", dict(reversed(list(body.items()))), "same-key")
        self.assertEqual((first.status, second.status), (200, 200))
        self.assertEqual(first.json, second.json)
        self.assertEqual(second.headers["Idempotent-Replayed"], "true")
        self.assertEqual(len(self.b.ctl("GET", "/state?what=refunds")["refunds"]), 1)
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1006").json["version"], 2)
        # A remembered failure is replayed too.
        c1 = self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 7}, "k-conflict")
        self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, "other-key")
        c2 = self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 7}, "k-conflict")
        self.assertEqual((c1.status, c2.status), (409, 409))
        self.assertEqual(c1.json, c2.json)

    def test_idempotency_key_reused_with_another_body_is_422_mismatch(self):
        self.assertStatus(self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, "kk"), 200)
        r = self.resolve("fp_1001", {"action": "accept", "note": "changed", "expected_version": 1}, "kk")
        self.assertStatus(r, 422)
        self.assertEqual(r.json["error"], "idempotency_mismatch")
        r = self.resolve("fp_1002", {"action": "accept", "note": "", "expected_version": 1}, "kk")
        self.assertEqual(r.json["error"], "idempotency_mismatch")
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1002").json["status"], "flagged")


# ====================================================================== faults

class FaultTests(Case):
    def test_status_fault_with_retry_after_seconds(self):
        self.fault({"match": {"backend": "zendesk", "method": "GET", "path": r"^/api/v2/tickets/101"},
                    "kind": "status", "status": 429, "retry_after": "30"})
        r = self.zd("GET", "/tickets/101.json")
        self.assertStatus(r, 429)
        self.assertEqual(r.headers["Retry-After"], "30")
        self.assertEqual(set(r.json), {"error", "description"})
        self.assertStatus(self.zd("GET", "/tickets/101.json"), 200)

    def test_status_fault_with_retry_after_http_date(self):
        self.fault({"match": {"backend": "statuspage"}, "kind": "status", "status": 503, "retry_after_date_in": 120,
                    "body": "upstream unavailable"})
        r = self.sp("GET", "/incidents")
        self.assertStatus(r, 503)
        self.assertEqual(r.raw, b"upstream unavailable")
        from email.utils import parsedate_to_datetime
        when = parsedate_to_datetime(r.headers["Retry-After"]).timestamp()
        self.assertTrue(r.headers["Retry-After"].endswith(" GMT"))
        self.assertAlmostEqual(when - time.time(), 120, delta=5)

    def test_status_fault_does_not_apply_the_request(self):
        self.fault({"match": {"backend": "payments", "method": "POST"}, "kind": "status", "status": 502})
        r = self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, "k-502")
        self.assertStatus(r, 502)
        self.assertEqual(self.pay("GET", "/flagged-payments/fp_1001").json["status"], "flagged")
        self.assertStatus(self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1},
                                       "k-502"), 200)

    def test_delay_fault_delays_then_serves(self):
        self.fault({"match": {"backend": "payments", "path": "^/v1/me$"}, "kind": "delay", "ms": 400})
        t0 = time.monotonic()
        r = self.pay("GET", "/me")
        self.assertStatus(r, 200)
        self.assertGreaterEqual(time.monotonic() - t0, 0.38)
        t0 = time.monotonic()
        self.pay("GET", "/me")
        self.assertLess(time.monotonic() - t0, 0.3)

    def test_drop_fault_is_seen_as_a_connection_error(self):
        self.fault({"match": {"backend": "zendesk", "method": "PUT"}, "kind": "drop"})
        before = self.ticket(101)
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
            self.zd("PUT", "/tickets/101", {"ticket": {"status": "pending"}})
        self.assertEqual(self.ticket(101), before)
        log = self.b.ctl("GET", "/requests")["requests"]
        self.assertEqual((log[-1]["method"], log[-1]["status"], log[-1]["fault"]), ("PUT", "dropped", "drop"))

    def test_truncate_fault_is_seen_as_an_incomplete_read(self):
        self.fault({"match": {"path": "incremental"}, "kind": "truncate"})
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port, timeout=10)
        conn.request("GET", "/zendesk/api/v2/incremental/tickets/cursor?start_time=0",
                     headers={"Authorization": ZD_ADMIN})
        resp = conn.getresponse()
        self.assertEqual(resp.status, 200)
        length = int(resp.headers["Content-Length"])
        with self.assertRaises(http.client.IncompleteRead) as cm:
            resp.read()
        self.assertEqual(len(cm.exception.partial), length // 2)
        conn.close()

    def test_malformed_fault_sends_invalid_json(self):
        self.fault({"match": {"backend": "payments"}, "kind": "malformed"})
        r = self.pay("GET", "/flagged-payments")
        self.assertStatus(r, 200)
        self.assertEqual(int(r.headers["Content-Length"]), len(r.raw))
        with self.assertRaises(ValueError):
            json.loads(r.raw)
        self.fault({"match": {"backend": "payments"}, "kind": "malformed", "body": "<html>502</html>"})
        self.assertEqual(self.pay("GET", "/me").raw, b"<html>502</html>")

    def test_honest_truncate_is_a_whole_answer_with_json_cut_short(self):
        self.fault({"match": {"backend": "payments"}, "kind": "truncate", "honest_length": True})
        r = self.pay("GET", "/flagged-payments/fp_1003")
        self.assertStatus(r, 200)
        self.assertEqual(int(r.headers["Content-Length"]), len(r.raw))
        self.assertTrue(r.raw.startswith(b'{"id": "fp_1003"') or r.raw.startswith(b"{"))
        with self.assertRaises(ValueError):
            json.loads(r.raw)

    def test_a_2xx_status_fault_with_text_is_a_captive_portal_and_applies_nothing(self):
        before = self.ticket(101)
        self.fault({"match": {"backend": "zendesk", "method": "PUT"}, "kind": "status", "status": 200,
                    "body": "<html><body>Sign in to the hotel Wi-Fi</body></html>",
                    "content_type": "text/html"})
        r = self.zd("PUT", "/tickets/101", {"ticket": {"status": "pending"}})
        self.assertStatus(r, 200)
        self.assertEqual(r.headers["Content-Type"], "text/html")
        self.assertIn(b"Wi-Fi", r.raw)
        self.assertEqual(self.ticket(101), before)

    def test_reset_then_apply_closes_first_and_applies_later(self):
        self.fault({"match": {"backend": "zendesk", "method": "PUT"}, "kind": "reset_then_apply", "ms": 700})
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
            self.zd("PUT", "/tickets/101", {"ticket": {"status": "pending"}})
        self.assertNotEqual(self.zd("GET", "/tickets/101").json["ticket"]["status"], "pending")
        time.sleep(1.2)
        self.assertEqual(self.zd("GET", "/tickets/101").json["ticket"]["status"], "pending")
        log = self.b.ctl("GET", "/requests")["requests"]
        put = [e for e in log if e["method"] == "PUT"][-1]
        self.assertEqual((put["status"], put["fault"]), ("lost", "reset_then_apply"))

    def test_invalid_utf8_fault_applies_and_spoils_the_answer(self):
        self.fault({"match": {"backend": "zendesk", "method": "PUT"}, "kind": "invalid_utf8"})
        r = self.zd("PUT", "/tickets/101", {"ticket": {"status": "pending"}})
        self.assertStatus(r, 200)
        self.assertIn(b"\xff", r.raw)
        with self.assertRaises(UnicodeDecodeError):
            r.raw.decode("utf-8")
        self.assertEqual(self.zd("GET", "/tickets/101").json["ticket"]["status"], "pending")

    def test_wrong_types_fault_keeps_keys_and_changes_types(self):
        good = self.pay("GET", "/flagged-payments/fp_1003").json
        self.fault({"match": {"backend": "payments"}, "kind": "wrong_types"})
        bad = self.pay("GET", "/flagged-payments/fp_1003").json
        self.assertEqual(set(bad), set(good))
        self.assertEqual(bad["received_amount"], 119.99)
        self.assertEqual(bad["version"], "1")
        self.assertIsInstance(bad["reasons"], dict)
        self.fault({"match": {"backend": "zendesk"}, "kind": "wrong_types"})
        t = self.zd("GET", "/tickets/101").json["ticket"]
        self.assertEqual(t["id"], "101")
        self.assertIsInstance(t["tags"], dict)
        self.assertEqual(t["is_public"], "true")
        self.fault({"match": {"backend": "statuspage"}, "kind": "wrong_types"})
        items = self.sp("GET", "/components").json
        self.assertIsInstance(items, list)
        self.assertIsInstance(items[0]["position"], str)

    def test_oversized_fault_streams_a_valid_body_of_the_requested_size(self):
        self.fault({"match": {"backend": "zendesk"}, "kind": "oversized", "bytes": 3 * 1024 * 1024 + 7})
        r = self.zd("GET", "/tickets")
        self.assertStatus(r, 200)
        self.assertEqual(len(r.raw), 3 * 1024 * 1024 + 7)
        self.assertTrue(json.loads(r.raw)["oversized"])
        self.fault({"match": {"backend": "zendesk"}, "kind": "oversized"})
        conn = http.client.HTTPConnection("127.0.0.1", self.b.port, timeout=10)
        conn.request("GET", "/zendesk/api/v2/tickets", headers={"Authorization": ZD_ADMIN})
        resp = conn.getresponse()
        self.assertEqual(int(resp.headers["Content-Length"]), 64 * 1024 * 1024)
        self.assertEqual(len(resp.read(1 << 20)), 1 << 20)
        conn.close()                # the client's size cap: stop reading
        self.assertStatus(self.zd("GET", "/tickets/101"), 200)

    def test_big_header_fault_applies_the_request_and_sends_one_long_header_line(self):
        before = self.ticket(113)
        self.fault({"match": {"backend": "zendesk", "method": "PUT"}, "kind": "big_header",
                    "bytes": 200000})
        body = json.dumps({"ticket": {"comment": {"body": "A long answer", "public": False}}}).encode()
        # http.client refuses header lines over 64 KiB: read the raw answer.
        sock = socket.create_connection(("127.0.0.1", self.b.port), timeout=10)
        sock.sendall(b"PUT /zendesk/api/v2/tickets/113 HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: " + ZD_ADMIN.encode() + b"\r\n"
                     b"Content-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        raw = b""
        while True:
            data = sock.recv(1 << 16)
            if not data:
                break
            raw += data
        sock.close()
        head, _, rest = raw.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        self.assertTrue(lines[0].startswith(b"HTTP/1.1 200"), lines[0][:80])
        self.assertIn(b"X-Padding: " + b"x" * 200000, lines)
        length = [int(l.split(b":")[1]) for l in lines if l.lower().startswith(b"content-length:")]
        self.assertEqual(length, [len(rest)])
        self.assertEqual(json.loads(rest)["ticket"]["id"], 113)
        after = self.ticket(113)
        self.assertEqual(len(after["comments"]), len(before["comments"]) + 1)
        # A client that stops reading the header costs the server nothing.
        self.fault({"match": {"backend": "zendesk"}, "kind": "big_header", "bytes": 4 * 1024 * 1024})
        sock = socket.create_connection(("127.0.0.1", self.b.port), timeout=10)
        sock.sendall(b"GET /zendesk/api/v2/tickets/101 HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: " + ZD_ADMIN.encode() + b"\r\n\r\n")
        self.assertTrue(sock.recv(1024).startswith(b"HTTP/1.1 200"))
        sock.close()
        self.assertStatus(self.zd("GET", "/tickets/101"), 200)
        for bad in (0, -1, MAX_BIG + 1, "10", True):
            self.assertStatus(self.b.call("POST", "/_control/faults",
                                          {"kind": "big_header", "bytes": bad}), 400)

    def test_lost_response_applies_the_write_once_and_sends_nothing(self):
        before = self.ticket(113)
        self.fault({"match": {"backend": "zendesk", "method": "PUT", "path": r"/tickets/113"},
                    "kind": "lost_response"})
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
            self.zd("PUT", "/tickets/113.json", {"ticket": {"comment": {"body": "確認中です。"}, "status": "pending"}})
        after = self.ticket(113)
        self.assertEqual(len(after["comments"]), len(before["comments"]) + 1)
        self.assertEqual(after["ticket"]["status"], "pending")
        log = self.b.ctl("GET", "/requests")["requests"]
        self.assertEqual([e["status"] for e in log if e["method"] == "PUT"], ["lost"])

    def test_lost_resolution_replayed_with_the_same_key_refunds_once(self):
        self.fault({"match": {"backend": "payments", "method": "POST", "path": "resolution$"},
                    "kind": "lost_response"})
        body = {"action": "refund", "note": "duplicate", "expected_version": 1}
        with self.assertRaises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
            self.resolve("fp_1006", body, "retry-me")
        self.assertEqual(len(self.b.ctl("GET", "/state?what=refunds")["refunds"]), 1)
        r = self.resolve("fp_1006", body, "retry-me")
        self.assertStatus(r, 200)
        self.assertEqual((r.json["status"], r.json["version"]), ("refunded", 2))
        self.assertEqual(len(self.b.ctl("GET", "/state?what=refunds")["refunds"]), 1)

    def test_fault_counts_matching_and_forever_rules(self):
        self.fault({"match": {"backend": "zendesk", "method": "GET", "path": "/groups"},
                    "kind": "status", "status": 500, "count": 2})
        self.fault({"match": {"backend": "*", "method": "*", "path": "/me$"}, "kind": "status", "status": 503,
                    "count": 0})
        self.assertEqual([self.zd("GET", "/groups").status for _ in range(3)], [500, 500, 200])
        self.assertEqual(self.zd("GET", "/tickets/101").status, 200)
        self.assertEqual([self.pay("GET", "/me").status for _ in range(5)], [503] * 5)
        self.assertEqual(self.zd("GET", "/users/me").status, 503)
        rules = self.b.ctl("GET", "/faults")["faults"]
        self.assertEqual([(r["remaining"], r["hits"]) for r in rules], [(0, 2), (0, 6)])
        self.b.ctl("DELETE", "/faults", expect=200)
        self.assertEqual(self.pay("GET", "/me").status, 200)

    def test_invalid_fault_rules_are_400(self):
        for rule in ({"kind": "explode"}, {"kind": "status"}, {"kind": "delay", "ms": -1},
                     {"kind": "drop", "match": {"backend": "jira"}}, {"kind": "drop", "match": {"path": "("}},
                     {"kind": "drop", "count": -1}):
            r = self.b.call("POST", "/_control/faults", rule)
            self.assertStatus(r, 400)
        r = self.b.call("POST", "/_control/faults", [{"kind": "drop"}, {"kind": "explode"}])
        self.assertStatus(r, 400)
        self.assertEqual(self.b.ctl("GET", "/faults")["faults"], [])
        two = self.b.ctl("POST", "/faults", [{"kind": "drop", "match": {"path": "^/nowhere$"}},
                                             {"kind": "delay", "ms": 1}], expect=201)["faults"]
        self.assertEqual([r["kind"] for r in two], ["drop", "delay"])


# ====================================================================== control

class ControlTests(Case):
    def test_requests_are_recorded_with_masked_credentials(self):
        self.b.ctl("DELETE", "/requests", expect=200)
        self.zd("PUT", "/tickets/101.json?x=1", {"ticket": {"status": "pending"}}, auth=ZD_AGENT)
        self.b.call("GET", PAGE + "/incidents?api_key=sp-key&q=chat")
        self.resolve("fp_1001", {"action": "accept", "note": "", "expected_version": 1}, "log-key",
                     auth=PAY_FIRST)
        self.b.ctl("GET", "/state?what=payments")
        log = self.b.ctl("GET", "/requests")["requests"]
        self.assertEqual(len(log), 3, "control requests are not recorded")
        put, sp, pay = log
        self.assertEqual(set(put), {"seq", "time", "backend", "method", "path", "query", "headers", "body",
                                    "status", "fault"})
        self.assertEqual((put["method"], put["path"], put["query"], put["status"]),
                         ("PUT", "/zendesk/api/v2/tickets/101.json", {"x": ["1"]}, 200))
        self.assertEqual(put["headers"]["authorization"], "Basic ***")
        self.assertEqual(put["body"], {"ticket": {"status": "pending"}})
        self.assertNotIn("zd-agent-token", json.dumps(log))
        self.assertEqual(sp["query"], {"api_key": ["***"], "q": ["chat"]})
        self.assertEqual((pay["headers"]["authorization"], pay["headers"]["idempotency-key"], pay["status"]),
                         ("Bearer ***", "log-key", 403))
        self.assertTrue(ISO_MS.match(put["time"]))
        since = self.b.ctl("GET", "/requests?since=%d" % put["seq"])["requests"]
        self.assertEqual([e["seq"] for e in since], [sp["seq"], pay["seq"]])
        self.b.ctl("DELETE", "/requests", expect=200)
        self.assertEqual(self.b.ctl("GET", "/requests")["requests"], [])

    def test_reset_reseeds_the_scenario(self):
        self.zd("PUT", "/tickets/101", {"ticket": {"status": "solved"}})
        self.resolve("fp_1006", {"action": "refund", "note": "", "expected_version": 1}, "k")
        self.fault({"kind": "drop", "match": {"backend": "statuspage"}})
        self.b.ctl("POST", "/reset", expect=200)
        self.assertEqual(self.ticket(101)["ticket"]["status"], "open")
        self.assertEqual(self.b.ctl("GET", "/state?what=refunds")["refunds"], [])
        self.assertEqual(self.b.ctl("GET", "/faults")["faults"], [])
        self.assertStatus(self.sp("GET", "/incidents"), 200)

    def test_control_ticket_change_bumps_updated_at_as_another_agent(self):
        t0 = self.ticket(112)["ticket"]["updated_at"]
        a = self.b.ctl("POST", "/zendesk/tickets/112", {}, expect=200)["ticket"]["updated_at"]
        b = self.b.ctl("POST", "/zendesk/tickets/112", {"status": "pending", "comment": {"body": "Vou verificar."}},
                       expect=200)
        self.assertLess(t0, a)
        self.assertLess(a, b["ticket"]["updated_at"])
        self.assertEqual(b["audit"]["author_id"], 40003)
        self.assertEqual(self.ticket(112)["comments"][-1]["author_id"], 40003)

    def test_control_can_add_tickets_payments_and_incidents(self):
        t = self.b.ctl("POST", "/zendesk/tickets", {"subject": "Novo", "comment": {"body": "Olá"},
                                                   "requester_id": 41001}, expect=201)["ticket"]
        self.assertStatus(self.zd("GET", "/tickets/%d" % t["id"]), 200)
        p = self.b.ctl("POST", "/payments", {"currency": "EUR", "expected_amount": "10.00",
                                             "received_amount": "9.99", "reasons": ["fee_rounding"]}, expect=201)
        got = self.pay("GET", "/flagged-payments/" + p["id"]).json
        self.assertEqual((got["received_amount"], got["status"], got["version"]), ("9.99", "flagged", 1))
        newest = self.pay("GET", "/flagged-payments?limit=500").json["payments"][-1]
        self.assertEqual(newest["id"], p["id"])
        self.assertStatus(self.b.call("POST", "/_control/payments", {"currency": "EUR", "received_amount": "1.001"}),
                          400)
        inc = self.b.ctl("POST", "/statuspage/incidents", {"name": "Control incident", "body": "x"}, expect=201)
        self.assertEqual(self.sp("GET", "/incidents/" + inc["id"]).json["name"], "Control incident")

    def test_state_endpoint_reports_tickets_jobs_refunds_components_and_incidents(self):
        s = self.b.ctl("GET", "/state?what=tickets")
        self.assertEqual((s["count"], len(s["tickets"])), (32, 32))
        self.assertEqual(len(self.b.ctl("GET", "/state?what=components")["components"]), 8)
        incs = self.b.ctl("GET", "/state?what=incidents")["incidents"]
        self.assertEqual(len(incs), 4)
        self.assertIn("postmortem", incs[0])
        self.assertEqual(len(self.b.ctl("GET", "/state?what=payments")["payments"]), 12)
        self.zd("PUT", "/tickets/update_many?ids=101", {"ticket": {"status": "pending"}})
        self.assertEqual(self.b.ctl("GET", "/state?what=jobs")["jobs"][0]["status"], "completed")
        self.assertStatus(self.b.call("GET", "/_control/state?what=nonsense"), 400)

    def test_nul_and_lone_surrogates_go_out_as_the_json_escapes_they_came_in_as(self):
        # "\u0000", a lone high and a lone low surrogate, and a pair (the
        # emoji, which goes out as UTF-8): valid JSON, though no UTF-8 text
        # can hold the lone halves.
        bad = "a\x00b\ud800c\udc00d\U0001F600"
        wire = b"a\\u0000b\\ud800c\\udc00d\xf0\x9f\x98\x80"
        user = self.b.ctl("POST", "/zendesk/users", {"name": bad}, expect=201)["user"]
        self.assertEqual(user["name"], bad)
        t = self.b.ctl("POST", "/zendesk/tickets", {"subject": bad, "requester_id": user["id"],
                                                   "comment": {"body": bad}}, expect=201)["ticket"]
        r = self.zd("GET", "/tickets/%d.json?include=users" % t["id"])
        self.assertStatus(r, 200)
        self.assertEqual(r.raw.count(wire), 4)     # subject, raw_subject, description, the user's name
        self.assertEqual(r.json["ticket"]["subject"], bad)
        export = self.zd("GET", "/incremental/tickets/cursor.json?start_time=0&include=users")
        self.assertIn(wire, export.raw)
        self.assertIn(wire, self.zd("GET", "/tickets/%d/comments" % t["id"]).raw)
        inc = self.b.ctl("POST", "/statuspage/incidents", {"name": bad, "body": bad}, expect=201)
        r = self.sp("GET", "/incidents/unresolved")
        self.assertStatus(r, 200)
        self.assertEqual([i for i in r.json if i["id"] == inc["id"]][0]["incident_updates"][0]["body"], bad)
        self.assertEqual(r.raw.count(wire), 2)
        self.b.ctl("POST", "/payments", {"id": "fp_bad", "customer": {"id": "cus_bad", "name": bad,
                                                                      "email": None, "zendesk_user_id": None}},
                   expect=201)
        r = self.pay("GET", "/flagged-payments/fp_bad")
        self.assertStatus(r, 200)
        self.assertIn(wire, r.raw)
        self.assertEqual(r.json["customer"]["name"], bad)
        # The request log and ctl.py carry them too.
        self.assertStatus(self.zd("PUT", "/tickets/%d" % t["id"], {"ticket": {"comment": {
            "body": bad, "public": False}}}), 200)
        self.assertEqual(self.b.ctl("GET", "/requests")["requests"][-1]["body"]["ticket"]["comment"]["body"], bad)
        out = subprocess.run([sys.executable, CTL, "--port", str(self.b.port), "GET",
                              "/_control/state?what=users"], stdout=subprocess.PIPE, check=True).stdout
        self.assertIn(b"a\\u0000b\\ud800c\\udc00d", out)

    def test_a_page_cap_bounds_the_export_and_the_payments_list_until_reset(self):
        self.assertEqual(self.b.ctl("GET", "/paging", expect=200), {"max": None})
        self.assertEqual(self.b.ctl("POST", "/paging", {"max": 5}, expect=200), {"max": 5})
        ids, pages, cursor, url = [], 0, None, "/incremental/tickets/cursor.json?start_time=0&per_page=1000"
        while True:
            page = self.zd("GET", url).json
            pages += 1
            self.assertLessEqual(len(page["tickets"]), 5)
            ids += [t["id"] for t in page["tickets"]]
            if page["end_of_stream"]:
                break
            url = "/incremental/tickets/cursor.json?per_page=1000&cursor=" + urllib.parse.quote(page["after_cursor"])
            self.assertLess(pages, 20)
        self.assertEqual((len(ids), len(set(ids)), pages), (32, 32, 7))
        got, pages, url = [], 0, "/flagged-payments?limit=200"
        while url:
            page = self.pay("GET", url).json
            pages += 1
            self.assertLessEqual(len(page["payments"]), 5)
            got += [p["id"] for p in page["payments"]]
            url = page["next_cursor"] and "/flagged-payments?limit=200&cursor=" + page["next_cursor"]
        self.assertEqual((len(got), len(set(got)), pages), (12, 12, 3))
        # Statuspage's lists are not capped: a short page is their last.
        self.assertEqual(len(self.sp("GET", "/components?per_page=100").json), 8)
        for bad in (0, -1, "5", True, 2.5):
            self.assertStatus(self.b.call("POST", "/_control/paging", {"max": bad}), 400)
        self.assertEqual(self.b.ctl("GET", "/paging"), {"max": 5})
        self.b.ctl("POST", "/reset", expect=200)
        self.assertEqual(self.b.ctl("GET", "/paging"), {"max": None})
        self.assertEqual(len(self.pay("GET", "/flagged-payments?limit=200").json["payments"]), 12)

    def test_control_creates_users_and_organizations_the_api_serves_byte_for_byte(self):
        hostile = "Zażółć \x1b]0;pwned\x07 株式会社 \u009b2J \u202eevil \U0001F469\u200d\U0001F4BB"
        org = self.b.ctl("POST", "/zendesk/organizations",
                         {"name": hostile, "tags": ["hostile", hostile], "details": hostile}, expect=201)
        org = org["organization"]
        self.assertEqual(org["id"], 30009)
        self.assertLessEqual(REF_KEYS["zendesk-organization"], set(org))
        user = self.b.ctl("POST", "/zendesk/users", {"name": hostile, "email": "h1@hostile.test",
                                                     "organization_id": org["id"], "tags": [hostile]},
                          expect=201)["user"]
        self.assertEqual((user["role"], user["organization_id"], user["active"]), ("end-user", org["id"], True))
        self.assertNotIn("api_token", user)
        got = self.zd("GET", "/users/%d.json" % user["id"])
        self.assertEqual(got.json["user"]["name"], hostile)
        self.assertEqual(got.json["user"]["tags"], [hostile])
        # On the wire: C0 controls escaped as JSON wants, C1 and the rest as UTF-8.
        self.assertIn(b"\\u001b]0;pwned\\u0007", got.raw)
        self.assertIn("\u009b2J \u202eevil".encode("utf-8"), got.raw)
        self.assertEqual(self.zd("GET", "/organizations/%d" % org["id"]).json["organization"]["name"], hostile)
        listed = self.zd("GET", "/organizations/show_many?ids=30001,%d" % org["id"]).json["organizations"]
        self.assertEqual([o["name"] for o in listed], ["Padaria Estrela Ltda.", hostile])
        t = self.b.ctl("POST", "/zendesk/tickets", {"subject": hostile, "comment": {"body": hostile},
                                                   "requester_id": user["id"], "tags": ["hostile", hostile]},
                       expect=201)["ticket"]
        self.assertEqual(t["organization_id"], org["id"])
        shown = self.zd("GET", "/tickets/%d?include=users,organizations" % t["id"]).json
        self.assertEqual(shown["ticket"]["subject"], hostile)
        self.assertEqual({u["name"] for u in shown["users"]}, {hostile, "Beatriz Santos"})
        self.assertEqual(shown["organizations"][0]["name"], hostile)
        comments = self.zd("GET", "/tickets/%d/comments" % t["id"]).json["comments"]
        self.assertEqual((comments[0]["body"], comments[0]["author_id"]), (hostile, user["id"]))
        users = self.b.ctl("GET", "/state?what=users")["users"]
        self.assertEqual(users[-1]["name"], hostile)
        orgs = self.b.ctl("GET", "/state?what=organizations")["organizations"]
        self.assertEqual((len(orgs), orgs[-1]["name"]), (9, hostile))
        self.b.ctl("POST", "/reset", expect=200)
        self.assertStatus(self.zd("GET", "/users/%d" % user["id"]), 404)

    def test_control_users_and_organizations_are_validated_and_nothing_is_stored_on_422(self):
        before = (len(self.b.ctl("GET", "/state?what=users")["users"]),
                  len(self.b.ctl("GET", "/state?what=organizations")["organizations"]))
        for body, field in (({"email": "x@y.test"}, "name"), ({"name": "  "}, "name"),
                            ({"name": "A", "email": "admin@acme.test"}, "email"),
                            ({"name": "A", "email": "no-at-sign"}, "email"),
                            ({"name": "A", "organization_id": 999}, "organization_id"),
                            ({"name": "A", "role": "owner"}, "role"),
                            ({"name": "A", "tags": "one two"}, "tags"),
                            ({"name": "A", "id": 41001}, "id")):
            r = self.b.call("POST", "/_control/zendesk/users", body)
            self.assertStatus(r, 422)
            self.assertEqual(r.json["error"], "RecordInvalid")
            self.assertIn(field, r.json["details"], body)
        for body, field in (({"name": "Northwind Traders"}, "name"), ({}, "name"),
                            ({"name": "B", "domain_names": [1]}, "domain_names"),
                            ({"name": "B", "notes": 3}, "notes"), ({"name": "B", "id": 30001}, "id")):
            r = self.b.call("POST", "/_control/zendesk/organizations", body)
            self.assertStatus(r, 422)
            self.assertIn(field, r.json["details"], body)
        after = (len(self.b.ctl("GET", "/state?what=users")["users"]),
                 len(self.b.ctl("GET", "/state?what=organizations")["organizations"]))
        self.assertEqual(before, after)

    def test_control_ticket_keeps_a_one_megabyte_subject_and_cuts_its_comment_at_64_kib(self):
        line = "abc\u200b\ufffd\x1b[1m" * 116508
        t = self.b.ctl("POST", "/zendesk/tickets", {"subject": line, "comment": {"body": line},
                                                   "requester_id": 41001}, expect=201)["ticket"]
        got = self.zd("GET", "/tickets/%d" % t["id"]).json["ticket"]
        self.assertEqual(got["subject"], line)
        body = self.zd("GET", "/tickets/%d/comments" % t["id"]).json["comments"][0]["body"]
        self.assertGreater(len(body.encode("utf-8")), 64 * 1024 - 3)     # cut on a UTF-8 boundary
        self.assertLessEqual(len(body.encode("utf-8")), 64 * 1024)
        self.assertTrue(line.startswith(body))


# ====================================================================== generated volumes

class GeneratedTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.b = Backend("--generate", "2500")

    @classmethod
    def tearDownClass(cls):
        cls.b.stop()

    def test_cursor_pagination_over_2500_generated_tickets(self):
        b = self.b
        ids, url, pages = [], "/zendesk/api/v2/incremental/tickets/cursor.json?start_time=0", 0
        while True:
            page = b.call("GET", url, auth=ZD_ADMIN).json
            ids += [(t["generated_timestamp"], t["id"]) for t in page["tickets"]]
            pages += 1
            url = "/zendesk/api/v2/incremental/tickets/cursor.json?cursor=" + urllib.parse.quote(page["after_cursor"])
            if page["end_of_stream"]:
                break
        self.assertEqual(pages, 3)
        self.assertEqual(sorted(i for _, i in ids), list(range(1, 2501)))
        self.assertEqual(ids, sorted(ids))
        seen, after = [], None
        for _ in range(30):
            q = "/zendesk/api/v2/tickets.json?page[size]=100&sort=updated_at" + ("&page[after]=" + after if after else "")
            page = b.call("GET", q, auth=ZD_AGENT).json
            seen += [t["id"] for t in page["tickets"]]
            after = page["meta"]["after_cursor"]
            if not page["meta"]["has_more"]:
                break
        self.assertEqual(seen, list(range(1, 2501)))
        self.assertEqual(b.call("GET", "/zendesk/api/v2/tickets?per_page=100&page=25", auth=ZD_AGENT).json["count"],
                         2500)
        # A change moves the ticket to the end of the stream and of updated_at order.
        r = b.call("PUT", "/zendesk/api/v2/tickets/1234", {"ticket": {"comment": {"body": "Sprawdzone."},
                                                                       "status": "pending"}}, auth=ZD_AGENT)
        self.assertEqual(r.status, 200, r.raw)
        later = b.call("GET", url, auth=ZD_ADMIN).json
        self.assertEqual([t["id"] for t in later["tickets"]], [1234])
        last = b.call("GET", "/zendesk/api/v2/tickets?page[size]=2&sort=-updated_at", auth=ZD_AGENT).json
        self.assertEqual(last["tickets"][0]["id"], 1234)
        comments = b.call("GET", "/zendesk/api/v2/tickets/1234/comments", auth=ZD_AGENT).json["comments"]
        self.assertEqual(comments[-1]["body"], "Sprawdzone.")
        self.assertEqual(len({c["id"] for c in comments}), len(comments))
        b.ctl("POST", "/reset", expect=200)

    def test_generated_data_is_deterministic_and_multilingual(self):
        other = Backend("--generate", "2500")
        try:
            a = self.b.call("GET", "/zendesk/api/v2/tickets/show_many?ids=7,1999", auth=ZD_AGENT).json
            b = other.call("GET", "/zendesk/api/v2/tickets/show_many?ids=7,1999", auth=ZD_AGENT).json
            strip = lambda d: json.dumps(d).replace(str(self.b.port), "P").replace(str(other.port), "P")
            self.assertEqual(strip(a), strip(b))
        finally:
            other.stop()
        subjects = {t["subject"] for t in self.b.call("GET", "/zendesk/api/v2/tickets?per_page=100",
                                                      auth=ZD_AGENT).json["tickets"]}
        text = " ".join(subjects)
        for sample in ("ł", "ã", "請求"):
            self.assertIn(sample, text)

    def test_generate_one_million_starts_fast_and_serves_page_one(self):
        t0 = time.monotonic()
        big = Backend("--generate", "1000000")
        try:
            started = time.monotonic() - t0
            self.assertLess(started, 5.0, "startup took %.1f s" % started)
            t1 = time.monotonic()
            page = big.call("GET", "/zendesk/api/v2/incremental/tickets/cursor.json?start_time=0&include=users",
                            auth=ZD_ADMIN).json
            self.assertLess(time.monotonic() - t1, 5.0)
            self.assertEqual(len(page["tickets"]), 1000)
            self.assertEqual([t["id"] for t in page["tickets"]], list(range(1, 1001)))
            self.assertFalse(page["end_of_stream"])
            self.assertTrue(page["users"])
            newest = big.call("GET", "/zendesk/api/v2/tickets?page[size]=3&sort=-updated_at", auth=ZD_AGENT).json
            self.assertEqual([t["id"] for t in newest["tickets"]], [1000000, 999999, 999998])
            self.assertEqual(big.call("GET", "/zendesk/api/v2/tickets/777777", auth=ZD_AGENT).status, 200)
            self.assertEqual(big.call("GET", "/zendesk/api/v2/tickets/1000001", auth=ZD_AGENT).status, 404)
            rss = _rss_mib(big.proc.pid)
            if rss is not None:
                self.assertLess(rss, 300, "resident memory %d MiB" % rss)
        finally:
            big.stop()


def _rss_mib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


# ====================================================================== TAP runner

class TapResult(unittest.TestResult):
    """One TAP line per test on stdout; diagnostics as "# " lines."""

    def __init__(self):
        super().__init__()
        self.n = 0

    @staticmethod
    def _name(test):
        return getattr(test, "_testMethodName", None) or str(test)

    def _line(self, ok, test, extra=""):
        self.n += 1
        print("%s %d - backend: %s%s" % ("ok" if ok else "not ok", self.n, self._name(test), extra), flush=True)

    def _diag(self, text):
        for line in text.rstrip().splitlines():
            print("#   " + line, flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diag(self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test)
        self._diag(self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, " # SKIP %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " # unexpected success")


def main(argv):
    only = None
    if len(argv) >= 2 and argv[0] == "-k":
        only = argv[1]
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    if only:
        def keep(s):
            out = unittest.TestSuite()
            for t in s:
                if isinstance(t, unittest.TestSuite):
                    out.addTest(keep(t))
                elif only in t.id():
                    out.addTest(t)
            return out
        suite = keep(suite)
    result = TapResult()
    t0 = time.monotonic()
    suite.run(result)
    print("1..%d" % result.n)
    print("# %d passed, %d failed in %.1f s" % (result.n - len(result.failures) - len(result.errors),
                                                len(result.failures) + len(result.errors), time.monotonic() - t0))
    return 0 if result.wasSuccessful() and result.n > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
