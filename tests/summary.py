#!/usr/bin/env python3
"""Adds up the automake test logs (and the Check and shell counts inside
them) and prints one plain closing line: 'N passed, N failed'."""
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    for m in re.finditer(r"^(PASS|FAIL|ERROR|SKIP|XFAIL|XPASS): (\S+)", text, re.M):
        kind = m.group(1)
        if kind in ("PASS", "XFAIL"):
            passed += 1
        elif kind == "SKIP":
            skipped += 1
        else:
            failed += 1
    # the cases inside each test program: Check and our shell tests
    for m in re.finditer(r"^\d+%: Checks: (\d+), Failures: (\d+), Errors: (\d+)", text, re.M):
        print(f"{path}: {m.group(0)}")
    for m in re.finditer(r"^(\d+) passed, (\d+) failed$", text, re.M):
        pass
print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
