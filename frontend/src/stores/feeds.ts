import QRCode from 'qrcode';
import { feedsApi, type FeedView, type SharingMode, type SharingView } from '../api/feeds';

export type { FeedView, SharingMode, SharingView };

/** What the feeds view shows, loaded together. */
export interface FeedsState {
  sharing: SharingView;
  feeds: FeedView[];
}

export async function loadFeeds(): Promise<FeedsState> {
  const [sharing, feeds] = await Promise.all([feedsApi.sharing(), feedsApi.list()]);
  return { sharing, feeds };
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
export const setSharing = feedsApi.setSharing;
export const copyText = feedsApi.copy;
