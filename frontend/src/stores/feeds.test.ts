import { describe, expect, it } from 'vitest';
import { filterSummary, qrDataURL, sharingStatus } from './feeds';

describe('feeds store', () => {
  it('says in plain words who can reach the feeds', () => {
    const base = { port: 8765, baseUrl: 'http://127.0.0.1:8765' };
    expect(sharingStatus({ ...base, mode: 'off', running: false })).toMatch(/Sharing is off/);
    expect(sharingStatus({ ...base, mode: 'local', running: true })).toBe('Sharing with this computer at http://127.0.0.1:8765');
    expect(sharingStatus({ ...base, mode: 'network', running: true, baseUrl: 'http://192.168.1.20:8765' })).toBe(
      'Sharing with the local network at http://192.168.1.20:8765',
    );
  });

  it('describes a feed by its filter', () => {
    const choices = { campaigns: [{ value: 'launch', label: 'Efterårslancering' }], channels: [], statuses: [],
      assignees: [{ value: '01A', label: 'Astrid Nielsen' }] };
    const feed = { name: 'L', httpUrl: '', webcalUrl: '', weekUrl: '', titlesOnly: false, campaigns: ['launch'], channels: ['Instagram'],
      statuses: [], assignees: [], kinds: [], revoked: false };
    expect(filterSummary(feed, choices)).toBe('Campaigns: Efterårslancering · Channels: Instagram');
    expect(filterSummary({ ...feed, campaigns: [], channels: [], statuses: ['draft'], kinds: [], assignees: ['01A'] }, choices)).toBe(
      'Status: draft · Assignees: Astrid Nielsen');
    expect(filterSummary({ ...feed, campaigns: [], channels: [] }, choices)).toBe('Everything');
  });

  it('makes a QR code image of a feed address', async () => {
    const url = await qrDataURL('webcal://127.0.0.1:8765/feeds/ABC.ics');
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(url.length).toBeGreaterThan(500);
  });
});
