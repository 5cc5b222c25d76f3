import type { Filter } from '../api/planner';
import type { Glance } from '../components/glance/weekGlance';
import { updatePreferences } from '../stores/prefs';
import type { CalendarView } from './calendarView';
import { sayError } from './status';

/**
 * The week at a glance takes the calendar's place; the filter bar and the
 * ideas make no sense beside it, and come back with the calendar.
 */
export interface Views {
  glanceOpen(): boolean;
  showGlance(week?: string): void;
  /** Back to the calendar, on a date's week and with a filter if given. */
  showCalendar(date?: string, filter?: Partial<Filter>): void;
}

export interface ViewElements {
  calendar: HTMLElement;
  glance: HTMLElement;
  filters: HTMLElement;
  ideas: HTMLElement;
}

export function createViews(els: ViewElements, calendar: () => CalendarView, glance: () => Glance,
  filtersChanged: () => void): Views {
  let ideasWereHidden = els.ideas.hidden;
  const glanceOpen = (): boolean => !els.glance.hidden;
  return {
    glanceOpen,
    showGlance(week = '') {
      if (!glanceOpen()) ideasWereHidden = els.ideas.hidden;
      els.calendar.hidden = els.ideas.hidden = els.filters.hidden = true;
      els.glance.hidden = false;
      glance().show(week).then(() => els.glance.focus(), sayError);
    },
    showCalendar(date, filter) {
      if (glanceOpen()) {
        els.glance.hidden = true;
        els.calendar.hidden = els.filters.hidden = false;
        els.ideas.hidden = ideasWereHidden;
      }
      if (filter) {
        const f: Filter = { campaigns: [], channels: [], statuses: [], assignees: [], text: '', ...filter };
        void updatePreferences({ filter: f }).then(filtersChanged, sayError);
      }
      const cal = calendar().cal;
      if (date) cal.changeView('timeGridWeek', date);
      cal.updateSize();
      els.calendar.focus();
    },
  };
}
