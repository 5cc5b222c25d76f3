import './style.css';
import { defaultCalendarSettings, mountPlanCalendar } from './components/calendar/planCalendar';
import { renderEmptyState } from './components/emptyState';
import { openFeedsDialog } from './components/feedsDialog';
import { renderStatusError, renderStatusLine } from './components/statusLine';
import { loadAppInfo, reportReady } from './stores/app';
import { loadSamplePlan, loadWindow, onPlanChanged, planIsEmpty } from './stores/plan';

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

const status = byId('status');
const showError = (err: unknown): void =>
  renderStatusError(status, err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err));

const cal = mountPlanCalendar(
  byId('calendar'),
  { ...defaultCalendarSettings, onFeeds: () => void openFeedsDialog() },
  reportReady,
  loadWindow,
  showError,
);

loadAppInfo()
  .then((info) => renderStatusLine(status, info))
  .catch((err: unknown) => renderStatusError(status, `Could not reach Postplan: ${String(err)}`));

planIsEmpty()
  .then((empty) => {
    if (empty) renderEmptyState(byId('empty'), loadSamplePlan, () => cal.refetchEvents());
  })
  .catch(showError);

onPlanChanged(() => {
  byId('empty').hidden = true;
  cal.refetchEvents();
});
