import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../langs';
import { buildRule, describeRule, parseRule } from './rule';

describe('repeat rule form', () => {
  it('writes and reads back the rules a marketer makes', () => {
    const rules = [
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10',
      'FREQ=WEEKLY;BYDAY=MO',
      'FREQ=MONTHLY;BYDAY=1MO',
      'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T235959',
      'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=6',
      'FREQ=DAILY;INTERVAL=3',
      'FREQ=YEARLY',
    ];
    for (const r of rules) expect(buildRule(parseRule(r, '2026-11-03'), false)).toBe(r);
  });

  it('keeps a rule the form cannot show as text', () => {
    const r = 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1';
    const s = parseRule(r, '2026-11-03');
    expect(s.custom).toBe(r);
    expect(buildRule(s, false)).toBe(r);
  });

  it('ends an all-day series on a date', () => {
    const s = parseRule('FREQ=WEEKLY;BYDAY=MO', '2026-11-02');
    s.end = 'until';
    s.until = '2026-12-31';
    expect(buildRule(s, true)).toBe('FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231');
  });

  it('says the rule in words, in each language', () => {
    const s = parseRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10', '2026-11-03');
    setLanguage('en');
    expect(describeRule(s, 'en-GB')).toBe('Every 2 weeks on Tue and Thu, 10 times');
    setLanguage('da');
    expect(describeRule(s, 'da')).toMatch(/^Hver 2\. uge tirs\.? og tors\.?, 10 gange$/);
    setLanguage('sv');
    expect(describeRule(parseRule('FREQ=MONTHLY;BYDAY=1MO', '2026-11-02'), 'sv')).toBe('Varje månad den första måndag');
    setLanguage('en');
  });
});
