import { remindersApi, type ReminderView } from '../api/reminders';
import { locale, t } from '../langs';
import { h } from './common/dom';

export interface ReminderDeps {
  openPost: (postId: string, original: string) => void;
  showDue: () => void;
  /** A post became overdue or the day turned: the calendar's marks change. */
  refresh: () => void;
}

/** The most reminders shown in the window at once; older ones make way. */
const shown = 5;

function clock(r: ReminderView): string {
  if (r.allDay) return new Date(r.start + 'T00:00:00').toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short' });
  return new Date(r.start).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

/** A reminder in the window's language: its heading and its line. */
export function wording(r: ReminderView): { title: string; body: string } {
  const title = r.before ? t('rem.before', { n: r.before, title: r.title }) : t('rem.now', { title: r.title });
  return { title, body: t('rem.body', { time: clock(r), channels: r.channels.join(', ') }) };
}

/**
 * The posting moment in the window. Go keeps the schedule (it runs while
 * the window is minimised); each reminder is shown here and handed back,
 * worded, to the desktop's notification service. What fell due while
 * Postplan was closed is listed once, not fired.
 */
export function mountReminders(el: HTMLElement, deps: ReminderDeps): void {
  el.setAttribute('aria-label', t('rem.region'));

  const toast = (r: ReminderView): void => {
    const { title, body } = wording(r);
    const open = h('button', { type: 'button', name: 'open' }, t('due.open'));
    const due = h('button', { type: 'button', name: 'due' }, t('due.button'));
    const dismiss = h('button', { type: 'button', name: 'dismiss', 'aria-label': `${t('rem.dismiss')} – ${r.title}` }, '×');
    const card = h('div', { class: `reminder${r.before ? '' : ' reminder-now'}`, role: 'alert', 'data-key': r.key },
      h('strong', {}, title), h('span', {}, body), h('div', { class: 'reminder-actions' }, open, due, dismiss));
    open.addEventListener('click', () => { card.remove(); deps.openPost(r.postId, r.original); });
    due.addEventListener('click', () => { card.remove(); deps.showDue(); });
    dismiss.addEventListener('click', () => card.remove());
    el.querySelector(`[data-key="${CSS.escape(r.key)}"]`)?.remove();
    el.append(card);
    while (el.querySelectorAll('.reminder').length > shown) el.querySelector('.reminder')?.remove();
    void remindersApi.notify({ key: r.key, title, body, postId: r.postId, original: r.original });
  };

  const missed = (rs: ReminderView[]): void => {
    if (!rs.length) return;
    el.querySelector('.missed')?.remove();
    const show = h('button', { type: 'button', name: 'show-due' }, t('rem.show'));
    const dismiss = h('button', { type: 'button', name: 'dismiss', 'aria-label': t('rem.dismiss') }, '×');
    const banner = h('div', { class: 'missed', role: 'status' },
      h('strong', {}, t('rem.missed', { n: rs.length })),
      h('ul', {}, ...rs.slice(0, 5).map((r) => h('li', {}, `${clock(r)} ${r.title}`)), rs.length > 5 ? h('li', {}, '…') : null),
      h('div', { class: 'reminder-actions' }, show, dismiss));
    show.addEventListener('click', () => { banner.remove(); deps.showDue(); });
    dismiss.addEventListener('click', () => banner.remove());
    el.prepend(banner);
  };

  remindersApi.onReminders((rs) => rs.forEach(toast));
  remindersApi.onMissed(missed);
  remindersApi.onOpen((at) => deps.openPost(at.postId, at.original));
  remindersApi.onDueChanged(deps.refresh);
  void remindersApi.missed().then(missed);
}
