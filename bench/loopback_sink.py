#!/usr/bin/env python3
"""The bench's stand-in for Genesys and both stores on loopback.

POST /oauth/token answers a client-credentials token; anything else gets a
Genesys-shaped 404 at once. The pipeline paces its Genesys calls (300/min by
default), so this sink sees a few requests a second while the webhook server
takes thousands: what the bench measures is ingestion, not these calls.
Usage: loopback_sink.py PORTFILE   (binds 127.0.0.1:0 and writes the port there)
"""
import http.server
import json
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path.startswith("/oauth/token"):
            self._answer(200, {"access_token": "bench-token", "token_type": "bearer", "expires_in": 86400})
        else:
            self._answer(404, {"message": "not found", "code": "not.found", "status": 404})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

    def log_message(self, *args):
        pass


def main() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
