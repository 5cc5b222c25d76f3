// The only module that calls the Recovery service: the window shown instead
// of the planner when the plan cannot be opened.
import { OpenPlan, Quit, RestoreChosen, RestoreNewest, State } from '../../wailsjs/go/app/Recovery';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type RecoveryState = app.RecoveryState;

export const recoveryApi = {
  state: (): Promise<RecoveryState> => call(() => State()),
  restoreNewest: (): Promise<RecoveryState> => call(() => RestoreNewest()),
  /** Asks for a backup file with the native dialog; resolves with the state unchanged when cancelled. */
  restoreChosen: (title: string): Promise<RecoveryState> => call(() => RestoreChosen(title)),
  openPlan: (): Promise<void> => call(() => OpenPlan()),
  quit: (): Promise<void> => call(() => Quit()),
};

/**
 * Whether this window is the recovery window: Go binds only Recovery there,
 * and the bindings are in place before any script of ours runs.
 */
export function inRecovery(): boolean {
  const go = (window as unknown as { go?: { app?: Record<string, unknown> } }).go;
  return !!go?.app && 'Recovery' in go.app && !('Planner' in go.app);
}
