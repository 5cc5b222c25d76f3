import type { Calendar } from '@fullcalendar/core';
import type { PlanError } from '../api/errors';
import { eventsOf, type Loaded } from '../components/calendar/events';
import { mountPlanCalendar, type MoveChange, type CalendarHooks, type PlanCalendarSettings } from '../components/calendar/planCalendar';
import { askScope } from '../components/dialogs/scopeDialog';
import { isoDate } from '../dates';
import { locale, t, translateError } from '../langs';
import { reportReady } from '../stores/app';
import { loadWindow, machineZone, movePost, prefetchWindows } from '../stores/plan';
import { preferences, updatePreferences } from '../stores/prefs';
import { say, sayError } from './status';

/** What the calendar view asks of the rest of the window. */
export interface CalendarViewDeps {
  perform: (action: string) => void;
  openPost: (id: string, original?: string) => void;
  newPostAt: (start: Date, allDay: boolean) => void;
  isOverIdeas: (x: number, y: number) => boolean;
  /** Shows the plan again after a change (the calendar and the ideas). */
  refresh: () => Promise<void>;
}

/** The calendar in the window, and the saves made by dragging in it. */
export interface CalendarView {
  /** The FullCalendar instance now mounted. */
  readonly cal: Calendar;
  /** Mounts the calendar again where it was (a new language, a new first day). */
  remount(): void;
  /** Asks for the events again and resolves once they are painted. */
  redraw(): Promise<void>;
  /** Saves a change and shows the plan as Go now has it (see below). */
  saving(work: () => Promise<void>, redraw?: boolean): Promise<void>;
}

/** Resolves when the calendar has next painted its events. */
function nextRender(el: HTMLElement): Promise<void> {
  return new Promise((resolve) => el.addEventListener('plan:rendered', () => resolve(), { once: true }));
}

export function mountCalendarView(el: HTMLElement, deps: CalendarViewDeps): CalendarView {
  let ready = false;

  /**
   * Saves a change, then shows the plan as Go now has it. A single post
   * dragged in the calendar is already drawn where it was dropped, so only
   * changes that move other occurrences too (a series) or the ideas list
   * redraw the range.
   */
  const saving = async (work: () => Promise<void>, redraw = true): Promise<void> => {
    const t0 = performance.now();
    try {
      await work();
    } catch (err) {
      say(t('app.reverted', { why: translateError(err as PlanError) }), true);
      throw err;
    }
    if (redraw) await deps.refresh();
    say(t('app.saved'));
    el.dispatchEvent(new CustomEvent('plan:saved', { detail: performance.now() - t0 }));
  };

  const day = (d: Date, allDay: boolean): string => (allDay ? isoDate(d) : d.toISOString());
  const onMove = async (c: MoveChange): Promise<void> => {
    let scope: '' | 'this' | 'following' | 'all' = '';
    if (c.recurring && c.original) {
      const s = await askScope('edit');
      if (!s) throw new Error('cancelled');
      scope = s;
    }
    await saving(() => movePost({
      postId: c.postId, original: c.original, start: day(c.start, c.allDay), end: c.end ? day(c.end, c.allDay) : '',
      allDay: c.allDay, scope, timeZone: machineZone(),
    }), c.recurring);
  };

  const loadEvents = (from: Date, to: Date, room?: Parameters<typeof eventsOf>[2]): Loaded | Promise<Loaded> => {
    const occs = loadWindow(from, to);
    return Array.isArray(occs) ? eventsOf(occs, from, room) : occs.then((o) => eventsOf(o, from, room));
  };

  /**
   * Mounts the calendar in the current language and preferences, where the
   * last one was. FullCalendar does not re-label its toolbar when the
   * locale option changes, so a new language means a new calendar.
   */
  const mount = (view: string, date?: Date): Calendar => {
    const prefs = preferences();
    const settings: PlanCalendarSettings = {
      locale: locale(), firstDay: prefs.firstDay, initialView: view,
      onNew: () => deps.perform('new'), onFeeds: () => deps.perform('feeds'), onSettings: () => deps.perform('settings'),
      onExperiments: () => deps.perform('experiments'), onRoutines: () => deps.perform('routines'), onGlance: () => deps.perform('glance'), onDue: () => deps.perform('due'),
    };
    const hooks: CalendarHooks = {
      onFirstRender: () => {
        if (!ready) reportReady();
        ready = true;
      },
      loadEvents,
      prefetch: prefetchWindows,
      onLoadError: sayError,
      onOpen: deps.openPost,
      onRoutine: () => deps.perform('routines'),
      onCreate: deps.newPostAt,
      onMove,
      onDropIdea: (id, start, allDay) => saving(() => movePost({
        postId: id, original: '', start: day(start, allDay), end: '', allDay, scope: '', timeZone: machineZone(),
      })),
      isOverIdeas: deps.isOverIdeas,
      onDragToIdeas: (id) => saving(() => movePost({
        postId: id, original: '', start: '', end: '', allDay: false, scope: '', timeZone: machineZone(),
      })),
    };
    const c = mountPlanCalendar(el, settings, hooks);
    if (date) c.gotoDate(date);
    c.on('datesSet', (info) => {
      if (info.view.type !== preferences().view) void updatePreferences({ view: info.view.type }).catch(sayError);
    });
    return c;
  };

  let cal = mount(preferences().view);
  return {
    get cal() {
      return cal;
    },
    remount() {
      const view = cal.view.type;
      const date = cal.getDate();
      cal.destroy();
      cal = mount(view, date);
    },
    redraw() {
      const rendered = nextRender(el);
      cal.refetchEvents();
      return rendered;
    },
    saving,
  };
}
