import { t } from '../langs';

/**
 * Offers the sample plan when the plan is empty. load resolves with the
 * number of posts added; the banner then removes itself.
 */
export function renderEmptyState(el: HTMLElement, load: () => Promise<number>, onLoaded: () => void): void {
  el.replaceChildren();
  el.hidden = false;
  const text = document.createElement('span');
  text.textContent = t('app.empty');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'load-sample';
  button.textContent = t('app.loadSample');
  const message = document.createElement('span');
  message.className = 'message';
  message.setAttribute('role', 'alert');
  button.addEventListener('click', () => {
    button.disabled = true;
    load()
      .then(() => {
        el.hidden = true;
        onLoaded();
      })
      .catch((err: unknown) => {
        button.disabled = false;
        message.textContent = err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
      });
  });
  el.append(text, button, message);
}
