import type { Scope } from '../../api/planner';
import { t } from '../../langs';
import { h } from '../common/dom';

/**
 * Asks which occurrences of a series a change applies to, as calendar apps
 * do; resolves null when the user cancels (Esc or Cancel).
 */
export function askScope(kind: 'edit' | 'delete'): Promise<Scope | null> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { id: 'scope-dialog', 'aria-labelledby': 'scope-title' });
    let answer: Scope | null = null;
    const choice = (scope: Scope, label: string): HTMLButtonElement => {
      const b = h('button', { type: 'button', 'data-scope': scope }, label);
      b.addEventListener('click', () => {
        answer = scope;
        dialog.close();
      });
      return b;
    };
    const cancel = h('button', { type: 'button' }, t('scope.cancel'));
    cancel.addEventListener('click', () => dialog.close());
    const first = choice('this', t('scope.this'));
    dialog.append(
      h('h2', { id: 'scope-title' }, t('scope.title')),
      h('p', {}, t(kind === 'delete' ? 'scope.deleteQuestion' : 'scope.question')),
      h('div', { class: 'dialog-actions' }, first, choice('following', t('scope.following')), choice('all', t('scope.all')), cancel),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    first.focus();
  });
}
