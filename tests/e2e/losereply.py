#!/usr/bin/env python3
"""losereply.py: a TCP relay on 127.0.0.1 that loses one answer. The first
time the server speaks after the client has been quiet for GAP seconds
(the server was working on a request, not shaking hands), that answer is
dropped and both sides are closed, as a link cut at the worst moment
would: the server did the work, the client never hears of it. "lost" on
stderr then; every other byte passes. Prints its port on stdout.
TARGET is PORT (on 127.0.0.1) or HOST:PORT.
usage: losereply.py TARGET GAP"""
import socket
import sys
import threading
import time

lock = threading.Lock()
state = {"lost": False}


def close(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, target, gap):
    try:
        upstream = socket.create_connection(target)
    except OSError:
        client.close()
        return
    last = {"client": None}

    def up():
        try:
            while True:
                data = client.recv(16384)
                if not data:
                    break
                last["client"] = time.monotonic()
                upstream.sendall(data)
        except OSError:
            pass
        close(client, upstream)

    def down():
        try:
            while True:
                data = upstream.recv(16384)
                if not data:
                    break
                with lock:
                    lose = (not state["lost"] and last["client"] is not None
                            and time.monotonic() - last["client"] >= gap)
                    if lose:
                        state["lost"] = True
                if lose:
                    print("lost", file=sys.stderr, flush=True)
                    break
                client.sendall(data)
        except OSError:
            pass
        close(client, upstream)

    a = threading.Thread(target=up, daemon=True)
    b = threading.Thread(target=down, daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    client.close()
    upstream.close()


def main():
    host, _, port = sys.argv[1].rpartition(":")
    target, gap = (host or "127.0.0.1", int(port)), float(sys.argv[2])
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    print(ls.getsockname()[1], flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c, target, gap), daemon=True).start()


main()
