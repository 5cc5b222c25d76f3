import { Calendar, type CalendarOptions } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import listPlugin from '@fullcalendar/list';
import timeGridPlugin from '@fullcalendar/timegrid';

export interface PlanCalendarSettings {
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
    height: '100%',
    headerToolbar: {
      left: 'prev,next today',
      center: 'title',
      right: 'dayGridMonth,timeGridWeek,listWeek',
    },
    buttonText: { today: 'Today', month: 'Month', week: 'Week', list: 'Agenda' },
  };
}

/**
 * Renders the plan calendar into el and calls onFirstRender once it has been
 * painted: datesSet fires when the DOM is built, and the second animation
 * frame after it is the first one the user can actually see.
 */
export function mountPlanCalendar(
  el: HTMLElement,
  s: PlanCalendarSettings,
  onFirstRender: () => void,
): Calendar {
  let told = false;
  const cal = new Calendar(el, {
    ...calendarOptions(s),
    datesSet: () => {
      if (!told) {
        told = true;
        requestAnimationFrame(() => requestAnimationFrame(onFirstRender));
      }
    },
  });
  cal.render();
  return cal;
}
