import { describe, expect, it } from 'vitest';
import { countChars } from './channelFields';
import { formField } from './postEditor';

describe('editor', () => {
  it('shows Go field errors at the form field they concern', () => {
    expect(formField('title')).toBe('title');
    expect(formField('channels[2]')).toBe('channels');
    expect(formField('tags[0]')).toBe('tags');
    expect(formField('start')).toBe('date');
    expect(formField('recurrence.rule')).toBe('rule');
    expect(formField('overrides[1].status')).toBe('rule');
    expect(formField(undefined)).toBe('general');
  });

  it('counts characters as people do', () => {
    expect(countChars('Hej 👋🏽 æøå')).toBe(10);
  });
});
