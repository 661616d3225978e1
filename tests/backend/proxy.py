#!/usr/bin/env python3
"""A recording proxy that forwards nothing: it listens on a loopback port,
appends every byte any client sends it to a file, answers each request
with 502 and closes. Tests point http_proxy, https_proxy or all_proxy at
it to see exactly what would have reached a proxy.

    python3 tests/backend/proxy.py --port-file F --record FILE [--port N]

Binds 127.0.0.1 (port 0: any free one) and writes the port to F (temp
file + rename) once listening. FILE is created empty at start; the bytes
of each connection are appended as they arrive, so a client that sends
a token in clear leaves it there. Stops with status 0 on SIGTERM or
SIGINT. Standard library only.
"""

import argparse
import os
import signal
import socket
import socketserver
import sys
import threading

READ_TIMEOUT = 2.0              # seconds to wait for more of a request
MAX_REQUEST = 1024 * 1024       # bytes read from one connection at most
ANSWER = (b"HTTP/1.1 502 Bad Gateway\r\n"
          b"Content-Type: text/plain\r\n"
          b"Content-Length: 24\r\n"
          b"Connection: close\r\n\r\n"
          b"recording proxy: no way\n")


class Recorder(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.settimeout(READ_TIMEOUT)
        got = b""
        while len(got) < MAX_REQUEST:
            try:
                data = sock.recv(65536)
            except (socket.timeout, OSError):
                break
            if not data:
                break
            self.server.record(data)
            got += data
            if self.complete(got):
                break
        try:
            sock.sendall(ANSWER)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    @staticmethod
    def complete(got):
        """The request's head is in, and its body if it announced one."""
        head, sep, body = got.partition(b"\r\n\r\n")
        if not sep:
            return False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                try:
                    return len(body) >= int(value.strip())
                except ValueError:
                    return True
        return True


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port, path):
        super().__init__(("127.0.0.1", port), Recorder)
        self.lock = threading.Lock()
        self.path = path
        with open(path, "wb"):
            pass

    def record(self, data):
        with self.lock, open(self.path, "ab") as f:
            f.write(data)
            f.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description="a proxy that records and refuses")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--record", required=True)
    args = ap.parse_args(argv)
    server = Server(args.port, args.record)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, args.port_file)

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever(poll_interval=0.2)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
