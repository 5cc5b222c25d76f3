import { Calendar, type CalendarOptions, type EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import timeGridPlugin from '@fullcalendar/timegrid';

export interface PlanCalendarSettings {
  /** Opens the feeds view from the toolbar, when given. */
  onFeeds?: () => void;
  locale: string;
  /** 0 = Sunday, 1 = Monday; Scandinavian teams expect Monday. */
  firstDay: number;
}

export const defaultCalendarSettings: PlanCalendarSettings = { locale: 'en-GB', firstDay: 1 };

/**
 * The calendar's options: month view first, ISO week numbers (which only make
 * sense with a Monday start, so ISO numbering is kept even if the user picks a
 * Sunday start), and today marked.
 */
export function calendarOptions(s: PlanCalendarSettings): CalendarOptions {
  return {
    plugins: [dayGridPlugin, timeGridPlugin, listPlugin, interactionPlugin],
    initialView: 'dayGridMonth',
    locale: s.locale,
    firstDay: s.firstDay,
    weekNumbers: true,
    weekNumberCalculation: 'ISO',
    weekText: 'W',
    nowIndicator: true,
    // A busy day shows '+3 more' rather than stretching its week off screen.
    dayMaxEvents: true,
    expandRows: true,
    height: '100%',
    headerToolbar: {
      left: 'prev,next today',
      center: 'title',
      right: s.onFeeds ? 'feeds dayGridMonth,timeGridWeek,listWeek' : 'dayGridMonth,timeGridWeek,listWeek',
    },
    ...(s.onFeeds ? { customButtons: { feeds: { text: 'Feeds', click: s.onFeeds } } } : {}),
    buttonText: { today: 'Today', month: 'Month', week: 'Week', list: 'Agenda' },
  };
}

/** Loads the events of a visible range; errors are shown by the caller. */
export type EventLoader = (from: Date, to: Date) => Promise<EventInput[]>;

/**
 * Renders the plan calendar into el and calls onFirstRender once the first
 * range, with its events when there is a loader, has been painted: the
 * second animation frame after FullCalendar has drawn is the first one the
 * user can actually see.
 */
export function mountPlanCalendar(
  el: HTMLElement,
  s: PlanCalendarSettings,
  onFirstRender: () => void,
  loadEvents?: EventLoader,
  onLoadError?: (err: unknown) => void,
): Calendar {
  let told = false;
  const tell = (): void => {
    if (!told) {
      told = true;
      requestAnimationFrame(() => requestAnimationFrame(onFirstRender));
    }
  };
  const cal = new Calendar(el, {
    ...calendarOptions(s),
    ...(loadEvents
      ? {
          events: (info, success, failure) => {
            loadEvents(info.start, info.end).then(success, (err: unknown) => {
              onLoadError?.(err);
              failure(err instanceof Error ? err : new Error(String(err)));
            });
          },
          loading: (isLoading: boolean) => {
            if (!isLoading) tell();
          },
        }
      : { datesSet: tell }),
  });
  cal.render();
  return cal;
}
