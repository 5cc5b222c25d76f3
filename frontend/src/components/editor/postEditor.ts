import type { PlanError } from '../../api/errors';
import type { PostInput, Scope } from '../../api/planner';
import type { TeamView } from '../../api/team';
import { t, translateError } from '../../langs';
import { h, uid } from '../common/dom';
import { channelFields } from './channelFields';
import { repeatFields } from './repeatFields';

export interface EditorDeps {
  team: () => Readonly<TeamView>;
  save: (p: PostInput) => Promise<PostInput>;
  remove: (p: PostInput, scope: Scope | '') => Promise<void>;
  preview: (p: PostInput) => Promise<string[]>;
  chooseMedia: () => Promise<string[]>;
  /** Asks "this one / this and following / all"; null when cancelled. */
  askScope: (kind: 'edit' | 'delete') => Promise<Scope | null>;
  onDone: (what: 'saved' | 'deleted') => void;
  onClose: () => void;
}

export interface PostEditor {
  open(p: PostInput): void;
  close(): void;
  isOpen(): boolean;
}

/** Where an error's field is shown: Go's field names mapped to the form's. */
export function formField(field: string | undefined): string {
  if (!field) return 'general';
  const base = (field.split('.')[0] ?? '').replace(/\[\d+\]$/, '');
  const map: Record<string, string> = {
    start: 'date', duration: 'minutes', recurrence: 'rule', overrides: 'rule', original: 'general', scope: 'general',
    updated: 'general', variants: 'channels',
  };
  return map[base] ?? base;
}

/**
 * The list of time zone names the zone field suggests: some 400 options,
 * built once for the page rather than each time the editor opens.
 */
function zoneList(): string {
  const id = 'time-zones';
  if (!document.getElementById(id)) {
    const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
    document.body.append(h('datalist', { id }, ...names.map((z) => h('option', { value: z }))));
  }
  return id;
}

/**
 * The side panel that creates and edits posts with every field of the
 * model. Nothing is saved until Save; errors from Go appear at their field.
 */
export function createPostEditor(el: HTMLElement, deps: EditorDeps): PostEditor {
  let current: PostInput | undefined;

  function close(): void {
    if (!current) return;
    current = undefined;
    el.hidden = true;
    el.replaceChildren();
    deps.onClose();
  }

  function open(p: PostInput): void {
    current = p;
    const team = deps.team();
    el.hidden = false;
    el.replaceChildren();
    const form = h('form', { class: 'editor-form', novalidate: true });
    const general = h('p', { class: 'field-error general', id: 'error-general', role: 'alert' });

    const field = (name: string, label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement => {
      control.id = `field-${name}`;
      control.setAttribute('name', name);
      control.setAttribute('aria-describedby', `error-${name}`);
      return h('div', { class: `field field-${name}` }, h('label', { for: control.id }, label), control, extra,
        h('p', { class: 'field-error', id: `error-${name}`, 'aria-live': 'polite' }));
    };

    const title = h('input', { value: p.title, maxlength: 300, autocomplete: 'off' });
    const body = h('textarea', { rows: 5 });
    body.value = p.body;
    const channels = channelFields(team.channels, p.channels, p.variants ?? {}, () => body.value);
    body.addEventListener('input', () => channels.refresh());

    const date = h('input', { type: 'date', value: p.date });
    const time = h('input', { type: 'time', value: p.time || '09:00', step: 300 });
    const allDay = h('input', { type: 'checkbox', id: uid('allday'), checked: p.allDay });
    const minutes = h('input', { type: 'number', min: 0, max: 20160, step: 5, value: p.minutes || 30, class: 'narrow' });
    const zone = h('input', { value: p.timeZone, list: zoneList(), autocomplete: 'off', spellcheck: 'false' });
    const syncAllDay = (): void => {
      time.disabled = allDay.checked;
      minutes.disabled = allDay.checked;
    };
    allDay.addEventListener('change', syncAllDay);
    syncAllDay();

    const status = h('select', {}, ...['idea', 'draft', 'ready', 'scheduled', 'published', 'cancelled'].map((s) =>
      h('option', { value: s, selected: p.status === s }, t(`status.${s}` as 'status.idea'))));
    const assignee = h('select', {}, h('option', { value: '' }, t('editor.nobody')),
      ...team.members.map((m) => h('option', { value: m.id, selected: p.assignee === m.id }, m.name)));

    // Campaign tags: chips plus an input that autocompletes known tags.
    const tags = [...p.tags];
    const chips = h('ul', { class: 'chips', 'aria-label': t('editor.tags') });
    const tagList = uid('tags');
    const tagInput = h('input', { list: tagList, autocomplete: 'off', placeholder: t('editor.addTag') });
    const renderChips = (): void => {
      chips.replaceChildren(...tags.map((tag) => {
        const c = team.campaigns.find((x) => x.tag === tag);
        const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('editor.removeTag', { tag }) }, '×');
        remove.addEventListener('click', () => {
          tags.splice(tags.indexOf(tag), 1);
          renderChips();
        });
        return h('li', { class: 'chip', style: c ? `--chip: ${c.colour}` : undefined }, c ? c.name : tag, remove);
      }));
    };
    const addTag = (): void => {
      const v = tagInput.value.trim();
      if (!v) return;
      const match = team.campaigns.find((c) => c.tag === v || c.name.toLowerCase() === v.toLowerCase());
      const tag = match ? match.tag : v;
      if (!tags.includes(tag)) tags.push(tag);
      tagInput.value = '';
      renderChips();
    };
    tagInput.addEventListener('change', addTag);
    tagInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        addTag();
      }
    });
    renderChips();

    const notes = h('textarea', { rows: 3 });
    notes.value = p.notes;
    const link = h('input', { type: 'url', value: p.link, placeholder: 'https://' });

    const media = [...p.media];
    const mediaList = h('ul', { class: 'media-list' });
    const renderMedia = (): void => {
      mediaList.replaceChildren(...media.map((m) => {
        const name = m.split(/[\\/]/).pop() ?? m;
        const remove = h('button', { type: 'button', 'aria-label': t('editor.removeMedia', { file: name }) }, '×');
        remove.addEventListener('click', () => {
          media.splice(media.indexOf(m), 1);
          renderMedia();
        });
        return h('li', { title: m }, name, remove);
      }));
    };
    renderMedia();
    const addMedia = h('button', { type: 'button', id: 'field-media' }, t('editor.addMedia'));
    addMedia.addEventListener('click', () => {
      deps.chooseMedia().then((paths) => {
        for (const path of paths) if (!media.includes(path)) media.push(path);
        renderMedia();
      }, (err: unknown) => showError(err as PlanError));
    });

    let previewTimer: ReturnType<typeof setTimeout> | undefined;
    const repeat = repeatFields(p.rule, p.date, () => schedulePreview());
    const collect = (): PostInput => ({
      ...p,
      title: title.value, body: body.value, channels: channels.channels(), variants: channels.variants(),
      date: date.value, time: allDay.checked ? '' : time.value, allDay: allDay.checked,
      minutes: allDay.checked ? 24 * 60 : Number(minutes.value) || 0, timeZone: zone.value.trim(),
      status: status.value, assignee: assignee.value, tags: [...tags], notes: notes.value, link: link.value,
      media: [...media], rule: repeat.rule(allDay.checked),
    });
    function schedulePreview(): void {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        const input = collect();
        if (!input.rule || !input.date) {
          repeat.showPreview([]);
          return;
        }
        deps.preview(input).then((s) => {
          clearFieldError('rule');
          repeat.showPreview(s);
        }, (err: unknown) => {
          repeat.showPreview(new Error('no preview'));
          showError(err as PlanError);
        });
      }, 150);
    }
    date.addEventListener('change', () => repeat.setDate(date.value));
    for (const c of [date, time, allDay, zone]) c.addEventListener('change', schedulePreview);

    function clearFieldError(name: string): void {
      const e = el.querySelector(`#error-${name}`);
      if (e) e.textContent = '';
      el.querySelector(`#field-${name}`)?.removeAttribute('aria-invalid');
    }
    function showError(err: PlanError): void {
      const name = formField(err.field);
      const target = el.querySelector<HTMLElement>(`#error-${name}`) ?? general;
      target.textContent = translateError(err);
      const control = el.querySelector<HTMLElement>(`#field-${name}`);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.focus();
      }
    }

    const save = h('button', { type: 'submit', class: 'primary' }, t('editor.save'));
    const duplicate = h('button', { type: 'button', disabled: !p.id }, t('editor.duplicate'));
    const del = h('button', { type: 'button', class: 'danger', disabled: !p.id }, t('editor.delete'));
    const closeButton = h('button', { type: 'button', class: 'close', 'aria-label': t('editor.close') }, '×');
    closeButton.addEventListener('click', close);

    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void (async () => {
        for (const e of el.querySelectorAll('.field-error')) e.textContent = '';
        for (const c of el.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
        const input = collect();
        if (p.original && p.recurring) {
          const scope = await deps.askScope('edit');
          if (!scope) return;
          input.scope = scope;
        }
        save.disabled = true;
        try {
          await deps.save(input);
          current = undefined;
          el.hidden = true;
          el.replaceChildren();
          deps.onDone('saved');
        } catch (err) {
          save.disabled = false;
          showError(err as PlanError);
        }
      })();
    });
    duplicate.addEventListener('click', () => {
      open({ ...collect(), id: '', updated: '', original: '', scope: '', recurring: false, changed: 0, title: t('editor.copyOf', { title: title.value }) });
    });
    del.addEventListener('click', () => {
      void (async () => {
        let scope: Scope | '' = '';
        if (p.original && p.recurring) {
          const s = await deps.askScope('delete');
          if (!s) return;
          scope = s;
        }
        try {
          await deps.remove(p, scope);
          current = undefined;
          el.hidden = true;
          el.replaceChildren();
          deps.onDone('deleted');
        } catch (err) {
          showError(err as PlanError);
        }
      })();
    });

    const heading = h('h2', { id: 'editor-heading' }, p.id ? t('editor.edit') : t('editor.new'));
    form.append(
      h('div', { class: 'editor-head' }, heading, closeButton),
      p.original && p.recurring ? h('p', { class: 'note' }, t('editor.occurrence')) : '',
      general,
      field('title', t('editor.title'), title),
      field('body', t('editor.body'), body),
      channels.el,
      h('div', { class: 'row' },
        field('date', t('editor.date'), date),
        field('time', t('editor.time'), time),
        h('div', { class: 'field field-allday' }, allDay, h('label', { for: allDay.id }, t('editor.allDay')))),
      h('div', { class: 'row' },
        field('minutes', t('editor.minutes'), minutes),
        field('timeZone', t('editor.timeZone'), zone)),
      h('div', { class: 'row' }, field('status', t('editor.status'), status), field('assignee', t('editor.assignee'), assignee)),
      field('tags', t('editor.tags'), tagInput, h('div', {}, chips,
        h('datalist', { id: tagList }, ...team.campaigns.map((c) => h('option', { value: c.tag }, c.name))))),
      repeat.el,
      field('notes', t('editor.notes'), notes),
      field('link', t('editor.link'), link),
      h('div', { class: 'field field-media' }, h('span', { class: 'label' }, t('editor.media')), mediaList, addMedia,
        h('p', { class: 'field-error', id: 'error-media', 'aria-live': 'polite' })),
      h('div', { class: 'editor-actions' }, save, duplicate, del),
    );
    el.append(form);
    el.setAttribute('aria-labelledby', heading.id);
    schedulePreview();
    // No scrolling into view: the panel opens at its top, and a scroll
    // would make the browser lay the page out before the panel is drawn.
    title.focus({ preventScroll: true });
    el.dispatchEvent(new CustomEvent('editor:opened', { bubbles: true }));
  }

  return { open, close, isOpen: () => current !== undefined };
}
