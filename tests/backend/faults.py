"""Fault rules: what /_control/faults installs and what the request handler
consults before serving a backend request.

A rule is {"id", "match": {"backend", "method", "path"}, "kind", "count",
...kind parameters}. The first rule that matches a request fires and its
count goes down; count 0 means forever. Kinds, and whether the request is
applied to the backend's state:

  status         not applied   answer with "status" (+ "body", "retry_after",
                               "retry_after_date_in", "content_type"); a
                               2xx with a text body is a captive portal's
                               or a login page's answer
  invalid_utf8   applied       200, the real body with a byte that is not
                               UTF-8 (0xff) inside its first string
  delay          applied       wait "ms" milliseconds, then serve normally
  drop           not applied   close the connection without any response
  truncate       applied       real headers and Content-Length, part of the
                               body ("fraction" of it, default 0.5), close;
                               with "honest_length": true the
                               Content-Length is the cut body's, so the
                               HTTP answer is whole and its JSON cut short
  malformed      applied       200 with a body that is not JSON ("body" to
                               choose it, "content_type" its type); an
                               error answer is sent as it is
  wrong_types    applied       200, the real body with its types changed
  oversized      applied       200 with a valid JSON body of "bytes" bytes
                               (default 64 MiB), streamed; an error answer
                               is sent as it is
  lost_response  applied       the request is applied, then the connection
                               closes without a response
  reset_then_apply  applied    the connection closes at once, without a
                               response, and the request is applied "ms"
                               milliseconds later: a proxy that dropped
                               the client while the origin goes on
  big_header     applied       the real answer with one more header line,
                               "X-Padding: xxx...", whose value is "bytes"
                               bytes long (default 200 KiB)
"""

import re

KINDS = ("status", "delay", "drop", "truncate", "malformed", "wrong_types", "oversized",
         "lost_response", "invalid_utf8", "big_header", "reset_then_apply")
BACKENDS = ("zendesk", "statuspage", "payments", "*")
DEFAULT_OVERSIZED = 64 * 1024 * 1024
MAX_OVERSIZED = 4 * 1024 * 1024 * 1024
MAX_DELAY_MS = 600000
DEFAULT_BIG_HEADER = 200 * 1024
MAX_BIG_HEADER = 16 * 1024 * 1024
DEFAULT_MALFORMED = '{"tickets": [{"id": 1, "subject": "unterminated, "status": open}], '


class FaultError(ValueError):
    pass


def check_rule(raw, rule_id):
    """A validated copy of a rule posted to /_control/faults."""
    if not isinstance(raw, dict):
        raise FaultError("a fault rule is a JSON object")
    match = raw.get("match", {})
    if not isinstance(match, dict):
        raise FaultError("match must be an object")
    backend = match.get("backend", "*")
    if backend not in BACKENDS:
        raise FaultError("match.backend must be one of %s" % ", ".join(BACKENDS))
    method = str(match.get("method", "*")).upper()
    path = match.get("path", "")
    try:
        re.compile(path)
    except (re.error, TypeError) as e:
        raise FaultError("match.path is not a regular expression: %s" % e)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise FaultError("kind must be one of %s" % ", ".join(KINDS))
    count = raw.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise FaultError("count must be an integer >= 0 (0 = forever)")
    rule = {"id": rule_id, "match": {"backend": backend, "method": method, "path": path},
            "kind": kind, "count": count, "remaining": count, "hits": 0}
    if kind == "status":
        st = raw.get("status")
        if not isinstance(st, int) or not 100 <= st <= 599:
            raise FaultError("a status fault needs an integer status 100..599")
        rule["status"] = st
        if "body" in raw:
            rule["body"] = raw["body"]
        if "retry_after" in raw:
            rule["retry_after"] = str(raw["retry_after"])
        if "retry_after_date_in" in raw:
            secs = raw["retry_after_date_in"]
            if not isinstance(secs, (int, float)) or isinstance(secs, bool):
                raise FaultError("retry_after_date_in is a number of seconds")
            rule["retry_after_date_in"] = secs
    elif kind in ("delay", "reset_then_apply"):
        ms = raw.get("ms")
        if not isinstance(ms, (int, float)) or isinstance(ms, bool) or not 0 <= ms <= MAX_DELAY_MS:
            raise FaultError("a delay fault needs ms between 0 and %d" % MAX_DELAY_MS)
        rule["ms"] = ms
    elif kind == "truncate":
        frac = raw.get("fraction", 0.5)
        if not isinstance(frac, (int, float)) or not 0 <= frac < 1:
            raise FaultError("fraction must be in [0, 1)")
        rule["fraction"] = frac
        honest = raw.get("honest_length", False)
        if not isinstance(honest, bool):
            raise FaultError("honest_length is true or false")
        rule["honest_length"] = honest
    elif kind == "malformed":
        body = raw.get("body", DEFAULT_MALFORMED)
        if not isinstance(body, str):
            raise FaultError("a malformed fault's body is a string")
        rule["body"] = body
    if kind in ("status", "malformed") and "content_type" in raw:
        ctype = raw["content_type"]
        if not isinstance(ctype, str) or not ctype or any(ord(ch) < 32 for ch in ctype):
            raise FaultError("content_type is a media type such as text/html")
        rule["content_type"] = ctype
    elif kind == "oversized":
        size = raw.get("bytes", DEFAULT_OVERSIZED)
        if not isinstance(size, int) or not 64 <= size <= MAX_OVERSIZED:
            raise FaultError("bytes must be an integer between 64 and %d" % MAX_OVERSIZED)
        rule["bytes"] = size
    elif kind == "big_header":
        size = raw.get("bytes", DEFAULT_BIG_HEADER)
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= MAX_BIG_HEADER:
            raise FaultError("bytes must be an integer between 1 and %d" % MAX_BIG_HEADER)
        rule["bytes"] = size
    return rule


class FaultRules:
    def __init__(self):
        self.rules = []
        self.next_id = 1

    def add(self, raws):
        """Validate every rule, then append them all (or none)."""
        rules = [check_rule(raw, self.next_id + i) for i, raw in enumerate(raws)]
        self.next_id += len(rules)
        self.rules += rules
        return rules

    def clear(self):
        self.rules = []

    def take(self, backend, method, path):
        """The rule that fires for this request (its counters updated), or
        None. Used-up rules stay listed with remaining 0 until cleared."""
        for rule in self.rules:
            m = rule["match"]
            if rule["count"] and rule["remaining"] <= 0:
                continue
            if m["backend"] not in ("*", backend):
                continue
            if m["method"] not in ("*", method):
                continue
            if m["path"] and not re.search(m["path"], path):
                continue
            rule["hits"] += 1
            if rule["count"]:
                rule["remaining"] -= 1
            return dict(rule)
        return None


def wrong_types(value):
    """The same keys with the wrong types: integers become strings, money
    and other decimal strings become numbers, booleans become strings,
    arrays become objects keyed by index."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(value)
    if isinstance(value, str):
        if re.fullmatch(r"-?\d+\.\d+", value) or re.fullmatch(r"\d+", value):
            return float(value) if "." in value else int(value)
        return value
    if isinstance(value, list):
        return {str(i): wrong_types(v) for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {k: wrong_types(v) for k, v in value.items()}
    return value


def invalid_utf8(payload):
    """The JSON text with the byte 0xff just inside its first string: the
    answer's shape, but not UTF-8 (nor, therefore, JSON)."""
    i = payload.find(b'"')
    if i < 0:
        return payload + b"\xff"
    return payload[:i + 1] + b"\xff" + payload[i + 1:]


def wrong_types_body(body):
    """A top-level array stays an array (its items change): the keys of
    every object are right, their types are not."""
    if isinstance(body, list):
        return [wrong_types(x) for x in body]
    return wrong_types(body)


def oversized_chunks(total, chunk=1 << 16):
    """A valid JSON document of exactly total bytes, in chunks:
    {"oversized":true,"padding":"xxxx...."}."""
    head = b'{"oversized":true,"padding":"'
    tail = b'"}'
    pad = total - len(head) - len(tail)
    yield head
    block = b"x" * chunk
    while pad > 0:
        n = min(pad, chunk)
        yield block[:n]
        pad -= n
    yield tail

