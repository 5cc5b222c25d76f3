import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { PlanError } from '../../api/errors';
import { experimentsApi, type EntryView, type ExperimentInput, type ExperimentView } from '../../api/experiments';
import { locale, t, translateError, type MessageKey } from '../../langs';
import { currentTeam } from '../../stores/team';
import { dateInput, timeInput } from '../common/dateField';
import { h, uid } from '../common/dom';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** Go's field names, and the form field each error belongs beside. */
const fieldFor: Record<string, string> = { recurrence: 'weeks', arms: 'bodyB', mode: 'mode', timeZone: 'date', start: 'date' };

const armColours = ['#0f766e', '#c2410c'];

function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || uid('f');
  input.id = id;
  const name = input.getAttribute('name') ?? '';
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('small', {}, hint) : null, h('span', { class: 'field-error', 'data-for': name, role: 'alert' }));
}

function showError(form: HTMLElement, err: unknown): void {
  const e = err as PlanError;
  const name = fieldFor[e.field ?? ''] ?? e.field ?? '';
  const slot = form.querySelector<HTMLElement>(`.field-error[data-for="${name}"]`) ?? form.querySelector<HTMLElement>('.form-error');
  if (slot) slot.textContent = translateError(e);
  form.querySelector<HTMLElement>(`[name="${name}"]`)?.setAttribute('aria-invalid', 'true');
}

function clearErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error, .form-error').forEach((e) => (e.textContent = ''));
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
}

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, ''));

function when(iso: string): string {
  return new Date(iso).toLocaleString(locale(),
    { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * The experiments view: the list, a form for a new one, and one
 * experiment's timeline with results, chart, figures per variant and the
 * decision that ends it.
 */
export function openExperimentsDialog(onChanged: () => void, focus?: string): void {
  document.getElementById('experiments-dialog')?.remove();
  const dialog = h('dialog', { id: 'experiments-dialog', 'aria-labelledby': 'experiments-title', class: 'wide' });
  const list = h('nav', { class: 'exp-list', 'aria-label': t('exp.title') });
  const pane = h('section', { class: 'exp-pane', 'aria-live': 'polite' });
  const close = h('button', { type: 'button', class: 'close' }, t('settings.close'));
  close.addEventListener('click', () => dialog.close());
  dialog.append(h('h2', { id: 'experiments-title' }, t('exp.title')), h('div', { class: 'exp-body' }, list, pane), close);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  let chart: Chart | undefined;

  async function renderList(selected?: string): Promise<void> {
    const exps = await experimentsApi.list();
    const add = h('button', { type: 'button', name: 'new-experiment' }, t('exp.new'));
    add.addEventListener('click', () => void renderForm());
    list.replaceChildren(add, ...exps.map((e) => {
      const b = h('button', { type: 'button', class: 'exp-item', 'data-id': e.id },
        h('span', {}, '⚗ ' + e.name), h('span', { class: `exp-state exp-state-${e.state}` }, t(`exp.state.${e.state}` as MessageKey)));
      b.addEventListener('click', () => showExperiment(e));
      return b;
    }));
    const first = exps.find((e) => e.id === selected) ?? exps[0];
    if (first) showExperiment(first);
    else void renderForm();
  }

  async function renderForm(): Promise<void> {
    chart?.destroy();
    const metrics = await experimentsApi.metrics();
    const listId = uid('metrics');
    const input = (name: string, attrs: Record<string, string> = {}): HTMLInputElement => h('input', { name, ...attrs });
    const name = input('name');
    const hypothesis = h('textarea', { name: 'hypothesis', rows: 2 });
    const metric = input('metric', { list: listId, value: metrics[0] ?? '' });
    const baseline = input('baseline', { inputmode: 'decimal' });
    const target = input('target', { inputmode: 'decimal' });
    const title = input('title');
    const channel = h('select', { name: 'channel' }, ...currentTeam().channels.map((c) => h('option', { value: c.name }, c.name)));
    const date = dateInput({ name: 'date' });
    const time = timeInput({ name: 'time', value: '10:00' });
    const weeks = input('weeks', { type: 'number', min: '1', value: '6' });
    const every = input('every', { type: 'number', min: '1', value: '1' });
    const mode = h('select', { name: 'mode' }, ...['single', 'alternate', 'separate'].map((m) => h('option', { value: m }, t(`exp.mode.${m}` as MessageKey))));
    const bodyA = h('textarea', { name: 'bodyA', rows: 2 });
    const bodyB = h('textarea', { name: 'bodyB', rows: 2 });
    const dateB = dateInput({ name: 'dateB' });
    const timeB = timeInput({ name: 'timeB', value: '10:00' });
    const bFields = h('div', { class: 'row' }, field(t('exp.bodyB'), bodyB));
    const ownDays = h('div', { class: 'row' }, field(t('exp.dateB'), dateB), field(t('exp.timeB'), timeB));
    const sync = (): void => {
      bFields.hidden = mode.value === 'single';
      ownDays.hidden = mode.value !== 'separate';
    };
    mode.addEventListener('change', sync);
    sync();
    const save = h('button', { type: 'submit' }, t('exp.create'));
    const form = h('form', { class: 'exp-form', 'aria-label': t('exp.new') },
      h('h3', {}, t('exp.new')),
      field(t('exp.name'), name), field(t('exp.hypothesis'), hypothesis),
      h('div', { class: 'row' }, field(t('exp.metric'), metric), field(t('exp.baseline'), baseline), field(t('exp.target'), target)),
      h('datalist', { id: listId }, ...metrics.map((m) => h('option', { value: m }))),
      h('div', { class: 'row' }, field(t('exp.postTitle'), title), field(t('exp.channel'), channel)),
      h('div', { class: 'row' }, field(t('exp.firstDate'), date), field(t('exp.time'), time),
        field(t('exp.weeks'), weeks), field(t('exp.every'), every)),
      field(t('exp.mode'), mode), field(t('exp.bodyA'), bodyA), bFields, ownDays,
      h('p', { class: 'form-error', role: 'alert' }), save);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const rule = `FREQ=WEEKLY;INTERVAL=${every.value || 1};COUNT=${weeks.value || 0}`;
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const inp: ExperimentInput = {
        name: name.value, hypothesis: hypothesis.value, metric: metric.value, baseline: baseline.value, target: target.value,
        mode: mode.value, bodyA: bodyA.value, bodyB: bodyB.value, dateB: dateB.value, timeB: timeB.value, ruleB: '',
        series: {
          id: '', updated: '', title: title.value || name.value, body: bodyA.value, channels: channel.value ? [channel.value] : [],
          variants: {}, date: date.value, time: time.value, minutes: 30, allDay: false, timeZone: zone, status: 'draft',
          assignee: '', tags: [], notes: hypothesis.value, link: '', live: '', media: [], rule, original: '', scope: '', sequence: 0, changed: 0, recurring: true,
        },
      };
      experimentsApi.create(inp).then((e) => {
        onChanged();
        void renderList(e.id);
      }, (err: unknown) => showError(form, err));
    });
    pane.replaceChildren(form);
    name.focus();
  }

  function showExperiment(e: ExperimentView): void {
    chart?.destroy();
    list.querySelectorAll<HTMLElement>('.exp-item').forEach((b) => b.setAttribute('aria-current', String(b.dataset.id === e.id)));
    const ended = e.state === 'adopted' || e.state === 'dropped';
    const canvas = h('canvas', { role: 'img', 'aria-label': t('exp.chartLabel', { metric: e.metric, baseline: fmt(e.baseline), target: fmt(e.target) }) });
    const figures = h('table', { class: 'exp-figures' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('exp.variant')), h('th', { scope: 'col' }, t('exp.results')),
        h('th', { scope: 'col' }, t('exp.mean')), h('th', { scope: 'col' }, t('exp.median')), h('th', { scope: 'col' }, t('exp.toCome')))),
      h('tbody', {}, ...e.arms.map((a) => h('tr', { 'data-arm': a.name || 'all' },
        h('th', { scope: 'row' }, a.name || e.title), h('td', {}, String(a.results)),
        h('td', { class: 'mean' }, a.results ? fmt(a.mean) : '–'), h('td', { class: 'median' }, a.results ? fmt(a.median) : '–'),
        h('td', {}, String(a.remaining))))));
    const rows = e.entries.map((en) => entryRow(e, en, ended));
    const actions = h('div', { class: 'exp-actions' });
    const act = (label: string, name: string, fn: () => Promise<unknown>): void => {
      const b = h('button', { type: 'button', name }, label);
      b.addEventListener('click', () => void fn().catch((err: unknown) => showError(pane, err)));
      actions.append(b);
    };
    if (e.state === 'planned') act(t('exp.start'), 'start', () => experimentsApi.setState(e.id, 'running').then(reload));
    if (e.state === 'running') act(t('exp.finish'), 'finish', () => experimentsApi.setState(e.id, 'finished').then(reload));
    if (!ended) act(t('exp.edit'), 'edit', async () => editForm(e));
    if (!ended) act(t('exp.end'), 'end', async () => endForm(e));
    act(t('exp.export'), 'export', () => experimentsApi.exportResults(e.id));
    const learning = e.learning ? h('p', { class: 'exp-learning' }, h('strong', {}, t('exp.learning') + ': '), e.learning) : '';
    pane.replaceChildren(
      h('h3', {}, '⚗ ' + e.name, ' ', h('span', { class: `exp-state exp-state-${e.state}` }, t(`exp.state.${e.state}` as MessageKey))),
      h('p', { class: 'exp-hypothesis' }, e.hypothesis),
      h('p', { class: 'exp-meta' }, t('exp.meta', { metric: e.metric, baseline: fmt(e.baseline), target: fmt(e.target) })),
      h('p', { class: 'exp-remaining' }, e.remaining ? t('exp.remaining', { n: e.remaining, next: when(e.next) }) : t('exp.noneLeft')),
      learning,
      h('div', { class: 'exp-chart' }, canvas), figures,
      h('table', { class: 'exp-timeline' },
        h('caption', {}, t('exp.timeline')),
        h('thead', {}, h('tr', {}, ...['exp.date', 'exp.variant', 'exp.status', 'exp.value', 'exp.note', 'exp.link', 'exp.save']
          .map((k) => h('th', { scope: 'col' }, t(k as MessageKey))))),
        h('tbody', {}, ...rows)),
      actions, h('p', { class: 'form-error', role: 'alert' }), h('div', { class: 'exp-end' }));
    chart = drawChart(canvas, e);

    function reload(v: ExperimentView): void {
      onChanged();
      void renderList(v.id);
    }
  }

  function entryRow(e: ExperimentView, en: EntryView, ended: boolean): HTMLTableRowElement {
    const arm = e.arms[en.arm]?.name ?? '';
    const tr = h('tr', { 'data-original': en.original, class: en.skipped ? 'skipped' : '' },
      h('td', {}, when(en.start)), h('td', {}, arm), h('td', {}, en.skipped ? t('exp.skipped') : t(`status.${en.status}` as MessageKey)));
    if (!en.published || en.skipped || ended) {
      tr.append(h('td', { class: 'value' }, en.value == null ? (en.published ? '–' : t('exp.upcoming')) : fmt(en.value)),
        h('td', {}, en.note), h('td', {}, en.link ? h('a', { href: en.link, target: '_blank', rel: 'noreferrer' }, '↗') : ''), h('td'));
      return tr;
    }
    const label = t('exp.resultFor', { date: when(en.start) });
    const value = h('input', { name: 'value', inputmode: 'decimal', value: en.value == null ? '' : fmt(en.value), 'aria-label': label, size: 6 });
    const note = h('input', { name: 'note', value: en.note, 'aria-label': t('exp.note') + ' – ' + label });
    const link = h('input', { name: 'link', type: 'url', value: en.link, 'aria-label': t('exp.link') + ' – ' + label });
    const err = h('span', { class: 'field-error', 'data-for': 'value', role: 'alert' });
    const save = h('button', { type: 'button', name: 'record', 'aria-label': t('exp.save') + ' – ' + label }, t('exp.save'));
    save.addEventListener('click', () => {
      clearErrors(tr);
      experimentsApi.record(e.id, { postId: en.postId, original: en.original, value: value.value, note: note.value, link: link.value })
        .then((v) => { onChanged(); void renderList(v.id); }, (x: unknown) => showError(tr, x));
    });
    tr.append(h('td', {}, value, err), h('td', {}, note), h('td', {}, link, h('span', { class: 'field-error', 'data-for': 'link', role: 'alert' })), h('td', {}, save));
    return tr;
  }

  /** Changes what the team expects, the variants' texts and the length. */
  function editForm(e: ExperimentView): void {
    chart?.destroy();
    const input = (name: string, value: string, attrs: Record<string, string> = {}): HTMLInputElement => h('input', { name, value, ...attrs });
    const name = input('name', e.name);
    const hypothesis = h('textarea', { name: 'hypothesis', rows: 2 });
    hypothesis.value = e.hypothesis;
    const metric = input('metric', e.metric);
    const baseline = input('baseline', fmt(e.baseline), { inputmode: 'decimal' });
    const target = input('target', fmt(e.target), { inputmode: 'decimal' });
    const texts = e.arms.map((a, i) => {
      const area = h('textarea', { name: i === 0 ? 'bodyA' : 'bodyB', rows: 3 });
      area.value = a.body;
      return area;
    });
    const runs = e.entries.filter((en) => en.postId === e.arms[0]?.postId).length;
    const count = input('count', String(runs), { type: 'number', min: '1' });
    const save = h('button', { type: 'submit' }, t('exp.saveEdit'));
    const cancel = h('button', { type: 'button' }, t('due.cancel'));
    cancel.addEventListener('click', () => showExperiment(e));
    const form = h('form', { class: 'exp-form', 'aria-label': t('exp.editTitle') },
      h('h3', {}, t('exp.editTitle')),
      field(t('exp.name'), name), field(t('exp.hypothesis'), hypothesis),
      h('div', { class: 'row' }, field(t('exp.metric'), metric), field(t('exp.baseline'), baseline), field(t('exp.target'), target)),
      ...texts.map((area, i) => field(e.arms.length > 1 ? t('exp.textOf', { name: e.arms[i]?.name ?? '' }) : t('exp.text'), area)),
      field(t('exp.times'), count),
      h('p', { class: 'form-error', role: 'alert' }), h('div', { class: 'exp-actions' }, save, cancel));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const n = Number(count.value) || 0;
      experimentsApi.edit(e.id, {
        name: name.value, hypothesis: hypothesis.value, metric: metric.value, baseline: baseline.value, target: target.value,
        texts: texts.map((x) => x.value), count: n === runs ? 0 : n,
      }).then((v) => { onChanged(); void renderList(v.id); }, (x: unknown) => showError(form, x));
    });
    pane.replaceChildren(form);
    name.focus();
  }

  function endForm(e: ExperimentView): void {
    const slot = pane.querySelector<HTMLElement>('.exp-end');
    if (!slot) return;
    const adopt = h('input', { type: 'radio', name: 'decision', value: 'adopted', checked: true });
    const drop = h('input', { type: 'radio', name: 'decision', value: 'dropped' });
    const learning = h('textarea', { name: 'learning', rows: 3 });
    const keep = h('input', { type: 'checkbox', name: 'keep', checked: true });
    const variant = h('select', { name: 'variant', 'aria-label': t('exp.variant') },
      ...e.arms.map((a, i) => h('option', { value: String(i) }, a.name || e.title)));
    const confirm = h('button', { type: 'submit' }, t('exp.confirmEnd'));
    const form = h('form', { class: 'exp-end-form', 'aria-label': t('exp.end') },
      h('fieldset', {}, h('legend', {}, t('exp.decision')),
        h('label', {}, adopt, ' ' + t('exp.adopt')), h('label', {}, drop, ' ' + t('exp.drop'))),
      field(t('exp.learning'), learning),
      h('label', {}, keep, ' ' + t('exp.keep')), e.arms.length > 1 ? variant : null,
      h('p', { class: 'form-error', role: 'alert' }), confirm);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      clearErrors(form);
      const decision = drop.checked ? 'dropped' : 'adopted';
      const k = decision === 'adopted' && keep.checked ? Number(variant.value || 0) : -1;
      experimentsApi.end(e.id, decision, learning.value, k).then((v) => { onChanged(); void renderList(v.id); }, (x: unknown) => showError(form, x));
    });
    slot.replaceChildren(form);
    learning.focus();
  }

  void renderList(focus).catch((err: unknown) => showError(pane, err));
}

/** The metric per occurrence, one line per variant, against baseline and target. */
function drawChart(canvas: HTMLCanvasElement, e: ExperimentView): Chart {
  const entries = e.entries.filter((en) => !en.skipped);
  const labels = entries.map((en) => new Date(en.start).toLocaleDateString(locale(), { day: 'numeric', month: 'short' }));
  const flat = (label: string, v: number, colour: string): object => ({
    label, data: entries.map(() => v), borderColor: colour, borderDash: [6, 4], pointRadius: 0, borderWidth: 1.5,
  });
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels,
      datasets: [
        ...e.arms.map((a, i) => ({
          label: a.name || e.metric, data: entries.map((en) => (en.arm === i && en.value != null ? en.value : null)),
          borderColor: armColours[i], backgroundColor: armColours[i], spanGaps: true, pointRadius: 4,
        })),
        flat(t('exp.baseline'), e.baseline, '#78716c'), flat(t('exp.target'), e.target, '#16a34a'),
      ],
    } as Chart['data'],
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, title: { display: true, text: e.metric } } } },
  });
}
