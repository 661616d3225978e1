"""The Zendesk write path: ticket updates (safe_update, validation,
comments, audits, the per-ticket rate limit), ticket creation, and the
bulk/batch update_many jobs. A mixin of zendesk.Zendesk, whose state
(users, groups, store, jobs) it works on.
"""

import hashlib
import time
from collections import deque

from common import ApiError, ListSource, Response, iso_s, now_s, parse_rfc3339_ms, q1, qids
from zendesk_model import (CONFLICT_DESCRIPTION, MAX_BULK, MAX_COMMENTS, PRIORITIES, STATUSES, TYPES,
                           UPDATE_LIMIT, cut_body, field_error, html_of, not_found, record_invalid,
                           render_ticket, text_of, zerr)


class TicketWrites:
    # -- updates ----------------------------------------------------------

    def _stamp(self, t):
        """The next updated_at/generated_timestamp of ticket t: now, but
        strictly after its current one and after anything an export or
        list has already shown (so no cursor can step over the change)."""
        new = max(now_s(), t["updated_at"] + 1, t["generated_timestamp"] + 1)
        if new <= self.high_water:
            new = self.high_water + 1
        return new

    def _user_ref(self, uid, field, staff=False):
        u = self.users.get(uid) if isinstance(uid, int) and not isinstance(uid, bool) else None
        if u is None:
            return field_error(field, "%s: %r is not a valid user" % (field, uid))
        if staff and u["role"] not in ("agent", "admin"):
            return field_error(field, "Assignee: %s is not an agent" % u["name"])
        return None

    def apply_changes(self, tid, changes, actor, ctx=None, safe=True, force_bump=False,
                      via_channel="api"):
        """Validate changes for ticket tid and apply them. Raises ApiError
        (404, 409 UpdateConflict, 422 RecordInvalid) with nothing applied.
        Returns (ticket, audit). force_bump bumps updated_at even when
        nothing changed (the control endpoint's "touch")."""
        current = self.store.get(tid)
        if current is None:
            raise not_found()
        if not isinstance(changes, dict):
            raise zerr(400, "InvalidParameter", "ticket must be an object")
        su = changes.get("safe_update")
        if safe and (su is True or (isinstance(su, str) and su.lower() == "true")):
            stamp = changes.get("updated_stamp")
            stamp_ms = parse_rfc3339_ms(stamp) if isinstance(stamp, str) else None
            if stamp_ms is None:
                raise record_invalid(field_error(
                    "updated_stamp", "Updated stamp: is required with safe_update and must be an ISO 8601 time"))
            if current["updated_at"] * 1000 > stamp_ms:
                raise zerr(409, "UpdateConflict", CONFLICT_DESCRIPTION)
        if current["status"] == "closed":
            raise record_invalid(field_error("status", "Status: closed prevents ticket update",
                                             "ClosedPreventsUpdate"))
        t, events, comment = self._compute_changes(current, changes, actor)
        if not events and comment is None and not force_bump:
            return current, self._audit(tid, actor, [], current["updated_at"], ctx, via_channel, store=False)
        stamp = self._stamp(current)
        t["updated_at"] = stamp
        t["generated_timestamp"] = stamp
        audit = self._audit(tid, actor, events, stamp, ctx, via_channel)
        comments = list(self.store.comments_of(tid))
        if comment is not None:
            c = self._comment(comment, stamp, audit, via_channel)
            comments.append(c)
            audit["events"].insert(0, self._comment_event(c))
        for ev in audit["events"]:
            ev.setdefault("id", self._event_id())
        self.store.put(t, comments)
        self.audit_log.append(audit)
        self.store.audits.setdefault(tid, []).append(audit)
        return t, audit

    def _comment(self, comment, at, audit, channel):
        return {"id": self._event_id(), "type": "Comment", "author_id": comment["author_id"],
                "body": comment["body"], "html_body": comment["html_body"],
                "plain_body": comment["body"], "public": comment["public"], "created_at": at,
                "attachments": [], "audit_id": audit["id"],
                "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
                "metadata": audit["metadata"]}

    @staticmethod
    def _comment_event(c):
        ev = {k: c[k] for k in ("id", "author_id", "body", "html_body", "plain_body",
                                 "public", "attachments", "audit_id")}
        ev["type"] = "Comment"
        return ev

    def _compute_changes(self, current, changes, actor):
        """The ticket after changes, the Change events, and the comment to
        add (or None). Raises 422 RecordInvalid listing every bad field."""
        t = dict(current)
        details = {}
        events = []

        def change(field, value):
            if t.get(field) != value:
                events.append({"type": "Change", "field_name": field, "value": value,
                               "previous_value": t.get(field)})
                t[field] = value

        if "status" in changes:
            s = changes["status"]
            if s not in STATUSES:
                details.update(field_error("status", "Status: %r is not a valid status" % (s,)))
            elif s == "new" and current["status"] != "new":
                details.update(field_error("status", "Status: new is not valid for a ticket that is no longer new"))
            else:
                change("status", s)
        if "priority" in changes:
            p = changes["priority"] or None
            if p is not None and p not in PRIORITIES:
                details.update(field_error("priority", "Priority: %r is not valid" % (p,)))
            else:
                change("priority", p)
        if "type" in changes:
            ty = changes["type"] or None
            if ty is not None and ty not in TYPES:
                details.update(field_error("type", "Type: %r is not valid" % (ty,)))
            else:
                change("type", ty)
        if "subject" in changes:
            s = changes["subject"]
            if not isinstance(s, str):
                details.update(field_error("subject", "Subject: must be a string"))
            else:
                change("subject", s)
                change("raw_subject", s)
        if "assignee_email" in changes and "assignee_id" not in changes:
            email = changes["assignee_email"]
            found = [u for u in self.users.values()
                     if isinstance(email, str) and u.get("email", "").lower() == email.lower()]
            if not found or found[0]["role"] not in ("agent", "admin"):
                details.update(field_error("assignee_email", "Assignee: %r is not an agent" % (email,)))
            else:
                change("assignee_id", found[0]["id"])
        if "assignee_id" in changes:
            a = changes["assignee_id"]
            if a is None:
                change("assignee_id", None)
            else:
                err = self._user_ref(a, "assignee_id", staff=True)
                if err:
                    details.update(err)
                else:
                    change("assignee_id", a)
        if "group_id" in changes:
            g = changes["group_id"]
            if g is not None and g not in self.groups:
                details.update(field_error("group_id", "Group: %r is not a valid group" % (g,)))
            else:
                change("group_id", g)
        if "requester_id" in changes:
            err = self._user_ref(changes["requester_id"], "requester_id")
            if err:
                details.update(err)
            else:
                change("requester_id", changes["requester_id"])
        for k in ("external_id", "due_at", "problem_id", "organization_id"):
            if k in changes:
                change(k, changes[k])
        tags = list(t.get("tags") or [])
        if "tags" in changes:
            if not isinstance(changes["tags"], list) or not all(isinstance(x, str) for x in changes["tags"]):
                details.update(field_error("tags", "Tags: must be an array of strings"))
            else:
                tags = list(dict.fromkeys(changes["tags"]))
        for k, add in (("additional_tags", True), ("remove_tags", False)):
            if k in changes:
                v = changes[k]
                v = v.split() if isinstance(v, str) else v
                if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                    details.update(field_error(k, "%s: must be an array of strings" % k))
                elif add:
                    tags += [x for x in v if x not in tags]
                else:
                    tags = [x for x in tags if x not in v]
        change("tags", tags)
        if "custom_fields" in changes:
            cf = changes["custom_fields"]
            if not isinstance(cf, list) or not all(isinstance(x, dict) and isinstance(x.get("id"), int)
                                                   for x in cf):
                details.update(field_error("custom_fields", "Custom fields: must be an array of {id, value}"))
            else:
                merged = {f["id"]: f.get("value") for f in t.get("custom_fields") or []}
                for f in cf:
                    merged[f["id"]] = f.get("value")
                change("custom_fields", [{"id": k, "value": v} for k, v in merged.items()])

        comment = None
        if changes.get("comment") is not None:
            comment = self._check_comment(changes["comment"], actor, current["id"], details)
        if details:
            raise record_invalid(details)

        # A new ticket opens when an agent assigns it or answers it in public.
        if t["status"] == "new" and "status" not in changes and (
                t.get("assignee_id") or (comment and comment["public"] and self.users.get(
                    comment["author_id"], {}).get("role") in ("agent", "admin"))):
            change("status", "open")
        return t, events, comment

    def _check_comment(self, c, actor, tid, details):
        """The comment a ticket's comment object asks for, or None with the
        problems added to details."""
        if not isinstance(c, dict):
            details.update(field_error("comment", "Comment: must be an object"))
            return None
        body, markup = c.get("body"), c.get("html_body")
        if (markup is not None and not isinstance(markup, str)) or \
                (body is not None and not isinstance(body, str)):
            details.update(field_error("comment", "Comment: body must be a string"))
            return None
        if not (body or "").strip() and not text_of(markup or "").strip():
            details.update(field_error("comment", "Comment: body cannot be blank", "BlankValue"))
            return None
        author = c.get("author_id", actor["id"])
        err = self._user_ref(author, "author_id")
        if err:
            details.update(err)
        public = c.get("public", True)
        if not isinstance(public, bool):
            public = str(public).lower() != "false"
        if self.store.exists(tid) and self.store.comment_count(tid) >= MAX_COMMENTS:
            details.update(field_error("comment", "Comment: a ticket can have at most 5000 comments",
                                       "TooManyComments"))
        if markup and not body:
            body = text_of(markup)
        else:
            markup = html_of(body)
        return {"author_id": author, "body": cut_body(body), "html_body": markup, "public": public}

    def _audit(self, tid, actor, events, at, ctx, channel, store=True):
        meta = {"system": {}, "custom": {}}
        if ctx is not None:
            meta["system"] = {"client": ctx.headers.get("user-agent", ""), "ip_address": ctx.client_ip}
        return {"id": self._event_id() if store else None, "ticket_id": tid, "created_at": at,
                "author_id": actor["id"], "metadata": meta,
                "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
                "events": events}

    @staticmethod
    def render_audit(a):
        out = dict(a)
        out["created_at"] = iso_s(a["created_at"])
        return out

    def _update_limit(self, ctx, tid):
        if not self.app.ratelimits["enabled"]:
            return {}
        hits = self.update_hits.setdefault((ctx.user["id"], tid), deque())
        now = time.time()
        count, window = UPDATE_LIMIT
        while hits and hits[0] <= now - window:
            hits.popleft()
        resets = int(hits[0] + window - now + 0.999) if hits else window
        if len(hits) >= count:
            raise zerr(429, "TooManyRequests",
                       "Ticket %d: at most %d updates per %d minutes per user" % (tid, count, window // 60),
                       headers={"Retry-After": str(max(1, resets)),
                                "Zendesk-RateLimit-tickets-update":
                                    "total=%d; remaining=0; resets=%d" % (count, resets)})
        hits.append(now)
        return {"Zendesk-RateLimit-tickets-update":
                "total=%d; remaining=%d; resets=%d" % (count, count - len(hits), resets)}

    def update_ticket(self, ctx, tid):
        changes = self._body(ctx, "ticket")
        if not self.store.exists(tid):
            raise not_found()
        headers = self._update_limit(ctx, tid)
        t, audit = self.apply_changes(tid, changes, ctx.user, ctx)
        return Response(200, {"ticket": render_ticket(t, ctx.base), "audit": self.render_audit(audit)},
                        headers)

    def create_ticket(self, ctx):
        data = self._body(ctx, "ticket")
        t, audit = self.create(data, ctx.user, ctx)
        return Response(201, {"ticket": render_ticket(t, ctx.base), "audit": self.render_audit(audit)},
                        {"Location": "%s/api/v2/tickets/%d.json" % (ctx.base, t["id"])})

    def create(self, data, actor, ctx=None, via_channel="api"):
        """Create a ticket from a POST body's ticket object; returns
        (ticket, audit) or raises 422 with nothing stored."""
        details = {}
        c = data.get("comment")
        if c is None and isinstance(data.get("description"), str):
            c = {"body": data["description"]}
        if c is None:
            details.update(field_error("description", "Description: cannot be blank", "BlankValue"))
        requester = data.get("requester_id")
        new_user = None
        if requester is None and isinstance(data.get("requester"), dict):
            r = data["requester"]
            email = r.get("email")
            found = [u for u in self.users.values()
                     if isinstance(email, str) and u.get("email", "").lower() == email.lower()]
            if found:
                requester = found[0]["id"]
            elif isinstance(email, str) and "@" in email:
                now = now_s()
                new_user = {
                    "id": max(self.users) + 1, "name": r.get("name") or email.split("@")[0],
                    "email": email, "role": "end-user", "role_type": None, "organization_id": None,
                    "default_group_id": None, "active": True, "suspended": False, "verified": False,
                    "tags": [], "user_fields": {}, "locale": r.get("locale", "en-US"),
                    "time_zone": "UTC", "iana_time_zone": "Etc/UTC", "phone": None, "photo": None,
                    "details": "", "notes": "", "created_at": now, "updated_at": now}
                requester = new_user["id"]
            else:
                details.update(field_error("requester", "Requester: email is not valid"))
        elif requester is None:
            requester = actor["id"]
        elif self._user_ref(requester, "requester_id"):
            details.update(self._user_ref(requester, "requester_id"))
        tid = self.next_ticket_id
        blank = self._blank_ticket(tid, 0)
        blank.update({"requester_id": requester, "submitter_id": actor["id"], "updated_at": 0,
                      "generated_timestamp": 0})
        rest = {k: v for k, v in data.items()
                if k in ("status", "priority", "type", "tags", "assignee_id", "assignee_email",
                         "group_id", "custom_fields", "external_id", "due_at", "problem_id",
                         "organization_id", "subject")}
        if new_user is not None:        # taken back below if anything is invalid
            self.users[new_user["id"]] = new_user
        try:
            comment = None
            if c is not None:
                comment = self._check_comment(dict(c, author_id=c.get("author_id", requester))
                                              if isinstance(c, dict) else c, actor, tid, details)
            if details:
                raise record_invalid(details)
            t, events, _ = self._compute_changes(blank, rest, actor)
        except ApiError:
            if new_user is not None:
                del self.users[new_user["id"]]
            raise
        if t["status"] == "new" and "status" not in rest and t.get("assignee_id"):
            t["status"] = "open"
        req = self.users[requester]
        if "organization_id" not in rest:
            t["organization_id"] = req.get("organization_id")
        if not t.get("subject"):
            t["subject"] = t["raw_subject"] = comment["body"].split("\n")[0][:80]
        t["description"] = comment["body"]
        t["via"] = {"channel": via_channel, "source": {"from": {}, "to": {}, "rel": None}}
        stamp = self._stamp(blank)
        t["created_at"] = t["updated_at"] = t["generated_timestamp"] = stamp
        audit = self._audit(tid, actor, [], stamp, ctx, via_channel)
        first = self._comment(comment, stamp, audit, via_channel)
        audit["events"] = [self._comment_event(first)] + [
            {"type": "Create", "field_name": e["field_name"], "value": e["value"]} for e in events]
        for ev in audit["events"]:
            ev.setdefault("id", self._event_id())
        self.store.put(t, [first])
        self.next_ticket_id += 1
        self.audit_log.append(audit)
        self.store.audits[tid] = [audit]
        return t, audit

    # -- bulk and batch -------------------------------------------------------

    def update_many(self, ctx):
        body = self._json_body(ctx)
        if not isinstance(body, dict):
            raise zerr(400, "InvalidParameter", "The request body must be a JSON object")
        if "ids" in ctx.query:
            try:
                ids = qids(ctx.query, "ids")
            except ValueError:
                raise zerr(400, "InvalidValue", "ids must be a comma-separated list of integers")
            if not isinstance(body.get("ticket"), dict):
                raise zerr(400, "InvalidParameter", "A bulk update needs a ticket object")
            items = [dict(body["ticket"], id=i) for i in ids]
            batch = False
        elif isinstance(body.get("tickets"), list):
            items = body["tickets"]
            batch = True
        else:
            raise zerr(400, "InvalidParameter", "Send ?ids= with a ticket object, or a tickets array")
        if not items:
            raise zerr(400, "InvalidValue", "No tickets to update")
        if len(items) > MAX_BULK:
            raise zerr(400, "InvalidValue", "At most %d tickets can be updated at once, got %d"
                       % (MAX_BULK, len(items)))
        results = []
        queued_at = now_s()
        for item in items:
            tid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(tid, int) or isinstance(tid, bool):
                results.append({"id": tid, "success": False, "error": "InvalidValue",
                                "details": "Each ticket needs an integer id"})
                continue
            changes = {k: v for k, v in item.items() if k != "id"}
            if batch:
                su = changes.get("safe_update")
                if not (su is True or su == "true") or not isinstance(changes.get("updated_stamp"), str):
                    results.append({"id": tid, "success": False, "error": "InvalidValue",
                                    "details": "Batch updates must carry safe_update and updated_stamp"})
                    continue
            elif "updated_stamp" not in changes:
                # The system always performs safe updates for bulk jobs; the
                # default stamp is the time the job was queued.
                changes["safe_update"] = True
                changes["updated_stamp"] = iso_s(queued_at)
            else:
                changes["safe_update"] = True
            try:
                self.apply_changes(tid, changes, ctx.user, ctx)
                results.append({"id": tid, "action": "update", "success": True, "status": "Updated"})
            except ApiError as e:
                b = e.body
                detail = b.get("description", "")
                if isinstance(b.get("details"), dict):
                    detail = "; ".join(d["description"] for ds in b["details"].values() for d in ds)
                results.append({"id": tid, "success": False,
                                "error": "TicketNotFound" if e.status == 404 else b.get("error"),
                                "details": detail})
        self.job_seq += 1
        jid = hashlib.md5(("job:%d:%d" % (self.job_seq, queued_at)).encode()).hexdigest()
        job = {"id": jid, "job_type": "Bulk Update", "total": len(items), "results": results,
               "created_at": queued_at, "seen": False}
        self.jobs[jid] = job
        out = self._render_job(job, ctx.base)
        job["seen"] = True
        return Response(200, {"job_status": out})

    def _render_job(self, job, base):
        """The job's work is applied when it is created; the response to the
        PUT says queued, every later read says completed."""
        done = job["seen"]
        return {"id": job["id"], "url": "%s/api/v2/job_statuses/%s.json" % (base, job["id"]),
                "status": "completed" if done else "queued",
                "progress": job["total"] if done else 0, "total": job["total"],
                "message": ("Completed at %s" % time.strftime("%Y-%m-%d %H:%M:%S +0000",
                                                              time.gmtime(job["created_at"])))
                if done else None,
                "results": job["results"] if done else None, "job_type": job["job_type"]}

    def show_job(self, ctx, jid):
        job = self.jobs.get(str(jid))
        if job is None:
            raise not_found()
        return Response(200, {"job_status": self._render_job(job, ctx.base)})

    def show_many_jobs(self, ctx):
        ids = [p for p in q1(ctx.query, "ids", "").split(",") if p]
        return Response(200, {"job_statuses": [self._render_job(self.jobs[i], ctx.base)
                                               for i in ids if i in self.jobs]})

    def list_jobs(self, ctx):
        jobs = list(self.jobs.values())
        src = ListSource(jobs, lambda j: (j["created_at"], j["id"]))
        return self._list(ctx, "job_statuses", src, "created_at", True, lambda xs: xs,
                          "/api/v2/job_statuses.json")
