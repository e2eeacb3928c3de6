#!/usr/bin/env python3
"""ptybytes.py: run zila in a pseudo-terminal of a given size and TERM and
count the bytes it writes for each step: a step is keys to send, then
every byte until the program has been quiet for a moment.

usage: ptybytes.py COLS ROWS TERM -- ZILA [ARGS...] < steps
Each line of steps is NAME<TAB>KEYS[<TAB>QUIET] (KEYS with \\r, \\x1b and
such escapes; QUIET the seconds of silence that end the step, 0.4 by
default: a step that waits on slow work, like the password hash of a
login on a loaded machine, needs more, or its late bytes are counted
against the next step); prints NAME BYTES per step."""
import fcntl, os, pty, select, struct, sys, termios, time

def drain(fd, quiet=0.4, limit=10.0):
    out = b""
    end = time.time() + limit
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    return out

def main():
    cols, rows, term = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    cmd = sys.argv[5:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = term
        os.environ.pop("LINES", None)
        os.environ.pop("COLUMNS", None)
        os.execv(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    drain(fd)
    dump = os.environ.get("PTYBYTES_DUMP")
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        name, keys, *rest = line.split("\t")
        os.write(fd, keys.encode().decode("unicode_escape").encode("latin-1"))
        out = drain(fd, float(rest[0]) if rest else 0.4)
        print(name, len(out))
        if dump:
            with open(dump + "." + name, "wb") as f:
                f.write(out)
    os.kill(pid, 15)
    drain(fd, 0.2, 2)
    os.waitpid(pid, 0)

main()
