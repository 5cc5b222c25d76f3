import type { PlanError } from '../../api/errors';
import type { PostInput, Scope } from '../../api/planner';
import type { TeamView } from '../../api/team';
import { t } from '../../langs';
import { h } from '../common/dom';
import { channelFields } from './channelFields';
import { formErrors, labelled, type FormErrors } from './formErrors';
import { mediaField } from './mediaField';
import { repeatFields } from './repeatFields';
import { tagsField } from './tagsField';
import { timeFields } from './timeFields';

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
  if (field.endsWith('.live')) return 'live'; // an occurrence's own address
  const base = (field.split('.')[0] ?? '').replace(/\[\d+\]$/, '');
  const map: Record<string, string> = {
    start: 'date', duration: 'minutes', recurrence: 'rule', overrides: 'rule', original: 'general', scope: 'general',
    updated: 'general', variants: 'channels',
  };
  return map[base] ?? base;
}

/**
 * The side panel that creates and edits posts with every field of the
 * model. Nothing is saved until Save; errors from Go appear at their field.
 */
export function createPostEditor(el: HTMLElement, deps: EditorDeps): PostEditor {
  let current: PostInput | undefined;

  const hide = (): void => {
    current = undefined;
    el.hidden = true;
    el.replaceChildren();
  };
  function close(): void {
    if (!current) return;
    hide();
    deps.onClose();
  }

  function open(p: PostInput): void {
    current = p;
    const team = deps.team();
    el.hidden = false;
    el.replaceChildren();
    const errors = formErrors(el, formField);

    const title = h('input', { value: p.title, maxlength: 300, autocomplete: 'off' });
    const body = h('textarea', { rows: 5 });
    body.value = p.body;
    const channels = channelFields(team.channels, p.channels, p.variants ?? {}, () => body.value);
    body.addEventListener('input', () => channels.refresh());
    const when = timeFields(p);
    const status = h('select', {}, ...['idea', 'draft', 'ready', 'scheduled', 'published', 'cancelled'].map((s) =>
      h('option', { value: s, selected: p.status === s }, t(`status.${s}` as 'status.idea'))));
    const assignee = h('select', {}, h('option', { value: '' }, t('editor.nobody')),
      ...team.members.map((m) => h('option', { value: m.id, selected: p.assignee === m.id }, m.name)));
    const tags = tagsField(team, p.tags);
    const notes = h('textarea', { rows: 3 });
    notes.value = p.notes;
    const link = h('input', { type: 'url', value: p.link, placeholder: 'https://' });
    // Where the post went up, given when it is marked published.
    const live = h('input', { type: 'url', value: p.live, placeholder: 'https://' });
    const liveRow = labelled('live', t('ed.live'), live);
    const showLive = (): void => { liveRow.hidden = status.value !== 'published' && !live.value; };
    status.addEventListener('change', showLive);
    showLive();
    const media = mediaField(p.media, deps.chooseMedia, (err: unknown) => errors.show(err as PlanError));
    const repeat = repeatFields(p.rule, p.date, () => schedulePreview());

    const collect = (): PostInput => {
      const w = when.value();
      return {
        ...p, ...w,
        title: title.value, body: body.value, channels: channels.channels(), variants: channels.variants(),
        status: status.value, assignee: assignee.value, tags: tags.tags(), notes: notes.value, link: link.value, live: live.value,
        media: media.media(), rule: repeat.rule(w.allDay),
      };
    };

    // The repeat rule's next dates, asked for a moment after the last change.
    let previewTimer: ReturnType<typeof setTimeout> | undefined;
    function schedulePreview(): void {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(() => {
        const input = collect();
        if (!input.rule || !input.date) {
          repeat.showPreview([]);
          return;
        }
        deps.preview(input).then((s) => {
          errors.clear('rule');
          repeat.showPreview(s);
        }, (err: unknown) => {
          repeat.showPreview(new Error('no preview'));
          errors.show(err as PlanError);
        });
      }, 150);
    }
    when.date.addEventListener('change', () => repeat.setDate(when.date.value));
    for (const c of when.controls) c.addEventListener('change', schedulePreview);

    const actions = editorActions(p, collect, errors, {
      ...deps,
      reopen: open,
      done: (what) => {
        hide();
        deps.onDone(what);
      },
    });
    const closeButton = h('button', { type: 'button', class: 'close', 'aria-label': t('editor.close') }, '×');
    closeButton.addEventListener('click', close);
    const heading = h('h2', { id: 'editor-heading' }, p.id ? t('editor.edit') : t('editor.new'));
    actions.form.append(
      h('div', { class: 'editor-head' }, heading, closeButton),
      p.original && p.recurring ? h('p', { class: 'note' }, t('editor.occurrence')) : '',
      errors.general,
      labelled('title', t('editor.title'), title),
      labelled('body', t('editor.body'), body),
      channels.el,
      ...when.rows,
      h('div', { class: 'row' }, labelled('status', t('editor.status'), status), labelled('assignee', t('editor.assignee'), assignee)),
      liveRow,
      labelled('tags', t('editor.tags'), tags.input, tags.extra),
      repeat.el,
      labelled('notes', t('editor.notes'), notes),
      labelled('link', t('editor.link'), link),
      media.el,
      actions.buttons,
    );
    el.append(actions.form);
    el.setAttribute('aria-labelledby', heading.id);
    schedulePreview();
    // No scrolling into view: the panel opens at its top, and a scroll
    // would make the browser lay the page out before the panel is drawn.
    title.focus({ preventScroll: true });
    el.dispatchEvent(new CustomEvent('editor:opened', { bubbles: true }));
  }

  return { open, close, isOpen: () => current !== undefined };
}

/** What the editor's buttons need besides the form. */
interface ActionDeps extends EditorDeps {
  reopen: (p: PostInput) => void;
  done: (what: 'saved' | 'deleted') => void;
}

/**
 * The editor's form and its buttons: Save (asking for the scope of an edit
 * of one occurrence of a series), Duplicate, and Delete (likewise).
 */
function editorActions(p: PostInput, collect: () => PostInput, errors: FormErrors, deps: ActionDeps): { form: HTMLFormElement; buttons: HTMLElement } {
  const form = h('form', { class: 'editor-form', novalidate: true });
  const save = h('button', { type: 'submit', class: 'primary' }, t('editor.save'));
  const duplicate = h('button', { type: 'button', disabled: !p.id }, t('editor.duplicate'));
  const del = h('button', { type: 'button', class: 'danger', disabled: !p.id }, t('editor.delete'));
  const ofSeries = Boolean(p.original && p.recurring);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      errors.clearAll();
      const input = collect();
      if (ofSeries) {
        const scope = await deps.askScope('edit');
        if (!scope) return;
        input.scope = scope;
      }
      save.disabled = true;
      try {
        await deps.save(input);
        deps.done('saved');
      } catch (err) {
        save.disabled = false;
        errors.show(err as PlanError);
      }
    })();
  });
  duplicate.addEventListener('click', () => {
    const copy = collect();
    deps.reopen({ ...copy, id: '', updated: '', original: '', scope: '', recurring: false, changed: 0, live: '', title: t('editor.copyOf', { title: copy.title }) });
  });
  del.addEventListener('click', () => {
    void (async () => {
      let scope: Scope | '' = '';
      if (ofSeries) {
        const s = await deps.askScope('delete');
        if (!s) return;
        scope = s;
      }
      try {
        await deps.remove(p, scope);
        deps.done('deleted');
      } catch (err) {
        errors.show(err as PlanError);
      }
    })();
  });
  return { form, buttons: h('div', { class: 'editor-actions' }, save, duplicate, del) };
}
