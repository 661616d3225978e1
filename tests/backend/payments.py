"""The payments review API (tdesk's own contract, DESIGN.md section 3),
served under /payments.

What this implementation settles where DESIGN.md is silent:

  Auth      Authorization: Bearer <token>; each token is one payments user
            {id, name, role}. Missing or unknown token: 401.
  Errors    {"error": "<code>", "message": "<text>"}; codes: unauthorized,
            forbidden, not_found, invalid_parameter, invalid_cursor,
            invalid_json, invalid_request, idempotency_key_required,
            idempotency_mismatch, version_conflict (+ "payment"),
            not_applicable.
  Times     RFC 3339 UTC with milliseconds, "2026-11-23T00:41:48.123Z".
            updated_at strictly increases across all payments (at least
            1 ms after the previous change), so (updated_at, id) is a total
            order and updated_after never skips a change.
  Listing   GET /v1/flagged-payments: every payment whatever its status,
            ordered by (updated_at, id). updated_after is exclusive (RFC
            3339 with any offset). limit 1..500, default 100; outside that
            range, or a malformed updated_after, is 400 invalid_parameter.
            next_cursor is opaque and null on the last page; a cursor
            carries its own position, so updated_after is not needed with it.
  Money     decimal strings with exactly the currency's ISO 4217 digits
            ("15.46" PLN, "1500" JPY, "0.125" KWD, "0.00012000" BTC);
            arithmetic in integer minor units.
  Resolve   POST /v1/flagged-payments/{id}/resolution, checked in this order:
            401; 404 unknown payment; 403 role first_line (technician and
            admin may resolve); 400 idempotency_key_required (missing or
            empty Idempotency-Key, or longer than 255 characters); 400
            invalid_json; then the idempotency record: the same key (per
            user) with the same method, path and JSON body (compared
            parsed, not byte for byte) replays the first answer with header
            Idempotent-Replayed: true; with anything else it is 422
            idempotency_mismatch. After that, and remembered for the key:
            400 invalid_request (action not accept|recalculate|refund,
            expected_version not an integer, note not a string); 409
            version_conflict with the current payment; 422 not_applicable
            (status is not flagged; refund_amount given for another action,
            not a decimal string with at most the currency's digits, not
            positive, or above received_amount); 200 the payment.
  Success   version + 1; status accepted|recalculated|refunded; updated_at
            bumped; history gets {at, actor (the user's name), action,
            note}. A refund (default amount: all received) is recorded in
            the backend's refund list, exactly one per applied resolution.
"""

import json
import re

from common import (ApiError, Response, decode_cursor, encode_cursor, iso_ms, now_ms,
                    parse_rfc3339_ms, q1, qint, scenario_time_ms)

EXPONENT = {"PLN": 2, "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CZK": 2, "SEK": 2, "BRL": 2,
            "JPY": 0, "KWD": 3, "BHD": 3, "BTC": 8}
ACTIONS = {"accept": "accepted", "recalculate": "recalculated", "refund": "refunded"}
REASONS = ("underpaid", "overpaid", "reference_mismatch", "account_mismatch", "fee_rounding",
           "late", "duplicate")
PAYMENT_STATUSES = ("flagged", "accepted", "recalculated", "refunded", "expired")
RESOLVER_ROLES = ("technician", "admin")
PAYMENT_KEYS = ("id", "order_id", "version", "customer", "provider", "currency",
                "expected_amount", "received_amount", "fee_amount", "expected_reference",
                "received_reference", "expected_account", "received_account", "reasons", "status",
                "received_at", "flagged_at", "auto_cancel_at", "updated_at", "ticket_ids", "history")
PAYMENT_TIMES = ("received_at", "flagged_at", "auto_cancel_at", "updated_at")
MAX_LIMIT = 500
MAX_KEY_LEN = 255


def perr(status, code, message, **extra):
    body = {"error": code, "message": message}
    body.update(extra)
    return ApiError(status, body)


_DECIMAL = re.compile(r"^(-?)(\d+)(?:\.(\d+))?$")


def to_minor(text, currency):
    """Exact minor units of a decimal string, or None: an optional '-',
    digits, and optionally '.' and 1 to exponent digits. More digits than
    the currency has is an error, never a rounding (DESIGN.md section 4)."""
    exp = EXPONENT.get(currency)
    if exp is None or not isinstance(text, str):
        return None
    m = _DECIMAL.match(text)
    if not m:
        return None
    sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
    if len(frac) > exp or (m.group(3) is not None and not frac):
        return None
    value = int(whole) * 10 ** exp + int((frac + "0" * exp)[:exp] or "0")
    return -value if sign else value


def from_minor(minor, currency):
    exp = EXPONENT[currency]
    sign = "-" if minor < 0 else ""
    minor = abs(minor)
    if exp == 0:
        return "%s%d" % (sign, minor)
    return "%s%d.%0*d" % (sign, minor // 10 ** exp, exp, minor % 10 ** exp)


class Payments:
    name = "payments"

    def __init__(self, app):
        self.app = app

    def reset_limits(self):
        pass

    # -- seeding ---------------------------------------------------------

    def seed(self, scenario, base_ms):
        p = scenario.get("payments", {})
        t = lambda v: scenario_time_ms(v, base_ms) if v is not None else None
        self.users = {}
        self.tokens = {}
        for u in p.get("users", []):
            self.users[u["id"]] = {"id": u["id"], "name": u["name"], "role": u["role"]}
            if u.get("token"):
                self.tokens[u["token"]] = u["id"]
        self.payments = {}
        self.last_ms = 0
        for raw in p.get("payments", []):
            pay = dict(raw)
            cur = pay["currency"]
            for k in ("expected_amount", "received_amount", "fee_amount"):
                if pay.get(k) is not None and to_minor(pay[k], cur) is None:
                    raise ValueError("payment %s: %s %r is not a %s amount" % (pay["id"], k, pay[k], cur))
                if pay.get(k) is not None:
                    pay[k] = from_minor(to_minor(pay[k], cur), cur)
            for k in PAYMENT_TIMES:
                pay[k] = t(pay.get(k))
            pay.setdefault("version", 1)
            pay.setdefault("status", "flagged")
            pay.setdefault("ticket_ids", [])
            pay.setdefault("fee_amount", None)
            for k in ("expected_reference", "received_reference", "expected_account", "received_account"):
                pay.setdefault(k, None)
            pay["history"] = [dict(h, at=t(h["at"])) for h in pay.get("history", [])]
            if pay["updated_at"] is None:
                pay["updated_at"] = max([pay["flagged_at"] or 0] + [h["at"] for h in pay["history"]])
            self.last_ms = max(self.last_ms, pay["updated_at"])
            self.payments[pay["id"]] = pay
        self.refunds = []
        self.idempotency = {}        # (user id, key) -> {"fingerprint", "status", "body"}
        self.next_payment = len(self.payments) + 1

    def _tick(self):
        """The next updated_at: now, but after every earlier one."""
        self.last_ms = max(now_ms(), self.last_ms + 1)
        return self.last_ms

    # -- rendering, auth, routing -----------------------------------------------

    @staticmethod
    def render(pay):
        out = {}
        for k in PAYMENT_KEYS:
            v = pay.get(k)
            if k in PAYMENT_TIMES:
                v = iso_ms(v) if v is not None else None
            elif k == "history":
                v = [{"at": iso_ms(h["at"]), "actor": h["actor"], "action": h["action"],
                      "note": h.get("note", "")} for h in v]
            elif isinstance(v, (list, dict)):
                v = json.loads(json.dumps(v))
            out[k] = v
        return out

    def authenticate(self, ctx):
        scheme, _, token = ctx.headers.get("authorization", "").partition(" ")
        uid = self.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if uid is None:
            e = perr(401, "unauthorized", "Send Authorization: Bearer <token> with a valid token")
            e.headers["WWW-Authenticate"] = 'Bearer realm="payments"'
            raise e
        return self.users[uid]

    def dispatch(self, ctx):
        ctx.user = self.authenticate(ctx)
        path = ctx.path.rstrip("/")
        routes = [
            ("GET", r"/v1/me", self.me),
            ("GET", r"/v1/flagged-payments", self.list_payments),
            ("GET", r"/v1/flagged-payments/([^/]+)", self.show_payment),
            ("POST", r"/v1/flagged-payments/([^/]+)/resolution", self.resolve),
        ]
        for meth, pattern, fn in routes:
            m = re.fullmatch(pattern, path)
            if m and meth == ctx.method:
                return fn(ctx, *m.groups())
        raise perr(404, "not_found", "No route for %s %s" % (ctx.method, ctx.path))

    # -- reads -------------------------------------------------------------

    def me(self, ctx):
        return Response(200, dict(ctx.user))

    def list_payments(self, ctx):
        bad = lambda m: perr(400, "invalid_parameter", m)
        limit = qint(ctx.query, "limit", 100, lo=1, hi=MAX_LIMIT, error=bad)
        limit = self.app.page_cap(limit)
        after = None
        cursor = q1(ctx.query, "cursor")
        if cursor:
            obj = decode_cursor(cursor)
            if not isinstance(obj, dict) or not isinstance(obj.get("u"), int) \
                    or not isinstance(obj.get("i"), str):
                raise perr(400, "invalid_cursor", "The cursor %r is not one this API made" % cursor)
            after = (obj["u"], obj["i"])
        else:
            since = q1(ctx.query, "updated_after")
            if since:
                ms = parse_rfc3339_ms(since)
                if ms is None:
                    raise bad("updated_after must be an RFC 3339 time, got %r" % since)
                after = (ms, "\U0010ffff")       # after every id at that instant
        items = sorted(self.payments.values(), key=lambda p: (p["updated_at"], p["id"]))
        if after is not None:
            items = [p for p in items if (p["updated_at"], p["id"]) > after]
        page = items[:limit]
        more = len(items) > limit
        nxt = encode_cursor({"u": page[-1]["updated_at"], "i": page[-1]["id"]}) if more else None
        return Response(200, {"payments": [self.render(p) for p in page], "next_cursor": nxt})

    def _payment(self, pid):
        pay = self.payments.get(pid)
        if pay is None:
            raise perr(404, "not_found", "No flagged payment %s" % pid)
        return pay

    def show_payment(self, ctx, pid):
        return Response(200, self.render(self._payment(pid)))

    # -- resolution --------------------------------------------------------

    def resolve(self, ctx, pid):
        pay = self._payment(pid)
        user = ctx.user
        if user["role"] not in RESOLVER_ROLES:
            raise perr(403, "forbidden", "Role %s may not resolve flagged payments" % user["role"])
        key = ctx.headers.get("idempotency-key", "").strip()
        if not key or len(key) > MAX_KEY_LEN:
            raise perr(400, "idempotency_key_required",
                       "Send an Idempotency-Key header of 1 to %d characters" % MAX_KEY_LEN)
        body = ctx.json(lambda m: perr(400, "invalid_json", m))
        fingerprint = json.dumps([ctx.method, ctx.path, body], sort_keys=True, separators=(",", ":"))
        seen = self.idempotency.get((user["id"], key))
        if seen is not None:
            if seen["fingerprint"] != fingerprint:
                raise perr(422, "idempotency_mismatch",
                           "Idempotency-Key %r was first used with another request" % key)
            return Response(seen["status"], seen["body"], {"Idempotent-Replayed": "true"})
        try:
            resp = self._resolve(pay, body, user, key)
        except ApiError as e:
            resp = Response(e.status, e.body)
        self.idempotency[(user["id"], key)] = {"fingerprint": fingerprint, "status": resp.status,
                                               "body": resp.body}
        return resp

    def _resolve(self, pay, body, user, key):
        if not isinstance(body, dict):
            raise perr(400, "invalid_request", "The body must be a JSON object")
        action = body.get("action")
        if action not in ACTIONS:
            raise perr(400, "invalid_request", "action must be accept, recalculate or refund")
        version = body.get("expected_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise perr(400, "invalid_request", "expected_version must be an integer")
        note = body.get("note", "")
        if not isinstance(note, str):
            raise perr(400, "invalid_request", "note must be a string")
        if version != pay["version"]:
            raise perr(409, "version_conflict",
                       "Payment %s is at version %d, not %d" % (pay["id"], pay["version"], version),
                       payment=self.render(pay))
        if pay["status"] != "flagged":
            raise perr(422, "not_applicable", "Payment %s is already %s" % (pay["id"], pay["status"]))
        cur = pay["currency"]
        received = to_minor(pay["received_amount"], cur)
        refund = None
        if "refund_amount" in body and body["refund_amount"] is not None:
            if action != "refund":
                raise perr(422, "not_applicable", "refund_amount only applies to a refund")
            raw = body["refund_amount"]
            refund = to_minor(raw, cur) if isinstance(raw, str) else None
            if refund is None or refund < 0:
                raise perr(422, "not_applicable",
                           "refund_amount must be a decimal string with at most %d digits after "
                           "the point for %s, got %s" % (EXPONENT[cur], cur, json.dumps(raw)))
        elif action == "refund":
            refund = received
        if action == "refund":
            if refund <= 0:
                raise perr(422, "not_applicable", "Nothing to refund: the amount must be positive")
            if refund > received:
                raise perr(422, "not_applicable", "Cannot refund %s %s: only %s %s was received"
                           % (from_minor(refund, cur), cur, pay["received_amount"], cur))
        at = self._tick()
        pay["version"] += 1
        pay["status"] = ACTIONS[action]
        pay["updated_at"] = at
        pay["history"].append({"at": at, "actor": user["name"], "action": action, "note": note})
        if action == "refund":
            self.refunds.append({"id": "rf_%04d" % (len(self.refunds) + 1), "payment_id": pay["id"],
                                 "amount": from_minor(refund, cur), "currency": cur,
                                 "created_at": iso_ms(at), "actor": user["id"],
                                 "idempotency_key": key, "note": note})
        return Response(200, self.render(pay))

    # -- control ------------------------------------------------------------

    def control_add(self, data):
        """POST /_control/payments: add a flagged payment; defaults fill what
        the body leaves out."""
        now = max(now_ms(), self.last_ms + 1)
        pid = data.get("id") or "fp_%04d" % (9000 + self.next_payment)
        if pid in self.payments:
            raise ApiError(409, {"error": "payment %s exists" % pid})
        cur = data.get("currency", "PLN")
        if cur not in EXPONENT:
            raise ApiError(400, {"error": "unknown currency %r" % cur})
        pay = {"id": pid, "order_id": data.get("order_id", "ORD-%s" % pid.upper()), "version": 1,
               "customer": data.get("customer", {"id": "cus_control", "name": "Control Customer",
                                                 "email": "control@customer.test",
                                                 "zendesk_user_id": None}),
               "provider": data.get("provider", "przelewy24"), "currency": cur,
               "expected_amount": data.get("expected_amount", "15.46"),
               "received_amount": data.get("received_amount", "15.45"),
               "fee_amount": data.get("fee_amount"),
               "expected_reference": data.get("expected_reference"),
               "received_reference": data.get("received_reference"),
               "expected_account": data.get("expected_account"),
               "received_account": data.get("received_account"),
               "reasons": data.get("reasons", ["underpaid"]), "status": data.get("status", "flagged"),
               "received_at": now, "flagged_at": now,
               "auto_cancel_at": now + 3 * 86400 * 1000, "updated_at": now,
               "ticket_ids": data.get("ticket_ids", []),
               "history": [{"at": now, "actor": "matcher", "action": "flagged",
                            "note": data.get("note", "added by the test backend")}]}
        for k in PAYMENT_TIMES:
            if k in data:
                ms = parse_rfc3339_ms(data[k])
                if ms is None:
                    raise ApiError(400, {"error": "%s must be RFC 3339" % k})
                pay[k] = ms
        for k in ("expected_amount", "received_amount", "fee_amount"):
            if pay[k] is not None and to_minor(pay[k], cur) is None:
                raise ApiError(400, {"error": "%s %r is not a %s amount" % (k, pay[k], cur)})
        if pay["status"] not in PAYMENT_STATUSES or not set(pay["reasons"]) <= set(REASONS):
            raise ApiError(400, {"error": "status must be one of %s and reasons among %s"
                                          % (", ".join(PAYMENT_STATUSES), ", ".join(REASONS))})
        self.last_ms = pay["updated_at"] = max(pay["updated_at"], self.last_ms + 1)
        self.next_payment += 1
        self.payments[pid] = pay
        return self.render(pay)

    def control_update(self, pid, data):
        """POST /_control/payments/{id}: change fields as the payments system
        would (version and updated_at bumped, a history entry added)."""
        pay = self.payments.get(pid)
        if pay is None:
            raise ApiError(404, {"error": "no payment %s" % pid})
        changes = {}
        for k, v in data.items():           # validate everything, then apply
            if k in ("id", "version", "history", "updated_at"):
                continue
            if k in ("expected_amount", "received_amount", "fee_amount") and v is not None \
                    and to_minor(v, pay["currency"]) is None:
                raise ApiError(400, {"error": "%s %r is not a %s amount" % (k, v, pay["currency"])})
            if k in PAYMENT_TIMES and v is not None:
                if parse_rfc3339_ms(v) is None:
                    raise ApiError(400, {"error": "%s must be RFC 3339" % k})
                v = parse_rfc3339_ms(v)
            changes[k] = v
        pay.update(changes)
        at = self._tick()
        pay["version"] += 1
        pay["updated_at"] = at
        pay["history"].append({"at": at, "actor": "system", "action": "updated",
                               "note": "changed: %s" % ", ".join(sorted(data)) if data else "touched"})
        return self.render(pay)

    def state(self, what):
        if what == "refunds":
            return {"refunds": list(self.refunds)}
        return {"payments": [self.render(p) for p in sorted(self.payments.values(), key=lambda p: p["id"])],
                "idempotency_keys": len(self.idempotency)}
