import type { EventContentArg, EventMountArg } from '@fullcalendar/core';
import { t } from '../../langs';

const short: Record<string, string> = {
  Facebook: 'FB', Instagram: 'IG', LinkedIn: 'LI', X: 'X', TikTok: 'TT', YouTube: 'YT', Threads: 'TH',
  Bluesky: 'BS', Mastodon: 'MA', Pinterest: 'PI', Blog: 'BL', Newsletter: 'NL',
};

/** A channel's mark: two letters a team learns in a day. */
export function channelMark(name: string): string {
  return short[name] ?? name.slice(0, 2).toUpperCase();
}

function span(cls: string, text: string, title?: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  if (title) s.title = title;
  return s;
}

type PostProps = {
  status?: string; channels?: string[]; initials?: string; recurring?: boolean; kind?: string; overdue?: boolean;
  /** Set for the month grid (capPerDay): drawn in one line. */
  bar?: boolean; compact?: boolean;
};

/**
 * One post on the calendar: time, title, channel marks, status, assignee
 * initials, a repeat mark and, for an experiment's post, a flask. The
 * campaign colour is the event's own background.
 *
 * In the month grid the marks are one line of plain text ("09:00 IG FB D AN
 * ↻") above the title: a seventh of a screen is too narrow for pills, and
 * a month of posts built of seven elements each took the browser a third
 * longer to draw than of three. The status colour is the event's left
 * edge there (style.css), and monthLabel says it all to a screen reader.
 * A bar over several days (a rota turn) has room for it all in one line; a
 * compact post (a busy day in a small window) shows its time and title in
 * one, its marks in its tooltip.
 */
export function eventContent(arg: EventContentArg): { domNodes: Node[] } {
  const p = arg.event.extendedProps as PostProps;
  const root = document.createElement('div');
  root.className = 'pp-event';
  const title = span('pp-title', arg.event.title);
  if (arg.view.type === 'dayGridMonth') {
    const status = p.status ? t(`status.${p.status}` as 'status.idea').slice(0, 1) : '';
    const marks = [p.overdue ? '⚠' : '', arg.timeText, (p.channels ?? []).map(channelMark).join(' '), status, p.initials,
      p.kind === 'experiment' ? '⚗' : '', p.recurring ? '↻' : ''].filter(Boolean).join(' ');
    const line = p.compact ? arg.timeText : marks;
    if (line) root.append(span('pp-line', line));
    root.append(title);
    if (p.bar || p.compact) root.classList.add('pp-one');
    if (p.compact) root.title = marks;
    return { domNodes: [root] };
  }
  if (arg.timeText && arg.view.type !== 'listWeek') root.append(span('pp-time', arg.timeText));
  root.append(title);
  const channels = p.channels ?? [];
  if (channels.length) root.append(span('pp-channels', channels.map(channelMark).join(' '), channels.join(', ')));
  if (p.status) {
    const label = t(`status.${p.status}` as 'status.idea');
    const badge = span(`pp-status pp-status-${p.status}`, label.slice(0, 1), label);
    badge.setAttribute('aria-label', label);
    root.append(badge);
  }
  if (p.overdue) {
    const mark = span('pp-overdue', '⚠', t('due.overdue'));
    mark.setAttribute('aria-label', t('due.overdue'));
    root.append(mark);
  }
  if (p.initials) root.append(span('pp-initials', p.initials));
  if (p.kind === 'experiment') {
    const flask = span('pp-experiment', '⚗', t('cal.experiment'));
    flask.setAttribute('aria-label', t('cal.experiment'));
    root.append(flask);
  }
  if (p.recurring) {
    const mark = span('pp-repeat', '↻', t('cal.repeats'));
    mark.setAttribute('aria-label', t('cal.repeats'));
    root.append(mark);
  }
  return { domNodes: [root] };
}

/** What a month-grid post says, in words, for its link's accessible name. */
export function monthLabel(arg: EventMountArg): string | null {
  if (arg.view.type !== 'dayGridMonth') return null;
  const p = arg.event.extendedProps as PostProps;
  return [p.overdue ? t('due.overdue') : '', arg.timeText, arg.event.title, (p.channels ?? []).join(', '),
    p.status ? t(`status.${p.status}` as 'status.idea') : '',
    p.initials, p.kind === 'experiment' ? t('cal.experiment') : '', p.recurring ? t('cal.repeats') : ''].filter(Boolean).join(', ');
}
