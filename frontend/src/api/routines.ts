// The only module that calls the Routines service in Go.
import { Create, Delete, FromTemplate, List, Swap, Update } from '../../wailsjs/go/app/Routines';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type RoutineView = Omit<app.RoutineView, 'convertValues'>;
export type RoutineInput = app.RoutineInput;
export type TurnView = app.TurnView;

export const routinesApi = {
  list: (): Promise<RoutineView[]> => call(() => List()),
  create: (input: RoutineInput): Promise<RoutineView> => call(() => Create(input)),
  update: (input: RoutineInput): Promise<RoutineView> => call(() => Update(input)),
  fromTemplate: (key: string): Promise<RoutineView[]> => call(() => FromTemplate(key)),
  remove: (id: string): Promise<void> => call(() => Delete(id)),
  swap: (id: string, a: string, b: string): Promise<RoutineView> => call(() => Swap(id, a, b)),
};
