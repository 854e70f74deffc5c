#!/usr/bin/env python3
"""A loopback HTTP(S) server for remit's fetch tests (Python 3 standard library only).

Started by the tests on 127.0.0.1 with free ports; prints one JSON line with them
({"http": P, "https": P or null, "alt": P or null}) and serves until its stdin closes.

Paths:
  /seq/<b1>,<b2>,.../<name>  the n-th request to this exact path behaves as b_n (the last one
                             repeats). <name> is a file in --root. Behaviours:
      ok      200 with ETag and Last-Modified; 304 on a matching If-None-Match
      lm      200 with Last-Modified only; 304 on a matching If-Modified-Since
      500 503 that status
      503fat  503 with a 2 MiB error page (Content-Length)
      fat     200 announcing 8 MiB (Content-Length), sending 4 kB, then nothing for 60 s
      429     429 with Retry-After: 1
      stall   headers and half the body, then nothing for 60 s
      big     200 without Content-Length, streaming up to 200 MiB until the client hangs up
      bomb    200, Content-Encoding: gzip, a small body that inflates to 32 MiB
      auth    like ok when Authorization equals --expect-auth, else 401
      hangup  close the connection without a response
  /redirect?to=URL[&pad=N]   302 to URL, with N bytes of body
  /loop                      302 to itself, forever
  /stats                     JSON: requests per path, big_sent (bytes), auth_seen, conditional
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"requests": {}, "big_sent": 0, "auth_seen": [], "conditional": []}
LOCK = threading.Lock()
ARGS = None
LAST_MODIFIED = email.utils.formatdate(time.time() - 3600, usegmt=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet: the tests read only stdout's first line
        pass

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        with LOCK:
            count = STATE["requests"].get(url.path, 0)
            STATE["requests"][url.path] = count + 1
            if self.headers.get("Authorization") is not None:
                STATE["auth_seen"].append(self.headers["Authorization"])
            for name in ("If-None-Match", "If-Modified-Since"):
                if self.headers.get(name) is not None:
                    STATE["conditional"].append({"path": url.path, "header": name, "value": self.headers[name]})
        if url.path == "/stats":
            with LOCK:
                return self.send_body(200, json.dumps(STATE).encode(), "application/json")
        if url.path == "/loop":
            return self.redirect("/loop")
        if url.path == "/redirect":
            query = urllib.parse.parse_qs(url.query)
            return self.redirect(query["to"][0], int(query.get("pad", ["0"])[0]))
        parts = url.path.split("/")
        if len(parts) >= 4 and parts[1] == "seq":
            behaviours = parts[2].split(",")
            name = "/".join(parts[3:])
            return self.behave(behaviours[min(count, len(behaviours) - 1)], name)
        self.send_body(404, b"not found\n", "text/plain")

    def behave(self, behaviour, name):
        if behaviour in ("ok", "lm"):
            return self.serve_file(name, etag=(behaviour == "ok"))
        if behaviour == "auth":
            if self.headers.get("Authorization") != ARGS.expect_auth:
                return self.send_body(401, b"unauthorized\n", "text/plain")
            return self.serve_file(name, etag=True)
        if behaviour in ("500", "503"):
            return self.send_body(int(behaviour), b"server trouble\n", "text/plain")
        if behaviour == "503fat":
            return self.send_body(503, b"<p>down for maintenance</p>\n" * (2 << 15), "text/html")
        if behaviour == "fat":
            self.send_response(200)
            self.send_header("Content-Length", str(8 << 20))
            self.end_headers()
            self.wfile.write(b"[" + b"0," * 2048)
            self.wfile.flush()
            time.sleep(60)
            return
        if behaviour == "429":
            return self.send_body(429, b"slow down\n", "text/plain", {"Retry-After": "1"})
        if behaviour == "stall":
            body = self.read_file(name)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(60)
            return
        if behaviour == "big":
            return self.stream_big()
        if behaviour == "bomb":
            body = gzip.compress(b"\0" * (32 << 20))
            return self.send_body(200, body, "application/json", {"Content-Encoding": "gzip"})
        if behaviour in ("gzip", "gzmulti", "gzcut", "gzbad", "gzempty", "gztrail", "brotli", "gztwice", "gzte"):
            return self.send_gzip(behaviour, self.read_file(name))
        if behaviour == "hangup":
            self.close_connection = True
            return
        self.send_body(500, b"unknown behaviour\n", "text/plain")

    def serve_file(self, name, etag):
        body = self.read_file(name)
        tag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if etag and self.headers.get("If-None-Match") == tag:
            return self.send_body(304, b"", None, {"ETag": tag})
        if not etag and self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return self.send_body(304, b"", None, {"Last-Modified": LAST_MODIFIED})
        extra = {"Last-Modified": LAST_MODIFIED}
        if etag:
            extra["ETag"] = tag
        self.send_body(200, body, "application/octet-stream", extra)

    def read_file(self, name):
        root = os.path.realpath(ARGS.root)
        path = os.path.realpath(os.path.join(root, name))
        if not path.startswith(root + os.sep):
            return b""
        with open(path, "rb") as f:
            return f.read()

    def stream_big(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b'{"customer": "c", "destination": "d.example"}\n' * 1400
        sent = 0
        try:
            while sent < (200 << 20):
                self.wfile.write(chunk)
                sent += len(chunk)
                with LOCK:
                    STATE["big_sent"] = sent
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_gzip(self, behaviour, body):
        """A gzip body whose only end is the connection's close (no Content-Length, not
        chunked): whole (`gzip`), as two gzip members (`gzmulti`), cut off after a flush
        point that decodes (`gzcut`), before its first byte (`gzempty`), with a broken CRC
        (`gzbad`), with a line end after it (`gztrail`), labelled `br`, after a second
        Content-Encoding line (`gztwice`), or with `Transfer-Encoding: gzip` (`gzte`)."""
        half = len(body) // 2
        if behaviour == "gzmulti":
            data = gzip.compress(body[:half]) + gzip.compress(body[half:])
        else:
            packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            data = packer.compress(body[:half]) + packer.flush(zlib.Z_FULL_FLUSH)
            cut = len(data)
            data += packer.compress(body[half:]) + packer.flush()
            if behaviour == "gzcut":
                data = data[:cut]
            elif behaviour == "gzempty":
                data = b""
            elif behaviour == "gztrail":
                data += b"\n"
            elif behaviour == "gzbad":
                data = data[:-8] + bytes(b ^ 0xFF for b in data[-8:-4]) + data[-4:]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        if behaviour == "gztwice":
            self.send_header("Content-Encoding", "identity")
        if behaviour == "gzte":
            self.send_header("Transfer-Encoding", "gzip")
        self.send_header("Content-Encoding", "br" if behaviour == "brotli" else "gzip")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        self.wfile.write(data)
        self.wfile.flush()

    def redirect(self, location, pad=0):
        self.send_body(302, b"x" * pad, "text/plain" if pad else None, {"Location": location})

    def send_body(self, status, body, content_type, extra=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


def serve(host, context=None):
    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--alt-host")
    parser.add_argument("--expect-auth")
    ARGS = parser.parse_args()
    ports = {"http": serve("127.0.0.1"), "https": None, "alt": None}
    if ARGS.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ARGS.cert, ARGS.key)
        ports["https"] = serve("127.0.0.1", context)
    if ARGS.alt_host:
        ports["alt"] = serve(ARGS.alt_host)
    print(json.dumps(ports), flush=True)
    sys.stdin.read()  # serve until the test closes stdin (or goes away)


if __name__ == "__main__":
    main()
