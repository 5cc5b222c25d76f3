// Expands every event of an iCalendar file with ical.js, as a calendar
// client built on it would, for the Go tests.
//   node icaljs-expand.mjs FILE FROM TO
//     prints [uid, start, summary] for each occurrence starting in
//     [FROM, TO): start in UTC for timed events, the date for all-day ones.
//   TZ=ZONE node icaljs-expand.mjs FILE FROM TO --events
//     prints [start, summary] for each occurrence that is not cancelled, as
//     a user's calendar lists it; a floating time is read in ZONE (the
//     process's zone), an event without SUMMARY prints "".
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const [file, fromISO, toISO, mode] = process.argv.slice(2);
const events = mode === '--events';
const from = new Date(fromISO);
const to = new Date(toISO);
const root = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
for (const tz of root.getAllSubcomponents('vtimezone')) {
  ICAL.TimezoneService.register(tz);
}
const masters = new Map();
const exceptions = [];
for (const vevent of root.getAllSubcomponents('vevent')) {
  // Without options, ical.js relates every RECURRENCE-ID event in the
  // calendar to each master, whatever its UID; relate them by UID instead.
  const ev = new ICAL.Event(vevent, { strictExceptions: true, exceptions: [] });
  if (ev.isRecurrenceException()) exceptions.push(ev);
  else masters.set(ev.uid, ev);
}
for (const ex of exceptions) masters.get(ex.uid)?.relateException(ex);

// All-day events are dates, not instants: they are compared as dates
// (their day in the window is decided by the date's own midnight in UTC).
const out = [];
const push = (uid, t, item) => {
  if (events && String(item.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return;
  const at = t.isDate ? new Date(`${t.toString()}T00:00:00Z`) : t.toJSDate();
  if (at < from || at >= to) return;
  const start = t.isDate ? t.toString() : at.toISOString().replace('.000Z', 'Z');
  out.push(events ? [start, item.summary ?? ''] : [uid, start, item.summary]);
};
for (const ev of masters.values()) {
  if (!ev.isRecurring()) {
    push(ev.uid, ev.startDate, ev);
    continue;
  }
  const it = ev.iterator();
  // Moved occurrences can land before their original date, so look a year
  // past the window's end before stopping.
  const stop = new Date(to.getTime() + 366 * 864e5);
  for (let next = it.next(); next; next = it.next()) {
    if (next.toJSDate() >= stop) break;
    const d = ev.getOccurrenceDetails(next);
    push(ev.uid, d.startDate, d.item);
  }
}
if (events) out.sort((a, b) => (a[0] + '\0' + a[1] < b[0] + '\0' + b[1] ? -1 : 1));
else out.sort((a, b) => (a[1] + a[0]).localeCompare(b[1] + b[0]));
process.stdout.write(JSON.stringify(out));
