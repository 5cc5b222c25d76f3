// The peers, on the same events as ours: ical-generator renders the plan's
// posts (from `postplan export --format json`) to iCalendar, rrule expands
// its series over 2026, ical.js parses our own .ics export. Prints one JSON
// object: each peer's p50 and p95 in milliseconds and what it produced, so
// that the bench script can check both sides did the same work.
//
//   node bench/peers.mjs PLAN.json PLAN.ics [RUNS]
import { readFileSync } from 'node:fs';
import ical from 'ical-generator';
import rrulePkg from 'rrule';
import ICAL from 'ical.js';

const { rrulestr } = rrulePkg;
const [planPath, icsPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 30);
const plan = JSON.parse(readFileSync(planPath, 'utf8'));
const icsText = readFileSync(icsPath, 'utf8');

// offsetMs is the zone's offset from UTC at an instant, in milliseconds.
const formats = new Map();
function offsetMs(zone, instant) {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric',
      day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - instant;
}

// wall turns our stored wall clock ("…Z" read as the zone's local time)
// into the instant it means.
function wall(iso, zone) {
  const w = Date.parse(iso);
  let t = w - offsetMs(zone, w);
  t = w - offsetMs(zone, t);
  return new Date(t);
}

const stamp = (iso) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/Z$/, '');
const members = new Map((plan.members ?? []).map((m) => [m.id, m.name]));
const campaigns = new Map((plan.campaigns ?? []).map((c) => [c.tag, c.name]));
const status = { cancelled: 'CANCELLED', idea: 'TENTATIVE', draft: 'TENTATIVE' };

// The events as ical-generator takes them, built before timing: the
// same fields our feed writes (summary with channels, description with
// channels, assignee and status, categories, link, status, sequence,
// created, last-modified, rule and skipped dates, moved occurrences as
// their own events). Its fastest correct path: single posts as UTC
// instants; only a series needs its zone, for its rule to keep the wall
// clock across DST (with a zone it formats every time through Intl, some
// fifteen times slower).
const events = [];
for (const p of plan.posts) {
  if (!p.start || p.start.startsWith('0001')) continue;
  const zone = p.timeZone || 'UTC';
  const start = p.allDay ? new Date(p.start) : wall(p.start, zone);
  const dur = p.duration ? p.duration / 1e6 : p.allDay ? 86_400_000 : 3_600_000;
  const description = [p.body, '', `Channels: ${p.channels.join(', ')}`, `Assignee: ${members.get(p.assignee) ?? ''}`,
    `Status: ${p.status}`].join('\n');
  const e = {
    id: p.id, start, end: new Date(start.getTime() + dur), allDay: p.allDay,
    timezone: p.allDay || !p.recurrence ? undefined : zone,
    summary: `[${p.channels.join(', ')}] ${p.title}`, description, url: p.link || undefined,
    categories: [...(p.tags ?? []).map((t) => ({ name: campaigns.get(t) ?? t })), ...p.channels.map((c) => ({ name: c }))],
    status: status[p.status] ?? 'CONFIRMED', sequence: p.sequence, created: new Date(p.created), lastModified: new Date(p.updated),
  };
  if (p.recurrence) {
    const ex = (p.recurrence.exDates ?? []).map((x) => `\r\nEXDATE;TZID=${zone}:${stamp(x)}`).join('');
    e.repeating = `RRULE:${p.recurrence.rule}${ex}`;
  }
  events.push(e);
  for (const o of p.overrides ?? []) {
    const s = wall(o.start || o.original, zone);
    events.push({ ...e, repeating: undefined, recurrenceId: wall(o.original, zone), start: s,
      end: new Date(s.getTime() + dur), summary: `[${p.channels.join(', ')}] ${o.title || p.title}` });
  }
}

// The series' rules with their start and skipped dates, for rrule.
const series = plan.posts.filter((p) => p.recurrence).map((p) => {
  const zone = p.timeZone || 'UTC';
  const ex = (p.recurrence.exDates ?? []).map((x) => `\nEXDATE;TZID=${zone}:${stamp(x)}`).join('');
  return `DTSTART;TZID=${zone}:${stamp(p.start)}\nRRULE:${p.recurrence.rule}${ex}`;
});
// rrule reads and returns wall clocks as if they were UTC when a TZID is
// given; the window is 2026 in those wall clocks.
const from = new Date(Date.UTC(2026, 0, 1)), to = new Date(Date.UTC(2027, 0, 1));

function measure(fn) {
  fn(); // warm up: the first run compiles
  const times = [];
  let out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], out };
}

const gen = measure(() => {
  const cal = ical({ name: 'Postplan', prodId: '//Postplan bench//EN' });
  for (const e of events) cal.createEvent(e);
  return cal.toString();
});
const rr = measure(() => {
  let n = 0;
  for (const s of series) n += rrulestr(s, { forceset: true }).between(from, to, true).length;
  return n;
});
// ical.js in two steps: the text into its jCal arrays, and those into
// events (the step comparable to ours, which makes posts).
const parsedText = measure(() => ICAL.parse(icsText).length);
const parsed = measure(() => {
  const cal = new ICAL.Component(ICAL.parse(icsText));
  return cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).length;
});

const body = gen.out;
console.log(JSON.stringify({
  icalGenerator: { p50: gen.p50, p95: gen.p95, events: (body.match(/BEGIN:VEVENT/g) ?? []).length, bytes: body.length },
  rrule: { p50: rr.p50, p95: rr.p95, series: series.length, occurrences: rr.out },
  icaljs: { p50: parsed.p50, p95: parsed.p95, events: parsed.out },
  icaljsText: { p50: parsedText.p50, p95: parsedText.p95 },
}));
