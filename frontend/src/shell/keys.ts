/** What a key press asks for, when focus is not in a field. */
export type Action =
  | 'prev' | 'next' | 'today' | 'view:month' | 'view:week' | 'view:agenda' | 'glance' | 'new' | 'search' | 'close' | 'undo' | 'redo'
  | 'import' | 'export' | 'due';

/** Whether typing here is text entry, where letters and Ctrl+Z belong to the field. */
export function isTextEntry(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'color'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable === true;
}

/**
 * Maps a key press to an action: arrows or j/k move a period, t today,
 * m/w/a switch view, g the week at a glance, d what is due now, n new post, / search, Esc closes; Ctrl+Z and
 * Ctrl+Shift+Z (or Ctrl+Y) undo and redo the plan outside text fields, Ctrl+I and Ctrl+E
 * import and export.
 */
export function actionFor(e: KeyboardEvent, inField: boolean): Action | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') return 'close';
  if (mod && !e.altKey) {
    if (inField) return null;
    const k = e.key.toLowerCase();
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    if (k === 'i' && !e.shiftKey) return 'import';
    if (k === 'e' && !e.shiftKey) return 'export';
    return null;
  }
  if (inField || e.altKey) return null;
  switch (e.key) {
    case 'ArrowLeft': case 'k': return 'prev';
    case 'ArrowRight': case 'j': return 'next';
    case 't': return 'today';
    case 'm': return 'view:month';
    case 'w': return 'view:week';
    case 'a': return 'view:agenda';
    case 'g': return 'glance';
    case 'd': return 'due';
    case 'n': return 'new';
    case '/': return 'search';
  }
  return null;
}

/**
 * Sends the window's keys and the native menu's items to perform. While a
 * dialog is open only Esc passes, and the dialog closes itself.
 */
export function bindKeysAndMenu(perform: (action: Action | string) => void, onMenu: (fn: (action: string) => void) => void): void {
  document.addEventListener('keydown', (e) => {
    if (document.querySelector('dialog[open]') && e.key !== 'Escape') return;
    const action = actionFor(e, isTextEntry(e.target as Element | null));
    if (!action) return;
    if (action === 'close' && document.querySelector('dialog[open]')) return;
    e.preventDefault();
    perform(action);
  });
  onMenu(perform);
}
