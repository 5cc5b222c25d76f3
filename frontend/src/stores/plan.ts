import type { EventInput } from '@fullcalendar/core';
import { plannerApi, type OccurrenceView, type PostInput } from '../api/planner';
import { t } from '../langs';
import { preferences } from './prefs';

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
    classNames: [`status-${o.status}`, `kind-${o.kind}`, ...(o.recurring ? ['recurring'] : []), ...(o.moved ? ['moved'] : [])],
    // A routine is changed in the routines view, not by dragging.
    ...(o.routine ? { editable: false } : {}),
    extendedProps: {
      order: 0, // before a day's "+N more" mark
      postId: o.postId, status: o.routine ? '' : o.status, channels: o.channels, initials: o.initials,
      recurring: o.recurring && !o.routine, original: o.original, timeZone: o.timeZone,
      kind: o.kind, experiment: o.experiment, routine: o.routine,
    },
  };
}

/**
 * Windows asked for, by range and filter. Go answers a month in about two
 * milliseconds, but the bridge to the page takes fifty or more; fetching
 * the periods either side of the one on screen ahead of time makes the
 * next and previous keys draw at once. Every change to the plan forgets
 * them all (forgetWindows), so a view never shows a post where it was.
 */
const windows = new Map<string, { loading: Promise<OccurrenceView[]>; occs?: OccurrenceView[] }>();
const keptWindows = 12;

function fetchWindow(from: Date, to: Date): { loading: Promise<OccurrenceView[]>; occs?: OccurrenceView[] } {
  const filter = preferences().filter;
  const key = `${from.toISOString()} ${to.toISOString()} ${JSON.stringify(filter)}`;
  const known = windows.get(key);
  if (known) return known;
  const w: { loading: Promise<OccurrenceView[]>; occs?: OccurrenceView[] } = {
    loading: plannerApi.window(from.toISOString(), to.toISOString(), filter),
  };
  w.loading.then((occs) => { w.occs = occs; }, () => windows.delete(key));
  windows.set(key, w);
  while (windows.size > keptWindows) windows.delete(windows.keys().next().value as string);
  return w;
}

/** Drops every window fetched so far; call it once the plan has changed. */
export function forgetWindows(): void {
  windows.clear();
}

/**
 * The occurrences of a window that pass the current filter, as calendar
 * events: at once when they were fetched ahead, so the calendar draws the
 * new range in one go rather than empty first.
 */
export function loadWindow(from: Date, to: Date, perDay = 0): EventInput[] | Promise<EventInput[]> {
  const events = (occs: OccurrenceView[]): EventInput[] => (perDay > 0 ? capPerDay(occs, perDay) : occs.map(toEvent));
  const w = fetchWindow(from, to);
  return w.occs ? events(w.occs) : w.loading.then(events);
}

/** Fetches windows ahead of time; a failure shows when the window is drawn. */
export function prefetchWindows(ranges: readonly { start: Date; end: Date }[]): void {
  for (const r of ranges) fetchWindow(r.start, r.end).loading.catch(() => undefined);
}

/** The local date an occurrence starts on, as 2006-01-02. */
function startDay(o: OccurrenceView): string {
  return o.allDay ? o.start.slice(0, 10) : isoDate(new Date(o.start));
}

/**
 * Keeps the first perDay occurrences of each day and puts one "+N more"
 * mark in place of the rest. A month grid shows four or so a day anyway;
 * handing the calendar the hundreds it would hide makes a busy month take
 * several times longer to draw.
 */
export function capPerDay(occs: readonly OccurrenceView[], perDay: number): EventInput[] {
  const shown = new Map<string, number>();
  const hidden = new Map<string, number>();
  const events: EventInput[] = [];
  for (const o of occs) {
    const day = startDay(o);
    const n = shown.get(day) ?? 0;
    if (n < perDay) {
      shown.set(day, n + 1);
      events.push(toEvent(o));
    } else {
      hidden.set(day, (hidden.get(day) ?? 0) + 1);
    }
  }
  for (const [day, n] of hidden) {
    events.push({
      id: `more/${day}`, title: t('cal.more', { n }), start: day, allDay: true, editable: false,
      classNames: ['pp-more'], display: 'block', backgroundColor: 'transparent', borderColor: 'transparent', textColor: 'inherit',
      extendedProps: { more: true, day, order: 1 },
    });
  }
  return events;
}

/** The ideas that pass the current filter. */
export const loadIdeas = (): Promise<PostInput[]> => plannerApi.backlog(preferences().filter);

/** The machine's time zone, the default for new posts. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An empty post for the editor, on a day and time if given. */
export function newPost(start?: Date, allDay = false): PostInput {
  const p: PostInput = {
    id: '', updated: '', title: '', body: '', channels: [], variants: {}, date: '', time: '', minutes: 30,
    allDay, timeZone: machineZone(), status: 'draft', assignee: '', tags: [], notes: '', link: '', media: [],
    rule: '', original: '', scope: '', sequence: 0, changed: 0, recurring: false,
  };
  if (start) {
    p.date = isoDate(start);
    p.time = allDay ? '' : `${pad(start.getHours())}:${pad(start.getMinutes())}`;
    if (allDay) p.minutes = 24 * 60;
  } else {
    p.status = 'idea';
  }
  return p;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A local date as 2006-01-02. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export const planIsEmpty = (): Promise<boolean> => plannerApi.isEmpty();
export const loadSamplePlan = (): Promise<number> => plannerApi.loadSamplePlan();
export const onPlanChanged = plannerApi.onPlanChanged;
