// The only module that calls the Settings and Files services for the window.
// Components get what they need through stores, so the window can be tested
// without Wails.
import { ChooseMedia } from '../../wailsjs/go/app/Files';
import {
  DataDir, FrontendReady, LogFile, OpenDataFolder, Preferences, SavePreferences, ShowInFolder, Version,
} from '../../wailsjs/go/app/Settings';
import type { app } from '../../wailsjs/go/models';
import { call } from './errors';

export type Preferences = Omit<app.Preferences, 'convertValues'>;

/** One component Postplan ships, with its licence (tools/licences). */
export interface Licence {
  name: string;
  version: string;
  kind: 'go' | 'npm' | 'data';
  licence: string;
  text: string;
}

export const settingsApi = {
  dataDir: (): Promise<string> => DataDir(),
  version: (): Promise<string> => Version(),
  logFile: (): Promise<string> => LogFile(),
  openDataFolder: (): Promise<void> => call(() => OpenDataFolder()),
  /** Shows a media file in the system's file manager. */
  showInFolder: (path: string): Promise<void> => call(() => ShowInFolder(path)),
  /** The licences of what Postplan ships, collected when it was built (tools/licences). */
  licences: async (): Promise<Licence[]> => {
    const res = await fetch('licences.json');
    if (!res.ok) throw new Error(`licences.json: ${res.status}`);
    return (await res.json()) as Licence[];
  },
  frontendReady: (): Promise<void> => FrontendReady(),
  preferences: (): Promise<Preferences> => call(() => Preferences()),
  savePreferences: (p: Preferences): Promise<void> => call(() => SavePreferences(p as app.Preferences)),
  chooseMedia: (): Promise<string[]> => call(() => ChooseMedia()),
};
