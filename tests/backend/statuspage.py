"""Atlassian Statuspage Manage API v1, served under /statuspage/v1: the
incidents of one page (list, unresolved, scheduled, create, update by PATCH,
postmortems), its components and component groups, and incident templates.

Shapes follow backend-apis.md section 2 and payloads/statuspage-*.json:
incidents and components carry second-precision times ("...:17Z"),
incident updates millisecond ones ("...:17.309Z"). Internally every time is
an int of epoch milliseconds.

Errors: 401, 404 and the rate limit answer {"error": "..."}; validation
errors (400, 422) answer {"message": "..."}, the spec's ErrorEntity.
"""

import re
import time
import urllib.parse

from common import (ApiError, Response, iso_ms, iso_s, now_ms, parse_rfc3339_ms, q1,
                    qint, scenario_time_ms, stable_id)

REALTIME = ("investigating", "identified", "monitoring", "resolved")
SCHEDULED = ("scheduled", "in_progress", "verifying", "completed")
IMPACTS = ("none", "maintenance", "minor", "major", "critical")
COMPONENT_STATUSES = ("operational", "under_maintenance", "degraded_performance",
                      "partial_outage", "major_outage")
# How bad a component status is, and the impact it implies on its own.
SEVERITY = {"operational": 0, "under_maintenance": 1, "degraded_performance": 2,
            "partial_outage": 3, "major_outage": 4}
IMPACT_OF = {0: "none", 1: "maintenance", 2: "minor", 3: "major", 4: "critical"}

INCIDENT_KEYS = (
    "id", "components", "created_at", "impact", "impact_override", "incident_updates",
    "metadata", "monitoring_at", "name", "page_id", "postmortem_body",
    "postmortem_body_last_updated_at", "postmortem_ignored", "postmortem_notified_subscribers",
    "postmortem_notified_twitter", "postmortem_published_at", "resolved_at",
    "scheduled_auto_completed", "scheduled_auto_in_progress", "scheduled_for",
    "auto_transition_deliver_notifications_at_end", "auto_transition_deliver_notifications_at_start",
    "auto_transition_to_maintenance_state", "auto_transition_to_operational_state",
    "scheduled_remind_prior", "scheduled_reminded_at", "scheduled_until", "shortlink", "status",
    "updated_at", "reminder_intervals")
INCIDENT_TIMES = ("created_at", "monitoring_at", "postmortem_body_last_updated_at",
                  "postmortem_published_at", "resolved_at", "scheduled_for",
                  "scheduled_reminded_at", "scheduled_until", "updated_at")
UPDATE_KEYS = ("id", "incident_id", "affected_components", "body", "created_at", "custom_tweet",
               "deliver_notifications", "display_at", "status", "tweet_id", "twitter_updated_at",
               "updated_at", "wants_twitter_update")
COMPONENT_KEYS = ("id", "page_id", "group_id", "created_at", "updated_at", "group", "name",
                  "description", "position", "status", "showcase", "only_show_if_degraded",
                  "automation_email", "start_date")
POSTMORTEM_KEYS = ("preview_key", "body", "body_updated_at", "body_draft", "body_draft_updated_at",
                   "published_at", "notify_subscribers", "notify_twitter", "custom_tweet",
                   "created_at", "updated_at")
MIN_INTERVAL = 1.0          # seconds between two requests of one token


def sp_error(status, text, headers=None):
    return ApiError(status, {"error": text}, headers)


def sp_invalid(text, status=422):
    return ApiError(status, {"message": text})


def _s(ms):
    return iso_s(ms // 1000) if ms is not None else None


def parse_form(raw):
    """A form body (incident[name]=x&incident[components][abc]=major_outage&
    incident[component_ids][]=a) as nested dicts and lists, the way the
    Statuspage API reads it. Values stay strings."""
    out = {}
    for key, value in urllib.parse.parse_qsl(raw, keep_blank_values=True):
        m = re.fullmatch(r"([^\[\]]+)((?:\[[^\[\]]*\])*)", key)
        if not m:
            continue
        names = [m.group(1)] + re.findall(r"\[([^\[\]]*)\]", m.group(2))
        cur = out
        for i, name in enumerate(names):
            if i == len(names) - 1:
                if name == "" and isinstance(cur, list):
                    cur.append(value)
                elif name != "" and isinstance(cur, dict):
                    cur[name] = value
                break
            if name == "" or not isinstance(cur, dict):
                break                   # a[][b]: lists of objects are not needed
            want = list if names[i + 1] == "" else dict
            if not isinstance(cur.get(name), want):
                cur[name] = want()
            cur = cur[name]
    return out


def _bool(v):
    if isinstance(v, str):
        return v.lower() in ("true", "1", "yes")
    return bool(v)


class Statuspage:
    name = "statuspage"

    def __init__(self, app):
        self.app = app
        self.reset_limits()

    def reset_limits(self):
        self.last_request = {}          # api key -> time of its last accepted request

    # -- seeding ---------------------------------------------------------

    def seed(self, scenario, base_ms):
        sp = scenario.get("statuspage", {})
        t = lambda v: scenario_time_ms(v, base_ms) if v is not None else None
        self.page_id = sp.get("page_id", "acme-status")
        self.api_keys = set(sp.get("api_keys", []))
        self.seq = 0
        self.components = {}
        for n, c in enumerate(sp.get("components", []), 1):
            c = dict(c)
            c.setdefault("id", stable_id("component", n))
            for k, d in (("group_id", None), ("group", False), ("description", None),
                         ("position", n), ("status", "operational"), ("showcase", True),
                         ("only_show_if_degraded", False), ("start_date", None)):
                c.setdefault(k, d)
            c["page_id"] = self.page_id
            c.setdefault("automation_email",
                         "component+%s@notifications.statuspage.test" % stable_id("mail", n, 32))
            c["created_at"] = t(c.get("created_at", "now-300d"))
            c["updated_at"] = t(c.get("updated_at", "now-30d"))
            self.components[c["id"]] = c
        self.groups = {}
        for n, g in enumerate(sp.get("component_groups", []), 1):
            g = dict(g)
            g["page_id"] = self.page_id
            g.setdefault("description", None)
            g.setdefault("position", n)
            g["created_at"] = t(g.get("created_at", "now-300d"))
            g["updated_at"] = t(g.get("updated_at", "now-30d"))
            self.groups[g["id"]] = g
        self.incidents = {}
        for n, raw in enumerate(sp.get("incidents", []), 1):
            self._seed_incident(dict(raw), n, t)
        self.templates = {}
        for n, raw in enumerate(sp.get("templates", []), 1):
            tp = dict(raw)
            tp.setdefault("id", stable_id("template", n))
            for k, d in (("group_id", None), ("update_status", None), ("should_tweet", False),
                         ("should_send_notifications", True), ("component_ids", [])):
                tp.setdefault(k, d)
            self.templates[tp["id"]] = tp

    def _seed_incident(self, raw, n, t):
        inc = self._blank_incident(raw.get("id") or stable_id("incident", n), t(raw.get("created_at", "now-1h")))
        updates = raw.pop("updates", raw.pop("incident_updates", []))
        postmortem = raw.pop("postmortem", None)
        for k, v in raw.items():
            if k in INCIDENT_TIMES:
                inc[k] = t(v)
            elif k != "id":
                inc[k] = v
        inc["component_ids"] = list(raw.get("component_ids", []))
        seeded = []
        for m, u in enumerate(updates, 1):
            at = t(u["created_at"])
            aff = u.get("affected_components")
            if aff is not None:
                aff = [dict(a, name=a.get("name") or self._display_name(a["code"])) for a in aff]
            seeded.append(self._update_record(inc["id"], u.get("status", inc["status"]), u.get("body", ""),
                                              at, aff, u.get("deliver_notifications", True),
                                              u.get("id") or stable_id("update:" + inc["id"], m)))
        inc["incident_updates"] = sorted(seeded, key=lambda x: x["created_at"], reverse=True)
        if "updated_at" not in raw:
            inc["updated_at"] = max([inc["created_at"]] + [u["created_at"] for u in seeded])
        if inc.get("impact_override") and "impact" not in raw:
            inc["impact"] = inc["impact_override"]
        if postmortem is not None:
            pm = self._blank_postmortem(inc["id"], inc["created_at"])
            for k, v in postmortem.items():
                pm[k] = t(v) if k.endswith("_at") else v
            inc["_postmortem"] = pm
        self.incidents[inc["id"]] = inc

    def _blank_incident(self, iid, at):
        inc = {k: None for k in INCIDENT_KEYS}
        inc.update({
            "id": iid, "page_id": self.page_id, "created_at": at, "updated_at": at,
            "impact": "none", "status": "investigating", "metadata": {},
            "postmortem_ignored": False, "postmortem_notified_subscribers": False,
            "postmortem_notified_twitter": False, "scheduled_auto_completed": False,
            "scheduled_auto_in_progress": False, "scheduled_remind_prior": False,
            "shortlink": "https://stspg.io/%s" % stable_id("short:" + iid, 0, 12),
            "incident_updates": [], "component_ids": [], "_postmortem": None,
        })
        return inc

    def _blank_postmortem(self, iid, at):
        return {"preview_key": stable_id("preview:" + iid, 0, 24), "body": None,
                "body_updated_at": None, "body_draft": None, "body_draft_updated_at": None,
                "published_at": None, "notify_subscribers": False, "notify_twitter": False,
                "custom_tweet": None, "created_at": at, "updated_at": at}

    def _next_id(self, kind):
        self.seq += 1
        return stable_id("new-%s" % kind, self.seq)

    # -- rendering ---------------------------------------------------------

    def _display_name(self, cid):
        c = self.components.get(cid)
        if c is None:
            return cid
        g = self.groups.get(c.get("group_id")) or self.components.get(c.get("group_id"))
        return "%s - %s" % (g["name"], c["name"]) if g else c["name"]

    def render_component(self, c):
        out = {k: c.get(k) for k in COMPONENT_KEYS}
        out["created_at"] = _s(c["created_at"])
        out["updated_at"] = _s(c["updated_at"])
        return out

    def render_update(self, u):
        out = {k: u.get(k) for k in UPDATE_KEYS}
        for k in ("created_at", "display_at", "updated_at", "twitter_updated_at"):
            out[k] = iso_ms(u[k]) if u.get(k) is not None else None
        return out

    def render_incident(self, inc):
        out = {}
        for k in INCIDENT_KEYS:
            if k == "components":
                out[k] = [self.render_component(self.components[c])
                          for c in inc["component_ids"] if c in self.components]
            elif k == "incident_updates":
                out[k] = [self.render_update(u) for u in inc["incident_updates"]]
            elif k in INCIDENT_TIMES:
                out[k] = _s(inc.get(k))
            else:
                out[k] = inc.get(k)
        return out

    def render_postmortem(self, pm):
        out = {k: pm.get(k) for k in POSTMORTEM_KEYS}
        for k in ("body_updated_at", "body_draft_updated_at", "published_at", "created_at", "updated_at"):
            out[k] = _s(pm[k])
        return out

    def render_template(self, tp):
        return {"id": tp["id"],
                "components": [self.render_component(self.components[c])
                               for c in tp.get("component_ids", []) if c in self.components],
                "name": tp["name"], "title": tp["title"], "body": tp["body"],
                "group_id": tp.get("group_id"), "update_status": tp.get("update_status"),
                "should_tweet": tp.get("should_tweet", False),
                "should_send_notifications": tp.get("should_send_notifications", True)}

    def render_group(self, g):
        return {"id": g["id"], "page_id": g["page_id"], "name": g["name"],
                "description": g.get("description"), "components": list(g.get("components", [])),
                "position": g.get("position"), "created_at": _s(g["created_at"]),
                "updated_at": _s(g["updated_at"])}

    # -- auth, routing ---------------------------------------------------------

    def authenticate(self, ctx):
        auth = ctx.headers.get("authorization", "")
        scheme, _, key = auth.partition(" ")
        key = key.strip() if scheme.lower() == "oauth" else None
        if not key:
            key = q1(ctx.query, "api_key")
        if not key or key not in self.api_keys:
            raise sp_error(401, "Could not authenticate. Send Authorization: OAuth <api key>")
        return key

    def _rate_limit(self, key):
        if not self.app.ratelimits["enabled"]:
            return
        now = time.monotonic()
        last = self.last_request.get(key)
        if last is not None and now - last < MIN_INTERVAL:
            wait = max(1, int(MIN_INTERVAL - (now - last) + 0.999))
            raise sp_error(self.app.ratelimits["statuspage_status"],
                           "Rate limit exceeded: 1 request per second per API key",
                           headers={"Retry-After": str(wait)})
        self.last_request[key] = now

    def routes(self):
        inc = r"/incidents/([A-Za-z0-9_-]+)"
        return [
            ("GET", r"/incidents", self.list_incidents),
            ("POST", r"/incidents", self.create_incident),
            ("GET", r"/incidents/unresolved", lambda ctx: self.list_filtered(ctx, "unresolved")),
            ("GET", r"/incidents/scheduled", lambda ctx: self.list_filtered(ctx, "scheduled")),
            ("GET", r"/incidents/upcoming", lambda ctx: self.list_filtered(ctx, "upcoming")),
            ("GET", r"/incidents/active_maintenance", lambda ctx: self.list_filtered(ctx, "active_maintenance")),
            ("GET", inc, self.show_incident),
            ("PATCH", inc, self.update_incident),
            ("PUT", inc, self.update_incident),
            ("DELETE", inc, self.delete_incident),
            ("PATCH", inc + r"/incident_updates/([A-Za-z0-9_-]+)", self.edit_update),
            ("PUT", inc + r"/incident_updates/([A-Za-z0-9_-]+)", self.edit_update),
            ("GET", inc + r"/postmortem", self.show_postmortem),
            ("PUT", inc + r"/postmortem", self.draft_postmortem),
            ("DELETE", inc + r"/postmortem", self.delete_postmortem),
            ("PUT", inc + r"/postmortem/publish", self.publish_postmortem),
            ("PUT", inc + r"/postmortem/revert", self.revert_postmortem),
            ("GET", r"/components", self.list_components),
            ("POST", r"/components", self.create_component),
            ("GET", r"/components/([A-Za-z0-9_-]+)", self.show_component),
            ("PATCH", r"/components/([A-Za-z0-9_-]+)", self.update_component),
            ("PUT", r"/components/([A-Za-z0-9_-]+)", self.update_component),
            ("DELETE", r"/components/([A-Za-z0-9_-]+)", self.delete_component),
            ("GET", r"/component-groups", self.list_groups),
            ("GET", r"/component-groups/([A-Za-z0-9_-]+)", self.show_group),
            ("GET", r"/incident_templates", self.list_templates),
            ("POST", r"/incident_templates", self.create_template),
        ]

    def dispatch(self, ctx):
        path = ctx.path[:-5] if ctx.path.endswith(".json") else ctx.path
        key = self.authenticate(ctx)
        self._rate_limit(key)
        m = re.fullmatch(r"/pages/([^/]+)(/.*)?", path.rstrip("/"))
        if not m:
            raise sp_error(404, "Not found")
        if m.group(1) != self.page_id:
            raise sp_error(404, "Page %s not found" % m.group(1))
        rest = m.group(2) or "/"
        if not hasattr(self, "_compiled"):
            self._compiled = [(meth, re.compile(p), fn) for meth, p, fn in self.routes()]
        for meth, pattern, fn in self._compiled:
            mm = pattern.fullmatch(rest)
            if mm and meth == ctx.method:
                return fn(ctx, *mm.groups())
        raise sp_error(404, "Not found")

    def _body(self, ctx, key, required=True):
        ctype = ctx.headers.get("content-type", "").lower()
        if "application/x-www-form-urlencoded" in ctype:
            body = parse_form(ctx.raw_body.decode("utf-8", "replace"))
        else:
            body = ctx.json(lambda msg: sp_invalid("Invalid JSON: " + msg, 400))
        if body is None and not required:
            return {}
        if not isinstance(body, dict) or not isinstance(body.get(key), dict):
            if not required and (body is None or body == {}):
                return {}
            raise sp_invalid("The body must be an object with an %r object" % key, 400)
        return body[key]

    def _paging(self, ctx, items, size_param, default=100):
        page = qint(ctx.query, "page", 1, lo=1, error=lambda m: sp_invalid(m, 400))
        size = qint(ctx.query, size_param, default, lo=1, hi=100, clamp=True,
                    error=lambda m: sp_invalid(m, 400))
        return items[(page - 1) * size: page * size]

    # -- incidents ---------------------------------------------------------

    def _newest_first(self, incidents):
        return sorted(incidents, key=lambda i: (i["created_at"], i["id"]), reverse=True)

    def list_incidents(self, ctx):
        q = (q1(ctx.query, "q") or "").lower()
        items = self._newest_first(self.incidents.values())
        if q:
            def hit(inc):
                texts = [inc.get("name") or "", inc.get("status") or "", inc.get("postmortem_body") or ""]
                texts += [u.get("body") or "" for u in inc["incident_updates"]]
                return any(q in x.lower() for x in texts)
            items = [i for i in items if hit(i)]
        items = self._paging(ctx, items, "limit")
        return Response(200, [self.render_incident(i) for i in items])

    def list_filtered(self, ctx, which):
        pick = {
            "unresolved": lambda i: i["scheduled_for"] is None and i["status"] != "resolved",
            "scheduled": lambda i: i["scheduled_for"] is not None,
            "upcoming": lambda i: i["status"] == "scheduled",
            "active_maintenance": lambda i: i["status"] in ("in_progress", "verifying"),
        }[which]
        items = [i for i in self._newest_first(self.incidents.values()) if pick(i)]
        return Response(200, [self.render_incident(i) for i in self._paging(ctx, items, "per_page")])

    def _incident(self, iid):
        inc = self.incidents.get(iid)
        if inc is None:
            raise sp_error(404, "Incident %s not found" % iid)
        return inc

    def show_incident(self, ctx, iid):
        return Response(200, self.render_incident(self._incident(iid)))

    def _check_components(self, data):
        comps = data.get("components")
        if comps is None:
            return {}
        if not isinstance(comps, dict):
            raise sp_invalid("components must be an object of component id to status")
        for cid, st in comps.items():
            if cid not in self.components:
                raise sp_invalid("Component %s not found" % cid)
            if st not in COMPONENT_STATUSES and st != "":
                raise sp_invalid("Component status %r is not one of %s" % (st, ", ".join(COMPONENT_STATUSES)))
        return {k: v for k, v in comps.items() if v != ""}

    def _check_common(self, data, scheduled):
        if "status" in data:
            allowed = SCHEDULED if scheduled else REALTIME
            if data["status"] not in allowed:
                raise sp_invalid("Status %r is not one of %s" % (data["status"], ", ".join(allowed)))
        if data.get("impact_override") not in (None, "") and data["impact_override"] not in IMPACTS:
            raise sp_invalid("Impact override %r is not one of %s" % (data["impact_override"], ", ".join(IMPACTS)))
        if "name" in data and (not isinstance(data["name"], str) or len(data["name"]) > 255):
            raise sp_invalid("Name must be a string of at most 255 characters")
        if "body" in data and (not isinstance(data["body"], str) or len(data["body"]) > 25000):
            raise sp_invalid("Body must be a string of at most 25000 characters")
        ids = data.get("component_ids")
        if ids is not None:
            if not isinstance(ids, list) or any(c not in self.components for c in ids):
                raise sp_invalid("component_ids must list components of this page")

    def _apply_components(self, inc, comps, now):
        """Set component statuses; return the affected_components list."""
        old = {cid: self.components[cid]["status"] for cid in self.components}
        for cid, st in comps.items():
            c = self.components[cid]
            if c["status"] != st:
                c["status"] = st
                c["updated_at"] = now
            if cid not in inc["component_ids"]:
                inc["component_ids"].append(cid)
        worst = max([SEVERITY[self.components[c]["status"]] for c in inc["component_ids"]] or [0])
        if comps and not inc.get("impact_override"):
            inc["impact"] = IMPACT_OF[worst] if worst else inc.get("impact") or "none"
        return [{"code": cid, "name": self._display_name(cid), "old_status": old[cid],
                 "new_status": self.components[cid]["status"]} for cid in inc["component_ids"]]

    def _update_record(self, iid, status, body, at, affected, deliver, uid=None):
        return {"id": uid or self._next_id("update"), "incident_id": iid,
                "affected_components": affected, "body": body, "created_at": at,
                "custom_tweet": None, "deliver_notifications": deliver, "display_at": at,
                "status": status, "tweet_id": None, "twitter_updated_at": None, "updated_at": at,
                "wants_twitter_update": False}

    def _transitions(self, inc, status, now):
        if status == "monitoring" and inc.get("monitoring_at") is None:
            inc["monitoring_at"] = now
        if status in ("resolved", "completed") and inc.get("resolved_at") is None:
            inc["resolved_at"] = now

    def create(self, data):
        """Create an incident from a POST body's incident object."""
        if not isinstance(data.get("name"), str) or not data["name"].strip():
            raise sp_invalid("Name can't be blank")
        scheduled = data.get("scheduled_for") not in (None, "")
        self._check_common(data, scheduled)
        comps = self._check_components(data)
        now = now_ms()
        inc = self._blank_incident(self._next_id("incident"), now)
        inc["name"] = data["name"]
        inc["status"] = data.get("status") or ("scheduled" if scheduled else "investigating")
        if data.get("impact_override"):
            inc["impact_override"] = inc["impact"] = data["impact_override"]
        if isinstance(data.get("metadata"), dict):
            inc["metadata"] = data["metadata"]
        for k in ("scheduled_for", "scheduled_until"):
            if data.get(k):
                ms = parse_rfc3339_ms(data[k])
                if ms is None:
                    raise sp_invalid("%s must be an ISO 8601 time" % k)
                inc[k] = ms
        for k in ("scheduled_remind_prior", "scheduled_auto_in_progress", "scheduled_auto_completed"):
            if k in data:
                inc[k] = _bool(data[k])
        if "reminder_intervals" in data:
            inc["reminder_intervals"] = data["reminder_intervals"]
        inc["component_ids"] = list(dict.fromkeys(data.get("component_ids") or []))
        affected = self._apply_components(inc, comps, now) if (comps or inc["component_ids"]) else None
        deliver = _bool(data.get("deliver_notifications", True))
        body = data.get("body")
        if body:
            inc["incident_updates"].insert(0, self._update_record(inc["id"], inc["status"], body, now,
                                                                  affected, deliver))
        self._transitions(inc, inc["status"], now)
        self.incidents[inc["id"]] = inc
        return inc

    def create_incident(self, ctx):
        inc = self.create(self._body(ctx, "incident"))
        return Response(201, self.render_incident(inc))

    def update_incident(self, ctx, iid):
        inc = self._incident(iid)
        data = self._body(ctx, "incident")
        self._check_common(data, inc.get("scheduled_for") is not None)
        comps = self._check_components(data)
        now = now_ms()
        if data.get("component_ids"):
            for cid in data["component_ids"]:
                if cid not in inc["component_ids"]:
                    inc["component_ids"].append(cid)
        affected = self._apply_components(inc, comps, now) if comps else None
        if "name" in data:
            inc["name"] = data["name"]
        if "impact_override" in data:
            inc["impact_override"] = data["impact_override"] or None
            if inc["impact_override"]:
                inc["impact"] = inc["impact_override"]
        if isinstance(data.get("metadata"), dict):
            inc["metadata"] = data["metadata"]
        if "status" in data or data.get("body"):
            status = data.get("status", inc["status"])
            inc["status"] = status
            self._transitions(inc, status, now)
            inc["incident_updates"].insert(0, self._update_record(
                inc["id"], status, data.get("body") or "", now, affected,
                _bool(data.get("deliver_notifications", True))))
        inc["updated_at"] = now
        return Response(200, self.render_incident(inc))

    def delete_incident(self, ctx, iid):
        inc = self._incident(iid)
        del self.incidents[iid]
        return Response(200, self.render_incident(inc))

    def edit_update(self, ctx, iid, uid):
        inc = self._incident(iid)
        upd = next((u for u in inc["incident_updates"] if u["id"] == uid), None)
        if upd is None:
            raise sp_error(404, "Incident update %s not found" % uid)
        data = self._body(ctx, "incident_update")
        if "body" in data:
            if not isinstance(data["body"], str):
                raise sp_invalid("Body must be a string")
            upd["body"] = data["body"]
        if "display_at" in data:
            ms = parse_rfc3339_ms(data["display_at"])
            if ms is None:
                raise sp_invalid("display_at must be an ISO 8601 time")
            upd["display_at"] = ms
        for k in ("deliver_notifications", "wants_twitter_update"):
            if k in data:
                upd[k] = _bool(data[k])
        upd["updated_at"] = now_ms()
        return Response(200, self.render_update(upd))

    # -- postmortems -------------------------------------------------------

    def show_postmortem(self, ctx, iid):
        inc = self._incident(iid)
        if inc["_postmortem"] is None:
            raise sp_error(404, "Postmortem not found")
        return Response(200, self.render_postmortem(inc["_postmortem"]))

    def draft_postmortem(self, ctx, iid):
        inc = self._incident(iid)
        data = self._body(ctx, "postmortem")
        if not isinstance(data.get("body_draft"), str):
            raise sp_invalid("body_draft is required")
        now = now_ms()
        pm = inc["_postmortem"] or self._blank_postmortem(iid, now)
        pm["body_draft"] = data["body_draft"]
        pm["body_draft_updated_at"] = now
        pm["updated_at"] = now
        inc["_postmortem"] = pm
        return Response(200, self.render_postmortem(pm))

    def publish_postmortem(self, ctx, iid):
        inc = self._incident(iid)
        pm = inc["_postmortem"]
        if pm is None or not pm.get("body_draft"):
            raise sp_invalid("There is no postmortem draft to publish")
        data = self._body(ctx, "postmortem", required=False)
        now = now_ms()
        pm["body"] = pm["body_draft"]
        pm["body_updated_at"] = now
        pm["published_at"] = now
        pm["notify_subscribers"] = _bool(data.get("notify_subscribers", False))
        pm["notify_twitter"] = _bool(data.get("notify_twitter", False))
        pm["custom_tweet"] = data.get("custom_tweet")
        pm["updated_at"] = now
        inc["postmortem_body"] = pm["body"]
        inc["postmortem_body_last_updated_at"] = now
        inc["postmortem_published_at"] = now
        inc["postmortem_notified_subscribers"] = pm["notify_subscribers"]
        inc["postmortem_notified_twitter"] = pm["notify_twitter"]
        inc["updated_at"] = now
        return Response(200, self.render_postmortem(pm))

    def revert_postmortem(self, ctx, iid):
        inc = self._incident(iid)
        pm = inc["_postmortem"]
        if pm is None or pm.get("published_at") is None:
            raise sp_invalid("The postmortem is not published")
        now = now_ms()
        pm["published_at"] = None
        pm["updated_at"] = now
        inc["postmortem_published_at"] = None
        inc["updated_at"] = now
        return Response(200, self.render_postmortem(pm))

    def delete_postmortem(self, ctx, iid):
        inc = self._incident(iid)
        if inc["_postmortem"] is None:
            raise sp_error(404, "Postmortem not found")
        inc["_postmortem"] = None
        inc["postmortem_body"] = None
        inc["postmortem_published_at"] = None
        return Response(204, None)

    # -- components --------------------------------------------------------

    def _ordered_components(self):
        return sorted(self.components.values(), key=lambda c: (c["position"], c["created_at"], c["id"]))

    def list_components(self, ctx):
        items = self._paging(ctx, self._ordered_components(), "per_page")
        return Response(200, [self.render_component(c) for c in items])

    def _component(self, cid):
        c = self.components.get(cid)
        if c is None:
            raise sp_error(404, "Component %s not found" % cid)
        return c

    def show_component(self, ctx, cid):
        return Response(200, self.render_component(self._component(cid)))

    def _component_fields(self, c, data):
        if "status" in data and data["status"] not in COMPONENT_STATUSES:
            raise sp_invalid("Status %r is not one of %s" % (data["status"], ", ".join(COMPONENT_STATUSES)))
        if "name" in data and (not isinstance(data["name"], str) or not data["name"].strip()):
            raise sp_invalid("Name can't be blank")
        if data.get("group_id") not in (None, "") and data["group_id"] not in self.groups \
                and data["group_id"] not in self.components:
            raise sp_invalid("Group %s not found" % data["group_id"])
        for k in ("status", "name", "description", "group_id", "start_date"):
            if k in data:
                c[k] = data[k] if data[k] != "" or k == "description" else None
        for k in ("showcase", "only_show_if_degraded"):
            if k in data:
                c[k] = _bool(data[k])
        c["updated_at"] = now_ms()

    def update_component(self, ctx, cid):
        c = self._component(cid)
        data = self._body(ctx, "component")
        self._component_fields(dict(c), data)        # validate first, then apply
        self._component_fields(c, data)
        return Response(200, self.render_component(c))

    def create_component(self, ctx):
        data = self._body(ctx, "component")
        if not isinstance(data.get("name"), str) or not data["name"].strip():
            raise sp_invalid("Name can't be blank")
        now = now_ms()
        cid = self._next_id("component")
        c = {"id": cid, "page_id": self.page_id, "group_id": None, "created_at": now, "updated_at": now,
             "group": False, "name": data["name"], "description": None,
             "position": len(self.components) + 1, "status": "operational", "showcase": True,
             "only_show_if_degraded": False,
             "automation_email": "component+%s@notifications.statuspage.test" % stable_id("mail:" + cid, 0, 32),
             "start_date": None}
        self._component_fields(dict(c), data)
        self._component_fields(c, data)
        self.components[cid] = c
        return Response(201, self.render_component(c))

    def delete_component(self, ctx, cid):
        self._component(cid)
        del self.components[cid]
        return Response(204, None)

    def list_groups(self, ctx):
        items = sorted(self.groups.values(), key=lambda g: (g["position"], g["id"]))
        return Response(200, [self.render_group(g) for g in self._paging(ctx, items, "per_page")])

    def show_group(self, ctx, gid):
        g = self.groups.get(gid)
        if g is None:
            raise sp_error(404, "Component group %s not found" % gid)
        return Response(200, self.render_group(g))

    # -- templates ---------------------------------------------------------

    def list_templates(self, ctx):
        items = self._paging(ctx, list(self.templates.values()), "per_page")
        return Response(200, [self.render_template(tp) for tp in items])

    def create_template(self, ctx):
        data = self._body(ctx, "template")
        for k in ("name", "title", "body"):
            if not isinstance(data.get(k), str) or not data[k].strip():
                raise sp_invalid("%s can't be blank" % k.capitalize())
        if data.get("update_status") not in (None, "") and data["update_status"] not in REALTIME + SCHEDULED:
            raise sp_invalid("update_status %r is not valid" % data["update_status"])
        ids = data.get("component_ids") or []
        if not isinstance(ids, list) or any(c not in self.components for c in ids):
            raise sp_invalid("component_ids must list components of this page")
        tp = {"id": self._next_id("template"), "name": data["name"], "title": data["title"],
              "body": data["body"], "group_id": data.get("group_id"),
              "update_status": data.get("update_status") or None,
              "should_tweet": _bool(data.get("should_tweet", False)),
              "should_send_notifications": _bool(data.get("should_send_notifications", True)),
              "component_ids": ids}
        self.templates[tp["id"]] = tp
        return Response(201, self.render_template(tp))

    # -- control ------------------------------------------------------------

    def state(self, what):
        if what == "components":
            return {"components": [self.render_component(c) for c in self._ordered_components()]}
        return {"incidents": [dict(self.render_incident(i),
                                   postmortem=self.render_postmortem(i["_postmortem"])
                                   if i["_postmortem"] else None)
                              for i in self._newest_first(self.incidents.values())]}
