import { plannerApi, type HistoryState, type Ideas, type MoveInput, type OccurrenceView, type PostInput, type Scope } from '../api/planner';
import { isoClock, isoDate } from '../dates';
import { preferences } from './prefs';

/**
 * Windows asked for, by range and filter. Go answers a month in about two
 * milliseconds, but the bridge to the page takes fifty or more; fetching
 * the periods either side of the one on screen ahead of time makes the
 * next and previous keys draw at once. Every change to the plan forgets
 * them all: the writes below do it themselves, and a change made elsewhere
 * (a dialog, an import) calls planChangedElsewhere. So a view never shows
 * a post where it was.
 */
type Window = { loading: Promise<OccurrenceView[]>; occs?: OccurrenceView[] };
const windows = new Map<string, Window>();
const keptWindows = 12;

function fetchWindow(from: Date, to: Date): Window {
  const filter = preferences().filter;
  const key = `${from.toISOString()} ${to.toISOString()} ${JSON.stringify(filter)}`;
  const known = windows.get(key);
  if (known) return known;
  const w: Window = { loading: plannerApi.window(from.toISOString(), to.toISOString(), filter) };
  w.loading.then((occs) => { w.occs = occs; }, () => windows.delete(key));
  windows.set(key, w);
  while (windows.size > keptWindows) windows.delete(windows.keys().next().value as string);
  return w;
}

/**
 * The occurrences of a window that pass the current filter: at once when
 * they were fetched ahead, so the calendar draws the new range in one go
 * rather than empty first.
 */
export function loadWindow(from: Date, to: Date): OccurrenceView[] | Promise<OccurrenceView[]> {
  const w = fetchWindow(from, to);
  return w.occs ?? w.loading;
}

/** Fetches windows ahead of time; a failure shows when the window is drawn. */
export function prefetchWindows(ranges: readonly { start: Date; end: Date }[]): void {
  for (const r of ranges) fetchWindow(r.start, r.end).loading.catch(() => undefined);
}

/**
 * Forgets what was fetched: the plan was changed other than through this
 * store (the experiments, routines or settings dialogs, an import).
 */
export function planChangedElsewhere(): void {
  windows.clear();
}

/** Runs a write, then forgets the windows it made stale. */
async function writing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } finally {
    // Forgotten even when the write failed: it may have half-happened in
    // the window's eyes (a drop the calendar drew), and Go has the truth.
    windows.clear();
  }
}

/** Saves a new or edited post; the saved post comes back. */
export const savePost = (p: PostInput): Promise<PostInput> => writing(() => plannerApi.save(p));

/** Deletes a post, or occurrences of a series as scope says. */
export const removePost = (p: PostInput, scope: Scope | ''): Promise<void> => writing(() => plannerApi.remove(p.id, p.original, scope));

/** Moves a post or an occurrence, or makes an idea of it (no start). */
export const movePost = (m: MoveInput): Promise<void> => writing(() => plannerApi.move(m));

/** Undoes the last change made in the window. */
export const undo = (): Promise<HistoryState> => writing(() => plannerApi.undo());

/** Redoes the last change undone. */
export const redo = (): Promise<HistoryState> => writing(() => plannerApi.redo());

/** Adds the sample month to an empty plan. */
export const loadSamplePlan = (): Promise<number> => writing(() => plannerApi.loadSamplePlan());

/** Calls fn when Go changed the plan behind the window's back (File > Import), the windows forgotten first. */
export const onPlanChanged = (fn: () => void): (() => void) => plannerApi.onPlanChanged(() => { windows.clear(); fn(); });

/** The first limit ideas that pass the current filter, and how many pass it. */
export const loadIdeas = (limit: number): Promise<Ideas> => plannerApi.backlog(preferences().filter, limit);

/** A post as the editor opens it; with original, that occurrence of its series. */
export const loadPost = (id: string, original = ''): Promise<PostInput> => plannerApi.post(id, original);

/** The next dates a post's repeat rule gives, for the editor. */
export const previewRule = (p: PostInput): Promise<string[]> => plannerApi.previewRule(p);

export const planIsEmpty = (): Promise<boolean> => plannerApi.isEmpty();

/** The machine's time zone, the default for new posts. */
export function machineZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An empty post for the editor, on a day and time if given. */
export function newPost(start?: Date, allDay = false): PostInput {
  const p: PostInput = {
    id: '', updated: '', title: '', body: '', channels: [], variants: {}, date: '', time: '', minutes: 30,
    allDay, timeZone: machineZone(), status: 'draft', assignee: '', tags: [], notes: '', link: '', live: '', media: [],
    rule: '', original: '', scope: '', sequence: 0, changed: 0, recurring: false,
  };
  if (start) {
    p.date = isoDate(start);
    p.time = allDay ? '' : isoClock(start);
    if (allDay) p.minutes = 24 * 60;
  } else {
    p.status = 'idea';
  }
  return p;
}
