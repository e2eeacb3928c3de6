#!/usr/bin/env python3
"""Adds up what the test programs of one or more build trees reported and
prints one plain closing line, 'N passed, N failed': the cases inside Check
suites ('Checks: N, Failures: F, Errors: E') and shell tests ('N passed, N
failed'), plus any test program whose automake result was FAIL or ERROR
without such counts. Exit status 1 when anything failed."""
import glob
import os
import re
import sys

passed = failed = skipped = 0
for top in sys.argv[1:]:
    for trs in sorted(glob.glob(os.path.join(top, "tests", "**", "*.trs"), recursive=True)):
        log = trs[:-4] + ".log"
        result = re.search(r"^:test-result: (\S+)", open(trs).read(), re.M)
        result = result.group(1) if result else "ERROR"
        text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
        counted = False
        for m in re.finditer(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)", text):
            n, f, e = map(int, m.groups())
            passed += n - f - e
            failed += f + e
            counted = True
        for m in re.finditer(r"^(\d+) passed, (\d+) failed", text, re.M):
            passed += int(m.group(1))
            failed += int(m.group(2))
            counted = True
        if result == "SKIP":
            skipped += 1
        elif result in ("FAIL", "ERROR", "XPASS") and not counted:
            failed += 1
        elif result in ("FAIL", "ERROR") and counted and "Failures: 0, Errors: 0" in text \
                and not re.search(r"^\d+ passed, [1-9]", text, re.M):
            failed += 1  # every case passed, yet the program failed: a crash or a sanitizer report
        elif not counted:
            passed += 1
        if result != "PASS":
            print(f"{result}: {os.path.relpath(log, top)} in {top}")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
