import { describe, expect, it } from 'vitest';
import { toPlanError } from '../api/errors';
import type { OccurrenceView } from '../api/planner';
import { capPerDay, textOn, toEvent } from './plan';

describe('plan store', () => {
  it('maps a series occurrence to a coloured, marked event', () => {
    const e = toEvent({
      id: '01X/20261103T100000', postId: '01X', title: 'Ugens tip', start: '2026-11-03T10:00:00+01:00',
      end: '2026-11-03T10:30:00+01:00', allDay: false, timeZone: 'Europe/Copenhagen', status: 'scheduled',
      channels: ['Instagram'], colour: '#e11d48', initials: 'AN', recurring: true,
      original: '2026-11-03T10:00:00', moved: false, kind: 'post', experiment: '', routine: '', member: '',
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
      original: '2026-11-23T00:00:00', moved: false, kind: 'rota', experiment: '', routine: '01R', member: 'Björn',
    });
    expect(e.editable).toBe(false);
    expect(e.classNames).toContain('kind-rota');
    expect(e.extendedProps?.['routine']).toBe('01R');
    expect(e.extendedProps?.['recurring']).toBe(false);
  });

  it('shows a few posts a day in the month and sums up the rest', () => {
    const occ = (id: string, start: string): OccurrenceView => ({
      id, postId: id, title: id, start, end: start, allDay: false, timeZone: 'Europe/Copenhagen', status: 'draft',
      channels: [], colour: '', initials: '', recurring: false, original: '', moved: false, kind: 'post', experiment: '', routine: '', member: '',
    });
    const day = [...'abcdef'].map((id, i) => occ(id, new Date(2026, 10, 3, 8 + i).toISOString()));
    const events = capPerDay([...day, occ('g', new Date(2026, 10, 4, 9).toISOString())], 4);
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c', 'd', 'g', 'more/2026-11-03']);
    expect(events.at(-1)?.title).toBe('+2 more');
    expect(events.at(-1)?.extendedProps?.['order']).toBe(1);
  });

  it('picks dark text on a pale campaign colour and white on a deep one', () => {
    expect(textOn('#fde68a')).toBe('#1c1917');
    expect(textOn('#0f766e')).toBe('#ffffff');
    expect(textOn('nonsense')).toBe('#ffffff');
  });

  it('parses the errors Go sends and keeps their field', () => {
    const err = toPlanError(new Error('{"code":"invalid","field":"title","message":"Title is required."}'));
    expect(err).toEqual({ code: 'invalid', field: 'title', message: 'Title is required.' });
    expect(toPlanError('boom')).toEqual({ code: 'internal', message: 'boom' });
  });
});
