import { describe, expect, it } from 'vitest';
import catalog from './messages.json';
import { da } from './da';
import { en } from './en';
import { daErrors, svErrors } from './errors';
import { fillFormat, setLanguage, systemLanguage, t, translateError } from './index';
import { sv } from './sv';

const verbs = (s: string): string[] => s.match(/%0?\d*[sqdvX]/g) ?? [];
/** The names a message fills in, counted once whether as {n} or as a plural's {n|one|other}. */
const vars = (s: string): string[] => [...new Set([...s.matchAll(/\{([\w-]+)(?:\|[^|{}]*\|[^|{}]*)?\}/g)].map((m) => m[1]))].sort();

describe('translations', () => {
  it('say every word of the window in Danish and Swedish, with the same placeholders', () => {
    for (const [name, words] of [['da', da], ['sv', sv]] as const) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(words[key], `${name} ${key}`).toBeTruthy();
        expect(vars(words[key]), `${name} ${key}`).toEqual(vars(en[key]));
      }
    }
  });

  it('translate every message Go can send, keeping its verbs in order', () => {
    for (const [name, c] of [['da', daErrors], ['sv', svErrors]] as const) {
      expect(Object.keys(c.messages).sort(), name).toEqual([...catalog.messages].sort());
      for (const m of catalog.messages) expect(verbs(c.messages[m] ?? ''), `${name}: ${m}`).toEqual(verbs(m));
      expect(Object.keys(c.labels).sort(), name).toEqual([...catalog.labels].sort());
    }
  });

  it('fill a Go format the way fmt does', () => {
    expect(fillFormat('%s %q is not a web address.', ['Link', 'htp:/x'])).toBe('Link "htp:/x" is not a web address.');
    expect(fillFormat('at most %d%%', ['5'])).toBe('at most 5%');
    expect(fillFormat('the byte 0x%02X', ['230'])).toBe('the byte 0xE6');
  });

  it('say a field error in the chosen language, labels included', () => {
    const err = { code: 'invalid' as const, field: 'title', message: 'Title is required.', format: '%s is required.', args: ['Title'] };
    expect(translateError(err, 'en')).toBe('Title is required.');
    expect(translateError(err, 'da')).toBe('Titel skal udfyldes.');
    expect(translateError(err, 'sv')).toBe('Titel måste fyllas i.');
    // A message without a format (an old or foreign error) is shown as Go said it.
    expect(translateError({ code: 'internal', message: 'Internal error.' }, 'da')).toBe('Internal error.');
  });

  it('follow the system language, with Norwegian closer to Danish than to English', () => {
    expect(systemLanguage(['da-DK'])).toBe('da');
    expect(systemLanguage(['sv_SE', 'en'])).toBe('sv');
    expect(systemLanguage(['nb-NO'])).toBe('da');
    expect(systemLanguage(['de-DE', 'en-US'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });

  it('say one thing and many things each as the language does', () => {
    setLanguage('en');
    expect(t('transfer.importAll', { n: '1' })).toBe('Import 1 post');
    expect(t('transfer.importAll', { n: '10,000' })).toBe('Import 10,000 posts');
    expect(t('transfer.leftOut', { n: 1 })).toBe('1 row with problems was left out.');
    expect(t('transfer.summaryCsv', { rows: '1', posts: '1', new: '1', updated: '0', unchanged: '0', invalid: '0' }))
      .toBe('1 row: 1 to import (1 new, 0 updated, 0 unchanged), 0 with problems.');
    setLanguage('da');
    expect(t('transfer.imported', { posts: '2', new: '1', updated: '1', unchanged: '0' }))
      .toBe('Importerede 2 opslag (1 nyt, 1 opdateret, 0 uændrede).');
    expect(t('transfer.importValid', { n: '1' })).toBe('Importér den 1 gyldige række');
    setLanguage('sv');
    expect(t('transfer.addedTeam', { campaigns: '1', channels: '2', members: '1' }))
      .toBe('Lade till 1 kampanj, 2 kanaler och 1 teammedlem.');
    setLanguage('en');
  });

  it('switch the window language', () => {
    setLanguage('sv');
    expect(t('cal.today')).toBe('Idag');
    setLanguage('en');
    expect(t('app.undone', { what: 'move' })).toBe('Undone: move.');
  });
});
