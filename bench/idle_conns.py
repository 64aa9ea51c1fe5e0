#!/usr/bin/env python3
"""Opens N keep-alive HTTP connections to 127.0.0.1:PORT, sends one
`GET /v2/ HTTP/1.1` on each, reads the response headers and keeps them open.

Protocol on stdout/stdin (driven by run.sh through a coprocess):
  prints  "READY opened=<n> answered=<n> failed=<n>"  once all are set up
  waits   for one line on stdin (the caller measures the server's RSS meanwhile)
  prints  "ALIVE <n>"  = connections the server still keeps open, then closes all.
Usage: idle_conns.py PORT COUNT [AUTHORIZATION_HEADER_VALUE]
"""
import resource
import selectors
import socket
import sys
import time


def main():
    port, count = int(sys.argv[1]), int(sys.argv[2])
    auth = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = count + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard) if hard != resource.RLIM_INFINITY else want, hard))

    req = f"GET /v2/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: berth-bench-idle\r\n"
    if auth:
        req += f"Authorization: {auth}\r\n"
    req = (req + "\r\n").encode()

    socks, failed = [], 0
    for _ in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(req)
        except OSError:
            failed += 1
            s.close()
            continue
        s.setblocking(False)
        socks.append(s)

    # Read until every connection has its full response header block (or 20 s pass).
    sel = selectors.DefaultSelector()
    bufs = {}
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
        bufs[s] = b""
    answered = 0
    deadline = time.monotonic() + 20
    while bufs and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if not data:  # closed before answering
                sel.unregister(s)
                del bufs[s]
                continue
            bufs[s] += data
            if b"\r\n\r\n" in bufs[s]:
                answered += 1
                sel.unregister(s)
                del bufs[s]
    sel.close()

    print(f"READY opened={len(socks)} answered={answered} failed={failed}", flush=True)
    sys.stdin.readline()

    alive = 0
    for s in socks:
        try:
            # Drain any body bytes; EOF (b"") means the server closed it.
            while True:
                d = s.recv(65536)
                if not d:
                    break
        except (BlockingIOError, InterruptedError):
            alive += 1
        except OSError:
            pass
    print(f"ALIVE {alive}", flush=True)
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
