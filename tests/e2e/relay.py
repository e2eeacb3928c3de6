#!/usr/bin/env python3
"""relay.py: a TCP relay on 127.0.0.1 that cuts each connection after N
bytes (both directions counted), for the sync fault tests. N is read from
CUTFILE when a connection opens (0 or a missing file: never cut), so one
relay serves a whole loop of cut points. Prints its port on stdout.
usage: relay.py TARGET_PORT CUTFILE"""
import socket
import sys
import threading


def read_cut(path):
    try:
        with open(path) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def pump(src, dst, state, lock, client):
    try:
        while True:
            data = src.recv(4096)
            if not data:
                break
            with lock:
                left = state["cut"] - state["sent"] if state["cut"] else len(data)
                if left <= 0:
                    break
                data = data[:left]
                state["sent"] += len(data)
            dst.sendall(data)
            if state["cut"] and state["sent"] >= state["cut"]:
                break
    except OSError:
        pass
    # the link drops on the desk's side; the server goes on and finds out
    # later, as over a real line (so a push may be applied with its
    # answer lost)
    try:
        client.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def drain(upstream):
    upstream.settimeout(5)
    try:
        while upstream.recv(4096):
            pass
    except OSError:
        pass


def serve(client, target, cutfile):
    try:
        upstream = socket.create_connection(("127.0.0.1", target))
    except OSError:
        client.close()
        return
    state = {"cut": read_cut(cutfile), "sent": 0}
    lock = threading.Lock()
    a = threading.Thread(target=pump, args=(client, upstream, state, lock, client), daemon=True)
    b = threading.Thread(target=pump, args=(upstream, client, state, lock, client), daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    drain(upstream)
    client.close()
    upstream.close()


def main():
    target, cutfile = int(sys.argv[1]), sys.argv[2]
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("127.0.0.1", 0))
    ls.listen(64)
    print(ls.getsockname()[1], flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=serve, args=(c, target, cutfile), daemon=True).start()


if __name__ == "__main__":
    main()
