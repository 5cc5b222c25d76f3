import { t } from '../langs';
import type { AppInfo } from '../stores/app';

/** Shows where the plan lives, so the user always knows which data is open, and a place for news. */
export function renderStatusLine(el: HTMLElement, info: AppInfo): void {
  el.replaceChildren();
  const message = document.createElement('span');
  message.className = 'message';
  const label = document.createElement('span');
  label.className = 'data-label';
  label.textContent = t('app.dataFolder');
  const dir = document.createElement('code');
  dir.className = 'data-dir';
  dir.textContent = info.dataDir;
  const ver = document.createElement('span');
  ver.className = 'version';
  ver.textContent = `Postplan ${info.version}`;
  el.append(message, label, dir, ver);
}

/** Says what just happened (saved, undone, or why something failed). */
export function showStatusMessage(el: HTMLElement, text: string, isError = false): void {
  let message = el.querySelector<HTMLElement>('.message');
  if (!message) {
    message = document.createElement('span');
    message.className = 'message';
    el.prepend(message);
  }
  message.textContent = text;
  message.classList.toggle('error', isError);
}

/** Re-says the status line's fixed words after a language change. */
export function relabelStatusLine(el: HTMLElement): void {
  const label = el.querySelector('.data-label');
  if (label) label.textContent = t('app.dataFolder');
}

/** Shows a start-up failure in the status line instead of leaving it blank. */
export function renderStatusError(el: HTMLElement, message: string): void {
  el.replaceChildren();
  el.classList.add('error');
  el.textContent = message;
}
