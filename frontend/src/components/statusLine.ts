import type { AppInfo } from '../stores/app';

/** Shows where the plan lives, so the user always knows which data is open. */
export function renderStatusLine(el: HTMLElement, info: AppInfo): void {
  el.replaceChildren();
  const label = document.createElement('span');
  label.textContent = 'Data folder: ';
  const dir = document.createElement('code');
  dir.className = 'data-dir';
  dir.textContent = info.dataDir;
  const ver = document.createElement('span');
  ver.className = 'version';
  ver.textContent = `Postplan ${info.version}`;
  el.append(label, dir, ver);
}

/** Shows a start-up failure in the status line instead of leaving it blank. */
export function renderStatusError(el: HTMLElement, message: string): void {
  el.replaceChildren();
  el.classList.add('error');
  el.textContent = message;
}
