import './style.css';
import { defaultCalendarSettings, mountPlanCalendar } from './components/calendar/planCalendar';
import { renderStatusError, renderStatusLine } from './components/statusLine';
import { loadAppInfo, reportReady } from './stores/app';

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

mountPlanCalendar(byId('calendar'), defaultCalendarSettings, reportReady);

const status = byId('status');
loadAppInfo()
  .then((info) => renderStatusLine(status, info))
  .catch((err: unknown) => renderStatusError(status, `Could not reach Postplan: ${String(err)}`));
