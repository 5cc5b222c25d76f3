import { plannerApi } from '../api/planner';
import { settingsApi, type Licence } from '../api/settings';

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

/** What the About box shows; licences is null when the build has no list. */
export interface AboutInfo extends AppInfo {
  logFile: string;
  licences: Licence[] | null;
}

/**
 * Loads the About box's facts: the version, the folders, the licences. A
 * build without its licence list (one not made by make) still shows the rest.
 */
export async function loadAbout(): Promise<AboutInfo> {
  const licences = settingsApi.licences().catch((err: unknown) => {
    console.error('licences', err);
    return null;
  });
  const [app, logFile] = await Promise.all([loadAppInfo(), settingsApi.logFile()]);
  return { ...app, logFile, licences: await licences };
}

/** Shows the data folder in the system's file manager. */
export const openDataFolder = (): Promise<void> => settingsApi.openDataFolder();

/** Calls fn with the name of each item chosen in the native menu. */
export const onMenu = (fn: (action: string) => void): (() => void) => plannerApi.onMenu(fn);

/** Asks for media files with the system's dialog, for the editor. */
export const chooseMedia = (): Promise<string[]> => settingsApi.chooseMedia();
