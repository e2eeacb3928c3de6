#!/usr/bin/env python3
"""slowloris.py PORT COUNT SECONDS: COUNT slow connections to 127.0.0.1:PORT
from the addresses 127.0.0.2 and up (40 from each), for SECONDS. A third
sit silent after connecting, a third send half a TLS ClientHello a byte at
a time, a third finish TLS and send request headers a byte at a time (a
token is never shown). A connection the server cuts is made again after a
short pause, so the pressure stays. Prints one line: how many connections
were made and how many the server cut."""
import os
import socket
import ssl
import sys
import threading
import time

port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
deadline = time.monotonic() + seconds
made = cut = 0
lock = threading.Lock()
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
HELLO = bytes.fromhex("160301020001000200fc0303") + os.urandom(64)
HEADERS = b"POST /v1/push HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Slow: " + b"a" * 200


def one(kind, addr):
    global made, cut
    while time.monotonic() < deadline:
        s = None
        try:
            s = socket.socket()
            s.settimeout(5)
            s.bind((addr, 0))
            s.connect(("127.0.0.1", port))
            with lock:
                made += 1
            if kind == 2:
                s = ctx.wrap_socket(s)
            data = b"" if kind == 0 else HELLO if kind == 1 else HEADERS
            i = 0
            while time.monotonic() < deadline:
                if kind == 0:
                    s.settimeout(1)
                    try:
                        if s.recv(1) == b"":
                            raise ConnectionError
                    except socket.timeout:
                        pass
                    continue
                s.send(data[i % len(data):i % len(data) + 1])
                i += 1
                time.sleep(1)
        except (OSError, ConnectionError, ssl.SSLError):
            with lock:
                cut += 1
        finally:
            if s is not None:
                s.close()
        time.sleep(0.3)


threads = []
for n in range(count):
    t = threading.Thread(target=one, args=(n % 3, "127.0.0.%d" % (2 + n // 40)), daemon=True)
    t.start()
    threads.append(t)
for t in threads:
    t.join()
print("made %d cut %d" % (made, cut))
