import type { PlanError } from '../../api/errors';
import { teamApi, type CampaignView, type ChannelView, type MemberView } from '../../api/team';
import { languageNames, languages, systemLanguage, t, translateError } from '../../langs';
import { preferences, updatePreferences } from '../../stores/prefs';
import { currentTeam, loadTeam } from '../../stores/team';
import { dateInput } from '../common/dateField';
import { h, uid } from '../common/dom';

interface Column<T> {
  key: keyof T & string;
  label: string;
  type?: string;
}

/**
 * The settings view: language and week start, then the team's campaigns,
 * members and channels, each a table of rows saved one at a time, with a
 * last empty row to add one.
 */
export function openSettingsDialog(onChanged: () => void): void {
  document.getElementById('settings-dialog')?.remove();
  const dialog = h('dialog', { id: 'settings-dialog', 'aria-labelledby': 'settings-title' });
  const content = h('div', { class: 'settings-content' });
  const heading = h('h2', { id: 'settings-title' });
  const closeButton = h('button', { type: 'button', class: 'close' });
  closeButton.addEventListener('click', () => dialog.close());
  dialog.append(heading, content, closeButton);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);

  function render(): void {
    heading.textContent = t('settings.title');
    closeButton.textContent = t('settings.close');
    const team = currentTeam();
    const prefs = preferences();
    const langId = uid('lang');
    const lang = h('select', { id: langId, name: 'language' },
      h('option', { value: '', selected: prefs.language === '' }, t('settings.system', { lang: languageNames[systemLanguage()] })),
      ...languages.map((l) => h('option', { value: l, selected: prefs.language === l, lang: l }, languageNames[l])));
    lang.addEventListener('change', () => {
      void updatePreferences({ language: lang.value }).then(() => {
        onChanged();
        render();
        content.querySelector<HTMLElement>(`select[name=language]`)?.focus();
      });
    });
    const dayId = uid('firstday');
    const firstDay = h('select', { id: dayId, name: 'firstDay' },
      h('option', { value: '1', selected: prefs.firstDay === 1 }, t('settings.monday')),
      h('option', { value: '0', selected: prefs.firstDay === 0 }, t('settings.sunday')));
    firstDay.addEventListener('change', () => void updatePreferences({ firstDay: Number(firstDay.value) }).then(onChanged));

    const remind = h('input', { type: 'checkbox', name: 'remind', checked: prefs.remind });
    const beforeId = uid('before');
    const before = h('input', { id: beforeId, type: 'number', name: 'remindBefore', min: '0', max: '1440', value: String(prefs.remindBefore) });
    const beforeError = h('span', { class: 'field-error', 'data-for': 'remindBefore', role: 'alert' });
    const saveReminders = (): void => {
      beforeError.textContent = '';
      void updatePreferences({ remind: remind.checked, remindBefore: Math.max(0, Math.round(Number(before.value) || 0)) })
        .catch((err: unknown) => (beforeError.textContent = translateError(err as PlanError)));
    };
    remind.addEventListener('change', saveReminders);
    before.addEventListener('change', saveReminders);

    content.replaceChildren(
      h('div', { class: 'row' },
        h('div', { class: 'field' }, h('label', { for: langId }, t('settings.language')), lang),
        h('div', { class: 'field' }, h('label', { for: dayId }, t('settings.firstDay')), firstDay)),
      h('fieldset', { class: 'reminders' }, h('legend', {}, t('set.reminders')),
        h('label', {}, remind, ' ' + t('set.remind')),
        h('div', { class: 'field' }, h('label', { for: beforeId }, t('set.remindBefore')), before, beforeError)),
      table<CampaignView>(t('settings.campaigns'), 'campaigns', team.campaigns,
        [{ key: 'tag', label: t('settings.tag') }, { key: 'name', label: t('settings.name') },
          { key: 'colour', label: t('settings.colour'), type: 'color' },
          { key: 'starts', label: t('settings.starts'), type: 'date' }, { key: 'ends', label: t('settings.ends'), type: 'date' }],
        { tag: '', name: '', colour: '#0f766e', hashtag: '', starts: '', ends: '', goal: '' },
        (c) => teamApi.saveCampaign(c), (c) => teamApi.deleteCampaign(c.tag), (c) => c.tag !== ''),
      table<MemberView>(t('settings.members'), 'members', team.members,
        [{ key: 'name', label: t('settings.name') }, { key: 'email', label: t('settings.email'), type: 'email' },
          { key: 'colour', label: t('settings.colour'), type: 'color' }],
        { id: '', name: '', email: '', colour: '#7c3aed' }, (m) => teamApi.saveMember(m).then(() => undefined), undefined, (m) => m.id !== ''),
      table<ChannelView>(t('settings.channels'), 'channels', team.channels,
        [{ key: 'name', label: t('settings.name') }, { key: 'weeklyTarget', label: t('settings.weeklyTarget'), type: 'number' },
          { key: 'charLimit', label: t('settings.charLimit'), type: 'number' }],
        { name: '', weeklyTarget: 0, charLimit: 0 }, (c) => teamApi.saveChannel(c), undefined, (c) => c.name !== ''),
    );
  }

  function table<T extends object>(title: string, name: string, rows: readonly T[], cols: Column<T>[], blank: T,
    save: (row: T) => Promise<void>, remove: ((row: T) => Promise<void>) | undefined, saved: (row: T) => boolean): HTMLElement {
    const body = h('tbody');
    for (const row of [...rows, blank]) {
      const value = { ...row } as Record<string, unknown>;
      const message = h('td', { class: 'row-message', 'aria-live': 'polite' });
      const tr = h('tr');
      for (const c of cols) {
        const v = value[c.key];
        const attrs = {
          name: c.key, value: String(v ?? ''), 'aria-label': `${c.label}${saved(row) ? '' : ` (${t('settings.add')})`}`,
          readonly: (c.key === 'tag' || (name === 'channels' && c.key === 'name')) && saved(row),
          class: c.type === 'number' ? 'narrow' : undefined,
        };
        const input = c.type === 'date' ? dateInput(attrs) : h('input', { ...attrs, type: c.type ?? 'text' });
        input.addEventListener('change', () => {
          value[c.key] = c.type === 'number' ? Number(input.value) : input.value;
        });
        tr.append(h('td', {}, input));
      }
      const act = h('button', { type: 'button' }, saved(row) ? t('settings.save') : t('settings.add'));
      act.addEventListener('click', () => {
        save(value as T).then(async () => {
          await loadTeam();
          onChanged();
          render();
        }, (err: unknown) => {
          message.textContent = translateError(err as PlanError);
          const field = (err as PlanError).field;
          if (field) tr.querySelector<HTMLElement>(`[name=${field}]`)?.setAttribute('aria-invalid', 'true');
        });
      });
      const actions = h('td', {}, act);
      if (remove && saved(row)) {
        const del = h('button', { type: 'button', class: 'danger' }, t('settings.delete'));
        del.addEventListener('click', () => {
          remove(row).then(async () => {
            await loadTeam();
            onChanged();
            render();
          }, (err: unknown) => (message.textContent = translateError(err as PlanError)));
        });
        actions.append(del);
      }
      tr.append(actions, message);
      body.append(tr);
    }
    return h('section', { class: `settings-${name}`, 'aria-label': title }, h('h3', {}, title),
      h('table', {}, h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c.label)), h('th', {}), h('th', {}))), body));
  }

  render();
  dialog.showModal();
}
