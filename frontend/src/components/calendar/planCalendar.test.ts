import { afterEach, describe, expect, it } from 'vitest';
import type { Calendar } from '@fullcalendar/core';
import type { Loaded } from './events';
import { calendarOptions, defaultCalendarSettings, mountPlanCalendar, neighbourRanges, type Range } from './planCalendar';

let cal: Calendar | undefined;
afterEach(() => {
  cal?.destroy();
  cal = undefined;
  document.body.replaceChildren();
});

function mount(at: string): { el: HTMLElement; ready: () => number } {
  const el = document.createElement('div');
  document.body.append(el);
  let calls = 0;
  cal = mountPlanCalendar(el, defaultCalendarSettings, { onFirstRender: () => calls++ });
  cal.gotoDate(at);
  return { el, ready: () => calls };
}

describe('plan calendar', () => {
  it('starts weeks on Monday with ISO week numbers by default', () => {
    const o = calendarOptions(defaultCalendarSettings);
    expect(o.firstDay).toBe(1);
    expect(o.weekNumbers).toBe(true);
    expect(o.weekNumberCalculation).toBe('ISO');
    expect(o.initialView).toBe('dayGridMonth');
  });

  it('renders a month grid whose first column is Monday', () => {
    const { el } = mount('2027-01-15');
    const headers = [...el.querySelectorAll('.fc-col-header-cell')].map((h) => h.getAttribute('data-date') ?? h.className);
    expect(headers).toHaveLength(7);
    expect(el.querySelector('.fc-col-header-cell')?.classList.contains('fc-day-mon')).toBe(true);
  });

  it('numbers weeks the ISO way across a year end', () => {
    // 1 January 2027 is a Friday, so it belongs to ISO week 53 of 2026, and
    // the first Monday of 2027 (4 January) starts week 1.
    const { el } = mount('2027-01-15');
    const numbers = [...el.querySelectorAll('.fc-daygrid-week-number')].map((n) => n.textContent?.trim());
    expect(numbers[0]).toBe('W53');
    expect(numbers[1]).toBe('W1');
  });

  it('reports its first render exactly once, after a paint', async () => {
    const { ready } = mount('2027-03-01');
    expect(ready()).toBe(0);
    cal?.next();
    await new Promise((r) => setTimeout(r, 100));
    expect(ready()).toBe(1);
  });
});

describe('plan calendar with a loader', () => {
  it('reports ready only after the first events have arrived', async () => {
    const el = document.createElement('div');
    document.body.append(el);
    let calls = 0;
    let release: (v: Loaded) => void = () => undefined;
    const events = new Promise<Loaded>((r) => (release = r));
    cal = mountPlanCalendar(el, defaultCalendarSettings, { onFirstRender: () => calls++, loadEvents: () => events });
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(0);
    release({ events: [{ title: 'Ugens tip', start: new Date().toISOString() }], more: new Map() });
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(1);
    expect(el.querySelector('.pp-title')?.textContent).toBe('Ugens tip');
  });

  it('gives the loader a day room for a month, whichever view it comes from, and none for a week', () => {
    const el = document.createElement('div');
    document.body.append(el);
    const rooms: string[] = [];
    cal = mountPlanCalendar(el, { ...defaultCalendarSettings, initialView: 'timeGridWeek' }, {
      onFirstRender: () => undefined,
      loadEvents: (_start, _end, room) => {
        rooms.push(room ? 'room' : 'none');
        return { events: [], more: new Map() };
      },
    });
    cal.changeView('dayGridMonth');
    cal.next();
    cal.changeView('listWeek');
    expect(rooms).toEqual(['none', 'room', 'room', 'none']);
  });

  // The prefetched ranges are only of use if they are exactly the ones
  // FullCalendar then asks for, so they are checked against it.
  for (const [view, firstDay, at] of [
    ['dayGridMonth', 1, '2027-03-10'], ['dayGridMonth', 0, '2026-10-20'], ['dayGridMonth', 1, '2027-01-31'],
    ['timeGridWeek', 1, '2027-03-25'], ['listWeek', 0, '2026-10-28'],
  ] as const) {
    it(`predicts the ranges before and after a ${view} (first day ${firstDay}, ${at})`, async () => {
      const asked: Range[] = [];
      const el = document.createElement('div');
      document.body.append(el);
      cal = mountPlanCalendar(el, { ...defaultCalendarSettings, firstDay, initialView: view }, {
        onFirstRender: () => undefined,
        loadEvents: (start, end) => {
          asked.push({ start, end });
          return Promise.resolve({ events: [], more: new Map() });
        },
      });
      cal.gotoDate(at);
      const v = cal.view;
      const [before, after] = neighbourRanges(v.type, { start: v.activeStart, end: v.activeEnd }, v.currentStart, firstDay);
      cal.next();
      cal.prev();
      cal.prev();
      await Promise.resolve();
      const iso = (r: Range | undefined): string[] => (r ? [r.start.toISOString(), r.end.toISOString()] : []);
      expect(iso(asked.at(-3))).toEqual(iso(after));
      expect(iso(asked.at(-1))).toEqual(iso(before));
    });
  }
});
