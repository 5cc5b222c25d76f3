// The only module that calls the Settings and Files services for the window.
// Components get what they need through stores, so the window can be tested
// without Wails.
import { ChooseMedia } from '../../wailsjs/go/app/Files';
import { DataDir, FrontendReady, Preferences, SavePreferences, Version } from '../../wailsjs/go/app/Settings';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type Preferences = Omit<app.Preferences, 'convertValues'>;

export const settingsApi = {
  dataDir: (): Promise<string> => DataDir(),
  version: (): Promise<string> => Version(),
  frontendReady: (): Promise<void> => FrontendReady(),
  preferences: (): Promise<Preferences> => call(() => Preferences()),
  savePreferences: (p: Preferences): Promise<void> => call(() => SavePreferences(p as app.Preferences)),
  chooseMedia: (): Promise<string[]> => call(() => ChooseMedia()),
};
