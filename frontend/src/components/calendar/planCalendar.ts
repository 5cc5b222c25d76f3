import { Calendar, type CalendarOptions, type EventApi } from '@fullcalendar/core';
import daLocale from '@fullcalendar/core/locales/da';
import enGbLocale from '@fullcalendar/core/locales/en-gb';
import svLocale from '@fullcalendar/core/locales/sv';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import timeGridPlugin from '@fullcalendar/timegrid';
import { t } from '../../langs';
import type { DayRoom, Loaded } from './events';
import { eventContent, monthLabel } from './eventContent';
import { dayRoom, defaultSizes, measureMonth, placeMoreMarks, rowsHeight, sameRoom } from './monthRoom';

export interface PlanCalendarSettings {
  /** Toolbar buttons beside the views, each shown when given. */
  onNew?: () => void;
  onFeeds?: () => void;
  onSettings?: () => void;
  onExperiments?: () => void;
  onGlance?: () => void;
  onDue?: () => void;
  onRoutines?: () => void;
  locale: string;
  /** 0 = Sunday, 1 = Monday; Scandinavian teams expect Monday. */
  firstDay: number;
  initialView?: string;
}

export const defaultCalendarSettings: PlanCalendarSettings = { locale: 'en-GB', firstDay: 1 };

const locales = [daLocale, svLocale, enGbLocale];

/** The toolbar's words in the current language. */
export function buttonText(): NonNullable<CalendarOptions['buttonText']> {
  return { today: t('cal.today'), month: t('cal.month'), week: t('cal.week'), list: t('cal.agenda') };
}

/**
 * The calendar's options: month view first, ISO week numbers (which only make
 * sense with a Monday start, so ISO numbering is kept even if the user picks a
 * Sunday start), and today marked.
 */
export function calendarOptions(s: PlanCalendarSettings): CalendarOptions {
  return {
    plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
    locales,
    initialView: s.initialView ?? 'dayGridMonth',
    locale: s.locale,
    firstDay: s.firstDay,
    weekNumbers: true,
    weekNumberCalculation: 'ISO',
    weekText: t('cal.weekShort'),
    weekTextLong: t('cal.week'),
    nowIndicator: true,
    // A busy day shows what fits and "+3 more" (the loader is given the
    // room, see DayRoom) rather than hundreds of posts the grid would hide.
    dayMaxEvents: false,
    eventOrder: 'order,start,-duration,allDay,title',
    // In that order, top to bottom: bars (order -1) first, then a day's
    // posts by time, none in a gap between bars above an earlier one.
    eventOrderStrict: true,
    // Timed posts as coloured blocks in the month too, so the campaign
    // colour shows everywhere, not only as a dot.
    eventDisplay: 'block',
    expandRows: true,
    // A month shows its own weeks, five or six (four for a February), as
    // Google Calendar does: no row of next month's days to read past.
    fixedWeekCount: false,
    height: '100%',
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    // A post is a moment: its start is what matters, and a half-hour block
    // in the week is too narrow for "09:00 - 09:30" and a title.
    displayEventEnd: false,
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    scrollTime: '08:00:00',
    headerToolbar: {
      left: 'prev,next today',
      center: 'title',
      right: [toolbarButtons(s).map(([name]) => name).join(' '), 'dayGridMonth,timeGridWeek,listWeek'].filter(Boolean).join(' '),
    },
    customButtons: customButtons(s),
    buttonText: buttonText(),
    eventContent,
    eventDidMount: (arg) => {
      const label = monthLabel(arg);
      if (label) arg.el.setAttribute('aria-label', label);
    },
    // Events are focusable and open with Enter, like links.
    eventInteractive: true,
    // "+3 more" is an <a> without href that opens a popover: a button.
    moreLinkDidMount: (arg) => arg.el.setAttribute('role', 'button'),
  };
}

function toolbarButtons(s: PlanCalendarSettings): [string, string, () => void][] {
  const all: [string, string, (() => void) | undefined][] = [
    ['newPost', t('cal.new'), s.onNew], ['due', t('due.button'), s.onDue], ['glance', t('cal.glance'), s.onGlance], ['experiments', t('cal.experiments'), s.onExperiments],
    ['routines', t('cal.routines'), s.onRoutines], ['feeds', t('cal.feeds'), s.onFeeds], ['settings', t('cal.settings'), s.onSettings],
  ];
  return all.filter((b): b is [string, string, () => void] => b[2] !== undefined);
}

/** The toolbar's own buttons, in the current language. */
export function customButtons(s: PlanCalendarSettings): NonNullable<CalendarOptions['customButtons']> {
  return Object.fromEntries(toolbarButtons(s).map(([name, text, click]) => [name, { text, click }]));
}

/**
 * Loads the events of a visible range; errors are shown by the caller. In
 * the month grid room says what a day's cell has room for: the rest of a
 * day is summed up in a "+N more" mark.
 */
export type EventLoader = (from: Date, to: Date, room?: DayRoom) => Loaded | Promise<Loaded>;

/** A range of dates a view shows, as FullCalendar asks for its events. */
export interface Range {
  start: Date;
  end: Date;
}

function addDays(d: Date, n: number): Date {
  const r = new Date(d);
  r.setDate(r.getDate() + n);
  return r;
}

/**
 * The ranges the previous and next period of a view will ask for: a
 * week either side, or for a month the weeks of the month before and
 * after, from the first day of the week as FullCalendar does.
 * Local calendar arithmetic, so a DST change in between moves nothing.
 */
export function neighbourRanges(viewType: string, current: Range, currentMonth: Date, firstDay: number): Range[] {
  if (viewType !== 'dayGridMonth') {
    const days = Math.round((current.end.getTime() - current.start.getTime()) / 86_400_000);
    return [-days, days].map((n) => ({ start: addDays(current.start, n), end: addDays(current.end, n) }));
  }
  return [-1, 1].map((n) => {
    const first = new Date(currentMonth.getFullYear(), currentMonth.getMonth() + n, 1);
    const last = new Date(currentMonth.getFullYear(), currentMonth.getMonth() + n + 1, 0);
    const start = addDays(first, -((first.getDay() - firstDay + 7) % 7));
    return { start, end: addDays(last, 7 - ((last.getDay() - firstDay + 7) % 7)) };
  });
}

/** A post or occurrence dropped or resized on the calendar. */
export interface MoveChange {
  postId: string;
  original: string;
  recurring: boolean;
  start: Date;
  end: Date | null;
  allDay: boolean;
}

export interface CalendarHooks {
  /** Called once, when the first range with its events is on screen. */
  onFirstRender: () => void;
  loadEvents?: EventLoader;
  /** Loads ahead the ranges the previous and next keys will show. */
  prefetch?: (ranges: Range[]) => void;
  onLoadError?: (err: unknown) => void;
  onOpen?: (postId: string, original: string) => void;
  /** A routine's occurrence was clicked: routines are changed in their own view. */
  onRoutine?: (routineId: string) => void;
  onCreate?: (start: Date, allDay: boolean) => void;
  /** Saves a drag or resize; a rejection puts the post back. */
  onMove?: (change: MoveChange) => Promise<void>;
  /** Schedules an idea dropped from the ideas list. */
  onDropIdea?: (postId: string, start: Date, allDay: boolean) => Promise<void>;
  /** Whether a point is over the ideas list, and what to do with a post dropped there. */
  isOverIdeas?: (x: number, y: number) => boolean;
  onDragToIdeas?: (postId: string) => Promise<void>;
}

function changeOf(e: EventApi): MoveChange {
  const p = e.extendedProps as { postId?: string; original?: string; recurring?: boolean };
  return {
    postId: p.postId ?? e.id, original: p.original ?? '', recurring: !!p.recurring,
    start: e.start ?? new Date(), end: e.end, allDay: e.allDay,
  };
}

/**
 * Renders the plan calendar into el. Every time a range has been painted
 * with its events, el gets a 'plan:rendered' event; the first time,
 * onFirstRender is called too.
 */
export function mountPlanCalendar(el: HTMLElement, s: PlanCalendarSettings, hooks: CalendarHooks): Calendar {
  let told = false;
  // The month's cells get the posts they have room for. The room is worked
  // out before a month is drawn, from the sizes of the last one drawn; once
  // drawn (or the window resized), a month whose room turns out different
  // is loaded again.
  let sizes = defaultSizes;
  let usedRoom: DayRoom | undefined;
  let more: ReadonlyMap<string, number> = new Map();
  // Loads started, so the answer of one overtaken by a later (which the
  // calendar drops) does not leave its days' counts.
  let asked = 0;
  const weeksOf = (start: Date, end: Date): number => Math.round((end.getTime() - start.getTime()) / (7 * 86_400_000));
  const roomFor = (start: Date, end: Date): DayRoom => dayRoom(rowsHeight(el), weeksOf(start, end), sizes);
  const refit = (): void => {
    const v = cal?.view;
    // A hidden calendar (the week at a glance is open) has no room to measure.
    if (!v || v.type !== 'dayGridMonth' || !usedRoom || el.clientHeight === 0) return;
    sizes = measureMonth(el, sizes);
    if (!sameRoom(roomFor(v.activeStart, v.activeEnd), usedRoom)) cal?.refetchEvents();
  };
  /** Tells that the range is on screen, then does what can wait until it is. */
  const painted = (then?: () => void): void => {
    // A task posted from an animation frame runs once that frame has been
    // painted: the moment the user can see the range.
    requestAnimationFrame(() => {
      // Before the frame is drawn: the marks appear with their month.
      if (cal?.view.type === 'dayGridMonth') placeMoreMarks(el, more);
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        el.dispatchEvent(new CustomEvent('plan:rendered'));
        if (!told) {
          told = true;
          hooks.onFirstRender();
        }
        refit();
        then?.();
      };
      ch.port2.postMessage(null);
    });
  };
  const { loadEvents } = hooks;
  // FullCalendar's arrow icons are role="img" with no name; the buttons
  // around them are named by their titles, so the icons are decoration.
  const hideIcons = (): void => {
    for (const i of el.querySelectorAll('.fc-icon[role="img"]')) i.setAttribute('aria-hidden', 'true');
  };
  // The first fetch happens inside the constructor, before cal is set.
  let cal: Calendar | undefined;
  cal = new Calendar(el, {
    ...calendarOptions(s),
    ...(loadEvents
      ? {
          events: (info, success, failure) => {
            // The month grid is the one view of several weeks. (FullCalendar
            // asks for a view's events before that view is cal.view.)
            usedRoom = weeksOf(info.start, info.end) > 1 ? roomFor(info.start, info.end) : undefined;
            // Marks for profiling a slow range in the browser's tools.
            performance.mark('plan:fetch');
            const loaded = loadEvents(info.start, info.end, usedRoom);
            const ask = ++asked;
            if ('events' in loaded) {
              performance.mark('plan:ready');
              more = loaded.more;
              success(loaded.events);
              return;
            }
            loaded.then((l) => {
              performance.mark('plan:fetched');
              if (ask === asked) more = l.more;
              success(l.events);
            }, (err: unknown) => {
              hooks.onLoadError?.(err);
              failure(err instanceof Error ? err : new Error(String(err)));
            });
          },
          loading: (isLoading: boolean) => {
            if (!isLoading) {
              performance.mark('plan:drawn');
              // The periods either side are asked for once this one is
              // on screen, not before: their answers are work too.
              painted(() => {
                const v = cal?.view;
                if (v) hooks.prefetch?.(neighbourRanges(v.type, { start: v.activeStart, end: v.activeEnd }, v.currentStart, s.firstDay));
              });
            }
          },
        }
      : { datesSet: () => painted() }),
    // Every range is asked of the loader, which keeps what it fetched
    // until the plan changes; FullCalendar's own reuse of a month for the
    // weeks inside it would not know when that happens.
    lazyFetching: false,
    editable: !!hooks.onMove,
    droppable: !!hooks.onDropIdea,
    eventClick: (info) => {
      info.jsEvent.preventDefault();
      const routine = (info.event.extendedProps as { routine?: string }).routine;
      if (routine) {
        hooks.onRoutine?.(routine);
        return;
      }
      const c = changeOf(info.event);
      hooks.onOpen?.(c.postId, c.original);
    },
    dateClick: (info) => {
      const start = new Date(info.date);
      if (info.allDay && info.view.type === 'dayGridMonth') start.setHours(9, 0, 0, 0);
      hooks.onCreate?.(start, info.allDay && info.view.type !== 'dayGridMonth');
    },
    eventDrop: (info) => {
      hooks.onMove?.(changeOf(info.event)).catch(() => info.revert());
    },
    eventResize: (info) => {
      hooks.onMove?.(changeOf(info.event)).catch(() => info.revert());
    },
    drop: (info) => {
      const id = info.draggedEl.dataset['id'];
      if (id) void hooks.onDropIdea?.(id, info.date, info.allDay).catch(() => undefined);
    },
    eventDragStop: (info) => {
      const { clientX, clientY } = info.jsEvent;
      if (hooks.isOverIdeas?.(clientX, clientY)) {
        void hooks.onDragToIdeas?.(changeOf(info.event).postId).catch(() => undefined);
      }
    },
  });
  cal.on('datesSet', hideIcons);
  cal.render();
  hideIcons();
  // "+N more" opens that day's week. Pressing it is not a click on the day
  // (which starts a new post there): the calendar does not see the press.
  const onMore = (e: Event): void => {
    const mark = (e.target as Element | null)?.closest<HTMLElement>('button.pp-more');
    if (!mark) return;
    e.stopPropagation();
    if (e.type === 'click') cal?.changeView('timeGridWeek', mark.dataset['day']);
  };
  for (const type of ['mousedown', 'touchstart', 'pointerdown']) el.addEventListener(type, onMore, { capture: true });
  el.addEventListener('click', onMore);
  // A resized window, or the ideas list shown or hidden, changes the room.
  const resized = new ResizeObserver(() => refit());
  resized.observe(el);
  const destroy = cal.destroy.bind(cal);
  cal.destroy = () => {
    resized.disconnect();
    destroy();
  };
  return cal;
}
