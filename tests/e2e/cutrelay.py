#!/usr/bin/env python3
"""cutrelay.py: a TCP relay on 127.0.0.1 for the attachment tests: a link
that breaks every EVERY bytes (both directions counted, across all
connections) and stays down for the next DOWN connections, which are
closed at once. Staying down matters: libcurl quietly sends a request
again on a fresh connection when a kept-alive one dies, so a cut must
outlast that for the desk's own resuming to be tested. EVERY 0: never cut;
after MAX cuts (0: no end) the link stays up.
Prints its port on stdout; "cut" on stderr at each cut.
TARGET is PORT (on 127.0.0.1) or HOST:PORT.
usage: cutrelay.py TARGET EVERY [DOWN [MAX]]"""
import socket
import sys
import threading

lock = threading.Lock()
state = {"total": 0, "next": 0, "down": 0, "left": 0}


def pump(src, dst, every, down):
    try:
        while True:
            data = src.recv(16384)
            if not data:
                break
            cut = False
            with lock:
                if every and state["left"] != 0 and state["total"] + len(data) >= state["next"]:
                    data = data[:state["next"] - state["total"]]
                    state["next"] += every
                    state["down"] = down
                    state["left"] -= 1
                    cut = True
                state["total"] += len(data)
            if data:
                dst.sendall(data)
            if cut:
                print("cut", file=sys.stderr, flush=True)
                break
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, target, every, down):
    with lock:
        refuse = state["down"] > 0
        if refuse:
            state["down"] -= 1
    if refuse:
        client.close()
        return
    try:
        upstream = socket.create_connection(target)
    except OSError:
        client.close()
        return
    a = threading.Thread(target=pump, args=(client, upstream, every, down), daemon=True)
    b = threading.Thread(target=pump, args=(upstream, client, every, down), daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    client.close()
    upstream.close()


def main():
    host, _, port = sys.argv[1].rpartition(":")
    target, every = (host or "127.0.0.1", int(port)), int(sys.argv[2])
    down = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    state["left"] = int(sys.argv[4]) if len(sys.argv) > 4 and int(sys.argv[4]) > 0 else -1
    state["next"] = every
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(64)
    print(ls.getsockname()[1], flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c, target, every, down), daemon=True).start()


if __name__ == "__main__":
    main()
