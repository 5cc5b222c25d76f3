import type { PlanError } from '../../api/errors';
import { experimentsApi } from '../../api/experiments';
import { plannerApi, type DueView } from '../../api/planner';
import { settingsApi } from '../../api/settings';
import { locale, t, translateError } from '../../langs';
import { copyText } from '../../stores/feeds';
import { h, uid } from '../common/dom';

/** What the Due now panel needs from the window. */
export interface DueDeps {
  /** The plan changed (a post was marked published). */
  onChanged: () => void;
  /** Opens the post, or one occurrence of a series, in the editor. */
  openPost: (postId: string, original: string) => void;
  say: (text: string) => void;
}

function when(v: DueView): string {
  const lang = locale();
  if (v.allDay) return new Date(v.start + 'T00:00:00').toLocaleDateString(lang, { weekday: 'short', day: 'numeric', month: 'short' });
  const d = new Date(v.start);
  const today = new Date().toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * The Due now panel: today's posts and the missed ones not yet published,
 * each with its text per channel to copy (the channel's own if it has one),
 * its media files, and Mark published, which keeps the live post's address
 * and, for an experiment's post, asks for its result.
 */
export function openDueDialog(deps: DueDeps): HTMLDialogElement {
  document.getElementById('due-dialog')?.remove();
  const dialog = h('dialog', { id: 'due-dialog', 'aria-labelledby': 'due-title', class: 'wide' });
  const list = h('div', { class: 'due-list' });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const close = h('button', { type: 'button', class: 'close' }, t('settings.close'));
  close.addEventListener('click', () => dialog.close());
  dialog.append(h('h2', { id: 'due-title' }, t('due.title')), message, list, close);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  const fail = (err: unknown): void => { message.textContent = translateError(err as PlanError); };

  async function render(): Promise<void> {
    const due = await plannerApi.due();
    list.replaceChildren(...(due.length ? due.map(item) : [h('p', { class: 'empty' }, t('due.none'))]));
  }

  function item(v: DueView): HTMLElement {
    const el = h('article', {
      class: `due-item${v.overdue ? ' overdue' : ''}${v.published ? ' published' : ''}`,
      'data-post': v.postId, 'data-original': v.original, 'aria-labelledby': uid('due'),
    });
    fill(el, v);
    return el;
  }

  function fill(el: HTMLElement, v: DueView): void {
    el.classList.toggle('overdue', v.overdue);
    el.classList.toggle('published', v.published);
    const titleId = el.getAttribute('aria-labelledby') ?? uid('due');
    const badge = v.published ? h('span', { class: 'due-badge due-published' }, '✓ ' + t('due.published'))
      : v.overdue ? h('span', { class: 'due-badge due-overdue' }, '⚠ ' + t('due.overdue')) : null;
    const open = h('button', { type: 'button', name: 'open', class: 'link' }, t('due.edit'));
    open.addEventListener('click', () => { dialog.close(); deps.openPost(v.postId, v.original); });
    const texts = v.texts.map((c) => {
      const n = [...c.text].length;
      const count = c.limit ? t('due.chars', { n, limit: c.limit }) : t('due.charsNoLimit', { n });
      const copy = h('button', { type: 'button', name: 'copy', 'data-channel': c.channel }, t('due.copy', { channel: c.channel }));
      copy.addEventListener('click', () => {
        copyText(c.text).then(() => deps.say(t('due.copied', { channel: c.channel })), fail);
      });
      return h('li', { class: `due-text${c.limit && n > c.limit ? ' over' : ''}` },
        h('strong', {}, c.channel), c.variant ? h('small', {}, ` (${t('due.own')})`) : '', ' ',
        h('span', { class: 'due-count' }, count), ' ', copy);
    });
    const media = v.media.map((path) => {
      const show = h('button', { type: 'button', name: 'show-in-folder' }, t('due.showInFolder'));
      show.addEventListener('click', () => void settingsApi.showInFolder(path).catch(fail));
      return h('li', {}, h('code', {}, path), ' ', show);
    });
    const live = v.live ? h('p', { class: 'due-live' }, t('due.live') + ': ', h('a', { href: v.live, target: '_blank', rel: 'noreferrer' }, v.live)) : null;
    const actions = h('div', { class: 'due-actions' });
    if (!v.published) {
      const mark = h('button', { type: 'button', name: 'mark-published', class: 'primary' }, t('due.markPublished'));
      mark.addEventListener('click', () => actions.replaceChildren(publishForm(el, v)));
      actions.append(mark);
    }
    el.replaceChildren(
      h('header', {}, h('span', { class: 'due-when' }, when(v)), ' ', h('h3', { id: titleId }, v.title), ' ', badge ?? '', ' ', open),
      texts.length ? h('ul', { class: 'due-texts' }, ...texts) : '',
      media.length ? h('div', { class: 'due-media' }, h('h4', {}, t('due.media')), h('ul', {}, ...media)) : '',
      live ?? '', actions);
  }

  function publishForm(el: HTMLElement, v: DueView): HTMLElement {
    const id = uid('live');
    const input = h('input', { id, type: 'url', name: 'live', placeholder: 'https://', 'aria-describedby': `${id}-error` });
    const error = h('span', { class: 'field-error', id: `${id}-error`, role: 'alert' });
    const save = h('button', { type: 'submit', class: 'primary' }, t('due.save'));
    const cancel = h('button', { type: 'button' }, t('due.cancel'));
    // novalidate: Go judges the address and says why at the field.
    const form = h('form', { class: 'due-publish', 'aria-label': t('due.markPublished'), novalidate: true },
      h('div', { class: 'field' }, h('label', { for: id }, t('due.liveLabel')), input, error), save, cancel);
    cancel.addEventListener('click', () => fill(el, v));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      error.textContent = '';
      plannerApi.markPublished({ postId: v.postId, original: v.original, live: input.value }).then((saved) => {
        deps.say(t('due.marked', { title: saved.title }));
        deps.onChanged();
        fill(el, saved);
        if (saved.kind === 'experiment' && saved.experiment) void resultForm(el, saved);
      }, (err: unknown) => {
        error.textContent = translateError(err as PlanError);
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      });
    });
    queueMicrotask(() => input.focus());
    return form;
  }

  /** An experiment's occurrence just published: its result, while it is at hand. */
  async function resultForm(el: HTMLElement, v: DueView): Promise<void> {
    const exps = await experimentsApi.list();
    const e = exps.find((x) => x.id === v.experiment);
    if (!e) return;
    const id = uid('result');
    const value = h('input', { id, name: 'value', inputmode: 'decimal', size: 8 });
    const note = h('input', { name: 'note', 'aria-label': t('due.resultNote') });
    const error = h('span', { class: 'field-error', role: 'alert' });
    const form = h('form', { class: 'due-result', novalidate: true },
      h('label', { for: id }, t('due.result', { metric: e.metric })), ' ', value, ' ', note, ' ',
      h('button', { type: 'submit' }, t('due.saveResult')), error);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      error.textContent = '';
      experimentsApi.record(e.id, { postId: v.postId, original: v.original, value: value.value, note: note.value, link: v.live })
        .then(() => { form.replaceChildren(h('p', { class: 'due-saved' }, t('due.resultSaved'))); deps.onChanged(); },
          (err: unknown) => (error.textContent = translateError(err as PlanError)));
    });
    el.querySelector('.due-actions')?.replaceChildren(form);
    value.focus();
  }

  void render().catch(fail);
  return dialog;
}
