import { describe, expect, it } from 'vitest';
import type { OccurrenceView } from '../../api/planner';
import { capPerDay, textOn, toEvent, type Loaded } from './events';

describe('calendar events', () => {
  it('maps a series occurrence to a coloured, marked event', () => {
    const e = toEvent({
      id: '01X/20261103T100000', postId: '01X', title: 'Ugens tip', start: '2026-11-03T10:00:00+01:00',
      end: '2026-11-03T10:30:00+01:00', allDay: false, timeZone: 'Europe/Copenhagen', status: 'scheduled',
      channels: ['Instagram'], colour: '#e11d48', initials: 'AN', recurring: true,
      original: '2026-11-03T10:00:00', moved: false, kind: 'post', experiment: '', routine: '', member: '', overdue: false,
    });
    expect(e.backgroundColor).toBe('#e11d48');
    expect(e.textColor).toBe('#ffffff');
    expect(e.classNames).toEqual(['status-scheduled', 'kind-post', 'recurring']);
    expect(e.editable).toBeUndefined();
    expect(e.extendedProps?.['postId']).toBe('01X');
    expect(e.extendedProps?.['original']).toBe('2026-11-03T10:00:00');
  });

  it('keeps a rota turn from being dragged and carries its routine', () => {
    const e = toEvent({
      id: 'routine/01R/20261123T000000', postId: '', title: 'Monitoring: Björn', start: '2026-11-23', end: '2026-11-30',
      allDay: true, timeZone: 'Europe/Copenhagen', status: 'scheduled', channels: [], colour: '', initials: 'BL', recurring: true,
      original: '2026-11-23T00:00:00', moved: false, kind: 'rota', experiment: '', routine: '01R', member: 'Björn', overdue: false,
    });
    expect(e.editable).toBe(false);
    expect(e.classNames).toContain('kind-rota');
    expect(e.extendedProps?.['routine']).toBe('01R');
    expect(e.extendedProps?.['recurring']).toBe(false);
  });

  it('marks an overdue post for the eye and for the screen reader', () => {
    const e = toEvent({
      id: '01Y', postId: '01Y', title: 'Lancering', start: '2026-11-26T09:00:00+01:00', end: '2026-11-26T09:30:00+01:00',
      allDay: false, timeZone: 'Europe/Copenhagen', status: 'ready', channels: ['Instagram'], colour: '', initials: '',
      recurring: false, original: '', moved: false, kind: 'post', experiment: '', routine: '', member: '', overdue: true,
    });
    expect(e.classNames).toContain('overdue');
    expect(e.extendedProps?.['overdue']).toBe(true);
  });

  const occ = (id: string, start: string, end = start, allDay = false): OccurrenceView => ({
    id, postId: id, title: id, start, end, allDay, timeZone: 'Europe/Copenhagen', status: 'draft',
    channels: [], colour: '', initials: '', recurring: false, original: '', moved: false, kind: 'post', experiment: '', routine: '', member: '', overdue: false,
  });
  const at = (day: number, hour: number): string => new Date(2026, 10, day, hour).toISOString();
  // A cell of 100 px below its date; a post in full 30, in one line 16, "+N more" 16.
  const room = { height: 100, post: 30, line: 16, more: 16 };
  // The month grid of November 2026 starts on Monday 26 October.
  const from = new Date(2026, 9, 26);
  const posts = (ids: string, day: number): OccurrenceView[] => [...ids].map((id, i) => occ(id, at(day, 8 + i)));
  const shown = ({ events, more }: Loaded): string[] => [
    ...events.map((e) => `${e.id ?? ''}${e.extendedProps?.['compact'] ? ' (1 line)' : ''}${e.extendedProps?.['bar'] ? ' (bar)' : ''}`),
    ...[...more].map(([day, n]) => `+${n} on ${day}`),
  ];

  it('shows a day in full when it fits, in one line a post when only that fits, and counts the rest', () => {
    const loaded = capPerDay([...posts('abcdefgh', 3), ...posts('klmno', 4), ...posts('xyz', 5)], room, from);
    expect(shown(loaded)).toEqual([
      // Eight: neither 240 nor 128 px fit; five lines and the mark (96) do.
      'a (1 line)', 'b (1 line)', 'c (1 line)', 'd (1 line)', 'e (1 line)',
      // Five: 150 px in full, 80 in one line each.
      'k (1 line)', 'l (1 line)', 'm (1 line)', 'n (1 line)', 'o (1 line)',
      // Three: 90 px in full.
      'x', 'y', 'z',
      '+3 on 2026-11-03',
    ]);
  });

  it('keeps every bar over several days first and gives it a line on all days of its weeks', () => {
    // A rota turn from Monday 2 to Monday 9 November (exclusive): the week
    // of 2 November. A post from 23:45 to 00:15 is drawn over two days, in
    // two weeks (Sunday 8 and Monday 9).
    const rota = occ('rota', '2026-11-02', '2026-11-09', true);
    const late = occ('late', new Date(2026, 10, 8, 23, 45).toISOString(), new Date(2026, 10, 9, 0, 15).toISOString());
    const loaded = capPerDay([rota, late, ...posts('abc', 4), ...posts('stuvwx', 10)], room, from);
    expect(shown(loaded)).toEqual([
      'rota (bar)', 'late (bar)',
      // 4 November: 100 - 2 lines = 68 px: three in full (90) do not fit, in one line (48) they do.
      'a (1 line)', 'b (1 line)', 'c (1 line)',
      // 10 November: the late post crosses this week too: 84 px, four lines and the mark.
      's (1 line)', 't (1 line)', 'u (1 line)', 'v (1 line)',
      '+2 on 2026-11-10',
    ]);
    expect(loaded.events.filter((e) => e.extendedProps?.['bar']).map((e) => e.extendedProps?.['order'])).toEqual([-1, -1]);
  });

  it('shows only the mark when bars leave no room for a post', () => {
    const bars = [...'pqrstu'].map((id) => occ(id, '2026-11-02', '2026-11-05', true));
    expect(shown(capPerDay([...bars, ...posts('ab', 3)], room, from)))
      .toEqual(['p (bar)', 'q (bar)', 'r (bar)', 's (bar)', 't (bar)', 'u (bar)', '+2 on 2026-11-03']);
  });

  it('treats a one-day all-day post as a post, not a bar', () => {
    expect(shown(capPerDay([occ('day', '2026-11-03', '2026-11-04', true), ...posts('ab', 3)], room, from))).toEqual(['day', 'a', 'b']);
  });

  it('picks dark text on a pale campaign colour and white on a deep one', () => {
    expect(textOn('#fde68a')).toBe('#1c1917');
    expect(textOn('#0f766e')).toBe('#ffffff');
    expect(textOn('nonsense')).toBe('#ffffff');
  });

});
