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
