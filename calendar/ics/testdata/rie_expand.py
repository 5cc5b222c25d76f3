"""Expands an iCalendar file with python3-icalendar and recurring-ical-events,
as a calendar app built on them would, for the Go tests.

    /usr/bin/python3 rie_expand.py FILE FROM TO
        prints [uid, start, summary] for each occurrence starting in
        [FROM, TO): start in UTC for timed events, the date for all-day ones.

    /usr/bin/python3 rie_expand.py FILE FROM TO ZONE
        prints [start, summary] for each occurrence that is not cancelled,
        as a user's calendar lists it: a floating time (no TZID, no Z) is
        read in the calendar's X-WR-TIMEZONE, else in ZONE, as Postplan
        reads it; an event with no SUMMARY prints "".
"""
import datetime as dt
import json
import sys
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

path, lo, hi = sys.argv[1:4]
zone = sys.argv[4] if len(sys.argv) > 4 else None
lo = dt.datetime.fromisoformat(lo.replace("Z", "+00:00"))
hi = dt.datetime.fromisoformat(hi.replace("Z", "+00:00"))
with open(path, "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
local = None
if zone:
    wr = cal.get("X-WR-TIMEZONE")
    try:
        local = ZoneInfo(str(wr)) if wr else ZoneInfo(zone)
    except Exception:
        local = ZoneInfo(zone)

out = []
# Ask a day either side: all-day dates are compared by their UTC midnight.
for ev in recurring_ical_events.of(cal).between(lo - dt.timedelta(days=2), hi + dt.timedelta(days=2)):
    if local and str(ev.get("STATUS", "")).upper() == "CANCELLED":
        continue
    start = ev["DTSTART"].dt
    if isinstance(start, dt.datetime):
        if start.tzinfo is None and local:
            start = start.replace(tzinfo=local)
        at = start.astimezone(dt.timezone.utc)
        key = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        at = dt.datetime(start.year, start.month, start.day, tzinfo=dt.timezone.utc)
        key = start.isoformat()
    if lo <= at < hi:
        if local:
            out.append([key, str(ev.get("SUMMARY", ""))])
        else:
            out.append([str(ev["UID"]), key, str(ev["SUMMARY"])])
if local:
    out.sort()
else:
    out.sort(key=lambda r: r[1] + r[0])
json.dump(out, sys.stdout)
