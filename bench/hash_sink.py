#!/usr/bin/env python3
"""The push ceiling of this machine: a receiver that only reads the body and hashes it.

bench/run.sh pushes the same blob with the same curl command into this server as into Berth
and docker-registry. It speaks just enough of the OCI upload protocol for that command
(POST /v2/<repo>/blobs/uploads/ -> 202 + Location; PUT <location>?digest=sha256:<hex> with the
whole body -> 201 when the SHA-256 matches) and stores nothing: no disk write, no fsync, no
database. What it reaches is therefore what curl plus SHA-256 allow on this machine, with the
client sharing the cores, and bounds every registry measured in the same run. Python's hashlib
is OpenSSL's SHA-256, and the body is read in 1 MiB recv_into calls, so the interpreter's cost
per byte is negligible.

Usage: hash_sink.py PORT   (prints "ready" once listening; GET /v2/ answers 200)
"""
import hashlib
import socket
import socketserver
import sys
import urllib.parse

CHUNK = 1 << 20
MAX_HEADER = 64 * 1024


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = bytearray(CHUNK)
        view = memoryview(buf)
        pending = b""
        while True:
            head, pending = self.read_head(sock, pending)
            if head is None:
                return
            method, target, length = head
            digest = hashlib.sha256()
            body_from_head = pending[:length]
            digest.update(body_from_head)
            pending = pending[len(body_from_head):]
            left = length - len(body_from_head)
            while left > 0:
                n = sock.recv_into(view[: min(CHUNK, left)])
                if n == 0:
                    return
                digest.update(view[:n])
                left -= n
            self.answer(sock, method, target, digest.hexdigest())

    @staticmethod
    def read_head(sock, pending):
        while b"\r\n\r\n" not in pending:
            if len(pending) > MAX_HEADER:
                return None, b""
            data = sock.recv(65536)
            if not data:
                return None, b""
            pending += data
        head, rest = pending.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target = lines[0].split(" ")[:2]
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        return (method, target, length), rest

    @staticmethod
    def answer(sock, method, target, got):
        path, _, query = target.partition("?")
        extra = ""
        if method == "POST" and path.endswith("/blobs/uploads/"):
            status, extra = "202 Accepted", "Location: /upload/1\r\n"
        elif method == "PUT" and path.startswith("/upload/"):
            want = urllib.parse.parse_qs(query).get("digest", [""])[0]
            status = "201 Created" if want == "sha256:" + got else "400 Bad Request"
        elif method in ("GET", "HEAD") and path == "/v2/":
            status = "200 OK"
        else:
            status = "404 Not Found"
        sock.sendall(f"HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\n\r\n".encode())


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    port = int(sys.argv[1])
    with Server(("127.0.0.1", port), Handler) as server:
        print("ready", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
