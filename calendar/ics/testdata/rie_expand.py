"""Expands an iCalendar file with python3-icalendar and recurring-ical-events
and prints [uid, start, summary] for each occurrence starting in [FROM, TO):
start in UTC for timed events, the date for all-day ones.

    /usr/bin/python3 rie_expand.py FILE FROM TO
"""
import datetime as dt
import json
import sys

import icalendar
import recurring_ical_events

path, lo, hi = sys.argv[1:4]
lo = dt.datetime.fromisoformat(lo.replace("Z", "+00:00"))
hi = dt.datetime.fromisoformat(hi.replace("Z", "+00:00"))
with open(path, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())

out = []
# Ask a day either side: all-day dates are compared by their UTC midnight.
for ev in recurring_ical_events.of(cal).between(lo - dt.timedelta(days=1), hi + dt.timedelta(days=1)):
    start = ev["DTSTART"].dt
    if isinstance(start, dt.datetime):
        at = start.astimezone(dt.timezone.utc)
        key = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        at = dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc)
        key = start.isoformat()
    if lo <= at < hi:
        out.append([str(ev["UID"]), key, str(ev["SUMMARY"])])
out.sort(key=lambda r: r[1] + r[0])
json.dump(out, sys.stdout)
