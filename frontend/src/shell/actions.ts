import type { HistoryState } from '../api/planner';
import { dialogs } from './lazy';
import type { PostEditor } from '../components/editor/postEditor';
import type { Glance } from '../components/glance/weekGlance';
import { nextHour } from '../dates';
import { t } from '../langs';
import { loadSamplePlan, newPost, redo, undo } from '../stores/plan';
import { preferences } from '../stores/prefs';
import type { CalendarView } from './calendarView';
import { isTextEntry, type Action } from './keys';
import { say, sayError } from './status';
import type { Views } from './views';

/** What the actions act on. */
export interface ActionTargets {
  calendar: () => CalendarView;
  editor: () => PostEditor;
  glance: () => Glance;
  views: Views;
  ideas: HTMLElement;
  search: () => HTMLInputElement;
  /** Shows the plan again after a change made elsewhere (a dialog). */
  changedElsewhere: () => void;
  /** The filter bar must be drawn again (the team changed). */
  renderFilters: () => void;
  refresh: () => Promise<void>;
  /** Opens a post, or one occurrence of a series, in the editor. */
  openPost: (id: string, original?: string) => void;
}

/**
 * Returns what performs an action, asked for by a key, the native menu or
 * a toolbar button: the one place that knows what each does. Inside a text
 * field, undo belongs to the field.
 */
export function createActions(to: ActionTargets): (action: Action | string) => void {
  let last = { name: '', at: 0 };

  const travel = (go: () => Promise<HistoryState>, done: 'app.undone' | 'app.redone'): void => {
    go().then(async (st) => {
      if (!st.done) {
        say(t(done === 'app.undone' ? 'app.nothingToUndo' : 'app.nothingToRedo'));
        return;
      }
      await to.refresh();
      say(t(done, { what: t(`step.${st.done}` as 'step.edit') }));
    }, sayError);
  };

  // The glance has its own meaning for moving and closing.
  const inGlance = (action: string): 'done' | 'calendar' | 'on' => {
    switch (action) {
      case 'prev': case 'next': case 'today': void to.glance().go(action).catch(sayError); return 'done';
      case 'glance': to.views.showCalendar(); return 'done';
      case 'close': if (!to.editor().isOpen()) { to.views.showCalendar(); return 'done'; } return 'on';
      case 'view:month': case 'view:week': case 'view:agenda': to.views.showCalendar(); return 'calendar';
    }
    return 'on';
  };

  const noDialogOpen = (): boolean => !document.querySelector('dialog[open]');

  return (action) => {
    const now = performance.now();
    if (action === last.name && now - last.at < 80) return; // the menu's accelerator and the page both saw it
    last = { name: action, at: now };
    if (to.views.glanceOpen() && inGlance(action) === 'done') return;
    const cal = to.calendar().cal;
    const inField = isTextEntry(document.activeElement);
    switch (action) {
      case 'glance': to.views.showGlance(); break;
      case 'prev': cal.prev(); break;
      case 'next': cal.next(); break;
      case 'today': cal.today(); break;
      case 'view:month': cal.changeView('dayGridMonth'); break;
      case 'view:week': cal.changeView('timeGridWeek'); break;
      case 'view:agenda': cal.changeView('listWeek'); break;
      case 'new': to.editor().open(newPost(nextHour())); break;
      case 'search': to.search().focus(); to.search().select(); break;
      case 'ideas': to.ideas.hidden = !to.ideas.hidden; cal.updateSize(); break;
      case 'settings': void dialogs.settings().then((d) => d.openSettingsDialog(() => {
        if (cal.getOption('firstDay') !== preferences().firstDay) to.calendar().remount();
        to.renderFilters();
        to.changedElsewhere();
      }), sayError); break;
      case 'feeds': void dialogs.feeds().then((d) => d.openFeedsDialog(), sayError); break;
      case 'due': if (noDialogOpen()) void dialogs.due().then((d) => d.openDueDialog({ onChanged: to.changedElsewhere, openPost: to.openPost, say }), sayError); break;
      case 'import': if (noDialogOpen()) void dialogs.transfer().then((d) => d.openImportDialog(), sayError); break;
      case 'export': if (noDialogOpen()) void dialogs.transfer().then((d) => d.openExportDialog(), sayError); break;
      case 'backup': if (noDialogOpen()) void dialogs.transfer().then((d) => d.openBackupDialog(), sayError); break;
      case 'restore': if (noDialogOpen()) void dialogs.transfer().then((d) => d.openRestoreDialog(), sayError); break;
      case 'experiments': void dialogs.experiments().then((d) => d.openExperimentsDialog(to.changedElsewhere), sayError); break;
      case 'routines': void dialogs.routines().then((d) => d.openRoutinesDialog(to.changedElsewhere), sayError); break;
      case 'sample': void loadSamplePlan().then(() => to.refresh(), sayError); break;
      case 'shortcuts': say(t('keys.list')); break;
      case 'about': if (noDialogOpen()) void dialogs.about().then((d) => d.openAboutDialog(), sayError); break;
      case 'close': if (to.editor().isOpen()) to.editor().close(); break;
      case 'undo':
        if (inField) document.execCommand('undo');
        else travel(undo, 'app.undone');
        break;
      case 'redo':
        if (inField) document.execCommand('redo');
        else travel(redo, 'app.redone');
        break;
    }
  };
}
