import QRCode from 'qrcode';
import {
  feedsApi, type FeedHolds, type FeedInput, type FeedView, type FilterChoices, type SharingMode, type SharingView,
} from '../api/feeds';

export type { FeedHolds, FeedInput, FeedView, FilterChoices, SharingMode, SharingView };

/** What the feeds view shows, loaded together. */
export interface FeedsState {
  sharing: SharingView;
  feeds: FeedView[];
  choices: FilterChoices;
}

export async function loadFeeds(): Promise<FeedsState> {
  const [sharing, feeds, choices] = await Promise.all([feedsApi.sharing(), feedsApi.list(), feedsApi.filterChoices()]);
  return { sharing, feeds, choices };
}

/** A feed's filter in words: "Campaigns: Spring · Channels: Instagram". */
export function filterSummary(f: FeedView, choices: FilterChoices): string {
  const name = (list: FilterChoices['campaigns'], v: string): string => list.find((c) => c.value === v)?.label ?? v;
  const parts: string[] = [];
  if (f.campaigns.length) parts.push(`Campaigns: ${f.campaigns.map((c) => name(choices.campaigns, c)).join(', ')}`);
  if (f.channels.length) parts.push(`Channels: ${f.channels.join(', ')}`);
  if (f.statuses.length) parts.push(`Status: ${f.statuses.join(', ')}`);
  if (f.assignees.length) parts.push(`Assignees: ${f.assignees.map((a) => name(choices.assignees, a)).join(', ')}`);
  if (f.kinds.length) parts.push(`Kinds: ${f.kinds.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'Everything';
}

/** A QR code of a feed's address, for subscribing from a phone. */
export function qrDataURL(url: string): Promise<string> {
  return QRCode.toDataURL(url, { margin: 1, width: 132, errorCorrectionLevel: 'M' });
}

/** One line for the sharing state, in the user's words. */
export function sharingStatus(s: SharingView): string {
  if (s.mode === 'off' || !s.running) return 'Sharing is off: subscribed calendars get no updates.';
  const who = s.mode === 'local' ? 'this computer' : 'the local network';
  return `Sharing with ${who} at ${s.baseUrl}`;
}

export const createFeed = feedsApi.create;
export const revokeFeed = feedsApi.revoke;
export const rotateFeed = feedsApi.rotate;
export const setSharing = feedsApi.setSharing;
export const copyText = feedsApi.copy;
export const feedHolds = feedsApi.holds;
