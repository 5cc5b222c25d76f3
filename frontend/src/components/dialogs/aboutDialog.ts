import type { PlanError } from '../../api/errors';
import { t, translateError } from '../../langs';
import { loadAbout, openDataFolder, type AboutInfo } from '../../stores/app';
import { h } from '../common/dom';

/**
 * Help > About Postplan: the version, where the plan and its log are (with
 * a button that shows the folder), and the licences of everything Postplan
 * ships, as collected when it was built.
 */
export async function openAboutDialog(): Promise<void> {
  document.getElementById('about-dialog')?.remove();
  let info: AboutInfo;
  try {
    info = await loadAbout();
  } catch (err) {
    info = { version: '', dataDir: '', logFile: '', licences: null };
    console.error('about', err);
  }
  const dialog = h('dialog', { id: 'about-dialog', 'aria-labelledby': 'about-title', class: 'wide' });
  const close = h('button', { type: 'button', class: 'close' }, t('about.close'));
  close.addEventListener('click', () => dialog.close());
  const status = h('p', { class: 'about-status', role: 'status' });
  const open = h('button', { type: 'button', class: 'open-folder' }, t('about.openFolder'));
  open.addEventListener('click', () => {
    status.textContent = '';
    openDataFolder().catch((err: unknown) => (status.textContent = translateError(err as PlanError)));
  });
  const licences: HTMLElement[] = (info.licences ?? []).map((l) => h('details', { class: 'licence' },
    h('summary', {}, `${l.name} ${l.version} · ${l.licence}`),
    h('pre', { tabindex: '0' }, l.text)));
  if (info.licences === null) licences.push(h('p', {}, t('about.noLicences')));
  dialog.append(
    h('h2', { id: 'about-title' }, t('about.title')),
    h('p', { class: 'about-version' }, t('about.version', { version: info.version })),
    h('dl', { class: 'about-facts' },
      h('dt', {}, t('about.dataFolder')), h('dd', {}, h('code', { class: 'about-data' }, info.dataDir), ' ', open),
      h('dt', {}, t('about.logFile')), h('dd', {}, h('code', { class: 'about-log' }, info.logFile))),
    status,
    h('p', {}, t('about.keep')),
    h('h3', { id: 'about-licences' }, t('about.licences', { n: String(info.licences?.length ?? 0) })),
    h('div', { class: 'licences', role: 'region', 'aria-labelledby': 'about-licences' }, ...licences),
    close,
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}
