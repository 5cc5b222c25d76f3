import type { Filter } from '../api/planner';
import { settingsApi, type Preferences } from '../api/settings';
import { languages, setLanguage, systemLanguage, type Language } from '../langs';

export type ViewName = 'dayGridMonth' | 'timeGridWeek' | 'listWeek';

export const emptyFilter = (): Filter => ({ campaigns: [], channels: [], statuses: [], assignees: [], text: '' });

/** The window's choices, saved in Go so they survive a restart. */
let prefs: Preferences = {
  language: '', firstDay: 1, view: 'dayGridMonth', filter: emptyFilter(), remind: true, remindBefore: 0, csvSeparator: '',
};
const listeners = new Set<() => void>();

export function preferences(): Readonly<Preferences> {
  return prefs;
}

/** Loads the saved preferences and applies the language. */
export async function loadPreferences(): Promise<Preferences> {
  const saved = await settingsApi.preferences();
  prefs = { ...saved, filter: { ...emptyFilter(), ...saved.filter } };
  for (const k of ['campaigns', 'channels', 'statuses', 'assignees'] as const) prefs.filter[k] ??= [];
  setLanguage(effectiveLanguage(prefs.language));
  return prefs;
}

export function effectiveLanguage(choice: string): Language {
  return (languages as string[]).includes(choice) ? (choice as Language) : systemLanguage();
}

/** Changes some preferences, saves them, and tells the listeners. */
export async function updatePreferences(change: Partial<Preferences>): Promise<void> {
  prefs = { ...prefs, ...change };
  if (change.language !== undefined) setLanguage(effectiveLanguage(change.language));
  for (const fn of listeners) fn();
  await settingsApi.savePreferences(prefs);
}

export function onPreferences(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Whether the filter hides anything. */
export function filterActive(f: Filter): boolean {
  return f.campaigns.length + f.channels.length + f.statuses.length + f.assignees.length > 0 || f.text.trim() !== '';
}
