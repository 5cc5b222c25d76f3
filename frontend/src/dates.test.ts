import { describe, expect, it } from 'vitest';
import { formatDate, parseClock, parseDate } from './dates';

describe('dates in the window language', () => {
  it('writes a date as each language does', () => {
    expect(formatDate('2026-11-26', 'en')).toBe('26/11/2026');
    expect(formatDate('2026-11-26', 'da')).toBe('26.11.2026');
    expect(formatDate('2026-11-26', 'sv')).toBe('2026-11-26');
    expect(formatDate('', 'da')).toBe('');
  });

  it('reads what a user types, and ISO dates in any language', () => {
    expect(parseDate('26/11/2026', 'en')).toBe('2026-11-26');
    expect(parseDate('26.11.2026', 'da')).toBe('2026-11-26');
    expect(parseDate('1.2.26', 'da')).toBe('2026-02-01');
    expect(parseDate('2026-11-26', 'sv')).toBe('2026-11-26');
    expect(parseDate('2026-11-26', 'en')).toBe('2026-11-26');
    expect(parseDate('26-11-2026', 'da')).toBe('2026-11-26');
  });

  it('refuses what is not a date', () => {
    for (const s of ['', '31/02/2026', '11/26/2026', 'tomorrow', '26/11', '2026-13-01']) expect(parseDate(s, 'en'), s).toBeNull();
    expect(parseDate('26/11/2026', 'sv')).toBeNull(); // year first in Swedish
  });

  it('reads times of day on a 24-hour clock', () => {
    expect(parseClock('9')).toBe('09:00');
    expect(parseClock('930')).toBe('09:30');
    expect(parseClock('09.30')).toBe('09:30');
    expect(parseClock('21:05')).toBe('21:05');
    expect(parseClock('24:00')).toBeNull();
    expect(parseClock('9:75')).toBeNull();
    expect(parseClock('9 pm')).toBeNull();
  });
});
