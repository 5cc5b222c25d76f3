// The only module that calls the Publishing service.
import { PublishNow, RemoveTarget, SetFeedPublished, SetPassword, SetTarget, Status, Target } from '../../wailsjs/go/app/Publishing';
import type { app } from '../../wailsjs/go/models';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import { call } from './errors';

export type PublishView = Omit<app.PublishView, 'convertValues'>;
export type PublishProblem = app.PublishProblem;
export type PublishedFeedAt = app.PublishedFeedAt;
export type TargetView = app.TargetView;
export type TargetInput = app.TargetInput;
/** Where the password is kept (package credentials). */
export type Keep = 'keyring' | 'file' | 'session';

export const publishingApi = {
  target: (): Promise<TargetView> => call(() => Target()),
  setTarget: (t: TargetInput): Promise<PublishView> => call(() => SetTarget(t)),
  setFeedPublished: (name: string, on: boolean): Promise<PublishView> => call(() => SetFeedPublished(name, on)),
  setPassword: (pw: string): Promise<PublishView> => call(() => SetPassword(pw)),
  publishNow: (): Promise<PublishView> => call(() => PublishNow()),
  remove: (deleteFiles: boolean): Promise<PublishView> => call(() => RemoveTarget(deleteFiles)),
  status: (): Promise<PublishView> => call(() => Status()),
  /** Calls fn with each new state of the publisher; returns the unsubscribe. */
  onStatus: (fn: (v: PublishView) => void): (() => void) => EventsOn('publish:status', fn),
};
