import { t } from '../../langs';
import type { DayRoom } from './events';

/** What a month cell holds, in CSS pixels, as drawn. */
export interface MonthSizes {
  /** The date at the cell's top. */
  dayTop: number;
  /** A post in full: its line of marks and its title. */
  post: number;
  /** A post or a bar over several days in one line. */
  line: number;
  /** The "+N more" mark. */
  more: number;
}

/** The sizes in the default theme, until a month has been drawn and measured. */
export const defaultSizes: MonthSizes = { dayTop: 24, post: 31, line: 17, more: 17 };

// The cell's border, the events' top margin and the bottom row FullCalendar
// keeps for its own "more" link take a few pixels the sizes do not count.
const cellSlack = 4;

/** The room below the date in each cell of a month of `weeks` rows sharing rowsHeight pixels. */
export function dayRoom(rowsHeight: number, weeks: number, s: MonthSizes): DayRoom {
  return { height: Math.floor(rowsHeight / weeks) - s.dayTop - cellSlack, post: s.post, line: s.line, more: s.more };
}

export function sameRoom(a: DayRoom | undefined, b: DayRoom | undefined): boolean {
  return !!a && !!b && a.height === b.height && a.post === b.post && a.line === b.line && a.more === b.more;
}

// Until the calendar has drawn a view, the toolbar and the row of day
// names take about this much of its height.
const chromeEstimate = 130;

/**
 * The height a month's rows share: the view's height less its row of day
 * names. Read before the month is drawn (the view on screen may be a week),
 * so it uses only what every view has.
 */
export function rowsHeight(calendarEl: HTMLElement): number {
  const view = calendarEl.querySelector<HTMLElement>('.fc-view-harness');
  if (!view) return Math.max(0, calendarEl.clientHeight - chromeEstimate);
  const header = calendarEl.querySelector<HTMLElement>('.fc-col-header');
  // The grid's own top and bottom borders.
  return view.clientHeight - (header?.offsetHeight ?? 0) - 2;
}

/**
 * The height of the first match's event (the harness FullCalendar places
 * it in, with its margin), if there is one and it is drawn: a hidden
 * calendar measures 0.
 */
function height(el: HTMLElement, selector: string, harness = '.fc-daygrid-event-harness'): number | undefined {
  const e = el.querySelector(selector)?.closest(harness);
  const h = e ? Math.ceil(e.getBoundingClientRect().height) : 0;
  return h > 0 ? h : undefined;
}

/**
 * Measures a drawn month: the user's fonts, zoom and theme decide how tall
 * a post is. What the month does not show keeps its old size.
 */
export function measureMonth(calendarEl: HTMLElement, old: MonthSizes): MonthSizes {
  return {
    dayTop: height(calendarEl, '.fc-daygrid-day-top', '.fc-daygrid-day-top') ?? old.dayTop,
    post: height(calendarEl, '.pp-event:not(.pp-one) > .pp-line + .pp-title') ?? old.post,
    line: height(calendarEl, '.pp-one') ?? old.line,
    more: height(calendarEl, '.pp-more', '.fc-daygrid-day-bottom') ?? old.more,
  };
}

/**
 * Puts each day's "+N more" button at the bottom of its cell, below its
 * posts, and takes away those of days that now show all theirs. A button
 * in the cell rather than one more calendar event: the calendar places and
 * measures every event, and a busy month's marks were a quarter of them.
 */
export function placeMoreMarks(calendarEl: HTMLElement, more: ReadonlyMap<string, number>): void {
  for (const b of calendarEl.querySelectorAll<HTMLButtonElement>('button.pp-more')) {
    if (!more.has(b.dataset['day'] ?? '')) b.remove();
  }
  if (!more.size) return;
  for (const cell of calendarEl.querySelectorAll<HTMLElement>('td.fc-daygrid-day')) {
    const day = cell.dataset['date'] ?? '';
    const n = more.get(day);
    const bottom = n ? cell.querySelector('.fc-daygrid-day-bottom') : null;
    if (!n || !bottom) continue;
    let b = bottom.querySelector<HTMLButtonElement>('button.pp-more');
    if (!b) {
      b = document.createElement('button');
      b.type = 'button';
      b.className = 'pp-more';
      b.dataset['day'] = day;
      bottom.append(b);
    }
    b.textContent = t('cal.more', { n });
  }
}
