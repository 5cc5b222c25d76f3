import type { PlanError } from '../api/errors';
import { recoveryApi, type RecoveryState } from '../api/recovery';
import { locale, setLanguage, systemLanguage, t, translateError } from '../langs';
import { h } from './common/dom';

/**
 * The page of the recovery window: what is wrong with the plan, in plain
 * words, and the way out: restore the newest automatic backup (the default
 * button), or another backup file, or quit. The plan's files are kept
 * aside, never deleted.
 */
export async function renderRecovery(root: HTMLElement): Promise<void> {
  setLanguage(systemLanguage());
  const page = h('main', { id: 'recovery', 'aria-labelledby': 'recovery-title' });
  root.replaceChildren(page);
  const message = h('p', { id: 'recovery-message', role: 'alert' });
  const show = (s: RecoveryState): void => {
    const when = s.backupTaken ? new Date(s.backupTaken).toLocaleString(locale(), { dateStyle: 'full', timeStyle: 'short' }) : '';
    const restored = s.kept !== '';
    message.textContent = '';
    const primary = restored
      ? h('button', { type: 'button', class: 'primary', onclick: () => void recoveryApi.openPlan() }, t('recovery.open'))
      : s.backup
        ? h('button', { type: 'button', class: 'primary', onclick: () => act(recoveryApi.restoreNewest) }, t('recovery.restoreNewest'))
        : null;
    const parts: (HTMLElement | false)[] = [
      h('h1', { id: 'recovery-title' }, restored ? t('recovery.restoredTitle') : t('recovery.title')),
      restored
        ? h('p', {}, t('recovery.restored', { kept: s.kept }))
        : h('p', {}, t(s.tooNew ? 'recovery.tooNew' : 'recovery.damaged', { dir: s.dataDir })),
      !restored && h('p', {}, s.backup ? t('recovery.backup', { when, file: s.backup }) : t('recovery.noBackup')),
      !restored && h('p', {}, t('recovery.keepNote')),
      message,
      h('div', { class: 'dialog-actions' }, primary,
        !restored && h('button', { type: 'button', class: primary ? undefined : 'primary', onclick: () => act(() => recoveryApi.restoreChosen(t('recovery.chooseTitle'))) },
          t('recovery.restoreFile')),
        h('button', { type: 'button', onclick: () => void recoveryApi.quit() }, t('recovery.quit'))),
      !restored && h('details', {}, h('summary', {}, t('recovery.detail')), h('pre', {}, s.detail)),
    ];
    page.replaceChildren(...parts.filter((e): e is HTMLElement => e !== false));
    (page.querySelector<HTMLButtonElement>('button.primary') ?? page.querySelector('button'))?.focus();
  };
  const act = (fn: () => Promise<RecoveryState>): void => {
    message.textContent = t('recovery.working');
    for (const b of page.querySelectorAll('button')) b.disabled = true;
    fn().then(show, (err: unknown) => {
      for (const b of page.querySelectorAll('button')) b.disabled = false;
      message.textContent = translateError(err as PlanError);
    });
  };
  try {
    show(await recoveryApi.state());
  } catch (err) {
    page.append(h('p', { role: 'alert' }, translateError(err as PlanError)));
  }
}
