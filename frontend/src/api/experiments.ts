// The only module that calls the Experiments service in Go.
import { Create, Edit, End, ExportResults, List, Metrics, Record, SetState } from '../../wailsjs/go/app/Experiments';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type ExperimentView = Omit<app.ExperimentView, 'convertValues'>;
export type EntryView = app.EntryView;
export type ArmView = app.ArmView;
export type ExperimentInput = Omit<app.ExperimentInput, 'convertValues'>;
export type ResultInput = app.ResultInput;
export type ExperimentEdit = app.ExperimentEdit;

export const experimentsApi = {
  list: (): Promise<ExperimentView[]> => call(() => List()),
  metrics: (): Promise<string[]> => call(() => Metrics()),
  create: (input: ExperimentInput): Promise<ExperimentView> => call(() => Create(input as app.ExperimentInput)),
  edit: (id: string, e: ExperimentEdit): Promise<ExperimentView> => call(() => Edit(id, e)),
  record: (id: string, r: ResultInput): Promise<ExperimentView> => call(() => Record(id, r)),
  setState: (id: string, state: string): Promise<ExperimentView> => call(() => SetState(id, state)),
  end: (id: string, decision: 'adopted' | 'dropped', learning: string, keep: number): Promise<ExperimentView> =>
    call(() => End(id, decision, learning, keep)),
  exportResults: (id: string): Promise<string> => call(() => ExportResults(id)),
};
