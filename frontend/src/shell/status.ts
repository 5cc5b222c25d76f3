import type { PlanError } from '../api/errors';
import { showStatusMessage } from '../components/statusLine';
import { translateError } from '../langs';

/** The element with id, which index.html must have. */
export function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el;
}

/** Says what just happened in the status line. */
export function say(text: string, isError = false): void {
  showStatusMessage(byId('status'), text, isError);
}

/** Says why something failed, in the window's language. */
export function sayError(err: unknown): void {
  say(translateError(err as PlanError), true);
}
