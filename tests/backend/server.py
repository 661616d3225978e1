#!/usr/bin/env python3
"""tdesk's test backend: Zendesk Support API v2 under /zendesk, Statuspage
Manage API v1 under /statuspage/v1 and the payments review API under
/payments, all on one loopback port, with state kept in memory, every
request recorded, and faults injected on request through /_control.

    python3 tests/backend/server.py [--scenario demo|PATH] [--generate N]
        [--port N] [--port-file F] [--verbose] [--max-log N]

Prints one line, "listening on http://127.0.0.1:PORT", when it accepts
connections. Stops with exit status 0 on SIGTERM, SIGINT or
POST /_control/shutdown. Standard library only. See README.md beside it.
"""

import argparse
import gzip
import json
import os
import re
import signal
import socket
import sys
import threading
import time
import traceback
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import ApiError, Response, http_date, iso_ms, now_ms, q1   # noqa: E402
from faults import FaultError, FaultRules, invalid_utf8, oversized_chunks, wrong_types_body   # noqa: E402
from payments import Payments   # noqa: E402
from statuspage import Statuspage   # noqa: E402
from zendesk import Zendesk   # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.join(HERE, "scenarios")
JSON_TYPE = "application/json; charset=utf-8"
MAX_REQUEST_BODY = 16 * 1024 * 1024
GZIP_MIN = 1024                 # smaller bodies are sent as they are
IDLE_TIMEOUT = 120              # seconds a kept-alive connection may idle
PREFIXES = (("/statuspage/v1", "statuspage"), ("/zendesk", "zendesk"), ("/payments", "payments"))
SECRET_HEADER = re.compile(r"authorization|token|api[-_]?key|secret|cookie|password", re.I)
SECRET_PARAM = re.compile(r"^(api_key|access_token|token|key|secret|password)$", re.I)


def json_bytes(obj):
    """obj as JSON in UTF-8, non-ASCII as UTF-8. A lone surrogate (a string
    that came in as "\\ud800" in a control body) has no UTF-8 form: it goes
    out as that escape again, which RFC 8259's grammar allows, and so does
    NUL (json.dumps writes \\u0000). Nothing else changes."""
    return json.dumps(obj, ensure_ascii=False).encode("utf-8", "backslashreplace")


def mask_header(name, value):
    """Authorization keeps its scheme ("Basic ***"); other secrets are ***."""
    if name in ("authorization", "proxy-authorization"):
        scheme, sep, _ = value.partition(" ")
        return scheme + " ***" if sep else "***"
    return "***" if SECRET_HEADER.search(name) else value


class App:
    """All state, behind one lock: the three backends, the request log,
    the fault rules, the rate-limit switch and the page cap."""

    def __init__(self, scenario_path, generate=None, max_log=100000, verbose=False):
        self.lock = threading.RLock()
        self.scenario_path = scenario_path
        self.generate = generate
        self.verbose = verbose
        self.max_log = max_log
        self.stop = threading.Event()
        self.zendesk = Zendesk(self)
        self.statuspage = Statuspage(self)
        self.payments = Payments(self)
        self.backends = {"zendesk": self.zendesk, "statuspage": self.statuspage,
                         "payments": self.payments}
        with open(scenario_path, encoding="utf-8") as f:
            self.scenario = json.load(f)
        self.reset()

    def reset(self):
        """Back to the state at startup: reseed, forget requests and faults,
        switch rate limits off."""
        with self.lock:
            base = now_ms()
            self.zendesk.seed(self.scenario, base, self.generate)
            self.statuspage.seed(self.scenario, base)
            self.payments.seed(self.scenario, base)
            self.log = deque(maxlen=self.max_log)
            self.seq = 0
            self.faults = FaultRules()
            self.ratelimits = {"enabled": False, "statuspage_status": 429}
            self.paging = {"max": None}
            for b in self.backends.values():
                b.reset_limits()

    def page_cap(self, asked):
        """The page size to answer for one a client asked: the control
        API's cap, when one is set, bounds it."""
        cap = self.paging["max"]
        return asked if cap is None else min(asked, cap)

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.log.append(entry)
            return entry


class Ctx:
    """One backend request as the handlers see it."""

    def __init__(self, method, path, query, headers, raw_body, base, client_ip):
        self.method = method
        self.path = path                # after the backend prefix, e.g. /api/v2/tickets/1.json
        self.query = query              # name -> [values]
        self.headers = headers          # lower-case name -> value
        self.raw_body = raw_body
        self.base = base                # e.g. http://127.0.0.1:PORT/zendesk
        self.client_ip = client_ip
        self.user = None

    def json(self, error):
        """The body parsed as JSON; None when empty; error(message) is
        raised when it is not JSON."""
        if not self.raw_body.strip():
            return None
        try:
            return json.loads(self.raw_body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise error("The body is not valid JSON: %s" % e)


def default_fault_body(backend, status):
    text = "Injected fault: HTTP %d" % status
    if backend == "zendesk":
        names = {429: "TooManyRequests", 500: "InternalServerError", 502: "BadGateway",
                 503: "ServiceUnavailable", 504: "GatewayTimeout", 409: "DatabaseConflict"}
        return {"error": names.get(status, "Error%d" % status), "description": text}
    if backend == "payments":
        return {"error": "injected_fault", "message": text}
    return {"error": text}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "tdesk-test-backend/1.0"
    timeout = IDLE_TIMEOUT
    app = None                      # set by main()

    def log_message(self, fmt, *args):
        if self.app.verbose:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = lambda self: self.handle_any()

    # Headers and body go out in separate writes; without TCP_NODELAY the
    # second waits for the client's delayed ACK (~40 ms a request on a
    # kept-alive connection).
    disable_nagle_algorithm = True

    # -- plumbing ------------------------------------------------------------

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_REQUEST_BODY:
                    raise ValueError("request body too large")
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
        n = int(self.headers.get("Content-Length") or 0)
        if n < 0 or n > MAX_REQUEST_BODY:
            raise ValueError("request body too large")
        return self.rfile.read(n) if n else b""

    def send_bytes(self, status, body, headers=None, content_type=JSON_TYPE, gzip_ok=True):
        """Send a complete response (body bytes, or None for no body)."""
        headers = dict(headers or {})
        if body is not None and gzip_ok and len(body) >= GZIP_MIN and \
                "gzip" in self.headers.get("Accept-Encoding", "").lower():
            body = gzip.compress(body, 6)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self.send_response(status)
        if body is not None and status != 204:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", "0" if body is None or status == 204 else str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if body is not None and status != 204:
            self.wfile.write(body)
        self.wfile.flush()

    def send_json(self, status, obj, headers=None):
        body = None if obj is None else json_bytes(obj)
        self.send_bytes(status, body, headers)

    def abort(self):
        """Close the connection without a response."""
        self.close_connection = True
        try:
            self.wfile.flush()
        except OSError:
            pass
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- one request -------------------------------------------------------

    def handle_any(self):
        app = self.app
        split = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(split.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        try:
            raw = self.read_body()
        except ValueError as e:
            self.close_connection = True
            return self.send_json(413, {"error": "request_too_large", "message": str(e)})
        if path == "/_control" or path.startswith("/_control/"):
            return self.control(path[len("/_control"):], query, raw)
        backend, sub = None, path
        for prefix, name in PREFIXES:
            if path == prefix or path.startswith(prefix + "/"):
                backend, sub = name, path[len(prefix):] or "/"
                break
        headers = {k.lower(): v for k, v in self.headers.items()}
        entry = app.record({
            "seq": None, "time": iso_ms(now_ms()), "backend": backend, "method": self.command,
            "path": split.path,
            "query": {k: (["***"] * len(v) if SECRET_PARAM.match(k) else v) for k, v in query.items()},
            "headers": {k: mask_header(k, v) for k, v in headers.items()},
            "body": self._body_for_log(raw), "status": None, "fault": None})
        if backend is None:
            entry["status"] = 404
            return self.send_json(404, {"error": "not_found", "message":
                                        "No backend at %s: use /zendesk, /statuspage/v1 or /payments" % path})
        with app.lock:
            fault = app.faults.take(backend, self.command, sub)
            if fault:
                entry["fault"] = fault["kind"]
        kind = fault["kind"] if fault else None
        if kind == "delay":
            time.sleep(fault["ms"] / 1000.0)
        elif kind == "reset_then_apply":
            self.abort()                # the client is dropped now...
            time.sleep(fault["ms"] / 1000.0)   # ...and the origin goes on
        elif kind == "drop":
            entry["status"] = "dropped"
            return self.abort()
        elif kind == "status":
            return self._send_status_fault(entry, backend, fault)

        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        ctx = Ctx(self.command, sub, query, headers, raw,
                  "http://%s%s" % (host, dict((n, p) for p, n in PREFIXES)[backend]),
                  self.client_address[0])
        with app.lock:
            try:
                resp = app.backends[backend].dispatch(ctx)
            except ApiError as e:
                resp = Response(e.status, e.body, e.headers)
            except Exception:
                traceback.print_exc()
                resp = Response(500, {"error": "InternalError",
                                      "description": traceback.format_exc().strip().splitlines()[-1]})
            body = None if resp.body is None else resp.body
            # A 200 is the server saying it did the work: the request is
            # applied first, and only a successful answer is spoilt.
            if kind in ("malformed", "oversized") and 200 <= resp.status < 300:
                entry["status"] = 200
                if kind == "oversized":
                    spoilt = None
                else:
                    spoilt = fault["body"].encode("utf-8")
            else:
                spoilt = False
            if kind == "wrong_types" and body is not None:
                body = wrong_types_body(body)
            payload = None if body is None else json_bytes(body)
            if kind == "invalid_utf8" and 200 <= resp.status < 300:
                entry["status"] = 200
                spoilt = invalid_utf8(payload or b"")
            if spoilt is False:
                entry["status"] = "lost" if kind in ("lost_response", "reset_then_apply") \
                    else resp.status
        if spoilt is None:
            return self._send_oversized(entry, fault["bytes"])
        if spoilt is not False:
            return self.send_bytes(200, spoilt, content_type=fault.get("content_type", JSON_TYPE))
        headers_out = dict(resp.headers)
        headers_out["X-Request-Id"] = str(entry["seq"])
        if kind in ("lost_response", "reset_then_apply"):
            return self.abort()
        if kind == "truncate":
            return self._send_truncated(resp.status, payload or b"", headers_out, fault["fraction"],
                                        fault["honest_length"])
        if kind == "big_header":
            headers_out["X-Padding"] = "x" * fault["bytes"]
            try:
                return self.send_bytes(resp.status, payload, headers_out)
            except OSError:             # the client gave up on the header
                self.close_connection = True
                return None
        self.send_bytes(resp.status, payload, headers_out)

    @staticmethod
    def _body_for_log(raw):
        if not raw:
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return raw.decode("utf-8", "replace")

    def _send_status_fault(self, entry, backend, fault):
        status = fault["status"]
        headers = {"X-Request-Id": str(entry["seq"])}
        if "retry_after_date_in" in fault:
            headers["Retry-After"] = http_date(time.time() + fault["retry_after_date_in"])
        elif "retry_after" in fault:
            headers["Retry-After"] = fault["retry_after"]
        entry["status"] = status
        body = fault.get("body", default_fault_body(backend, status))
        if isinstance(body, str):
            return self.send_bytes(status, body.encode("utf-8"), headers,
                                   content_type=fault.get("content_type", "text/plain; charset=utf-8"))
        return self.send_json(status, body, headers)

    def _send_truncated(self, status, payload, headers, fraction, honest):
        """The real headers, then only part of the body: under the whole
        body's Content-Length (the connection then closes early), or under
        the cut body's own (honest: a whole HTTP answer, cut-short JSON)."""
        cut = payload[:int(len(payload) * fraction)]
        self.send_response(status)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(cut) if honest else len(payload)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(cut)
        if honest:
            self.wfile.flush()
            return
        self.abort()

    def _send_oversized(self, entry, size):
        entry["status"] = 200
        self.send_response(200)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(size))
        self.send_header("X-Request-Id", str(entry["seq"]))
        self.end_headers()
        try:
            for chunk in oversized_chunks(size):
                self.wfile.write(chunk)
        except OSError:                 # the client stopped reading: its size cap worked
            self.close_connection = True

    # -- /_control -------------------------------------------------------------

    def control(self, path, query, raw):
        app = self.app
        try:
            body = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (ValueError, UnicodeDecodeError) as e:
            return self.send_json(400, {"error": "control body is not JSON: %s" % e})
        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        zbase = "http://%s/zendesk" % host
        m = self.command, path.rstrip("/")
        try:
            with app.lock:
                out = self._control(m, query, body, zbase)
        except ApiError as e:
            return self.send_json(e.status, e.body)
        except FaultError as e:
            return self.send_json(400, {"error": str(e)})
        if out is None:
            return self.send_json(404, {"error": "no control endpoint %s %s" % m})
        status, obj = out
        self.send_json(status, obj)
        if m == ("POST", "/shutdown"):
            self.close_connection = True
            app.stop.set()

    def _control(self, m, query, body, zbase):
        app = self.app
        method, path = m
        obj = body if isinstance(body, dict) else {}
        if m == ("GET", "/requests"):
            since = int(q1(query, "since", "0") or 0)
            return 200, {"requests": [dict(e) for e in app.log if e["seq"] > since]}
        if m == ("DELETE", "/requests"):
            n = len(app.log)
            app.log.clear()
            return 200, {"cleared": n}
        if m == ("POST", "/reset"):
            app.reset()
            return 200, {"ok": True, "tickets": app.zendesk.store.count(),
                         "payments": len(app.payments.payments),
                         "incidents": len(app.statuspage.incidents)}
        if m == ("GET", "/health"):
            return 200, {"ok": True, "scenario": os.path.basename(app.scenario_path),
                         "generate": app.generate}
        if m == ("GET", "/state"):
            what = q1(query, "what", "tickets")
            if what == "tickets":
                return 200, app.zendesk.state(query, zbase)
            if what in ("payments", "refunds"):
                return 200, app.payments.state(what)
            if what in ("incidents", "components"):
                return 200, app.statuspage.state(what)
            if what == "jobs":
                return 200, app.zendesk.jobs_state(zbase)
            if what == "users":
                return 200, app.zendesk.users_state(zbase)
            if what == "organizations":
                return 200, app.zendesk.orgs_state(zbase)
            raise ApiError(400, {"error": "what must be tickets, users, organizations, payments, "
                                          "refunds, incidents, components or jobs"})
        if m == ("GET", "/faults"):
            return 200, {"faults": [dict(r) for r in app.faults.rules]}
        if m == ("POST", "/faults"):
            rules = body if isinstance(body, list) else [body]
            return 201, {"faults": [dict(r) for r in app.faults.add(rules)]}
        if m == ("DELETE", "/faults"):
            app.faults.clear()
            return 200, {"faults": []}
        if m == ("GET", "/ratelimits"):
            return 200, dict(app.ratelimits)
        if m == ("POST", "/ratelimits"):
            if "enabled" in obj:
                if not isinstance(obj["enabled"], bool):
                    raise ApiError(400, {"error": "enabled must be true or false"})
                app.ratelimits["enabled"] = obj["enabled"]
            if "statuspage_status" in obj:
                if obj["statuspage_status"] not in (420, 429):
                    raise ApiError(400, {"error": "statuspage_status must be 420 or 429"})
                app.ratelimits["statuspage_status"] = obj["statuspage_status"]
            for b in app.backends.values():
                b.reset_limits()
            return 200, dict(app.ratelimits)
        if m == ("GET", "/paging"):
            return 200, dict(app.paging)
        if m == ("POST", "/paging"):
            cap = obj.get("max")
            if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool) or cap < 1):
                raise ApiError(400, {"error": "max must be a positive integer or null"})
            app.paging["max"] = cap
            return 200, dict(app.paging)
        if m == ("POST", "/zendesk/tickets"):
            return 201, app.zendesk.control_create(dict(obj), zbase)
        if m == ("POST", "/zendesk/users"):
            return 201, app.zendesk.control_create_user(dict(obj), zbase)
        if m == ("POST", "/zendesk/organizations"):
            return 201, app.zendesk.control_create_org(dict(obj), zbase)
        mm = re.fullmatch(r"/zendesk/tickets/(\d+)", path)
        if mm and method == "POST":
            return 200, app.zendesk.control_update(int(mm.group(1)), dict(obj), zbase)
        if m == ("POST", "/payments"):
            return 201, app.payments.control_add(obj)
        mm = re.fullmatch(r"/payments/([^/]+)", path)
        if mm and method == "POST":
            return 200, app.payments.control_update(mm.group(1), obj)
        if m == ("POST", "/statuspage/incidents"):
            inc = app.statuspage.create(obj.get("incident", obj))
            return 201, app.statuspage.render_incident(inc)
        if m == ("POST", "/shutdown"):
            return 200, {"ok": True, "stopping": True}
        return None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # A client that goes away mid-response is not our error.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, socket.timeout)):
            return
        super().handle_error(request, client_address)


def resolve_scenario(name):
    if os.sep not in name and "/" not in name and not name.endswith(".json"):
        return os.path.join(SCENARIOS, name + ".json")
    return name


def main(argv=None):
    ap = argparse.ArgumentParser(description="tdesk test backend (Zendesk, Statuspage, payments)")
    ap.add_argument("--scenario", default="demo",
                    help="a scenario name in tests/backend/scenarios (demo) or a JSON file")
    ap.add_argument("--generate", type=int, metavar="N",
                    help="N procedurally generated tickets instead of the scenario's")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free)")
    ap.add_argument("--port-file", help="write the port here (atomically) once listening")
    ap.add_argument("--max-log", type=int, default=100000, help="requests kept in the log")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args(argv)
    if args.generate is not None and args.generate < 0:
        ap.error("--generate needs N >= 0")
    try:
        app = App(resolve_scenario(args.scenario), args.generate, args.max_log, args.verbose)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("server.py: cannot load scenario %s: %s" % (args.scenario, e), file=sys.stderr)
        return 2
    Handler.app = app
    try:
        server = Server(("127.0.0.1", args.port), Handler)
    except OSError as e:
        print("server.py: cannot listen on 127.0.0.1:%d: %s" % (args.port, e), file=sys.stderr)
        return 2
    port = server.server_address[1]

    def stop(signum, frame):
        app.stop.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              daemon=True)
    thread.start()
    print("listening on http://127.0.0.1:%d" % port, flush=True)
    if args.port_file:
        tmp = "%s.tmp.%d" % (args.port_file, os.getpid())
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    while not app.stop.wait(0.5):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
