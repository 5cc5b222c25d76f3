// The only module that calls the Planner service in Go.
import {
  Backlog, DeletePost, Due, History, IsEmpty, LoadSamplePlan, MarkPublished, MovePost, Post, PreviewRule, Redo, SavePost, Undo,
  Window,
} from '../../wailsjs/go/app/Planner';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type OccurrenceView = app.OccurrenceView;
export type PostInput = Omit<app.PostInput, 'convertValues'>;
export type MoveInput = app.MoveInput;
export type Filter = app.Filter;
export type HistoryState = app.HistoryState;
export type Scope = 'this' | 'following' | 'all';
export type DueView = Omit<app.DueView, 'convertValues'>;
export type ChannelText = app.ChannelText;
export type PublishedInput = app.PublishedInput;
export type Ideas = Omit<app.Ideas, 'convertValues'>;
export type Idea = app.Idea;

export const plannerApi = {
  window: (from: string, to: string, filter: Filter): Promise<OccurrenceView[]> => call(() => Window(from, to, filter)),
  /** The first limit ideas that pass the filter, and how many pass it. */
  backlog: (filter: Filter, limit: number): Promise<Ideas> => call(() => Backlog(filter, limit)),
  post: (id: string, original = ''): Promise<PostInput> => call(() => Post(id, original)),
  save: (p: PostInput): Promise<PostInput> => call(() => SavePost(p as app.PostInput)),
  remove: (id: string, original: string, scope: Scope | ''): Promise<void> => call(() => DeletePost(id, original, scope)),
  move: (m: MoveInput): Promise<void> => call(() => MovePost(m)),
  previewRule: (p: PostInput): Promise<string[]> => call(() => PreviewRule(p as app.PostInput)),
  undo: (): Promise<HistoryState> => call(() => Undo()),
  redo: (): Promise<HistoryState> => call(() => Redo()),
  history: (): Promise<HistoryState> => call(() => History()),
  isEmpty: (): Promise<boolean> => call(() => IsEmpty()),
  loadSamplePlan: (): Promise<number> => call(() => LoadSamplePlan()),
  /** Today's posts and the missed ones still to publish: the Due now panel. */
  due: (): Promise<DueView[]> => call(() => Due()),
  markPublished: (p: PublishedInput): Promise<DueView> => call(() => MarkPublished(p)),
  /** Calls fn when Go changed the plan behind the window's back (File > Import). */
  onPlanChanged: (fn: () => void): (() => void) => EventsOn('plan:changed', fn),
  /** Calls fn with the name of a menu item chosen in the native menu. */
  onMenu: (fn: (action: string) => void): (() => void) => EventsOn('menu', fn),
};
