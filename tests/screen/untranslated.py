#!/usr/bin/env python3
"""untranslated.py PO SCREEN...: prints each English msgid of the catalogue
(translated differently in PO) that a captured screen shows: a screen in
Hindi must not show the English of a message that has Hindi. A msgid is
cut at its printf directives and line breaks; a piece counts when it
has an English word of three letters or more and is at least six
characters long, so data (logins, codes, names) is not mistaken for it.
Exit status 1 when something is found."""
import re, sys

def entries(path):
    ents, cur, field = [], None, None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
        if m:
            if m.group(1) == "msgctxt" or (m.group(1) == "msgid" and (cur is None or "msgid" in cur)):
                cur = {}
                ents.append(cur)
            field = m.group(1)
            cur[field] = m.group(2)
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and cur is not None:
            cur[field] += m.group(1)
    return ents

def unescape(s):
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")

pieces = set()
for e in entries(sys.argv[1]):
    mid, st = e.get("msgid", ""), e.get("msgstr", e.get("msgstr[0]", ""))
    if not mid or not st or st == mid:
        continue
    for p in re.split(r"%(?:\d+\$)?[-+ 0#]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXeEfgGcsp%]|\n", unescape(mid)):
        p = p.strip(" :.,;()|-")
        if len(p) >= 6 and re.search(r"[a-z]{3,}", p):
            pieces.add(p)

found = 0
for path in sys.argv[2:]:
    text = open(path, encoding="utf-8", errors="replace").read()
    for p in sorted(pieces):
        # a login or a code (rev.officer, DRG/G/07) is data, not a message
        if re.search(r"(?<![A-Za-z0-9._/-])" + re.escape(p) + r"(?![A-Za-z0-9_/-]|\.[A-Za-z0-9])", text):
            print("%s: '%s'" % (path, p))
            found = 1
sys.exit(found)
