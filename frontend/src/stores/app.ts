import { plannerApi } from '../api/planner';
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

/** Calls fn with the name of each item chosen in the native menu. */
export const onMenu = (fn: (action: string) => void): (() => void) => plannerApi.onMenu(fn);

/** Asks for media files with the system's dialog, for the editor. */
export const chooseMedia = (): Promise<string[]> => settingsApi.chooseMedia();
