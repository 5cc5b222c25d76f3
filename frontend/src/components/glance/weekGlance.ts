import type { PlanError } from '../../api/errors';
import { glanceApi, type SummaryFormat, type WeekPostView, type WeekView } from '../../api/glance';
import type { Filter } from '../../api/planner';
import { language, locale, t, translateError, type MessageKey } from '../../langs';
import { h } from '../common/dom';

/** What the week view asks of the rest of the window. */
export interface GlanceActions {
  openPost(id: string, original: string): void;
  /** Shows the calendar's week view at a date, with a filter or none. */
  showCalendar(date: string, filter?: Partial<Filter>): void;
  openExperiment(id: string): void;
  openRoutines(): void;
  say(text: string, isError?: boolean): void;
}

export interface Glance {
  /** Shows a week ("" is this week) and resolves when it is drawn. */
  show(week?: string): Promise<void>;
  /** Draws the shown week again, after a change to the plan. */
  refresh(): Promise<void>;
  week(): string;
  /** Moves a week back or on, or to this week. */
  go(to: 'prev' | 'next' | 'today'): Promise<void>;
}

const fmtNumber = (n: number): string => n.toLocaleString(locale(), { maximumFractionDigits: 2 });

function dayLabel(iso: string, opts: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' }): string {
  return new Date(iso + 'T12:00:00').toLocaleDateString(locale(), opts);
}

function timeOf(p: WeekPostView): string {
  return p.allDay ? t('glance.allDay') : new Date(p.start).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

/** "▲ 3" with words for screen readers: how a count moved since last week. */
function change(now: number, before: number): HTMLElement {
  const d = now - before;
  const text = d > 0 ? `▲ ${d}` : d < 0 ? `▼ ${-d}` : '=';
  const says = d > 0 ? t('glance.up', { n: d }) : d < 0 ? t('glance.down', { n: -d }) : t('glance.same');
  return h('span', { class: `change ${d > 0 ? 'up' : d < 0 ? 'down' : 'same'}`, title: says, 'aria-label': says }, text);
}

/**
 * The week at a glance: channels by days with each channel's week against
 * its target, and beside it statuses, what is not ready, campaigns,
 * experiments, who is on duty and meetings, each compared with last week.
 * Everything is a button that opens what is behind it.
 */
export function mountGlance(el: HTMLElement, act: GlanceActions): Glance {
  let shown = '';
  let view: WeekView | undefined;

  const postButton = (p: WeekPostView, withDay = false): HTMLElement => {
    const when = withDay ? `${dayLabel(view!.days[p.day]!)} ${timeOf(p)}` : timeOf(p);
    const b = h('button', {
      type: 'button', class: `glance-post status-${p.status}${p.notReady ? ' not-ready' : ''}${p.overdue ? ' overdue' : ''}`, 'data-post': p.postId,
      style: p.colour ? `border-left-color: ${p.colour}` : undefined,
      title: `${p.overdue ? t('due.overdue') + ' · ' : ''}${p.title} · ${t(`status.${p.status}` as MessageKey)}${p.assignee ? ' · ' + p.assignee : ''}`,
    }, p.overdue ? h('span', { class: 'pp-overdue', 'aria-label': t('due.overdue') }, '⚠') : null,
    h('span', { class: 'glance-time' }, when), ' ', h('span', { class: 'glance-title' }, (p.experiment ? '⚗ ' : '') + p.title),
    h('span', { class: `pp-status pp-status-${p.status}` }, t(`status.${p.status}` as MessageKey)));
    b.addEventListener('click', () => act.openPost(p.postId, p.original));
    return b;
  };

  const grid = (v: WeekView): HTMLElement => {
    const head = h('tr', {}, h('th', { scope: 'col' }, t('glance.channels')), ...v.days.map((d, i) => {
      const empty = v.emptyDays.includes(i);
      const b = h('button', { type: 'button', class: 'glance-day', 'data-day': d }, dayLabel(d));
      b.addEventListener('click', () => act.showCalendar(d));
      return h('th', { scope: 'col', class: empty ? 'empty-day' : undefined }, b,
        empty ? h('span', { class: 'glance-gap' }, t('glance.gap')) : null);
    }));
    const rows = v.channels.map((c) => {
      const name = c.name || t('glance.noChannel');
      const figure = c.target > 0 ? `${c.planned}/${c.target}` : String(c.planned);
      const says = c.level === 'none' ? '' : t(`glance.level.${c.level}` as MessageKey);
      const fill = c.target > 0 ? Math.min(100, (100 * c.planned) / c.target) : 0;
      const b = h('button', { type: 'button', class: 'glance-channel', 'data-channel': c.name },
        h('span', { class: 'glance-name' }, name), ' ', h('span', { class: 'glance-figure' }, figure), ' ', change(c.planned, c.last),
        c.level === 'none' ? null : h('span', {
          class: 'glance-bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': c.target, 'aria-valuenow': c.planned,
          'aria-label': `${name} ${figure}`,
        }, h('span', { style: `width: ${fill}%` })),
        says ? h('span', { class: 'glance-says' }, says) : null);
      if (c.name) b.addEventListener('click', () => act.showCalendar(v.days[0]!, { channels: [c.name] }));
      else b.disabled = true;
      return h('tr', { class: `level-${c.level}`, 'data-channel': c.name }, h('th', { scope: 'row' }, b),
        ...c.days.map((idx) => h('td', {}, ...idx.map((i) => postButton(v.posts[i]!)))));
    });
    return h('table', { class: 'glance-grid' }, h('thead', {}, head), h('tbody', {}, ...rows));
  };

  const section = (key: MessageKey, cls: string, items: HTMLElement[]): HTMLElement | null =>
    items.length === 0 ? null : h('section', { class: cls }, h('h3', {}, t(key)), h('ul', {}, ...items.map((i) => h('li', {}, i))));

  const aside = (v: WeekView): HTMLElement => {
    const statuses = h('table', { class: 'glance-statuses' }, h('tbody', {}, ...v.statuses.map((s) => {
      const b = h('button', { type: 'button', 'data-status': s.status }, t(`status.${s.status}` as MessageKey));
      b.addEventListener('click', () => act.showCalendar(v.days[0]!, { statuses: [s.status] }));
      return h('tr', { 'data-status': s.status, class: s.notReady > 0 ? 'has-not-ready' : undefined },
        h('th', { scope: 'row' }, b), h('td', { class: 'n' }, String(s.count)), h('td', {}, change(s.count, s.last)),
        h('td', {}, s.notReady > 0 ? h('span', { class: 'warn' }, t('glance.notReadyCount', { n: s.notReady })) : null));
    })));
    const campaigns = v.campaigns.map((c) => {
      const dates = [c.starts, c.ends].map((d) => (d ? dayLabel(d, { day: 'numeric', month: 'short' }) : '')).join(' – ');
      const b = h('button', { type: 'button', 'data-campaign': c.tag }, h('span', { class: 'swatch', style: `background: ${c.colour}` }),
        c.name, c.starts || c.ends ? h('small', {}, ` (${dates})`) : null, ': ', h('b', {}, String(c.posts)), ' ', change(c.posts, c.last));
      b.addEventListener('click', () => act.showCalendar(v.days[0]!, { campaigns: [c.tag] }));
      return b;
    });
    const experiments = v.experiments.map((e) => {
      const parts = [t('glance.expThisWeek', { n: e.thisWeek })];
      if (e.next) parts.push(t('glance.expNext', { when: new Date(e.next).toLocaleString(locale(), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }) }));
      parts.push(t('glance.expResults', { n: e.results }));
      for (const a of e.arms) if (a.results > 0) parts.push(`${a.name ? a.name + ' ' : ''}${t('glance.expMean', { v: fmtNumber(a.mean) })}`);
      const b = h('button', { type: 'button', 'data-experiment': e.id }, h('b', {}, '⚗ ' + e.name), ' ',
        h('span', { class: `exp-state exp-state-${e.state}` }, t(`exp.state.${e.state}` as MessageKey)), h('br'), parts.join(' · '));
      b.addEventListener('click', () => act.openExperiment(e.id));
      return b;
    });
    const duty = (d: WeekView['duties'][number]): HTMLElement => {
      const end = new Date((d.allDay ? d.end + 'T12:00:00' : d.end));
      if (d.allDay) end.setDate(end.getDate() - 1);
      const from = d.allDay ? dayLabel(d.start) : new Date(d.start).toLocaleString(locale(), { weekday: 'short', hour: '2-digit', minute: '2-digit' });
      const to = d.allDay ? end.toLocaleDateString(locale(), { weekday: 'short', day: 'numeric', month: 'short' }) : '';
      const b = h('button', { type: 'button', 'data-routine': d.routine }, d.who ? `${d.name}: ` : d.name, d.who ? h('b', {}, d.who) : null,
        h('small', {}, ` ${from}${to && to !== from ? ' – ' + to : ''}`));
      b.addEventListener('click', () => act.openRoutines());
      return b;
    };
    return h('aside', { class: 'glance-side' },
      h('section', { class: 'glance-status' }, h('h3', {}, t('glance.status')), statuses),
      section('glance.overdue', 'glance-overdue', v.overdue.map((i) => postButton(v.posts[i]!, true))),
      section('glance.notReady', 'glance-not-ready', v.notReady.map((i) => postButton(v.posts[i]!, true))),
      section('glance.campaigns', 'glance-campaigns', campaigns),
      section('glance.experiments', 'glance-experiments', experiments),
      section('glance.onDuty', 'glance-duties', v.duties.map(duty)),
      section('glance.meetings', 'glance-meetings', v.meetings.map(duty)));
  };

  const copy = async (format: SummaryFormat): Promise<void> => {
    try {
      const text = await glanceApi.summary(shown, format, language());
      await glanceApi.copy(text);
      el.querySelector<HTMLElement>('.glance-summary')!.textContent = text;
      act.say(t('glance.copied'));
    } catch (err) {
      act.say(translateError(err as PlanError), true);
    }
  };

  const render = (v: WeekView): void => {
    const nav = (label: MessageKey, week: string, name: string): HTMLElement => {
      const b = h('button', { type: 'button', name }, t(label));
      b.addEventListener('click', () => void show(week));
      return b;
    };
    const action = (label: MessageKey, name: string, fn: () => void): HTMLElement => {
      const b = h('button', { type: 'button', name }, t(label));
      b.addEventListener('click', fn);
      return b;
    };
    const first = v.days[0]!, last = v.days[6]!;
    const span = `${dayLabel(first, { day: 'numeric', month: 'short' })} – ${dayLabel(last, { day: 'numeric', month: 'short', year: 'numeric' })}`;
    el.replaceChildren(
      h('header', { class: 'glance-head' },
        h('h2', { id: 'glance-title' }, t('glance.week', { n: v.number }), h('small', {}, ' ' + span)),
        h('nav', { 'aria-label': t('glance.weeks') }, nav('glance.prev', v.prev, 'prev-week'),
          v.current ? null : nav('glance.thisWeek', '', 'this-week'), nav('glance.next', v.next, 'next-week')),
        h('div', { class: 'glance-actions' },
          action('glance.copyText', 'copy-text', () => void copy('text')),
          action('glance.copyMarkdown', 'copy-markdown', () => void copy('markdown')),
          action('glance.pdf', 'export-pdf', () => {
            glanceApi.exportPdf(shown, language()).then((path) => { if (path) act.say(t('glance.pdfSaved', { path })); },
              (err: unknown) => act.say(translateError(err as PlanError), true));
          }),
          action('glance.back', 'back-to-calendar', () => act.showCalendar(first)))),
      h('p', { class: 'glance-headline' }, h('b', { class: 'glance-total' }, t('glance.planned', { n: v.total })), ' ',
        t('glance.lastWeek', { n: v.last }), ' ', change(v.total, v.last)),
      h('div', { class: 'glance-body' }, h('div', { class: 'glance-grid-wrap' }, grid(v)), aside(v)),
      h('pre', { class: 'glance-summary', 'aria-live': 'polite' }),
    );
  };

  const show = async (week = shown): Promise<void> => {
    const v = await glanceApi.week(week);
    view = v;
    shown = v.week;
    render(v);
    el.dispatchEvent(new CustomEvent('glance:rendered'));
  };

  const go = (to: 'prev' | 'next' | 'today'): Promise<void> => show(to === 'today' ? '' : to === 'prev' ? view?.prev : view?.next);
  return { show, go, refresh: () => show(shown), week: () => shown };
}
