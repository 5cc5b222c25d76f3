import type { PlanError } from '../../api/errors';
import { t, translateError } from '../../langs';
import {
  publishNow,
  publishStatus,
  publishStatusText,
  setPublishPassword,
  setTarget,
  stopPublishing,
  type Keep,
  type PublishView,
  type TargetView,
} from '../../stores/publishing';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

const errorText = (err: unknown): string => translateError(err as PlanError);

/** The feeds view's part that publishes to the team's server. */
export interface PublishSection {
  element: HTMLElement;
  /** Shows a target and the publisher's state. */
  show(target: TargetView, status: PublishView): void;
  /** Shows a new state of the publisher (from an event or an answer). */
  status(status: PublishView): void;
}

/**
 * A form for the WebDAV folder (address, user, password and where it is
 * kept, the public address, the week pages' language), its state in words,
 * and Publish now / Stop publishing. changed is called when the target
 * changed, so the feed list shows the new addresses.
 */
export function publishSection(changed: () => void): PublishSection {
  const field = (id: string, label: string, input: HTMLInputElement | HTMLSelectElement, help?: string): HTMLElement => {
    input.id = id;
    const error = el('span', { className: 'field-error', id: `${id}-error` });
    error.setAttribute('role', 'alert');
    input.setAttribute('aria-describedby', `${id}-error${help ? ` ${id}-help` : ''}`);
    const wrap = el('div', { className: 'pub-field' }, el('label', { htmlFor: id }, label), input, error);
    if (help) wrap.append(el('small', { id: `${id}-help` }, help));
    wrap.dataset['field'] = id.replace('pub-', '');
    return wrap;
  };
  const url = el('input', { type: 'url', placeholder: 'https://cloud.example.com/remote.php/dav/files/anna/postplan/', required: true });
  const user = el('input', { type: 'text', autocomplete: 'username' });
  const password = el('input', { type: 'password', autocomplete: 'current-password' });
  const keep = el('select');
  const keyringOption = el('option', { value: 'keyring' }, t('pub.keepKeyring'));
  keep.append(keyringOption, el('option', { value: 'file' }, t('pub.keepFile')), el('option', { value: 'session' }, t('pub.keepSession')));
  const keyringNote = el('small', { className: 'keyring-note' });
  const publicUrl = el('input', { type: 'url' });
  const language = el('select');
  language.append(...([['en', 'English'], ['da', 'Dansk'], ['sv', 'Svenska']] as const).map(([v, l]) => el('option', { value: v }, l)));
  const state = el('p', { className: 'publish-status' });
  state.setAttribute('role', 'status');
  state.setAttribute('aria-live', 'polite');
  const formError = el('p', { className: 'field-error' });
  formError.setAttribute('role', 'alert');
  const save = el('button', { type: 'submit' }, t('pub.save'));
  const now = el('button', { type: 'button' }, t('pub.now'));
  const stop = el('button', { type: 'button', className: 'danger' }, t('pub.stop'));
  let feeds: string[] = [];

  const fields = [
    field('pub-url', t('pub.url'), url, t('pub.urlHelp')),
    field('pub-user', t('pub.user'), user),
    field('pub-password', t('pub.password'), password),
    field('pub-keep', t('pub.keep'), keep),
    field('pub-publicUrl', t('pub.publicUrl'), publicUrl, t('pub.publicUrlHelp')),
    field('pub-language', t('pub.language'), language),
  ];
  const form = el('form', { className: 'publish' },
    el('fieldset', {}, el('legend', {}, t('pub.title')), el('p', { className: 'hint' }, t('pub.intro')),
      ...fields, keyringNote, el('div', { className: 'pub-buttons' }, save, now, stop)),
    formError, state);

  const clearErrors = (): void => {
    formError.textContent = '';
    for (const f of form.querySelectorAll<HTMLElement>('.pub-field .field-error')) f.textContent = '';
  };
  const showError = (err: unknown): void => {
    const e = err as PlanError;
    const at = e.field ? form.querySelector<HTMLElement>(`#pub-${e.field}-error`) : null;
    (at ?? formError).textContent = errorText(err);
  };
  const showStatus = (s: PublishView): void => {
    state.textContent = publishStatusText(s);
    state.dataset['state'] = s.problem ? 'failed' : s.publishing ? 'publishing' : s.pending ? 'pending' : s.configured ? 'published' : 'off';
    now.disabled = stop.disabled = !s.configured;
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors();
    setTarget({ url: url.value, user: user.value, password: password.value, keep: keep.value as Keep,
      publicUrl: publicUrl.value, feeds, language: language.value }).then((s) => {
      password.value = '';
      password.placeholder = t('pub.passwordKept');
      showStatus(s);
      changed();
    }, showError);
  });
  now.addEventListener('click', () => {
    clearErrors();
    // A password typed here is kept first (a session's, or a new one).
    const typed = password.value;
    const run = typed ? setPublishPassword(typed) : publishNow();
    state.textContent = t('pub.publishing');
    run.then((s) => {
      password.value = '';
      showStatus(s);
    }, (err: unknown) => {
      showError(err);
      void publishStatus().then(showStatus);
    });
  });
  stop.addEventListener('click', () => {
    const del = confirm(t('pub.stopConfirm'));
    clearErrors();
    stopPublishing(del).then((s) => {
      url.value = user.value = publicUrl.value = password.value = '';
      showStatus(s);
      changed();
    }, showError);
  });

  return {
    element: form,
    show(target, status) {
      feeds = target.feeds;
      url.value = target.url;
      user.value = target.user;
      keep.value = target.keep;
      publicUrl.value = target.publicUrl;
      language.value = target.language;
      password.value = '';
      password.placeholder = target.hasPassword ? t('pub.passwordKept') : '';
      keyringOption.disabled = target.keyring !== '';
      keyringNote.textContent = target.keyring ? t('pub.noKeyring', { why: target.keyring }) : '';
      showStatus(status);
    },
    status: showStatus,
  };
}
