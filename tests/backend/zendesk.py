"""Zendesk Support API v2, as much of it as tdesk uses, served under
/zendesk: the cursor-based incremental ticket export (admins), the ticket
list agents may use, tickets, comments, updates with safe_update, bulk and
batch update jobs, users, groups, organizations and macros.

Shapes follow the design material's reference/backend-apis.md section 1
and its payloads. This file holds seeding, auth, routing and the reads;
zendesk_writes.py the updates, creation and bulk jobs; zendesk_model.py the
records, rendering and the ticket store.
"""

import base64
import re
import time
from collections import deque

from common import (ApiError, ListSource, Response, cursor_page, iso_s, now_ms, now_s, offset_page,
                    q1, qids, qint, scenario_time_s, url_with_params)
from zendesk_model import (EXPORT_LIMIT, FORBIDDEN_DESCRIPTION, TicketStore, bad_request, field_error,
                           html_of, not_found, record_invalid, render_comment, render_group,
                           render_macro, render_org, render_ticket, render_user, text_of, zerr)
from zendesk_writes import TicketWrites
from generate import Generator


# ---------------------------------------------------------------- the backend

class Zendesk(TicketWrites):
    name = "zendesk"

    def __init__(self, app):
        self.app = app
        self.reset_limits()

    def reset_limits(self):
        self.export_hits = deque()
        self.update_hits = {}        # (user id, ticket id) -> deque of times

    # -- seeding ---------------------------------------------------------

    def seed(self, scenario, base_ms, generate=None):
        z = scenario.get("zendesk", {})
        t = lambda v: scenario_time_s(v, base_ms)
        self.users = {}
        self.tokens = {}
        for u in z.get("users", []):
            u = self._user_record(u, t)
            if u.get("api_token"):
                self.tokens[u["api_token"]] = u["id"]
            self.users[u["id"]] = u
        self.groups = {}
        for g in z.get("groups", []):
            g = dict(g)
            for k, d in (("description", ""), ("default", False), ("deleted", False),
                         ("is_public", True)):
                g.setdefault(k, d)
            g["created_at"] = t(g.get("created_at", "now-400d"))
            g["updated_at"] = t(g.get("updated_at", "now-100d"))
            self.groups[g["id"]] = g
        self.orgs = {}
        for o in z.get("organizations", []):
            o = self._org_record(o, t)
            self.orgs[o["id"]] = o
        self.macros = {}
        for m in z.get("macros", []):
            m = dict(m)
            for k, d in (("active", True), ("description", None), ("restriction", None),
                         ("actions", [])):
                m.setdefault(k, d)
            m["created_at"] = t(m.get("created_at", "now-200d"))
            m["updated_at"] = t(m.get("updated_at", "now-20d"))
            self.macros[m["id"]] = m
        self.recipient = z.get("recipient", "support@acme.test")
        # The agent on whose behalf /_control/zendesk/tickets/{id} edits.
        self.other_agent_id = z.get("other_agent_id") or next(
            (u["id"] for u in self.users.values() if u["role"] == "agent" and not u.get("api_token")),
            next(iter(self.users), None))

        gen = None
        if generate is not None:
            staff = [u["id"] for u in self.users.values() if u["role"] in ("agent", "admin")]
            gen = Generator(generate, staff, sorted(self.groups), self.recipient)
            for o in gen.gen_orgs():
                self.orgs[o["id"]] = o
            for u in gen.gen_users():
                self.users[u["id"]] = u
        self.store = TicketStore(gen)
        self.next_event_id = gen.first_free_event_id() if gen else 1_000_001
        if generate is None:
            for raw in z.get("tickets", []):
                self._seed_ticket(raw, t)
        self.next_ticket_id = self.store.max_id() + 1
        self.high_water = 0          # newest generated_timestamp an export or list has shown
        self.jobs = {}
        self.job_seq = 0
        self.audit_log = []          # every audit written since seeding

    @staticmethod
    def _user_record(u, t):
        """A scenario's user object with every field Zendesk sends filled."""
        u = dict(u)
        u.setdefault("role_type", None)
        u.setdefault("organization_id", None)
        u.setdefault("default_group_id", None)
        for k, d in (("active", True), ("suspended", False), ("verified", True),
                     ("tags", []), ("user_fields", {}), ("locale", "en-US"),
                     ("time_zone", "UTC"), ("iana_time_zone", "Etc/UTC"),
                     ("phone", None), ("photo", None), ("details", ""), ("notes", "")):
            u.setdefault(k, d)
        u["created_at"] = t(u.get("created_at", "now-400d"))
        u["updated_at"] = t(u.get("updated_at", "now-30d"))
        return u

    @staticmethod
    def _org_record(o, t):
        """A scenario's organization object with every field filled."""
        o = dict(o)
        for k, d in (("external_id", None), ("group_id", None), ("domain_names", []),
                     ("details", ""), ("notes", ""), ("shared_tickets", False),
                     ("shared_comments", False), ("tags", []), ("organization_fields", {})):
            o.setdefault(k, d)
        o["created_at"] = t(o.get("created_at", "now-400d"))
        o["updated_at"] = t(o.get("updated_at", "now-10d"))
        return o

    def _seed_ticket(self, raw, t):
        raw = dict(raw)
        comments_in = raw.pop("comments", [])
        comments = []
        for c in comments_in:
            body = c.get("body")
            if body is None:
                body = text_of(c.get("html_body", ""))
            cid = c.get("id") or self._event_id()
            author = c.get("author_id", raw.get("requester_id"))
            comments.append({
                "id": cid, "type": c.get("type", "Comment"), "author_id": author,
                "body": body, "html_body": c.get("html_body") or html_of(body),
                "plain_body": body, "public": c.get("public", True),
                "created_at": t(c["created_at"]), "attachments": c.get("attachments", []),
                "audit_id": c.get("audit_id") or self._event_id(),
                "via": c.get("via", {"channel": "email" if author == raw.get("requester_id") else "web",
                                     "source": {"from": {}, "to": {}, "rel": None}}),
                "metadata": c.get("metadata", {"system": {}, "custom": {}}),
            })
        created = t(raw.get("created_at", comments_in[0]["created_at"] if comments_in else "now-1d"))
        updated = t(raw["updated_at"]) if "updated_at" in raw else max(
            [created] + [c["created_at"] for c in comments])
        req = self.users.get(raw.get("requester_id"), {})
        ticket = self._blank_ticket(raw["id"], created)
        ticket.update({
            "organization_id": req.get("organization_id"), "submitter_id": raw.get("requester_id"),
            "description": comments[0]["body"] if comments else "",
            "via": {"channel": "email" if req.get("role") == "end-user" else "web",
                    "source": {"from": {"address": req.get("email"), "name": req.get("name")}
                               if req.get("role") == "end-user" else {},
                               "to": {"address": self.recipient} if req.get("role") == "end-user" else {},
                               "rel": None}},
        })
        for k, v in raw.items():
            if k not in ("created_at", "updated_at"):
                ticket[k] = v
        ticket.setdefault("raw_subject", ticket.get("subject"))
        ticket["raw_subject"] = ticket.get("raw_subject") or ticket.get("subject")
        ticket["updated_at"] = updated
        ticket["generated_timestamp"] = updated
        self.store.put(ticket, comments)

    def _blank_ticket(self, tid, created):
        return {
            "id": tid, "external_id": None,
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
            "created_at": created, "updated_at": created, "generated_timestamp": created,
            "type": None, "subject": "", "raw_subject": "", "description": "",
            "priority": None, "status": "new", "recipient": self.recipient,
            "requester_id": None, "submitter_id": None, "assignee_id": None,
            "organization_id": None, "group_id": None, "collaborator_ids": [],
            "follower_ids": [], "email_cc_ids": [], "forum_topic_id": None, "problem_id": None,
            "has_incidents": False, "is_public": True, "due_at": None, "tags": [],
            "custom_fields": [], "satisfaction_rating": None, "sharing_agreement_ids": [],
            "fields": [], "followup_ids": [], "ticket_form_id": None, "brand_id": None,
            "allow_channelback": False, "allow_attachments": True,
            "from_messaging_channel": False,
        }

    def _event_id(self):
        self.next_event_id += 1
        return self.next_event_id

    # -- auth --------------------------------------------------------------

    def authenticate(self, ctx):
        """The user an Authorization header names, or a 401."""
        auth = ctx.headers.get("authorization", "")
        user = None
        scheme, _, cred = auth.partition(" ")
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(cred.strip(), validate=True).decode("utf-8")
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            left, sep, token = decoded.partition(":")
            if sep and left.endswith("/token"):
                uid = self.tokens.get(token)
                u = self.users.get(uid)
                if u is not None and u.get("email", "").lower() == left[:-len("/token")].lower():
                    user = u
        elif scheme.lower() == "bearer":
            user = self.users.get(self.tokens.get(cred.strip()))
        if user is None or not user.get("active", True) or user.get("suspended"):
            raise zerr(401, "Couldn't authenticate you",
                       "Authentication failed: send Basic {email}/token:{api_token} or Bearer {token}",
                       headers={"WWW-Authenticate": 'Basic realm="Web Password"'})
        return user

    # -- routing -----------------------------------------------------------

    def routes(self):
        n = r"(\d+)"
        return [
            ("GET", r"/api/v2/incremental/tickets/cursor", self.export_cursor),
            ("GET", r"/api/v2/tickets", self.list_tickets),
            ("POST", r"/api/v2/tickets", self.create_ticket),
            ("GET", r"/api/v2/tickets/show_many", self.show_many_tickets),
            ("PUT", r"/api/v2/tickets/update_many", self.update_many),
            ("GET", r"/api/v2/tickets/" + n, self.show_ticket),
            ("PUT", r"/api/v2/tickets/" + n, self.update_ticket),
            ("GET", r"/api/v2/tickets/" + n + r"/comments", self.list_comments),
            ("GET", r"/api/v2/tickets/" + n + r"/comments/count", self.count_comments),
            ("GET", r"/api/v2/tickets/" + n + r"/macros/" + n + r"/apply", self.apply_macro_to_ticket),
            ("GET", r"/api/v2/job_statuses", self.list_jobs),
            ("GET", r"/api/v2/job_statuses/show_many", self.show_many_jobs),
            ("GET", r"/api/v2/job_statuses/([A-Za-z0-9_-]+)", self.show_job),
            ("GET", r"/api/v2/users/me", self.me),
            ("GET", r"/api/v2/users", self.list_users),
            ("GET", r"/api/v2/users/show_many", self.show_many_users),
            ("GET", r"/api/v2/users/" + n, self.show_user),
            ("GET", r"/api/v2/groups", self.list_groups),
            ("GET", r"/api/v2/groups/" + n, self.show_group),
            ("GET", r"/api/v2/organizations", self.list_orgs),
            ("GET", r"/api/v2/organizations/show_many", self.show_many_orgs),
            ("GET", r"/api/v2/organizations/" + n, self.show_org),
            ("GET", r"/api/v2/macros", self.list_macros),
            ("GET", r"/api/v2/macros/active", self.list_active_macros),
            ("GET", r"/api/v2/macros/" + n, self.show_macro),
            ("GET", r"/api/v2/macros/" + n + r"/apply", self.apply_macro),
        ]

    def dispatch(self, ctx):
        path = ctx.path[:-5] if ctx.path.endswith(".json") else ctx.path
        path = path.rstrip("/") or "/"
        user = self.authenticate(ctx)
        ctx.user = user
        for method, pattern, fn in self._compiled():
            m = pattern.fullmatch(path)
            if m and method == ctx.method:
                args = [int(a) if a.isdigit() else a for a in m.groups()]
                return fn(ctx, *args)
        raise zerr(404, "InvalidEndpoint", "Not found")

    def _compiled(self):
        if not hasattr(self, "_routes"):
            self._routes = [(m, re.compile(p), fn) for m, p, fn in self.routes()]
        return self._routes

    def _json_body(self, ctx):
        """The JSON body of a write; Zendesk wants Content-Type: application/json."""
        ctype = ctx.headers.get("content-type", "")
        if "json" not in ctype.lower():
            raise zerr(415, "UnsupportedMediaType",
                       "Content-Type must be application/json, got %r" % ctype)
        return ctx.json(lambda msg: zerr(400, "InvalidJSON", msg))

    def _body(self, ctx, key):
        body = self._json_body(ctx)
        if not isinstance(body, dict) or not isinstance(body.get(key), dict):
            raise zerr(400, "InvalidParameter", "The request body must be a JSON object with a %r object" % key)
        return body[key]

    # -- sideloads ---------------------------------------------------------

    def _sideload(self, ctx, tickets, out, allowed=("users", "groups", "organizations", "comment_count")):
        include = {p.strip() for v in ctx.query.get("include", []) for p in v.split(",") if p.strip()}
        if "users" in include and "users" in allowed:
            ids = set()
            for t in tickets:
                ids.update(x for x in (t.get("requester_id"), t.get("submitter_id"), t.get("assignee_id")) if x)
                ids.update(t.get("collaborator_ids") or [])
            out["users"] = [render_user(self.users[i], ctx.base) for i in sorted(ids) if i in self.users]
        if "groups" in include and "groups" in allowed:
            ids = {t.get("group_id") for t in tickets if t.get("group_id")}
            out["groups"] = [render_group(self.groups[i], ctx.base) for i in sorted(ids) if i in self.groups]
        if "organizations" in include and "organizations" in allowed:
            ids = {t.get("organization_id") for t in tickets if t.get("organization_id")}
            out["organizations"] = [render_org(self.orgs[i], ctx.base) for i in sorted(ids) if i in self.orgs]
        return include

    def _render_tickets(self, ctx, tickets):
        include = {p.strip() for v in ctx.query.get("include", []) for p in v.split(",")}
        out = []
        for t in tickets:
            r = render_ticket(t, ctx.base)
            if "comment_count" in include:
                r["comment_count"] = self.store.comment_count(t["id"])
            out.append(r)
        return out

    # -- incremental export (admins) ---------------------------------------

    def _limit(self, hits, limit, now, what):
        count, window = limit
        while hits and hits[0] <= now - window:
            hits.popleft()
        if len(hits) >= count:
            retry = max(1, int(hits[0] + window - now + 0.999))
            raise zerr(429, "TooManyRequests",
                       "Rate limit for %s exceeded: %d requests per %d seconds" % (what, count, window),
                       headers={"Retry-After": str(retry)})
        hits.append(now)

    def export_cursor(self, ctx):
        if ctx.user["role"] != "admin":
            raise zerr(403, "Forbidden", FORBIDDEN_DESCRIPTION)
        if self.app.ratelimits["enabled"]:
            self._limit(self.export_hits, EXPORT_LIMIT, time.time(), "incremental exports")
        per_page = qint(ctx.query, "per_page", 1000, lo=1, hi=1000, clamp=True,
                        error=lambda m: zerr(400, "InvalidValue", m))
        per_page = self.app.page_cap(per_page)
        cursor = q1(ctx.query, "cursor")
        start_time = q1(ctx.query, "start_time")
        if cursor:
            start = self._decode_export_cursor(cursor)
        elif start_time not in (None, ""):
            try:
                st = int(start_time)
            except ValueError:
                raise zerr(422, "InvalidValue", "start_time must be a Unix epoch time in seconds")
            if st < 0 or st > now_s():
                raise zerr(422, "InvalidValue", "Too recent start_time. Use a start_time in the past")
            start = (st - 1, 1 << 62)      # everything with generated_timestamp >= st
        else:
            raise zerr(422, "InvalidValue", "start_time or cursor is required")
        got = []
        for key, item in self.store.source("export").iter(start):
            got.append((key, self.store.resolve(item)))
            if len(got) > per_page:
                break
        end = len(got) <= per_page
        got = got[:per_page]
        if got:
            self.high_water = max(self.high_water, got[-1][0][0])
            after_key = got[-1][0]
        else:
            after_key = start
        after = self._export_cursor(after_key)
        before = self._export_cursor((got[0][0][0], got[0][0][1] - 1)) if (cursor and got) else None
        path = "/api/v2/incremental/tickets/cursor.json"
        keep = {k: v for k, v in ctx.query.items() if k in ("per_page", "include", "exclude_deleted")}
        tickets = [t for _, t in got]
        out = {
            "tickets": self._render_tickets(ctx, tickets),
            "after_url": url_with_params(ctx.base, path, keep, {"cursor": after}),
            "after_cursor": after,
            "before_url": url_with_params(ctx.base, path, keep, {"cursor": before}) if before else None,
            "before_cursor": before,
            "end_of_stream": end,
        }
        self._sideload(ctx, tickets, out)
        return Response(200, out)

    @staticmethod
    def _export_cursor(key):
        # The shape of a real cursor ("1576613539.0||467|"), base64.
        return base64.b64encode(("%d.0||%d|" % (key[0], key[1])).encode()).decode()

    @staticmethod
    def _decode_export_cursor(text):
        try:
            raw = base64.b64decode(text, validate=True).decode()
            m = re.fullmatch(r"(-?\d+)\.0\|\|(-?\d+)\|", raw)
        except (ValueError, UnicodeDecodeError):
            m = None
        if not m:
            raise zerr(422, "InvalidValue", "Invalid cursor %r" % text)
        return (int(m.group(1)), int(m.group(2)))

    # -- the ticket list agents may use --------------------------------------

    def list_tickets(self, ctx):
        ext = q1(ctx.query, "external_id")
        if ext is not None:
            return self._tickets_by_external_id(ctx, ext)
        sort = q1(ctx.query, "sort") or q1(ctx.query, "sort_by") or "id"
        if q1(ctx.query, "sort_order") == "desc" and not sort.startswith("-"):
            sort = "-" + sort
        desc = sort.startswith("-")
        order = sort.lstrip("-")
        if order not in ("id", "updated_at"):
            raise bad_request("sort must be one of id, -id, updated_at, -updated_at")
        src = self.store.source(order)
        return self._list(ctx, "tickets", src, order, desc,
                          lambda items: self._tickets_page(ctx, items), "/api/v2/tickets.json")

    def _tickets_by_external_id(self, ctx, ext):
        """GET /api/v2/tickets?external_id=X: every ticket with that
        external id (Zendesk does not make them unique), by id, in the
        offset shape on one page. Only stored tickets can carry one:
        generated tickets have none until written."""
        tickets = sorted((t for t in self.store.stored.values() if t.get("external_id") == ext),
                         key=lambda t: t["id"])
        return Response(200, {"tickets": self._render_tickets(ctx, tickets), "next_page": None,
                              "previous_page": None, "count": len(tickets)})

    def _tickets_page(self, ctx, items):
        tickets = [self.store.resolve(i) for i in items]
        for t in tickets:
            self.high_water = max(self.high_water, t["generated_timestamp"])
        return tickets

    def _list(self, ctx, name, source, sort_name, desc, convert, path, extra=None):
        """A list endpoint in cursor mode (page[size]) or offset mode."""
        size = q1(ctx.query, "page[size]")
        render = {
            "tickets": lambda xs: self._render_tickets(ctx, xs),
            "comments": lambda xs: [render_comment(c) for c in xs],
            "users": lambda xs: [render_user(u, ctx.base) for u in xs],
            "groups": lambda xs: [render_group(g, ctx.base) for g in xs],
            "organizations": lambda xs: [render_org(o, ctx.base) for o in xs],
            "macros": lambda xs: [render_macro(m, ctx.base) for m in xs],
            "job_statuses": lambda xs: [self._render_job(j, ctx.base) for j in xs],
        }[name]
        if size is not None:
            size = qint(ctx.query, "page[size]", 100, lo=1, hi=100, error=bad_request)
            items, meta = cursor_page(source, sort_name + ("-" if desc else ""), desc, size,
                                      q1(ctx.query, "page[after]"), q1(ctx.query, "page[before]"),
                                      bad_request)
            items = convert(items)
            out = {name: render(items), "meta": meta, "links": {
                "prev": url_with_params(ctx.base, path, ctx.query, {
                    "page[before]": meta["before_cursor"], "page[after]": None}) if meta["before_cursor"] else None,
                "next": url_with_params(ctx.base, path, ctx.query, {
                    "page[after]": meta["after_cursor"], "page[before]": None}) if meta["after_cursor"] else None,
            }}
        else:
            page = qint(ctx.query, "page", 1, lo=1, error=bad_request)
            per_page = qint(ctx.query, "per_page", 100, lo=1, hi=100, clamp=True, error=bad_request)
            items, total, more = offset_page(source, desc, page, per_page)
            items = convert(items)
            out = {name: render(items),
                   "next_page": url_with_params(ctx.base, path, ctx.query, {"page": page + 1}) if more else None,
                   "previous_page": url_with_params(ctx.base, path, ctx.query, {"page": page - 1}) if page > 1 else None,
                   "count": total}
        if extra:
            extra(items, out)
        return Response(200, out)

    def show_ticket(self, ctx, tid):
        t = self.store.get(tid)
        if t is None:
            raise not_found()
        out = {"ticket": self._render_tickets(ctx, [t])[0]}
        self._sideload(ctx, [t], out)
        return Response(200, out)

    def show_many_tickets(self, ctx):
        try:
            ids = qids(ctx.query, "ids")
        except ValueError:
            raise zerr(400, "InvalidValue", "ids must be a comma-separated list of integers")
        if len(ids) > 100:
            raise zerr(400, "InvalidValue", "At most 100 ids may be requested at once")
        tickets = [self.store.get(i) for i in ids]
        tickets = [t for t in tickets if t is not None]
        out = {"tickets": self._render_tickets(ctx, tickets)}
        self._sideload(ctx, tickets, out)
        return Response(200, out)

    # -- comments ---------------------------------------------------------

    def list_comments(self, ctx, tid):
        if not self.store.exists(tid):
            raise not_found()
        comments = self.store.comments_of(tid)
        src = ListSource(comments, lambda c: (c["created_at"], c["id"]))
        if q1(ctx.query, "page[size]") is not None:
            sort = q1(ctx.query, "sort", "created_at")
            if sort not in ("created_at", "-created_at"):
                raise bad_request("sort must be created_at or -created_at")
            desc = sort.startswith("-")
        else:
            desc = q1(ctx.query, "sort_order", "asc") == "desc"

        def users(items, out):
            include = {p for v in ctx.query.get("include", []) for p in v.split(",")}
            if "users" in include:
                ids = sorted({c["author_id"] for c in items if c["author_id"] in self.users})
                out["users"] = [render_user(self.users[i], ctx.base) for i in ids]

        return self._list(ctx, "comments", src, "created_at", desc, lambda xs: xs,
                          "/api/v2/tickets/%d/comments.json" % tid, extra=users)

    def count_comments(self, ctx, tid):
        if not self.store.exists(tid):
            raise not_found()
        return Response(200, {"count": {"refreshed_at": iso_s(now_s()),
                                        "value": self.store.comment_count(tid)}})

    # -- users, groups, organizations ---------------------------------------

    def me(self, ctx):
        return Response(200, {"user": render_user(ctx.user, ctx.base)})

    def list_users(self, ctx):
        roles = set(ctx.query.get("role", []) + ctx.query.get("role[]", []))
        users = [u for u in self.users.values() if not roles or u["role"] in roles]
        return self._list(ctx, "users", ListSource(users, lambda u: (u["id"],)), "id", False,
                          lambda xs: xs, "/api/v2/users.json")

    def show_user(self, ctx, uid):
        u = self.users.get(uid)
        if u is None:
            raise not_found()
        return Response(200, {"user": render_user(u, ctx.base)})

    def show_many_users(self, ctx):
        try:
            ids = qids(ctx.query, "ids")
        except ValueError:
            raise zerr(400, "InvalidValue", "ids must be a comma-separated list of integers")
        return Response(200, {"users": [render_user(self.users[i], ctx.base) for i in ids if i in self.users]})

    def list_groups(self, ctx):
        return self._list(ctx, "groups", ListSource(self.groups.values(), lambda g: (g["id"],)),
                          "id", False, lambda xs: xs, "/api/v2/groups.json")

    def show_group(self, ctx, gid):
        g = self.groups.get(gid)
        if g is None:
            raise not_found()
        return Response(200, {"group": render_group(g, ctx.base)})

    def list_orgs(self, ctx):
        return self._list(ctx, "organizations", ListSource(self.orgs.values(), lambda o: (o["id"],)),
                          "id", False, lambda xs: xs, "/api/v2/organizations.json")

    def show_org(self, ctx, oid):
        o = self.orgs.get(oid)
        if o is None:
            raise not_found()
        return Response(200, {"organization": render_org(o, ctx.base)})

    def show_many_orgs(self, ctx):
        try:
            ids = qids(ctx.query, "ids")
        except ValueError:
            raise zerr(400, "InvalidValue", "ids must be a comma-separated list of integers")
        return Response(200, {"organizations": [render_org(self.orgs[i], ctx.base)
                                                for i in ids if i in self.orgs]})

    # -- macros -------------------------------------------------------------

    def list_macros(self, ctx, only_active=None):
        active = q1(ctx.query, "active")
        macros = list(self.macros.values())
        if only_active or active == "true":
            macros = [m for m in macros if m["active"]]
        elif active == "false":
            macros = [m for m in macros if not m["active"]]
        return self._list(ctx, "macros", ListSource(macros, lambda m: (m["id"],)), "id", False,
                          lambda xs: xs, "/api/v2/macros%s.json" % ("/active" if only_active else ""))

    def list_active_macros(self, ctx):
        return self.list_macros(ctx, only_active=True)

    def show_macro(self, ctx, mid):
        m = self.macros.get(mid)
        if m is None:
            raise not_found()
        return Response(200, {"macro": render_macro(m, ctx.base)})

    def apply_macro(self, ctx, mid):
        m = self.macros.get(mid)
        if m is None:
            raise not_found()
        return Response(200, {"result": self._macro_result(m, None, ctx.user)})

    def apply_macro_to_ticket(self, ctx, tid, mid):
        t = self.store.get(tid)
        m = self.macros.get(mid)
        if t is None or m is None:
            raise not_found()
        return Response(200, {"result": self._macro_result(m, t, ctx.user)})

    def _placeholders(self, text, ticket, actor):
        def first(name):
            return (name or "").split(" ")[0]
        req = self.users.get(ticket["requester_id"], {}) if ticket else {}
        values = {
            "current_user.name": actor.get("name", ""),
            "current_user.first_name": first(actor.get("name")),
        }
        if ticket:
            values.update({
                "ticket.id": str(ticket["id"]), "ticket.title": ticket.get("subject") or "",
                "ticket.requester.name": req.get("name", ""),
                "ticket.requester.first_name": first(req.get("name")),
            })
        return re.sub(r"\{\{\s*([a-z_.]+)\s*\}\}",
                      lambda m: values.get(m.group(1), m.group(0)), text)

    def _macro_result(self, macro, ticket, actor):
        """What applying the macro would change; the ticket itself is left
        alone (the client PUTs the result)."""
        out_t = {}
        comment = None
        public = True
        tags = list(ticket.get("tags") or []) if ticket else []
        tags_touched = False
        for a in macro.get("actions", []):
            f, v = a.get("field"), a.get("value")
            if isinstance(v, list) and f not in ("set_tags", "current_tags", "remove_tags"):
                v = v[-1] if v else None
            if f in ("status", "priority", "type", "subject"):
                out_t[f] = v
            elif f == "group_id":
                out_t["group_id"] = int(v) if isinstance(v, str) and v.isdigit() else v
            elif f == "assignee_id":
                out_t["assignee_id"] = actor["id"] if v == "current_user" else (
                    int(v) if isinstance(v, str) and v.isdigit() else v)
            elif f in ("set_tags", "current_tags", "remove_tags"):
                words = v.split() if isinstance(v, str) else list(v or [])
                tags_touched = True
                if f == "set_tags":
                    tags = words
                elif f == "current_tags":
                    tags += [w for w in words if w not in tags]
                else:
                    tags = [w for w in tags if w not in words]
            elif f == "comment_value":
                comment = {"body": self._placeholders(v or "", ticket, actor)}
                comment["html_body"] = html_of(comment["body"])
            elif f == "comment_value_html":
                markup = self._placeholders(v or "", ticket, actor)
                comment = {"body": text_of(markup), "html_body": markup}
            elif f == "comment_mode_is_public":
                public = str(v).lower() != "false"
            elif isinstance(f, str) and f.startswith("custom_fields_"):
                out_t.setdefault("custom_fields", []).append({"id": int(f[len("custom_fields_"):]), "value": v})
        if tags_touched:
            out_t["tags"] = tags
        result = {"ticket": out_t}
        if comment is not None:
            comment["public"] = public
            result["comment"] = comment
        return result

    # -- control ------------------------------------------------------------

    def control_update(self, tid, fields, base):
        """POST /_control/zendesk/tickets/{id}: change a ticket as another
        agent would, always bumping updated_at."""
        actor = self.users.get(fields.pop("as", None) or self.other_agent_id)
        if actor is None:
            raise zerr(422, "InvalidValue", "no agent to act as")
        t, audit = self.apply_changes(tid, fields, actor, None, safe=False, force_bump=True,
                                      via_channel="web")
        return {"ticket": render_ticket(t, base), "audit": self.render_audit(audit)}

    def control_create(self, fields, base):
        actor = self.users.get(fields.pop("as", None) or self.other_agent_id)
        t, audit = self.create(fields, actor, None, via_channel="web")
        return {"ticket": render_ticket(t, base), "audit": self.render_audit(audit)}

    def control_create_user(self, fields, base):
        """POST /_control/zendesk/users: a user as Zendesk's POST
        /api/v2/users would make one, filled like a scenario's. Raises 422
        RecordInvalid for a missing name, a taken email or id, an unknown
        role or organization, tags that are not strings."""
        details = {}
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            details.update(field_error("name", "Name: cannot be blank", "BlankValue"))
        email = fields.get("email")
        if email is not None and (not isinstance(email, str) or "@" not in email):
            details.update(field_error("email", "Email: %r is not a valid email address" % (email,)))
        elif email is not None and any(u.get("email", "").lower() == email.lower()
                                       for u in self.users.values()):
            details.update(field_error("email", "Email: %s is already being used by another user" % email,
                                       "DuplicateValue"))
        role = fields.setdefault("role", "end-user")
        if role not in ("end-user", "agent", "admin"):
            details.update(field_error("role", "Role: %r is not valid" % (role,)))
        org = fields.get("organization_id")
        if org is not None and org not in self.orgs:
            details.update(field_error("organization_id", "Organization: %r does not exist" % (org,)))
        self._check_record_fields(fields, details)
        uid = fields.setdefault("id", max(self.users, default=0) + 1)
        if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0 or uid in self.users:
            details.update(field_error("id", "Id: %r is taken or not a positive integer" % (uid,)))
        if details:
            raise record_invalid(details)
        fields.pop("api_token", None)            # control users never sign in
        fields.setdefault("created_at", "now")
        fields.setdefault("updated_at", "now")
        u = self._user_record(fields, lambda v: scenario_time_s(v, now_ms()))
        self.users[uid] = u
        return {"user": render_user(u, base)}

    def control_create_org(self, fields, base):
        """POST /_control/zendesk/organizations: an organization as POST
        /api/v2/organizations would make one. Names are unique, as in
        Zendesk; 422 RecordInvalid otherwise."""
        details = {}
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            details.update(field_error("name", "Name: cannot be blank", "BlankValue"))
        elif any(o["name"] == name for o in self.orgs.values()):
            details.update(field_error("name", "Name: has already been taken", "DuplicateValue"))
        self._check_record_fields(fields, details)
        oid = fields.setdefault("id", max(self.orgs, default=0) + 1)
        if not isinstance(oid, int) or isinstance(oid, bool) or oid <= 0 or oid in self.orgs:
            details.update(field_error("id", "Id: %r is taken or not a positive integer" % (oid,)))
        if details:
            raise record_invalid(details)
        fields.setdefault("created_at", "now")
        fields.setdefault("updated_at", "now")
        o = self._org_record(fields, lambda v: scenario_time_s(v, now_ms()))
        self.orgs[oid] = o
        return {"organization": render_org(o, base)}

    @staticmethod
    def _check_record_fields(fields, details):
        for k in ("tags", "domain_names"):
            v = fields.get(k)
            if v is not None and (not isinstance(v, list) or not all(isinstance(x, str) for x in v)):
                details.update(field_error(k, "%s: must be an array of strings" % k))
        for k in ("details", "notes", "external_id", "locale", "time_zone", "iana_time_zone"):
            v = fields.get(k)
            if v is not None and not isinstance(v, str):
                details.update(field_error(k, "%s: must be a string" % k))
        for k in ("created_at", "updated_at"):
            v = fields.get(k)
            if v is not None and not isinstance(v, str):
                details.update(field_error(k, "%s: must be a time (RFC 3339 or now-2h)" % k))

    def users_state(self, base):
        return {"users": [render_user(u, base) for _, u in sorted(self.users.items())]}

    def orgs_state(self, base):
        return {"organizations": [render_org(o, base) for _, o in sorted(self.orgs.items())]}

    def state(self, query, base):
        tid = q1(query, "id")
        if tid is not None:
            tid = int(tid)
            t = self.store.get(tid)
            if t is None:
                raise ApiError(404, {"error": "no such ticket"})
            return {"ticket": render_ticket(t, base),
                    "comments": [render_comment(c) for c in self.store.comments_of(tid)],
                    "audits": [self.render_audit(a) for a in self.store.audits.get(tid, [])]}
        return {"count": self.store.count(),
                "generated": self.store.gen.n if self.store.gen else 0,
                "tickets": [render_ticket(t, base) for t in
                            sorted(self.store.stored.values(), key=lambda x: x["id"])],
                "audits": len(self.audit_log)}

    def jobs_state(self, base):
        return {"jobs": [dict(self._render_job(dict(j, seen=True), base)) for j in self.jobs.values()]}

