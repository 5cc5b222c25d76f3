// The only module that calls the Feeds service and the clipboard.
import { Create, List, Revoke, Rotate, SetSharing, Sharing } from '../../wailsjs/go/app/Feeds';
import type { app } from '../../wailsjs/go/models';
import { ClipboardSetText } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type FeedView = app.FeedView;
export type SharingView = app.SharingView;
export type SharingMode = 'off' | 'local' | 'network';

export const feedsApi = {
  list: (): Promise<FeedView[]> => call(() => List()),
  create: (name: string, titlesOnly: boolean): Promise<FeedView> => call(() => Create(name, [], [], titlesOnly)),
  revoke: (name: string): Promise<void> => call(() => Revoke(name)),
  rotate: (name: string): Promise<FeedView> => call(() => Rotate(name)),
  sharing: (): Promise<SharingView> => call(() => Sharing()),
  setSharing: (mode: SharingMode, port: number): Promise<SharingView> => call(() => SetSharing(mode, port)),
  copy: (text: string): Promise<boolean> => call(() => ClipboardSetText(text)),
};
