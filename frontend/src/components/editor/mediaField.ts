import { t } from '../../langs';
import { h } from '../common/dom';

/** A post's media files: their names, with a button that adds files from the system's dialog. */
export interface MediaField {
  el: HTMLElement;
  media(): string[];
}

export function mediaField(initial: readonly string[], choose: () => Promise<string[]>, onError: (err: unknown) => void): MediaField {
  const media = [...initial];
  const list = h('ul', { class: 'media-list' });
  const render = (): void => {
    list.replaceChildren(...media.map((m) => {
      const name = m.split(/[\\/]/).pop() ?? m;
      const remove = h('button', { type: 'button', 'aria-label': t('editor.removeMedia', { file: name }) }, '×');
      remove.addEventListener('click', () => {
        media.splice(media.indexOf(m), 1);
        render();
      });
      return h('li', { title: m }, name, remove);
    }));
  };
  render();
  const add = h('button', { type: 'button', id: 'field-media' }, t('editor.addMedia'));
  add.addEventListener('click', () => {
    choose().then((paths) => {
      for (const path of paths) if (!media.includes(path)) media.push(path);
      render();
    }, onError);
  });
  const el = h('div', { class: 'field field-media' }, h('span', { class: 'label' }, t('editor.media')), list, add,
    h('p', { class: 'field-error', id: 'error-media', 'aria-live': 'polite' }));
  return { el, media: () => [...media] };
}
