// The only module that calls the Settings service in Go. Components get what
// they need through stores, so the window can be tested without Wails.
import { DataDir, FrontendReady, Version } from '../../wailsjs/go/app/Settings';

export const settingsApi = {
  dataDir: (): Promise<string> => DataDir(),
  version: (): Promise<string> => Version(),
  frontendReady: (): Promise<void> => FrontendReady(),
};
