import { describe, expect, it } from 'vitest';
import { toPlanError } from './errors';

describe('errors from Go', () => {
  it('parses the errors Go sends and keeps their field', () => {
    const err = toPlanError(new Error('{"code":"invalid","field":"title","message":"Title is required."}'));
    expect(err).toEqual({ code: 'invalid', field: 'title', message: 'Title is required.' });
    expect(toPlanError('boom')).toEqual({ code: 'internal', message: 'boom' });
  });
});
