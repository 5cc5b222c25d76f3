import type { PlanError } from '../../api/errors';
import { filesApi, type ExportFormat, type ImportPreview, type RowProblem, type TransferProgress } from '../../api/files';
import { language, locale, t, translateError, translateLabel } from '../../langs';
import { preferences, updatePreferences } from '../../stores/prefs';
import { h } from '../common/dom';

/**
 * File > Import, Export, Back up and Restore in the window: a native file
 * dialog, then (import) a preview with every problem row by row and the
 * user's choice, then a progress bar with counts and a Cancel that leaves
 * the plan, or the file, as it was.
 */

type Stage = 'reading' | 'preview' | 'choose' | 'running' | 'done';

interface Shell {
  dialog: HTMLDialogElement;
  body: HTMLElement;
  actions: HTMLElement;
  stage(s: Stage): void;
  /** What Esc or Cancel does while the stage is 'running'. */
  onCancel: (() => void) | null;
}

function shell(title: string): Shell {
  document.getElementById('transfer-dialog')?.remove();
  const dialog = h('dialog', { id: 'transfer-dialog', 'aria-labelledby': 'transfer-title' });
  const body = h('div', { class: 'transfer-body' });
  const actions = h('div', { class: 'dialog-actions' });
  const s: Shell = {
    dialog, body, actions, onCancel: null,
    stage: (st) => (dialog.dataset['stage'] = st),
  };
  dialog.append(h('h2', { id: 'transfer-title' }, title), body, actions);
  dialog.addEventListener('cancel', (e) => {
    // Esc while a transfer runs cancels the transfer, then the dialog says so.
    if (dialog.dataset['stage'] === 'running') {
      e.preventDefault();
      s.onCancel?.();
    }
  });
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return s;
}

// A native file dialog is open: the menu or a key asking again opens no second one.
let choosing = false;

/**
 * Runs a native file chooser titled title: the path, or null when the user
 * cancelled, one is already open, or it failed (said in a dialog).
 */
async function choose(title: string, fn: (title: string) => Promise<string>): Promise<string | null> {
  if (choosing) return null;
  choosing = true;
  try {
    return (await fn(title)) || null;
  } catch (err) {
    showError(shell(title), err);
    return null;
  } finally {
    choosing = false;
  }
}

const fmt = (n: number): string => new Intl.NumberFormat(locale()).format(n);
/** A date (2006-01-02) with its month named, which no order of numbers can misread: 4 January 2026. */
const longDate = (iso: string): string =>
  new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

function button(label: string, onClick: () => void, primary = false): HTMLButtonElement {
  return h('button', { type: 'button', class: primary ? 'primary' : undefined, onclick: onClick }, label);
}

function closeButton(s: Shell): HTMLButtonElement {
  return button(t('transfer.close'), () => s.dialog.close());
}

function showError(s: Shell, err: unknown): void {
  s.stage('done');
  s.body.replaceChildren(h('p', { class: 'field-error', role: 'alert' }, translateError(err as PlanError)));
  const close = closeButton(s);
  s.actions.replaceChildren(close);
  close.focus();
}

/**
 * Shows a running transfer's progress and lets the user cancel it; resolves
 * with what run resolves to.
 */
async function withProgress<T>(s: Shell, run: () => Promise<T>, working = t('transfer.preparing')): Promise<T> {
  s.stage('running');
  const bar = h('progress', { id: 'transfer-progress', 'aria-labelledby': 'transfer-count' });
  const count = h('p', { id: 'transfer-count', role: 'status' }, working);
  s.body.replaceChildren(bar, count);
  const cancel = button(t('transfer.cancel'), () => s.onCancel?.());
  s.onCancel = () => {
    cancel.disabled = true;
    cancel.textContent = t('transfer.cancelling');
    void filesApi.cancel();
  };
  s.actions.replaceChildren(cancel);
  cancel.focus();
  // Events can arrive out of order (a write's last two, 500 posts apart,
  // came reversed): the bar never moves back within a phase.
  let shown = { phase: '', done: -1 };
  const off = filesApi.onProgress((p: TransferProgress) => {
    if (p.phase === shown.phase && p.done < shown.done) return;
    shown = { phase: p.phase, done: p.done };
    if (p.phase === 'read' || p.total === 0) {
      bar.removeAttribute('value');
      count.textContent = working;
      return;
    }
    bar.max = p.total;
    bar.value = p.done;
    count.textContent = p.phase === 'write'
      ? t('transfer.writing', { done: fmt(p.done), total: fmt(p.total) })
      : t('transfer.saving', { done: (p.done / 1e6).toLocaleString(locale(), { maximumFractionDigits: 1 }),
        total: (p.total / 1e6).toLocaleString(locale(), { maximumFractionDigits: 1 }) });
  });
  try {
    return await run();
  } finally {
    off();
    s.onCancel = null;
  }
}

function finish(s: Shell, ...lines: string[]): void {
  s.stage('done');
  s.body.replaceChildren(...lines.filter((l) => l !== '').map((l) => h('p', { role: 'status' }, l)));
  const close = closeButton(s);
  s.actions.replaceChildren(close);
  close.focus();
}

function problemTable(p: ImportPreview): HTMLElement {
  const row = (x: RowProblem): HTMLElement => h('tr', {},
    h('td', {}, String(x.row)),
    h('td', {}, x.column ? translateLabel(x.column) : t('transfer.wholeRow')),
    h('td', {}, translateError({ code: x.code as PlanError['code'], message: x.message, format: x.format, args: x.args })));
  return h('div', { class: 'problems' },
    h('table', {},
      h('caption', {}, t('transfer.problems')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('transfer.row')), h('th', { scope: 'col' }, t('transfer.column')),
        h('th', { scope: 'col' }, t('transfer.problem')))),
      h('tbody', {}, ...p.problems.map(row))),
    p.moreProblems > 0 && h('p', {}, t('transfer.moreProblems', { n: fmt(p.moreProblems) })));
}

function renderPreview(s: Shell, path: string, p: ImportPreview): void {
  s.stage('preview');
  const list = (key: 'transfer.newCampaigns' | 'transfer.newChannels' | 'transfer.newMembers' | 'transfer.ignored', names: string[]): HTMLElement | false =>
    names.length > 0 && h('p', {}, t(key, { names: names.join(', ') }));
  s.body.replaceChildren(...[
    h('p', { id: 'transfer-summary' }, p.format === 'csv'
      ? t('transfer.summaryCsv', { rows: fmt(p.rows), posts: fmt(p.posts), new: fmt(p.new), updated: fmt(p.updated), unchanged: fmt(p.unchanged), invalid: fmt(p.invalid) })
      : t('transfer.summary', { posts: fmt(p.posts), new: fmt(p.new), updated: fmt(p.updated), unchanged: fmt(p.unchanged) })),
    p.older > 0 && h('p', { id: 'transfer-older' }, t('transfer.older', { n: fmt(p.older) })),
    p.encoding !== '' && h('p', { id: 'transfer-encoding' },
      t(p.encoding === 'macintosh' ? 'transfer.encodingMac' : 'transfer.encodingWindows', { sample: p.encodingSample })),
    p.dates.monthFirst && h('p', { id: 'transfer-dates' }, t('transfer.monthFirst', { row: fmt(p.dates.row), cell: p.dates.cell })),
    p.dates.assumed && h('p', { id: 'transfer-dates' }, t('transfer.dayFirstAssumed', { row: fmt(p.dates.row), cell: p.dates.cell, date: longDate(p.dates.read) })),
    list('transfer.newCampaigns', p.campaigns), list('transfer.newChannels', p.channels), list('transfer.newMembers', p.members),
    list('transfer.ignored', p.ignored),
    p.notes.length > 0 && h('details', {}, h('summary', {}, t('transfer.notes', { n: fmt(p.notes.length) })), h('ul', {}, ...p.notes.map((n) => h('li', {}, n)))),
    p.problems.length > 0 && problemTable(p),
    p.posts === 0 && h('p', { class: 'field-error', role: 'alert' }, t('transfer.nothingValid')),
  ].filter((e): e is HTMLElement => e !== false));
  const cancel = closeButton(s);
  cancel.textContent = t('transfer.cancel');
  if (p.posts === 0) {
    s.actions.replaceChildren(cancel);
    cancel.focus();
    return;
  }
  const validOnly = p.invalid > 0;
  const go = button(validOnly ? t('transfer.importValid', { n: fmt(p.posts) }) : t('transfer.importAll', { n: fmt(p.posts) }), () => {
    void withProgress(s, () => filesApi.import(path, validOnly)).then((r) => {
      if (r.cancelled) {
        finish(s, t('transfer.importCancelled'));
        return;
      }
      finish(s, t('transfer.imported', { posts: fmt(r.posts), new: fmt(r.new), updated: fmt(r.updated), unchanged: fmt(r.unchanged) }),
        ...(r.older > 0 ? [t('transfer.older', { n: fmt(r.older) })] : []),
        ...r.keptExperiments.map((name) => t('transfer.keptExperiment', { name })),
        ...r.keptRoutines.map((name) => t('transfer.keptRoutine', { name })),
        ...(r.leftOut > 0 ? [t('transfer.leftOut', { n: fmt(r.leftOut) })] : []),
        ...(r.campaigns + r.channels + r.members > 0
          ? [t('transfer.addedTeam', { campaigns: fmt(r.campaigns), channels: fmt(r.channels), members: fmt(r.members) })] : []));
    }, (err: unknown) => showError(s, err));
  }, true);
  go.id = 'transfer-go';
  s.actions.replaceChildren(go, cancel);
  go.focus();
}

/** File > Import: choose a file, see what it would do, import it or not. */
export async function openImportDialog(): Promise<void> {
  const path = await choose(t('transfer.chooseImport'), filesApi.chooseImport);
  if (!path) return;
  const name = path.split(/[\\/]/).pop() ?? path;
  const s = shell(t('transfer.importTitle', { name }));
  s.stage('reading');
  s.body.replaceChildren(h('p', { role: 'status' }, t('transfer.reading', { name })));
  const cancel = closeButton(s);
  cancel.textContent = t('transfer.cancel');
  s.actions.replaceChildren(cancel);
  try {
    const p = await filesApi.preview(path);
    if (s.dialog.open) renderPreview(s, path, p);
  } catch (err) {
    if (s.dialog.open) showError(s, err);
  }
}

/** File > Export: pick what to export, where, then write it. */
export function openExportDialog(): void {
  const s = shell(t('transfer.exportTitle'));
  s.stage('choose');
  const formats: [ExportFormat, 'transfer.formatCsv' | 'transfer.formatJson' | 'transfer.formatIcs'][] =
    [['csv', 'transfer.formatCsv'], ['json', 'transfer.formatJson'], ['ics', 'transfer.formatIcs']];
  const radios = formats.map(([value, key], i) => {
    const input = h('input', { type: 'radio', name: 'export-format', value, checked: i === 0 });
    return { input, label: h('label', {}, input, ` ${t(key)}`) };
  });
  // Excel opens a CSV file by double click with its region's separator: a
  // semicolon in Denmark, Sweden and most of Europe, a comma in the UK and
  // the US. The last choice is kept; the first follows the window's language.
  const chosen = preferences().csvSeparator || (language() === 'en' ? ',' : ';');
  const separators = ([[';', 'transfer.semicolon'], [',', 'transfer.comma']] as const).map(([value, key]) => {
    const input = h('input', { type: 'radio', name: 'csv-separator', value, checked: value === chosen });
    return { input, label: h('label', {}, input, ` ${t(key)}`) };
  });
  const separatorSet = h('fieldset', { class: 'export-formats', id: 'csv-separator' }, h('legend', {}, t('transfer.separator')),
    ...separators.map((r) => r.label));
  const format = (): ExportFormat => (radios.find((r) => r.input.checked)?.input.value ?? 'csv') as ExportFormat;
  for (const r of radios) r.input.addEventListener('change', () => { separatorSet.hidden = format() !== 'csv'; });
  s.body.replaceChildren(h('fieldset', { class: 'export-formats' }, h('legend', {}, t('transfer.format')), ...radios.map((r) => r.label)),
    separatorSet);
  const pick = button(t('transfer.chooseFile'), () => {
    const chosenFormat = format();
    void choose(t('transfer.chooseExport'), (title) => filesApi.chooseExport(title, chosenFormat)).then(async (path) => {
      if (!path) return;
      const separator = separators.find((r) => r.input.checked)?.input.value ?? ',';
      if (chosenFormat === 'csv' && separator !== preferences().csvSeparator) await updatePreferences({ csvSeparator: separator });
      const r = await withProgress(s, () => filesApi.export(path));
      finish(s, r.cancelled ? t('transfer.exportCancelled') : t('transfer.exported', { path }));
    }).catch((err: unknown) => showError(s, err));
  }, true);
  pick.id = 'transfer-go';
  const cancel = closeButton(s);
  cancel.textContent = t('transfer.cancel');
  s.actions.replaceChildren(pick, cancel);
  radios[0]?.input.focus();
}

/** File > Back up: where to, then the whole plan written there. */
export async function openBackupDialog(): Promise<void> {
  const path = await choose(t('backup.title'), filesApi.chooseBackup);
  if (!path) return;
  const s = shell(t('backup.title'));
  try {
    await withProgress(s, () => filesApi.backup(path), t('backup.working'));
    finish(s, t('backup.done', { path }));
  } catch (err) {
    showError(s, err);
  }
}

/** File > Restore: a backup file, a question (Cancel is the default), then the plan replaced. */
export async function openRestoreDialog(): Promise<void> {
  const path = await choose(t('restore.choose'), filesApi.chooseRestore);
  if (!path) return;
  const s = shell(t('restore.title', { name: path.split(/[\\/]/).pop() ?? path }));
  s.stage('preview');
  s.body.replaceChildren(h('p', {}, t('restore.question')));
  const go = button(t('restore.confirm'), () => {
    void withProgress(s, () => filesApi.restore(path), t('restore.working')).then(
      (replaced) => finish(s, t('restore.done'), replaced ? t('restore.kept', { path: replaced }) : ''),
      (err: unknown) => showError(s, err));
  });
  go.id = 'transfer-go';
  const cancel = closeButton(s);
  cancel.textContent = t('transfer.cancel');
  s.actions.replaceChildren(go, cancel);
  cancel.focus();
}
