"""Expands recurrence rules with python-dateutil, as an oracle for Postplan's
own expansion. Reads JSON cases on stdin, writes JSON lists of UTC starts.

Each case: {"zone", "start" (wall clock, ISO), "rule", "exdates" (wall
clocks, ISO), "from", "to" (UTC ISO)}.
A start inside a DST gap or overlap is placed with fold=0, which is the
offset in force before the transition: a gap time moves forward by the gap,
an ambiguous time is its first occurrence.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr, rruleset

out = []
for case in json.load(sys.stdin):
    tz = ZoneInfo(case["zone"])
    start = datetime.fromisoformat(case["start"]).replace(tzinfo=tz)
    lo = datetime.fromisoformat(case["from"])
    hi = datetime.fromisoformat(case["to"])
    rules = rruleset()
    rules.rrule(rrulestr(case["rule"], dtstart=start))
    for x in case.get("exdates") or []:
        rules.exdate(datetime.fromisoformat(x).replace(tzinfo=tz))
    got = []
    for dt in rules:
        u = dt.astimezone(timezone.utc)
        if u >= hi:
            break
        if u >= lo:
            got.append(u.strftime("%Y-%m-%dT%H:%M:%SZ"))
    out.append(got)
json.dump(out, sys.stdout)
