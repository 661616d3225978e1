"""Shared pieces of the test backend: the error type every handler raises,
time formats, opaque cursors, query-string helpers and the two pagination
styles (cursor and offset) used by the Zendesk-like list endpoints.

Standard library only. Nothing here takes the global lock; callers do.
"""

import base64
import bisect
import calendar
import json
import re
import time
import urllib.parse
from email.utils import formatdate


class ApiError(Exception):
    """A handled error: the HTTP status and the JSON body to send."""

    def __init__(self, status, body, headers=None):
        super().__init__(status, body)
        self.status = status
        self.body = body
        self.headers = headers or {}


class Response:
    """What a handler returns: status, a JSON-serialisable body (or None for
    an empty body) and extra headers."""

    def __init__(self, status, body, headers=None):
        self.status = status
        self.body = body
        self.headers = headers or {}


# ---------------------------------------------------------------- time

def now_s():
    return int(time.time())


def now_ms():
    return int(time.time() * 1000)


def iso_s(epoch_s):
    """2026-11-23T00:41:48Z (Zendesk, Statuspage objects)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch_s)))


def iso_ms(epoch_ms):
    """2026-11-23T00:41:48.309Z (Statuspage incident updates, payments)."""
    epoch_ms = int(epoch_ms)
    return "%s.%03dZ" % (time.strftime("%Y-%m-%dT%H:%M:%S",
                                       time.gmtime(epoch_ms // 1000)),
                         epoch_ms % 1000)


def http_date(epoch_s):
    """An IMF-fixdate for Retry-After: Mon, 23 Nov 2026 00:41:48 GMT."""
    return formatdate(epoch_s, usegmt=True)


_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(Z|z|[+-]\d{2}:\d{2})$")
_RELATIVE = re.compile(r"^now(?:([+-])((?:\d+[dhms])+))?$")
_REL_PART = re.compile(r"(\d+)([dhms])")
_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_rfc3339_ms(text):
    """Parse an RFC 3339 timestamp into epoch milliseconds, or None."""
    if not isinstance(text, str):
        return None
    m = _RFC3339.match(text)
    if not m:
        return None
    y, mo, d, hh, mi, ss = (int(g) for g in m.groups()[:6])
    try:
        secs = calendar.timegm((y, mo, d, hh, mi, ss, 0, 0, 0))
        time.gmtime(secs)
    except (ValueError, OverflowError):
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31 and hh < 24 and mi < 60 and ss < 61):
        return None
    frac = m.group(7)
    ms = int((frac[1:] + "000")[:3]) if frac else 0
    tz = m.group(8)
    if tz not in ("Z", "z"):
        sign = 1 if tz[0] == "+" else -1
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    return secs * 1000 + ms


def scenario_time_ms(value, base_ms):
    """A scenario timestamp: an RFC 3339 string, or a time relative to the
    moment the scenario is seeded ("now", "now-2h", "now-1d3h", "now+30m").
    Returns epoch milliseconds; raises ValueError on anything else."""
    if isinstance(value, str):
        m = _RELATIVE.match(value)
        if m:
            delta = sum(int(num) * _UNIT[unit] for num, unit in _REL_PART.findall(m.group(2) or ""))
            return base_ms + (-delta if m.group(1) == "-" else delta) * 1000
        ms = parse_rfc3339_ms(value)
        if ms is not None:
            return ms
    raise ValueError("not a scenario time: %r" % (value,))


def scenario_time_s(value, base_ms):
    return scenario_time_ms(value, base_ms) // 1000


# ---------------------------------------------------------------- ids

def stable_id(kind, n, length=12):
    """A Statuspage-looking id (lower-case base-36, 12 characters) that is
    the same for the same (kind, n) on every run."""
    import hashlib
    digest = int.from_bytes(hashlib.sha1(("%s:%d" % (kind, n)).encode()).digest(), "big")
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    for _ in range(length):
        digest, r = divmod(digest, 36)
        out.append(alphabet[r])
    return "".join(out)


def splitmix64(x):
    """A cheap, well-mixed 64-bit hash: generated data is a pure function of
    its index."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


# ---------------------------------------------------------------- cursors

def encode_cursor(obj):
    raw = json.dumps(obj, separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text):
    """Decode a cursor made by encode_cursor(); None if it is not one."""
    if not isinstance(text, str) or not text or len(text) > 4096:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        return json.loads(raw.decode())
    except (ValueError, UnicodeDecodeError):
        return None


# ---------------------------------------------------------------- queries

def q1(query, name, default=None):
    """The last value of a query parameter, or default."""
    vals = query.get(name)
    return vals[-1] if vals else default


def qint(query, name, default, lo=None, hi=None, error=None, clamp=False):
    """An integer query parameter. Out of range values are clamped when clamp
    is true, otherwise error(message) is raised (error returns an ApiError)."""
    raw = q1(query, name)
    if raw is None or raw == "":
        return default
    try:
        val = int(raw, 10)
    except ValueError:
        raise error("%s must be an integer, got %r" % (name, raw))
    if lo is not None and val < lo:
        if clamp:
            return lo
        raise error("%s must be at least %d" % (name, lo))
    if hi is not None and val > hi:
        if clamp:
            return hi
        raise error("%s must be at most %d" % (name, hi))
    return val


def qids(query, name):
    """ids=1,2,3 as a list of ints (non-integers raise ValueError)."""
    raw = q1(query, name, "")
    return [int(p) for p in raw.split(",") if p.strip()]


def url_with_params(base, path, query, changes):
    """Like url_with, with the changes as a dict (for names like page[after])."""
    q = {k: list(v) for k, v in query.items()}
    for k, v in changes.items():
        if v is None:
            q.pop(k, None)
        else:
            q[k] = [str(v)]
    qs = urllib.parse.urlencode([(k, x) for k, vs in q.items() for x in vs])
    return base + path + ("?" + qs if qs else "")


# ---------------------------------------------------------------- ordered sources

class ListSource:
    """An in-memory list ordered by key(item) (keys are tuples, unique).

    iter(start, reverse): items whose key is after start (before it when
    reverse), in that direction; start None means from the beginning (end).
    """

    def __init__(self, items, key):
        self.key = key
        self.items = sorted(items, key=key)
        self.keys = [key(x) for x in self.items]

    def count(self):
        return len(self.items)

    def iter(self, start=None, reverse=False):
        if not reverse:
            i = 0 if start is None else bisect.bisect_right(self.keys, start)
            for j in range(i, len(self.items)):
                yield self.keys[j], self.items[j]
        else:
            i = len(self.items) if start is None else bisect.bisect_left(self.keys, start)
            for j in range(i - 1, -1, -1):
                yield self.keys[j], self.items[j]


def _take(it, n):
    out = []
    for x in it:
        out.append(x)
        if len(out) >= n:
            break
    return out


def cursor_page(source, sort_name, descending, size, after, before, bad_cursor):
    """One page of cursor pagination (Zendesk's page[size]/page[after]/
    page[before]). after/before are cursor strings or None. Returns
    (items, meta) where meta is {"has_more","after_cursor","before_cursor"}.
    has_more is about the direction of travel: after the page when paging
    forward, before it when paging back with page[before]."""

    def key_of(cur):
        obj = decode_cursor(cur)
        if not isinstance(obj, dict) or obj.get("o") != sort_name \
                or not isinstance(obj.get("k"), list):
            raise bad_cursor("Invalid cursor %r for sort %r" % (cur, sort_name))
        return tuple(obj["k"])

    if before is not None:
        k = key_of(before)
        got = _take(source.iter(k, reverse=not descending), size + 1)
        has_more = len(got) > size
        got = list(reversed(got[:size]))
    else:
        k = key_of(after) if after is not None else None
        got = _take(source.iter(k, reverse=descending), size + 1)
        has_more = len(got) > size
        got = got[:size]
    meta = {
        "has_more": has_more,
        "after_cursor": encode_cursor({"o": sort_name, "k": list(got[-1][0])}) if got else None,
        "before_cursor": encode_cursor({"o": sort_name, "k": list(got[0][0])}) if got else None,
    }
    return [item for _, item in got], meta


def offset_page(source, descending, page, per_page):
    """One page of offset pagination: (items, total, has_next)."""
    skip = (page - 1) * per_page
    it = source.iter(None, reverse=descending)
    out = []
    for n, (_, item) in enumerate(it):
        if n < skip:
            continue
        if len(out) == per_page:
            return out, source.count(), True
        out.append(item)
    return out, source.count(), False
