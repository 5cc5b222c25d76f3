import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../langs';
import { publishStatusText, type PublishView } from './publishing';

const base: PublishView = { configured: true, pending: false, publishing: false, lastSuccess: '', nextTry: '', feeds: [] };
// Local times, so the test says the same in any zone the machine is in.
const now = new Date(2026, 10, 26, 14, 0);
const at = (d: number, h: number, m: number): string => new Date(2026, 10, d, h, m).toISOString();

describe('publishing store', () => {
  afterEach(() => setLanguage('en'));

  it('says in words what the publisher is doing', () => {
    expect(publishStatusText({ ...base, configured: false }, now)).toMatch(/^Not published: enter the server/);
    expect(publishStatusText({ ...base, publishing: true }, now)).toBe('Publishing…');
    expect(publishStatusText({ ...base, pending: true }, now)).toBe('A change waits to be published.');
    expect(publishStatusText(base, now)).toBe('Not published yet.');
    expect(publishStatusText({ ...base, lastSuccess: at(26, 10, 42) }, now)).toMatch(/^Published 10:42; /);
    // Another day's publish names the day.
    expect(publishStatusText({ ...base, lastSuccess: at(20, 10, 42) }, now)).toMatch(/^Published 20 Nov 2026/);
  });

  it('says what went wrong in the window\'s language, and when it tries again', () => {
    const failed: PublishView = { ...base, pending: true, nextTry: at(26, 14, 2), problem: {
      kind: 'network', message: 'No network: the server cloud.example.com does not answer.',
      format: 'No network: the server %s does not answer.', args: ['cloud.example.com'] } };
    expect(publishStatusText(failed, now)).toBe('Not published: No network: the server cloud.example.com does not answer. Trying again at 14:02.');
    setLanguage('da');
    expect(publishStatusText(failed, now)).toBe('Ikke udgivet: Intet netværk: serveren cloud.example.com svarer ikke. Prøver igen 14.02.');
    setLanguage('sv');
    expect(publishStatusText(failed, now)).toBe('Inte publicerat: Inget nätverk: servern cloud.example.com svarar inte. Försöker igen 14:02.');
  });
});
