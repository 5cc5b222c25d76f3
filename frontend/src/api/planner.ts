// The only module that calls the Planner service in Go.
import { IsEmpty, LoadSamplePlan, Window } from '../../wailsjs/go/app/Planner';
import { EventsOn } from '../../wailsjs/runtime/runtime';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type OccurrenceView = app.OccurrenceView;

export const plannerApi = {
  window: (from: string, to: string): Promise<OccurrenceView[]> => call(() => Window(from, to)),
  isEmpty: (): Promise<boolean> => call(() => IsEmpty()),
  loadSamplePlan: (): Promise<number> => call(() => LoadSamplePlan()),
  /** Calls fn when Go changed the plan behind the window's back (File > Import). */
  onPlanChanged: (fn: () => void): (() => void) => EventsOn('plan:changed', fn),
};
