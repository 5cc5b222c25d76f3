import type { PlanError } from '../api/errors';
import { da } from './da';
import { en, type MessageKey, type Messages } from './en';
import { daErrors, svErrors, type Catalog } from './errors';
import { sv } from './sv';

export type { MessageKey };
export type Language = 'en' | 'da' | 'sv';
export const languages: Language[] = ['en', 'da', 'sv'];
export const languageNames: Record<Language, string> = { en: 'English', da: 'Dansk', sv: 'Svenska' };

const words: Record<Language, Messages> = { en, da, sv };
const errorCatalogs: Record<Language, Catalog | undefined> = { en: undefined, da: daErrors, sv: svErrors };

/** The language the system asks for: Danish or Swedish if it says so, else English. */
export function systemLanguage(tags: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const tag of tags) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'da') return 'da';
    if (base === 'sv') return 'sv';
    if (base === 'nb' || base === 'no' || base === 'nn') return 'da'; // closer than English
    if (base === 'en') return 'en';
  }
  return 'en';
}

let current: Language = 'en';
const listeners = new Set<(lang: Language) => void>();

export function language(): Language {
  return current;
}

/** The BCP 47 locale for dates and times: British English keeps day-month order and 24-hour times. */
export function locale(lang: Language = current): string {
  return lang === 'en' ? 'en-GB' : lang;
}

export function setLanguage(lang: Language): void {
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  for (const fn of listeners) fn(lang);
}

/** Calls fn whenever the language changes. */
export function onLanguage(fn: (lang: Language) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * The text for key in the current language, with {name} filled in from
 * vars, and {name|one|other} as the word for that many: "Import {n} {n|post|posts}".
 * English, Danish and Swedish use the first form for exactly one.
 */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return words[current][key].replace(/\{([\w-]+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g,
    (m, name: string, one: string | undefined, other: string | undefined) => {
      if (!(name in vars)) return m;
      const v = String(vars[name]);
      return one === undefined ? v : v === '1' ? one : (other ?? '');
    });
}

/**
 * Says an error from Go in the current language. Go sends the English
 * format and its arguments beside the English message; a translation of
 * the format is filled in the way Go's fmt would (%q quotes), and field
 * labels among the arguments are translated too.
 */
export function translateError(err: PlanError, lang: Language = current): string {
  const catalog = errorCatalogs[lang];
  const format = err.format;
  if (!catalog || !format) return err.message;
  const translated = catalog.messages[format];
  if (translated === undefined) return err.message;
  return fillFormat(translated, (err.args ?? []).map((a) => catalog.labels[a] ?? a));
}

/** A field or column name from Go (a CSV header, a form field) in the current language. */
export function translateLabel(name: string, lang: Language = current): string {
  return errorCatalogs[lang]?.labels[name] ?? name;
}

/** Fills %s, %q, %d, %v and %02X in order, as Go's fmt does for these verbs. */
export function fillFormat(format: string, args: readonly string[]): string {
  let i = 0;
  return format.replace(/%(0?\d*)([sqdvX%])/g, (_m, width: string, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++] ?? '';
    if (verb === 'X') return Number(arg).toString(16).toUpperCase().padStart(Number(width) || 0, '0');
    return verb === 'q' ? JSON.stringify(arg) : arg;
  });
}
