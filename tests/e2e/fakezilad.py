#!/usr/bin/env python3
"""fakezilad.py: an HTTPS server on 127.0.0.1 that answers every request
with 200 and a JSON body, like zilad, but with the Zila-Protocol header
given (or none: "-"), so the desk's refusal of another protocol version can
be tested. Prints its port on stdout, then serves until killed.
usage: fakezilad.py CERT KEY PROTOCOL"""
import http.server
import json
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        body = json.dumps({"desk_id": "x", "desk_code": "09", "token": "0" * 64,
                           "last_applied": 0, "cursor": 0, "more": False, "rows": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if sys.argv[3] != "-":
            self.send_header("Zila-Protocol", sys.argv[3])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PATCH = answer

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print(srv.server_address[1], flush=True)
srv.serve_forever()
