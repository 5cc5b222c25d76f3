import { describe, expect, it } from 'vitest';
import { toPlanError } from '../api/errors';
import { toEvent } from './plan';

describe('plan store', () => {
  it('maps a series occurrence to a coloured, marked event', () => {
    const e = toEvent({
      id: '01X/20261103T100000', postId: '01X', title: 'Ugens tip', start: '2026-11-03T10:00:00+01:00',
      end: '2026-11-03T10:30:00+01:00', allDay: false, timeZone: 'Europe/Copenhagen', status: 'scheduled',
      channels: ['Instagram'], colour: '#e11d48', initials: 'AN', recurring: true,
    });
    expect(e.backgroundColor).toBe('#e11d48');
    expect(e.classNames).toEqual(['status-scheduled', 'recurring']);
    expect(e.extendedProps?.['postId']).toBe('01X');
  });

  it('parses the errors Go sends and keeps their field', () => {
    const err = toPlanError(new Error('{"code":"invalid","field":"title","message":"Title is required."}'));
    expect(err).toEqual({ code: 'invalid', field: 'title', message: 'Title is required.' });
    expect(toPlanError('boom')).toEqual({ code: 'internal', message: 'boom' });
  });
});
