import { describe, expect, it } from 'vitest';
import { dayRoom, defaultSizes, measureMonth, placeMoreMarks, sameRoom } from './monthRoom';

describe('month room', () => {
  it('shares the rows height among the weeks, less the date and the cell edges', () => {
    const sizes = { dayTop: 24, post: 31, line: 17, more: 17 };
    expect(dayRoom(716, 6, sizes)).toEqual({ height: 119 - 24 - 4, post: 31, line: 17, more: 17 });
    // The same height over five weeks gives each more room.
    expect(dayRoom(716, 5, sizes).height).toBe(143 - 24 - 4);
  });

  it('tells a changed room from the same one', () => {
    const a = dayRoom(700, 5, defaultSizes);
    expect(sameRoom(a, dayRoom(700, 5, defaultSizes))).toBe(true);
    expect(sameRoom(a, dayRoom(700, 6, defaultSizes))).toBe(false);
    expect(sameRoom(a, undefined)).toBe(false);
  });

  it('keeps the old sizes for what a month does not show, or does not draw', () => {
    // Nothing here is laid out (jsdom), as in a hidden calendar: every height is 0.
    const el = document.createElement('div');
    el.innerHTML = '<div class="fc-daygrid-day-top">1</div>';
    const old = { dayTop: 30, post: 40, line: 20, more: 18 };
    expect(measureMonth(el, old)).toEqual(old);
  });

  it('puts a day\'s "+N more" under its posts, counts again, and takes it away when all fit', () => {
    const el = document.createElement('div');
    el.innerHTML = ['2026-11-02', '2026-11-03'].map((d) =>
      `<table><tr><td class="fc-daygrid-day" data-date="${d}"><div class="fc-daygrid-day-events"><a class="fc-event"></a>`
      + '<div class="fc-daygrid-day-bottom"></div></div></td></tr></table>').join('');
    const marks = (): string[] => [...el.querySelectorAll<HTMLButtonElement>('button.pp-more')]
      .map((b) => `${b.closest('td')?.dataset['date'] ?? ''} ${b.textContent ?? ''} ${b.type}`);
    placeMoreMarks(el, new Map([['2026-11-03', 2]]));
    expect(marks()).toEqual(['2026-11-03 +2 more button']);
    placeMoreMarks(el, new Map([['2026-11-02', 1], ['2026-11-03', 5]]));
    expect(marks()).toEqual(['2026-11-02 +1 more button', '2026-11-03 +5 more button']);
    placeMoreMarks(el, new Map());
    expect(marks()).toEqual([]);
  });
});
