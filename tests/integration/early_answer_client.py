#!/usr/bin/env python3
"""Clients that send a whole request body, then read the answer (as Go clients do).

Used by test_early_answers.sh: Berth may answer before it reads the body (401, 404, 416);
each client must still write its whole body without a write error and then read the
expected status (and header). Prints one summary line; exit code 1 when any client failed.

  early_answer_client.py HOST PORT METHOD PATH --size BYTES --clients N --parallel P
      --status CODE [--header NAME] [--auth USER:PASS] [--new-upload REPO]
      [--content-range START-END]

--new-upload REPO: each client first starts its own upload of REPO (POST, with --auth) and
sends its body to that upload's location instead of PATH.
"""
import argparse
import base64
import socket
import sys
import threading

CHUNK = 64 * 1024


def read_response(sock):
    """Status code, lower-cased headers and body of one HTTP/1.1 response."""
    data = b""
    while b"\r\n\r\n" not in data:
        more = sock.recv(65536)
        if not more:
            raise ConnectionError("connection closed before the response header")
        data += more
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        more = sock.recv(65536)
        if not more:
            break
        rest += more
    return status, headers, rest[:length]


def request(host, port, method, path, headers, body_size):
    """Sends the request and its whole body, then reads the response.
    Returns (status, headers) or raises with the phase that failed."""
    sock = socket.create_connection((host, port), timeout=120)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}",
                 f"Content-Length: {body_size}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunk = b"x" * CHUNK
        left = body_size
        try:
            while left > 0:
                n = min(left, CHUNK)
                sock.sendall(chunk[:n])
                left -= n
        except OSError as e:
            raise RuntimeError(f"write error after {body_size - left} of {body_size} bytes: {e}")
        try:
            status, hdrs, _ = read_response(sock)
        except OSError as e:
            raise RuntimeError(f"read error: {e}")
        return status, hdrs
    finally:
        sock.close()


def start_upload(host, port, repo, auth):
    sock = socket.create_connection((host, port), timeout=60)
    try:
        req = (f"POST /v2/{repo}/blobs/uploads/ HTTP/1.1\r\nHost: {host}:{port}\r\n"
               f"Authorization: {auth}\r\nContent-Length: 0\r\n\r\n")
        sock.sendall(req.encode())
        status, hdrs, _ = read_response(sock)
        if status != 202:
            raise RuntimeError(f"starting an upload answered {status}")
        return hdrs["location"]
    finally:
        sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("method")
    ap.add_argument("path")
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--clients", type=int, default=1)
    ap.add_argument("--parallel", type=int, default=1)
    ap.add_argument("--status", type=int, required=True)
    ap.add_argument("--header", default="")
    ap.add_argument("--auth", default="")
    ap.add_argument("--new-upload", default="")
    ap.add_argument("--content-range", default="")
    a = ap.parse_args()

    auth = ""
    if a.auth:
        auth = "Basic " + base64.b64encode(a.auth.encode()).decode()
    failures = []
    lock = threading.Lock()
    next_client = [0]

    def one():
        path = a.path
        headers = {"Content-Type": "application/octet-stream"}
        if auth:
            headers["Authorization"] = auth
        if a.content_range:
            headers["Content-Range"] = a.content_range
        if a.new_upload:
            path = start_upload(a.host, a.port, a.new_upload, auth)
        status, hdrs = request(a.host, a.port, a.method, path, headers, a.size)
        if status != a.status:
            raise RuntimeError(f"status {status}, expected {a.status}")
        if a.header and a.header.lower() not in hdrs:
            raise RuntimeError(f"no {a.header} header in the {status} response")

    def worker():
        while True:
            with lock:
                if next_client[0] >= a.clients:
                    return
                next_client[0] += 1
            try:
                one()
            except Exception as e:  # noqa: BLE001 - every failure is reported
                with lock:
                    failures.append(str(e))

    threads = [threading.Thread(target=worker) for _ in range(a.parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{a.clients - len(failures)}/{a.clients} clients wrote {a.size} bytes and read "
          f"{a.status}{' with ' + a.header if a.header else ''}")
    for f in sorted(set(failures))[:5]:
        print(f"  failure ({failures.count(f)}x): {f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
