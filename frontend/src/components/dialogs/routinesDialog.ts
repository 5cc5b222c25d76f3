import type { PlanError } from '../../api/errors';
import { routinesApi, type RoutineView, type TurnView } from '../../api/routines';
import { locale, t, translateError, type MessageKey } from '../../langs';
import { currentTeam } from '../../stores/team';
import { dateInput, timeInput } from '../common/dateField';
import { h, uid } from '../common/dom';

const templates = ['weekly-numbers', 'results-meeting', 'rota-weekly', 'rota-split'] as const;

function turnDates(v: TurnView, allDay: boolean): string {
  const lang = locale();
  const start = new Date(allDay ? v.start + 'T00:00:00' : v.start);
  if (!allDay) return start.toLocaleString(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const end = new Date(v.end + 'T00:00:00');
  end.setDate(end.getDate() - 1);
  const d = (x: Date): string => x.toLocaleDateString(lang, { weekday: 'short', day: 'numeric', month: 'short' });
  return end > start ? `${d(start)} – ${d(end)}` : d(start);
}

/**
 * The routines view: meetings and rotas from templates or from scratch,
 * each with its next turns; a rota's turn can be swapped with another.
 */
export function openRoutinesDialog(onChanged: () => void): void {
  document.getElementById('routines-dialog')?.remove();
  const dialog = h('dialog', { id: 'routines-dialog', 'aria-labelledby': 'routines-title', class: 'wide' });
  const list = h('div', { class: 'routine-list' });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const close = h('button', { type: 'button', class: 'close' }, t('settings.close'));
  close.addEventListener('click', () => dialog.close());
  const tpl = h('div', { class: 'routine-templates', role: 'group', 'aria-label': t('rot.templates') },
    ...templates.map((key) => {
      const b = h('button', { type: 'button', name: `template-${key}` }, t(`rot.tpl.${key}` as MessageKey));
      b.addEventListener('click', () => routinesApi.fromTemplate(key).then(changed, fail));
      return b;
    }));
  const formSlot = h('div', { class: 'routine-form-slot' }, routineForm());
  dialog.append(h('h2', { id: 'routines-title' }, t('rot.title')), tpl, message, list, formSlot, close);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  function fail(err: unknown): void {
    message.textContent = translateError(err as PlanError);
  }
  function changed(): void {
    message.textContent = '';
    onChanged();
    void render();
  }

  async function render(): Promise<void> {
    const routines = await routinesApi.list();
    list.replaceChildren(...(routines.length ? routines.map(routineBlock) : [h('p', {}, t('rot.none'))]));
  }

  function routineBlock(r: RoutineView): HTMLElement {
    const remove = h('button', { type: 'button', name: 'delete', 'aria-label': `${t('settings.delete')} – ${r.name}` }, t('settings.delete'));
    remove.addEventListener('click', () => routinesApi.remove(r.id).then(changed, fail));
    const edit = h('button', { type: 'button', name: 'edit', 'aria-label': `${t('rot.edit')} – ${r.name}` }, t('rot.edit'));
    edit.addEventListener('click', () => {
      formSlot.replaceChildren(routineForm(r));
      formSlot.querySelector<HTMLElement>('input[name=name]')?.focus();
    });
    const rota = r.kind === 'rota';
    const rows = r.turns.map((turn) => {
      const tr = h('tr', { 'data-original': turn.original },
        h('td', {}, turnDates(turn, r.allDay)), rota ? h('td', { class: 'member' }, turn.name, turn.swapped ? ' ⇄' : '') : null);
      if (rota) {
        const others = r.turns.filter((o) => o.member !== turn.member);
        const label = t('rot.swapWith', { date: turnDates(turn, r.allDay) });
        const pick = h('select', { name: 'with', 'aria-label': label },
          ...others.map((o) => h('option', { value: o.original }, `${turnDates(o, r.allDay)}: ${o.name}`)));
        const swap = h('button', { type: 'button', name: 'swap', 'aria-label': `${t('rot.swap')} – ${label}` }, t('rot.swap'));
        swap.addEventListener('click', () => routinesApi.swap(r.id, turn.original, pick.value).then(changed, fail));
        tr.append(h('td', {}, pick, ' ', swap));
      }
      return tr;
    });
    return h('section', { class: `routine routine-${r.kind}`, 'data-id': r.id, 'aria-label': r.name },
      h('h3', {}, (rota ? '👁 ' : '◷ ') + r.name, ' ', h('small', {}, t(`rot.kind.${r.kind}` as MessageKey) + ' · ' + r.rule)),
      h('table', { class: 'turns' }, h('caption', {}, t('rot.next')), h('tbody', {}, ...rows)), edit, ' ', remove);
  }

  /** A new routine's form, or, given one, the form that edits it. */
  function routineForm(r?: RoutineView): HTMLElement {
    const f = (label: string, input: HTMLElement): HTMLElement => {
      input.id = uid('r');
      return h('div', { class: 'field' }, h('label', { for: input.id }, label), input,
        h('span', { class: 'field-error', 'data-for': input.getAttribute('name') ?? '', role: 'alert' }));
    };
    const name = h('input', { name: 'name', value: r?.name ?? '' });
    const kind = h('select', { name: 'kind', disabled: Boolean(r) },
      h('option', { value: 'meeting', selected: r?.kind === 'meeting' }, t('rot.kind.meeting')),
      h('option', { value: 'rota', selected: r?.kind === 'rota' }, t('rot.kind.rota')));
    const date = dateInput({ name: 'date', value: r?.date ?? '' });
    const time = timeInput({ name: 'time', value: r?.time || '09:00' });
    const minutes = h('input', { name: 'minutes', type: 'number', min: '0', value: String(r?.minutes ?? 30) });
    const allDay = h('input', { name: 'allDay', type: 'checkbox', checked: r?.allDay ?? false });
    const rule = h('input', { name: 'rule', value: r?.rule ?? 'FREQ=WEEKLY;BYDAY=MO' });
    // The rota's members in their order, then the rest of the team.
    const team = currentTeam().members;
    const inRota = (r?.members ?? []).map((id) => team.find((m) => m.id === id)).filter((m) => m !== undefined);
    const ordered = [...inRota, ...team.filter((m) => !inRota.includes(m))];
    const order = h('ol', { class: 'member-order' }, ...ordered.map((m) => {
      const up = h('button', { type: 'button', name: 'up', class: 'link', 'aria-label': t('rot.moveUp', { name: m.name }) }, '↑');
      const li = h('li', {}, h('label', {}, h('input', { type: 'checkbox', name: 'member', value: m.id, checked: inRota.includes(m) }), ' ' + m.name), ' ', up);
      up.addEventListener('click', () => { li.previousElementSibling?.before(li); up.focus(); });
      return li;
    }));
    const members = h('fieldset', { class: 'members' }, h('legend', {}, t('rot.members')), r ? h('small', {}, t('rot.orderHint')) : '',
      order, h('span', { class: 'field-error', 'data-for': 'members', role: 'alert' }));
    const heading = r ? t('rot.editTitle', { name: r.name }) : t('rot.new');
    const form = h('form', { class: 'routine-form', 'aria-label': heading }, h('h3', {}, heading),
      h('div', { class: 'row' }, f(t('rot.name'), name), f(t('rot.kind'), kind)),
      h('div', { class: 'row' }, f(t('rot.date'), date), f(t('rot.time'), time), f(t('rot.minutes'), minutes),
        h('label', {}, allDay, ' ' + t('rot.allDay'))),
      f(t('rot.rule'), rule), members, h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit' }, r ? t('rot.saveEdit') : t('rot.create')));
    if (r) {
      const cancel = h('button', { type: 'button' }, t('due.cancel'));
      cancel.addEventListener('click', () => formSlot.replaceChildren(routineForm()));
      form.append(' ', cancel);
    }
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      form.querySelectorAll('.field-error, .form-error').forEach((e) => (e.textContent = ''));
      const picked = [...form.querySelectorAll<HTMLInputElement>('input[name=member]:checked')].map((i) => i.value);
      const input = {
        id: r?.id ?? '', name: name.value, kind: kind.value, date: date.value, time: allDay.checked ? '' : time.value,
        minutes: Number(minutes.value) || 0, allDay: allDay.checked, timeZone: r?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
        rule: rule.value, members: picked, notes: r?.notes ?? '',
      };
      (r ? routinesApi.update(input) : routinesApi.create(input)).then(() => {
        formSlot.replaceChildren(routineForm());
        changed();
      }, (err: unknown) => {
        const e = err as PlanError;
        const slot = form.querySelector<HTMLElement>(`.field-error[data-for="${e.field ?? ''}"]`) ?? form.querySelector<HTMLElement>('.form-error');
        if (slot) slot.textContent = translateError(e);
      });
    });
    return form;
  }

  void render().catch(fail);
}
