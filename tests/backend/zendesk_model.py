"""Zendesk records for the test backend: constants, the error bodies,
rendering (internal records hold epoch-second ints; the API sends ISO 8601
strings and urls built from the request's host), and the ticket store that
merges stored tickets with procedurally generated ones in any order.
"""

import bisect
import heapq
import html
import re

from common import ApiError, ListSource, iso_s

STATUSES = ("new", "open", "pending", "hold", "solved", "closed")
PRIORITIES = ("urgent", "high", "normal", "low")
TYPES = ("problem", "incident", "question", "task")
MAX_COMMENTS = 5000
MAX_BODY_BYTES = 64 * 1024
MAX_BULK = 100
UPDATE_LIMIT = (30, 600)        # updates per user per ticket, per seconds
EXPORT_LIMIT = (10, 60)         # incremental exports per account, per seconds

CONFLICT_DESCRIPTION = ("Safe Update prevented the update due to outdated ticket data. "
                        "Please fetch the latest ticket data and try again.")
FORBIDDEN_DESCRIPTION = ("You do not have access to this page. Please contact the account "
                         "owner of this help desk for further help.")


# ---------------------------------------------------------------- errors

def zerr(status, error, description, details=None, headers=None):
    body = {"error": error, "description": description}
    if details is not None:
        body["details"] = details
    return ApiError(status, body, headers)


def not_found(what="Not found"):
    return zerr(404, "RecordNotFound", what)


def bad_request(description):
    return zerr(400, "InvalidPaginationParameter", description)


def record_invalid(details):
    return zerr(422, "RecordInvalid", "Record validation errors", details)


def field_error(field, description, error="InvalidValue"):
    return {field: [{"description": description, "error": error}]}


# ---------------------------------------------------------------- rendering

TICKET_KEYS = (
    "url", "id", "external_id", "via", "created_at", "updated_at", "generated_timestamp",
    "type", "subject", "raw_subject", "description", "priority", "status", "custom_status_id",
    "recipient", "requester_id", "submitter_id", "assignee_id", "organization_id", "group_id",
    "collaborator_ids", "follower_ids", "email_cc_ids", "forum_topic_id", "problem_id",
    "has_incidents", "is_public", "due_at", "tags", "custom_fields", "satisfaction_rating",
    "sharing_agreement_ids", "fields", "followup_ids", "ticket_form_id", "brand_id",
    "allow_channelback", "allow_attachments", "from_messaging_channel")


def render_ticket(t, base):
    out = {}
    for k in TICKET_KEYS:
        if k == "url":
            out["url"] = "%s/api/v2/tickets/%d.json" % (base, t["id"])
        elif k in ("created_at", "updated_at"):
            out[k] = iso_s(t[k])
        elif k in t:
            out[k] = t[k]
    for k, v in t.items():           # scenario extras pass through
        if k not in out and not k.startswith("_"):
            out[k] = v
    return out


def render_comment(c):
    out = dict(c)
    out["created_at"] = iso_s(c["created_at"])
    return out


def _render_times(rec, private=()):
    out = {}
    for k, v in rec.items():
        if k in private:
            continue
        out[k] = iso_s(v) if k in ("created_at", "updated_at") and isinstance(v, int) else v
    return out


def render_user(u, base):
    out = {"id": u["id"], "url": "%s/api/v2/users/%d.json" % (base, u["id"])}
    out.update(_render_times(u, private=("api_token",)))
    return out


def render_group(g, base):
    out = {"url": "%s/api/v2/groups/%d.json" % (base, g["id"])}
    out.update(_render_times(g))
    return out


def render_org(o, base):
    out = {"url": "%s/api/v2/organizations/%d.json" % (base, o["id"])}
    out.update(_render_times(o))
    return out


def render_macro(m, base):
    out = {"url": "%s/api/v2/macros/%d.json" % (base, m["id"])}
    out.update(_render_times(m))
    return out


def html_of(text):
    paras = [p for p in re.split(r"\n{2,}", text)] or [""]
    inner = "".join("<p>%s</p>" % html.escape(p).replace("\n", "<br>") for p in paras)
    return '<div class="zd-comment" dir="auto">%s</div>' % inner


def text_of(markup):
    text = re.sub(r"<br\s*/?>", "\n", markup, flags=re.I)
    text = re.sub(r"</p\s*>", "\n\n", text, flags=re.I)
    text = re.sub(r"<[^>]*>", "", text)
    return html.unescape(text).strip()


def cut_body(text):
    """Bodies over 64 kB are silently truncated, as Zendesk does, on a
    character boundary. A lone surrogate (from "\\ud800") counts as the
    three bytes it would take."""
    raw = text.encode("utf-8", "surrogatepass")
    if len(raw) <= MAX_BODY_BYTES:
        return text
    n = MAX_BODY_BYTES
    while n > 0 and raw[n] & 0xC0 == 0x80:
        n -= 1
    return raw[:n].decode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- ticket store

ORDERS = {
    # name: (key of a stored ticket, key of untouched generated ticket i)
    "id": (lambda t: (t["id"],), lambda g, i: (i,)),
    "updated_at": (lambda t: (t["updated_at"], t["id"]), lambda g, i: (g.ts(i), i)),
    "export": (lambda t: (t["generated_timestamp"], t["id"]), lambda g, i: (g.ts(i), i)),
}


class TicketSource:
    """Tickets in one order, merging stored tickets with the untouched
    generated ones; yields (key, ticket-or-("gen", i))."""

    def __init__(self, store, order):
        self.store = store
        self.order = order

    def count(self):
        return self.store.count()

    def iter(self, start=None, reverse=False):
        stored = self.store.sorted_stored(self.order).iter(start, reverse)
        gen = self.store.gen
        if gen is None:
            return stored
        return heapq.merge(stored, self._gen_iter(start, reverse),
                           key=lambda kv: kv[0], reverse=reverse)

    def _gen_iter(self, start, reverse):
        gen, skip = self.store.gen, self.store.stored
        keyf = ORDERS[self.order][1]
        ids = range(1, gen.n + 1)
        if not reverse:
            pos = 0 if start is None else bisect.bisect_right(ids, start, key=lambda i: keyf(gen, i))
            for i in range(pos + 1, gen.n + 1):
                if i not in skip:
                    yield keyf(gen, i), ("gen", i)
        else:
            pos = gen.n if start is None else bisect.bisect_left(ids, start, key=lambda i: keyf(gen, i))
            for i in range(pos, 0, -1):
                if i not in skip:
                    yield keyf(gen, i), ("gen", i)


class TicketStore:
    """Stored tickets (scenario, created or changed) over an optional
    generator. Comments and audits live beside their ticket."""

    def __init__(self, gen=None):
        self.gen = gen
        self.stored = {}            # id -> ticket
        self.comments = {}          # id -> [comment] for stored tickets
        self.audits = {}            # id -> [audit] written since seeding
        self._sorted = {}           # order -> ListSource, dropped on change
        self._created_past_gen = 0

    def count(self):
        if self.gen is None:
            return len(self.stored)
        return self.gen.n + self._created_past_gen

    def exists(self, tid):
        return tid in self.stored or (self.gen is not None and 1 <= tid <= self.gen.n)

    def get(self, tid):
        if tid in self.stored:
            return self.stored[tid]
        if self.gen is not None and 1 <= tid <= self.gen.n:
            return self.gen.ticket(tid)
        return None

    def resolve(self, item):
        return self.gen.ticket(item[1]) if isinstance(item, tuple) else item

    def comments_of(self, tid):
        if tid in self.comments:
            return self.comments[tid]
        if self.gen is not None and 1 <= tid <= self.gen.n:
            return self.gen.comments(tid)
        return []

    def comment_count(self, tid):
        if tid in self.comments:
            return len(self.comments[tid])
        return self.gen.comment_count(tid) if self.gen is not None else 0

    def put(self, ticket, comments=None):
        """Store (or replace) a ticket; comments None keeps the current ones."""
        tid = ticket["id"]
        if not self.exists(tid) and self.gen is not None and tid > self.gen.n:
            self._created_past_gen += 1
        if comments is None:
            comments = list(self.comments_of(tid))
        self.stored[tid] = ticket
        self.comments[tid] = comments
        self._sorted.clear()

    def max_id(self):
        top = max(self.stored) if self.stored else 0
        return max(top, self.gen.n if self.gen is not None else 0)

    def sorted_stored(self, order):
        src = self._sorted.get(order)
        if src is None:
            src = self._sorted[order] = ListSource(self.stored.values(), ORDERS[order][0])
        return src

    def source(self, order):
        return TicketSource(self, order)
