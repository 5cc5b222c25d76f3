import type { Filter } from '../api/planner';
import { askScope } from '../components/dialogs/scopeDialog';
import { createPostEditor, type PostEditor } from '../components/editor/postEditor';
import { renderEmptyState } from '../components/emptyState';
import { renderFilterBar } from '../components/filterBar';
import { mountGlance, type Glance } from '../components/glance/weekGlance';
import { mountIdeas } from '../components/sidebar/ideas';
import { relabelStatusLine, renderStatusError, renderStatusLine } from '../components/statusLine';
import { language, onLanguage, t } from '../langs';
import { chooseMedia, loadAppInfo, onMenu } from '../stores/app';
import {
  loadIdeas, loadPost, loadSamplePlan, newPost, onPlanChanged, planChangedElsewhere, planIsEmpty, previewRule, removePost, savePost,
} from '../stores/plan';
import { loadPreferences, preferences, updatePreferences } from '../stores/prefs';
import { currentTeam, loadTeam } from '../stores/team';
import { createActions } from './actions';
import { mountCalendarView, type CalendarView } from './calendarView';
import { bindKeysAndMenu } from './keys';
import { byId, say, sayError } from './status';
import { createViews } from './views';
import { dialogs } from './lazy';
import { mountReminders } from '../components/reminders';

/**
 * Builds the window: the calendar, the editor, the ideas, the week at a
 * glance and the filter bar, and wires the actions that keys, menus and
 * buttons ask for. Each part is its own module; this only connects them.
 */
export async function start(): Promise<void> {
  await Promise.all([loadPreferences().catch(sayError), loadTeam().catch(sayError)]);
  const els = { calendar: byId('calendar'), ideas: byId('ideas'), glance: byId('glance'), filters: byId('filters') };
  const status = byId('status');

  // Shows the plan again after a change: the view on screen, and the ideas.
  const refresh = async (): Promise<void> => {
    const ideasDrawn = ideas.reload().catch(sayError);
    if (views.glanceOpen()) {
      // The calendar is hidden and draws nothing to wait for; the week
      // view is what the user sees.
      calendar.cal.refetchEvents();
      await Promise.all([glance.refresh().catch(sayError), ideasDrawn]);
      return;
    }
    await Promise.all([calendar.redraw(), ideasDrawn]);
  };
  const changedElsewhere = (): void => {
    planChangedElsewhere();
    void refresh();
  };

  const editor: PostEditor = createPostEditor(byId('editor'), {
    team: currentTeam,
    save: savePost,
    remove: removePost,
    preview: previewRule,
    chooseMedia,
    askScope,
    onDone: (what) => {
      void refresh();
      say(what === 'saved' ? t('app.saved') : `${t('step.delete')} ✓ (Ctrl+Z)`);
    },
    onClose: () => (views.glanceOpen() ? els.glance : els.calendar).focus(),
  });
  const openPost = (id: string, original = ''): void => {
    loadPost(id, original).then((p) => editor.open(p), sayError);
  };
  const ideas = mountIdeas(els.ideas, loadIdeas, (id) => openPost(id), () => editor.open(newPost()));

  let search: HTMLInputElement;
  const renderFilters = (): void => {
    search = renderFilterBar(els.filters, currentTeam(), preferences().filter, (f: Filter) => {
      void updatePreferences({ filter: f }).catch(sayError);
      renderFilters();
      void refresh();
    });
  };

  let perform = (_action: string): void => undefined;
  const calendar: CalendarView = mountCalendarView(els.calendar, {
    perform: (a) => perform(a),
    openPost,
    newPostAt: (start, allDay) => editor.open(newPost(start, allDay)),
    isOverIdeas: (x, y) => ideas.contains(x, y),
    refresh,
  });
  const views = createViews(els, () => calendar, () => glance, () => { renderFilters(); void refresh(); });
  const glance: Glance = mountGlance(els.glance, {
    openPost,
    showCalendar: views.showCalendar,
    openExperiment: (id) => void dialogs.experiments().then((d) => d.openExperimentsDialog(changedElsewhere, id), sayError),
    openRoutines: () => perform('routines'),
    say,
  });
  perform = createActions({
    calendar: () => calendar, editor: () => editor, glance: () => glance, views, ideas: els.ideas, search: () => search,
    changedElsewhere, renderFilters, refresh, openPost,
  });
  mountReminders(byId('reminders'), { openPost, showDue: () => perform('due'), refresh: changedElsewhere });

  renderFilters();
  void ideas.reload().catch(sayError);
  bindKeysAndMenu(perform, onMenu);

  onLanguage(() => {
    calendar.remount();
    renderFilters();
    relabelStatusLine(status);
    void ideas.reload().catch(sayError);
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
