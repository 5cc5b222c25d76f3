// The repeat editor's model: a marketer's choices, written as an RRULE and
// read back from one, and said in words.
import { t } from '../../langs';

export type Freq = '' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export interface RuleState {
  freq: Freq;
  interval: number;
  byDay: Weekday[];
  monthly: 'day' | 'nth';
  monthDay: number;
  nth: number; // 1-4, or -1 for the last
  nthDay: Weekday;
  end: 'never' | 'count' | 'until';
  count: number;
  until: string; // 2006-01-02
  /** The rule uses parts the form cannot show; it is edited as text. */
  custom: string;
}

/** Monday = 0, as weekdays[]; date is 2006-01-02. */
function weekdayOf(date: string): Weekday {
  const d = date ? new Date(`${date}T12:00:00Z`) : new Date();
  return weekdays[(d.getUTCDay() + 6) % 7] ?? 'MO';
}

export function defaultRule(date: string): RuleState {
  const day = Number(date.slice(8, 10)) || 1;
  return {
    freq: '', interval: 1, byDay: [weekdayOf(date)], monthly: 'day', monthDay: day,
    nth: Math.min(Math.ceil(day / 7), 4), nthDay: weekdayOf(date), end: 'never', count: 6, until: '', custom: '',
  };
}

const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL']);

/** Reads an RRULE into the form; a rule the form cannot show comes back as custom. */
export function parseRule(rule: string, date: string): RuleState {
  const s = defaultRule(date);
  if (!rule.trim()) return s;
  const parts = new Map<string, string>();
  for (const part of rule.replace(/^RRULE:/i, '').split(';')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) parts.set(k.toUpperCase(), v.toUpperCase());
  }
  const freq = parts.get('FREQ') ?? '';
  const simple = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(freq) && [...parts.keys()].every((k) => known.has(k));
  if (!simple) return { ...s, custom: rule };
  s.freq = freq as Freq;
  s.interval = Number(parts.get('INTERVAL') ?? 1) || 1;
  const byDay = parts.get('BYDAY');
  if (byDay && s.freq === 'WEEKLY') {
    const days = byDay.split(',');
    if (!days.every((d) => (weekdays as readonly string[]).includes(d))) return { ...s, custom: rule };
    s.byDay = days as Weekday[];
  } else if (byDay && s.freq === 'MONTHLY') {
    const m = /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(byDay);
    if (!m || !m[1] || !m[2]) return { ...s, custom: rule };
    s.monthly = 'nth';
    s.nth = Number(m[1]);
    s.nthDay = m[2] as Weekday;
  } else if (byDay) {
    return { ...s, custom: rule };
  }
  const monthDay = parts.get('BYMONTHDAY');
  if (monthDay) {
    if (s.freq !== 'MONTHLY' || !/^\d+$/.test(monthDay)) return { ...s, custom: rule };
    s.monthly = 'day';
    s.monthDay = Number(monthDay);
  }
  if (parts.has('COUNT')) {
    s.end = 'count';
    s.count = Number(parts.get('COUNT'));
  } else if (parts.has('UNTIL')) {
    const u = parts.get('UNTIL') ?? '';
    s.end = 'until';
    s.until = `${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}`;
  }
  return s;
}

/**
 * Writes the form as an RRULE. UNTIL is the end of the chosen day as a
 * wall clock in the post's zone (Go reads a local UNTIL that way), or the
 * date itself for an all-day post.
 */
export function buildRule(s: RuleState, allDay: boolean): string {
  if (s.custom) return s.custom.trim();
  if (!s.freq) return '';
  const parts = [`FREQ=${s.freq}`];
  if (s.interval > 1) parts.push(`INTERVAL=${s.interval}`);
  if (s.freq === 'WEEKLY' && s.byDay.length > 0) {
    parts.push(`BYDAY=${weekdays.filter((d) => s.byDay.includes(d)).join(',')}`);
  }
  if (s.freq === 'MONTHLY') {
    parts.push(s.monthly === 'nth' ? `BYDAY=${s.nth}${s.nthDay}` : `BYMONTHDAY=${s.monthDay}`);
  }
  if (s.end === 'count') parts.push(`COUNT=${s.count}`);
  if (s.end === 'until' && s.until) {
    const d = s.until.replaceAll('-', '');
    parts.push(`UNTIL=${allDay ? d : `${d}T235959`}`);
  }
  return parts.join(';');
}

/** A weekday's short name in the locale (MO → "Mon", "man.", "mån"). */
export function weekdayName(d: Weekday, locale: string, width: 'short' | 'long' = 'short'): string {
  const monday = Date.UTC(2024, 0, 1); // a Monday
  const i = weekdays.indexOf(d);
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(new Date(monday + i * 86_400_000));
}

/** The rule in words: "Every 2 weeks on Tue and Thu, 10 times". */
export function describeRule(s: RuleState, locale: string): string {
  if (s.custom) return s.custom;
  if (!s.freq) return t('repeat.none');
  const f = s.freq.toLowerCase() as 'daily' | 'weekly' | 'monthly' | 'yearly';
  const words = [s.interval > 1 ? t(`rule.everyN.${f}`, { n: s.interval }) : t(`rule.every.${f}`)];
  const list = new Intl.ListFormat(locale, { type: 'conjunction' });
  if (s.freq === 'WEEKLY' && s.byDay.length > 0) {
    words.push(t('rule.onDays', { days: list.format(weekdays.filter((d) => s.byDay.includes(d)).map((d) => weekdayName(d, locale))) }));
  }
  if (s.freq === 'MONTHLY') {
    words.push(s.monthly === 'nth'
      ? t('rule.onNth', { nth: t(`repeat.nth${s.nth}` as 'repeat.nth1'), weekday: weekdayName(s.nthDay, locale, 'long') })
      : t('rule.onMonthDay', { day: s.monthDay }));
  }
  let text = words.join(' ');
  if (s.end === 'count') text += `, ${t('rule.times', { n: s.count })}`;
  if (s.end === 'until' && s.until) {
    const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(`${s.until}T00:00:00Z`));
    text += `, ${t('rule.until', { date })}`;
  }
  return text;
}
