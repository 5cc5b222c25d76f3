// The only module that calls the Feeds service and the clipboard.
import { Create, FilterChoices, Holds, List, Revoke, Rotate, SetSharing, Sharing } from '../../wailsjs/go/app/Feeds';
import type { app } from '../../wailsjs/go/models';
import { ClipboardSetText } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type FeedView = app.FeedView;
export type SharingView = app.SharingView;
export type FilterChoices = Pick<app.FilterChoices, 'campaigns' | 'channels' | 'statuses' | 'assignees'>;
export type FeedInput = Omit<app.FeedInput, 'convertValues'>;
export type FeedHolds = Omit<app.FeedHolds, 'convertValues'>;
export type SharingMode = 'off' | 'local' | 'network';

export const feedsApi = {
  list: (): Promise<FeedView[]> => call(() => List()),
  create: (input: FeedInput): Promise<FeedView> => call(() => Create(input)),
  filterChoices: (): Promise<FilterChoices> => call(() => FilterChoices()),
  /** How many events a feed gives and its next three. */
  holds: (name: string): Promise<FeedHolds> => call(() => Holds(name)),
  revoke: (name: string): Promise<void> => call(() => Revoke(name)),
  rotate: (name: string): Promise<FeedView> => call(() => Rotate(name)),
  sharing: (): Promise<SharingView> => call(() => Sharing()),
  setSharing: (mode: SharingMode, port: number): Promise<SharingView> => call(() => SetSharing(mode, port)),
  copy: (text: string): Promise<boolean> => call(() => ClipboardSetText(text)),
};
