import { settingsApi } from '../api/settings';

/** What the window knows about the running app, as Go reported it. */
export interface AppInfo {
  dataDir: string;
  version: string;
}

/** Loads the app's facts from Go once at start-up. */
export async function loadAppInfo(): Promise<AppInfo> {
  const [dataDir, version] = await Promise.all([settingsApi.dataDir(), settingsApi.version()]);
  return { dataDir, version };
}

/** Tells Go the first calendar is on screen, for the start-up figure. */
export function reportReady(): void {
  void settingsApi.frontendReady().catch((err: unknown) => console.error('frontendReady', err));
}
