import './style.css';
import type { Calendar } from '@fullcalendar/core';
import type { PlanError } from './api/errors';
import { plannerApi, type Filter, type HistoryState } from './api/planner';
import { inRecovery } from './api/recovery';
import { settingsApi } from './api/settings';
import { mountPlanCalendar, type MoveChange, type PlanCalendarSettings } from './components/calendar/planCalendar';
import { askScope } from './components/dialogs/scopeDialog';
import { openSettingsDialog } from './components/dialogs/settingsDialog';
import { openBackupDialog, openExportDialog, openImportDialog, openRestoreDialog } from './components/dialogs/transferDialog';
import { createPostEditor } from './components/editor/postEditor';
import { renderEmptyState } from './components/emptyState';
import { renderRecovery } from './components/recoveryPage';
import { openExperimentsDialog } from './components/experiments/experimentsDialog';
import { openFeedsDialog } from './components/feedsDialog';
import { mountGlance } from './components/glance/weekGlance';
import { openRoutinesDialog } from './components/routines/routinesDialog';
import { renderFilterBar } from './components/filterBar';
import { mountIdeas } from './components/sidebar/ideas';
import { relabelStatusLine, renderStatusError, renderStatusLine, showStatusMessage } from './components/statusLine';
import { language, locale, onLanguage, t, translateError } from './langs';
import { actionFor, isTextEntry, type Action } from './shortcuts';
import { loadAppInfo, reportReady } from './stores/app';
import { forgetWindows, loadIdeas, loadSamplePlan, loadWindow, machineZone, newPost, onPlanChanged, planIsEmpty, prefetchWindows } from './stores/plan';
import { loadPreferences, preferences, updatePreferences } from './stores/prefs';
import { currentTeam, loadTeam } from './stores/team';

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

const status = byId('status');
const say = (text: string, isError = false): void => showStatusMessage(status, text, isError);
const sayError = (err: unknown): void => say(translateError(err as PlanError), true);

/** Resolves when the calendar has next painted its events. */
function nextRender(el: HTMLElement): Promise<void> {
  return new Promise((resolve) => el.addEventListener('plan:rendered', () => resolve(), { once: true }));
}

async function start(): Promise<void> {
  await Promise.all([loadPreferences().catch(sayError), loadTeam().catch(sayError)]);
  const calEl = byId('calendar');
  const ideasEl = byId('ideas');
  let cal: Calendar;
  let ready = false;

  const refresh = async (): Promise<void> => {
    if (glanceOpen()) {
      // The calendar is hidden and draws nothing to wait for; the week view
      // is what the user sees.
      forgetWindows();
      cal.refetchEvents();
      await Promise.all([glance.refresh().catch(sayError), loadIdeas().then((ideas) => ideas_.render(ideas), sayError)]);
      return;
    }
    const rendered = nextRender(calEl);
    forgetWindows();
    cal.refetchEvents();
    await Promise.all([rendered, loadIdeas().then((ideas) => ideas_.render(ideas), sayError)]);
  };
  /**
   * Saves a change, then shows the plan as Go now has it. A single post
   * dragged in the calendar is already drawn where it was dropped, so only
   * changes that move other occurrences too (a series) or the ideas list
   * redraw the range.
   */
  const saving = async (work: () => Promise<void>, redraw = true): Promise<void> => {
    const t0 = performance.now();
    try {
      await work();
      forgetWindows();
    } catch (err) {
      say(t('app.reverted', { why: translateError(err as PlanError) }), true);
      throw err;
    }
    if (redraw) await refresh();
    say(t('app.saved'));
    calEl.dispatchEvent(new CustomEvent('plan:saved', { detail: performance.now() - t0 }));
  };

  const editor = createPostEditor(byId('editor'), {
    team: currentTeam,
    save: (p) => plannerApi.save(p),
    remove: (p, scope) => plannerApi.remove(p.id, p.original, scope),
    preview: (p) => plannerApi.previewRule(p),
    chooseMedia: () => settingsApi.chooseMedia(),
    askScope,
    onDone: (what) => {
      void refresh();
      say(what === 'saved' ? t('app.saved') : `${t('step.delete')} ✓ (Ctrl+Z)`);
    },
    onClose: () => {
      (glanceOpen() ? glanceEl : calEl).focus();
    },
  });
  const openPost = (id: string, original = ''): void => {
    plannerApi.post(id, original).then((p) => editor.open(p), sayError);
  };

  const ideas_ = mountIdeas(ideasEl, (id) => openPost(id), () => editor.open(newPost()));

  // The week at a glance takes the calendar's place; the filter bar and the
  // ideas make no sense beside it, and come back with the calendar.
  const glanceEl = byId('glance');
  const filtersEl = byId('filters');
  let ideasWereHidden = ideasEl.hidden;
  const glanceOpen = (): boolean => !glanceEl.hidden;
  const showGlance = (week = ''): void => {
    if (!glanceOpen()) ideasWereHidden = ideasEl.hidden;
    calEl.hidden = ideasEl.hidden = filtersEl.hidden = true;
    glanceEl.hidden = false;
    glance.show(week).then(() => glanceEl.focus(), sayError);
  };
  const showCalendar = (date?: string, filter?: Partial<Filter>): void => {
    if (glanceOpen()) {
      glanceEl.hidden = true;
      calEl.hidden = filtersEl.hidden = false;
      ideasEl.hidden = ideasWereHidden;
    }
    if (filter) {
      const f: Filter = { campaigns: [], channels: [], statuses: [], assignees: [], text: '', ...filter };
      void updatePreferences({ filter: f }).then(() => { renderFilters(); void refresh(); }, sayError);
    }
    if (date) cal.changeView('timeGridWeek', date);
    cal.updateSize();
    calEl.focus();
  };
  const glance = mountGlance(glanceEl, {
    openPost,
    showCalendar,
    openExperiment: (id) => openExperimentsDialog(() => void refresh(), id),
    openRoutines: () => perform('routines'),
    say,
  });

  const onMove = async (c: MoveChange): Promise<void> => {
    let scope: '' | 'this' | 'following' | 'all' = '';
    if (c.recurring && c.original) {
      const s = await askScope('edit');
      if (!s) throw new Error('cancelled');
      scope = s;
    }
    const iso = (d: Date): string => (c.allDay ? isoDay(d) : d.toISOString());
    await saving(() => plannerApi.move({
      postId: c.postId, original: c.original, start: iso(c.start), end: c.end ? iso(c.end) : '',
      allDay: c.allDay, scope, timeZone: machineZone(),
    }), c.recurring);
  };

  /**
   * Mounts the calendar in the current language and preferences, where the
   * last one was. FullCalendar does not re-label its toolbar when the
   * locale option changes, so a new language means a new calendar.
   */
  const mountCalendar = (view: string, date?: Date): Calendar => {
    const prefs = preferences();
    const settings: PlanCalendarSettings = {
      locale: locale(), firstDay: prefs.firstDay, initialView: view,
      onNew: () => perform('new'), onFeeds: () => perform('feeds'), onSettings: () => perform('settings'),
      onExperiments: () => perform('experiments'), onRoutines: () => perform('routines'), onGlance: () => perform('glance'),
    };
    const c = mountPlanCalendar(calEl, settings, {
      onFirstRender: () => {
        if (!ready) reportReady();
        ready = true;
      },
      loadEvents: loadWindow,
      prefetch: prefetchWindows,
      onLoadError: sayError,
      onOpen: openPost,
      onRoutine: () => perform('routines'),
      onCreate: (start, allDay) => editor.open(newPost(start, allDay)),
      onMove,
      onDropIdea: (id, start, allDay) => saving(() => plannerApi.move({
        postId: id, original: '', start: allDay ? isoDay(start) : start.toISOString(), end: '', allDay, scope: '', timeZone: machineZone(),
      })),
      isOverIdeas: (x, y) => ideas_.contains(x, y),
      onDragToIdeas: (id) => saving(() => plannerApi.move({
        postId: id, original: '', start: '', end: '', allDay: false, scope: '', timeZone: machineZone(),
      })),
    });
    if (date) c.gotoDate(date);
    c.on('datesSet', (info) => {
      if (info.view.type !== preferences().view) void updatePreferences({ view: info.view.type }).catch(sayError);
    });
    return c;
  };
  const remountCalendar = (): void => {
    const view = cal.view.type;
    const date = cal.getDate();
    cal.destroy();
    cal = mountCalendar(view, date);
  };
  cal = mountCalendar(preferences().view);
  let search: HTMLInputElement;
  const renderFilters = (): void => {
    search = renderFilterBar(byId('filters'), currentTeam(), preferences().filter, (f: Filter) => {
      void updatePreferences({ filter: f }).catch(sayError);
      renderFilters();
      void refresh();
    });
  };
  renderFilters();
  void loadIdeas().then((ideas) => ideas_.render(ideas), sayError);

  const travel = (go: () => Promise<HistoryState>, done: 'app.undone' | 'app.redone'): void => {
    go().then(async (st) => {
      if (!st.done) {
        say(t(done === 'app.undone' ? 'app.nothingToUndo' : 'app.nothingToRedo'));
        return;
      }
      await refresh();
      say(t(done, { what: t(`step.${st.done}` as 'step.edit') }));
    }, sayError);
  };

  // The native menu and the keyboard can both ask for an action; inside a
  // text field, undo belongs to the field.
  let lastAction = { name: '', at: 0 };
  const perform = (action: Action | string): void => {
    const now = performance.now();
    if (action === lastAction.name && now - lastAction.at < 80) return; // the menu's accelerator and the page both saw it
    lastAction = { name: action, at: now };
    const inField = isTextEntry(document.activeElement);
    if (glanceOpen()) {
      switch (action) {
        case 'prev': case 'next': case 'today': void glance.go(action).catch(sayError); return;
        case 'glance': showCalendar(); return;
        case 'close': if (!editor.isOpen()) { showCalendar(); return; } break;
        case 'view:month': case 'view:week': case 'view:agenda': showCalendar(); break;
      }
    }
    switch (action) {
      case 'glance': showGlance(); break;
      case 'prev': cal.prev(); break;
      case 'next': cal.next(); break;
      case 'today': cal.today(); break;
      case 'view:month': cal.changeView('dayGridMonth'); break;
      case 'view:week': cal.changeView('timeGridWeek'); break;
      case 'view:agenda': cal.changeView('listWeek'); break;
      case 'new': editor.open(newPost(nextHour())); break;
      case 'search': search.focus(); search.select(); break;
      case 'ideas': ideasEl.hidden = !ideasEl.hidden; cal.updateSize(); break;
      case 'settings': openSettingsDialog(() => {
        if (cal.getOption('firstDay') !== preferences().firstDay) remountCalendar();
        renderFilters();
        void refresh();
      }); break;
      case 'feeds': void openFeedsDialog(); break;
      case 'import': if (!document.querySelector('dialog[open]')) void openImportDialog(); break;
      case 'export': if (!document.querySelector('dialog[open]')) openExportDialog(); break;
      case 'backup': if (!document.querySelector('dialog[open]')) void openBackupDialog(); break;
      case 'restore': if (!document.querySelector('dialog[open]')) void openRestoreDialog(); break;
      case 'experiments': openExperimentsDialog(() => void refresh()); break;
      case 'routines': openRoutinesDialog(() => void refresh()); break;
      case 'sample': void loadSamplePlan().then(() => refresh(), sayError); break;
      case 'shortcuts': say(t('keys.list')); break;
      case 'close': if (editor.isOpen()) editor.close(); break;
      case 'undo':
        if (inField) document.execCommand('undo');
        else travel(plannerApi.undo, 'app.undone');
        break;
      case 'redo':
        if (inField) document.execCommand('redo');
        else travel(plannerApi.redo, 'app.redone');
        break;
    }
  };
  document.addEventListener('keydown', (e) => {
    if (document.querySelector('dialog[open]') && e.key !== 'Escape') return;
    const action = actionFor(e, isTextEntry(e.target as Element | null));
    if (!action) return;
    if (action === 'close' && document.querySelector('dialog[open]')) return; // the dialog closes itself
    e.preventDefault();
    perform(action);
  });
  plannerApi.onMenu(perform);

  onLanguage(() => {
    remountCalendar();
    renderFilters();
    relabelStatusLine(status);
    void loadIdeas().then((ideas) => ideas_.render(ideas), sayError);
    document.documentElement.lang = language();
  });

  loadAppInfo()
    .then((info) => renderStatusLine(status, info))
    .catch((err: unknown) => renderStatusError(status, `Could not reach Postplan: ${String(err)}`));

  planIsEmpty()
    .then((empty) => {
      if (empty) renderEmptyState(byId('empty'), loadSamplePlan, () => void loadTeam().then(() => { renderFilters(); void refresh(); }));
    })
    .catch(sayError);

  onPlanChanged(() => {
    byId('empty').hidden = true;
    void loadTeam().then(() => { renderFilters(); void refresh(); }, sayError);
  });
}

function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function nextHour(): Date {
  const d = new Date();
  d.setHours(d.getHours() + 1, 0, 0, 0);
  return d;
}

if (inRecovery()) void renderRecovery(byId('app'));
else void start().catch((err: unknown) => renderStatusError(status, `Could not start: ${String(err)}`));
