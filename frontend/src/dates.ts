// Local dates as the window writes them.

const pad = (n: number): string => String(n).padStart(2, '0');

/** A local date as 2006-01-02. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A local time as 15:04. */
export function isoClock(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local date (2006-01-02, or the start of a longer ISO string) as a Date at midnight. */
export function dayOf(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

/** The next whole hour from now. */
export function nextHour(): Date {
  const d = new Date();
  d.setHours(d.getHours() + 1, 0, 0, 0);
  return d;
}

/** How each window language writes a date: en-GB's day first, Danish with dots, Swedish as ISO 8601. */
const dateOrder: Record<string, { order: 'dmy' | 'ymd'; sep: string; hint: string }> = {
  en: { order: 'dmy', sep: '/', hint: 'dd/mm/yyyy' },
  da: { order: 'dmy', sep: '.', hint: 'dd.mm.åååå' },
  sv: { order: 'ymd', sep: '-', hint: 'åååå-mm-dd' },
};

/** A date (2006-01-02) as the language writes it: 26/11/2026, 26.11.2026, 2026-11-26. */
export function formatDate(iso: string, lang: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const f = dateOrder[lang] ?? dateOrder['en']!;
  return f.order === 'ymd' ? iso : [m[3], m[2], m[1]].join(f.sep);
}

/** What a date field shows while empty: the language's pattern. */
export function datePattern(lang: string): string {
  return (dateOrder[lang] ?? dateOrder['en']!).hint;
}

/**
 * Reads a date typed as the language writes it (any of / . - between the
 * parts, a two-digit year taken as 20xx) or as ISO 8601; null when it is
 * not a date that exists.
 */
export function parseDate(text: string, lang: string): string | null {
  const s = text.trim();
  const parts = s.split(/[/.\-\s]+/).filter(Boolean);
  if (parts.length !== 3 || !parts.every((p) => /^\d+$/.test(p))) return null;
  let [y, m, d] = [0, 0, 0];
  if (parts[0]!.length === 4 || (dateOrder[lang] ?? dateOrder['en']!).order === 'ymd') {
    [y, m, d] = parts.map(Number) as [number, number, number];
  } else {
    [d, m, y] = parts.map(Number) as [number, number, number];
  }
  if (y < 100) y += 2000;
  const date = new Date(y, m - 1, d);
  if (y < 1000 || date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null;
  return isoDate(date);
}

/** Reads a time of day typed as 9, 930, 9:30, 09.30 or 21:05; null when it is not one. */
export function parseClock(text: string): string | null {
  const s = text.trim();
  const m = /^(\d{1,2})(?:[:.]?(\d{2}))?$/.exec(s);
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2] ?? '0');
  if (hh > 23 || mm > 59) return null;
  return `${pad(hh)}:${pad(mm)}`;
}
