import type { EventContentArg } from '@fullcalendar/core';
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

/**
 * One post on the calendar: time, title, channel marks, status, assignee
 * initials, a repeat mark and, for an experiment's post, a flask. In the month grid the title comes last, on a
 * line of its own (style.css), since a seventh of a screen is too narrow
 * for both; plain lines there, not a wrapping flex row, because a month of
 * flex rows takes the browser twice as long to lay out.
 * The campaign colour is the event's own background.
 */
export function eventContent(arg: EventContentArg): { domNodes: Node[] } {
  const p = arg.event.extendedProps as {
    status?: string; channels?: string[]; initials?: string; recurring?: boolean; kind?: string;
  };
  const root = document.createElement('div');
  root.className = 'pp-event';
  if (arg.timeText && arg.view.type !== 'listWeek') root.append(span('pp-time', arg.timeText));
  const title = span('pp-title', arg.event.title);
  const month = arg.view.type === 'dayGridMonth';
  if (!month) root.append(title);
  const channels = p.channels ?? [];
  if (channels.length) root.append(span('pp-channels', channels.map(channelMark).join(' '), channels.join(', ')));
  if (p.status) {
    const label = t(`status.${p.status}` as 'status.idea');
    const badge = span(`pp-status pp-status-${p.status}`, label.slice(0, 1), label);
    badge.setAttribute('aria-label', label);
    root.append(badge);
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
  if (month) root.append(title);
  return { domNodes: [root] };
}
