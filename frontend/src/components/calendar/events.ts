import type { EventInput } from '@fullcalendar/core';
import type { OccurrenceView } from '../../api/planner';
import { dayOf, isoDate } from '../../dates';

// The calendar's events made from the plan's occurrences: colours, marks,
// and how many of a day's posts a month cell has room for.

/** Posts without a campaign: a blue dark enough for white text. */
export const defaultColour = '#1d4ed8';

/** sRGB relative luminance of a #rrggbb colour (WCAG 2). */
function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1, 7), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/**
 * The text colour that reads best on a campaign's colour: teams pick any
 * colour, and a pale one with white text cannot be read.
 */
export function textOn(bg: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(bg)) return '#ffffff';
  const l = luminance(bg);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance('#1c1917') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#1c1917';
}

const routineColour = '#e7e5e4';

/** The calendar's view of one occurrence. */
export function toEvent(o: OccurrenceView): EventInput {
  // Routines are the team's time, not posts: pale, with dark text.
  const colour = o.routine ? routineColour : o.colour || defaultColour;
  return {
    id: o.id,
    title: o.title,
    start: o.start,
    end: o.end,
    allDay: o.allDay,
    backgroundColor: colour,
    borderColor: colour,
    textColor: o.routine ? '#1c1917' : textOn(colour),
    classNames: [`status-${o.status}`, `kind-${o.kind}`, ...(o.recurring ? ['recurring'] : []), ...(o.moved ? ['moved'] : []),
      ...(o.overdue ? ['overdue'] : [])],
    // A routine is changed in the routines view, not by dragging.
    ...(o.routine ? { editable: false } : {}),
    extendedProps: {
      order: 0, // before a day's "+N more" mark
      postId: o.postId, status: o.routine ? '' : o.status, channels: o.channels, initials: o.initials,
      recurring: o.recurring && !o.routine, original: o.original, timeZone: o.timeZone,
      kind: o.kind, experiment: o.experiment, routine: o.routine, overdue: o.overdue,
    },
  };
}

/** A range's events, and in a month how many posts each day (2006-01-02) leaves out. */
export interface Loaded {
  events: EventInput[];
  more: Map<string, number>;
}

/**
 * The room a month cell has below its date, and the heights of what goes
 * in it, in CSS pixels: a post in full (its marks above its title), a post
 * or a bar over several days in one line, and the "+N more" mark.
 */
export interface DayRoom {
  height: number;
  post: number;
  line: number;
  more: number;
}

/**
 * The first and last local day an occurrence covers when it is drawn as a
 * bar over several days (an all-day one's end is exclusive; a timed one
 * that ends after midnight reaches into the next day), else null; start
 * is o.start parsed. Called for every occurrence of a month on each
 * switch, so a timed one is compared as Dates, not formatted.
 */
function barSpan(o: OccurrenceView, start: Date): [Date, Date] | null {
  if (!o.end) return null;
  if (o.allDay) {
    const first = dayOf(o.start);
    const last = dayOf(o.end);
    last.setDate(last.getDate() - 1);
    return last > first ? [first, last] : null;
  }
  const last = new Date(Date.parse(o.end) - 1);
  if (last <= start || (last.getDate() === start.getDate() && last.getMonth() === start.getMonth() && last.getFullYear() === start.getFullYear())) {
    return null;
  }
  return [new Date(start.getFullYear(), start.getMonth(), start.getDate()), new Date(last.getFullYear(), last.getMonth(), last.getDate())];
}

const dayMs = 86_400_000;

/**
 * Fits each day's posts to its month cell, as Google Calendar does: the
 * month fits the window, and the calendar is not handed the posts it would
 * only have to hide (a month with hundreds takes several times longer to
 * draw). A day shows its posts in full when they fit, else each in one line
 * (time and title; marked compact), else as many lines as fit and leaves
 * room for a "+N more" mark, counted in more.
 * from is the first day shown, so the weeks are the grid's rows. Bars over
 * several days are always kept, in one line (marked bar); a row's bars can
 * stack in as many lines as there are, so each takes its line on every day
 * of the rows it crosses.
 */
export function capPerDay(occs: readonly OccurrenceView[], room: DayRoom, from: Date): Loaded {
  const row = (d: Date): number => Math.floor(Math.round((d.getTime() - from.getTime()) / dayMs) / 7);
  const bars = new Map<number, number>();
  const byDay = new Map<string, OccurrenceView[]>();
  const events: EventInput[] = [];
  const more = new Map<string, number>();
  const marked = (o: OccurrenceView, mark: 'bar' | 'compact'): EventInput => {
    const e = toEvent(o);
    // Bars first, at the top of their rows: a bar from a day's evening
    // placed below that day's posts would push the next days' down.
    e.extendedProps = { ...e.extendedProps, [mark]: true, ...(mark === 'bar' ? { order: -1 } : {}) };
    return e;
  };
  for (const o of occs) {
    const start = new Date(o.start);
    const span = barSpan(o, start);
    if (span) {
      for (let r = row(span[0]); r <= row(span[1]); r++) bars.set(r, (bars.get(r) ?? 0) + 1);
      events.push(marked(o, 'bar'));
      continue;
    }
    // The local date it starts on, as 2006-01-02.
    const day = o.allDay ? o.start.slice(0, 10) : isoDate(start);
    const list = byDay.get(day);
    if (list) list.push(o);
    else byDay.set(day, [o]);
  }
  for (const [day, list] of byDay) {
    const free = room.height - (bars.get(row(dayOf(day))) ?? 0) * room.line;
    if (list.length * room.post <= free) {
      for (const o of list) events.push(toEvent(o));
      continue;
    }
    const fit = list.length * room.line <= free ? list.length : Math.max(0, Math.floor((free - room.more) / room.line));
    for (const o of list.slice(0, fit)) events.push(marked(o, 'compact'));
    if (list.length > fit) more.set(day, list.length - fit);
  }
  return { events, more };
}

/** A range's occurrences as events: with a month cell's room, each day gets what fits (capPerDay). */
export function eventsOf(occs: readonly OccurrenceView[], from: Date, room?: DayRoom): Loaded {
  return room ? capPerDay(occs, room, from) : { events: occs.map(toEvent), more: new Map() };
}
