import type { TeamView } from '../../api/team';
import { t } from '../../langs';
import { h, uid } from '../common/dom';

/** The campaigns of a post: chips, and an input that autocompletes known tags. */
export interface TagsField {
  input: HTMLInputElement;
  /** The chips and the list the input suggests from. */
  extra: HTMLElement;
  tags(): string[];
}

export function tagsField(team: Readonly<TeamView>, initial: readonly string[]): TagsField {
  const tags = [...initial];
  const chips = h('ul', { class: 'chips', 'aria-label': t('editor.tags') });
  const listId = uid('tags');
  const input = h('input', { list: listId, autocomplete: 'off', placeholder: t('editor.addTag') });
  const render = (): void => {
    chips.replaceChildren(...tags.map((tag) => {
      const c = team.campaigns.find((x) => x.tag === tag);
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('editor.removeTag', { tag }) }, '×');
      remove.addEventListener('click', () => {
        tags.splice(tags.indexOf(tag), 1);
        render();
      });
      return h('li', { class: 'chip', style: c ? `--chip: ${c.colour}` : undefined }, c ? c.name : tag, remove);
    }));
  };
  const add = (): void => {
    const v = input.value.trim();
    if (!v) return;
    const match = team.campaigns.find((c) => c.tag === v || c.name.toLowerCase() === v.toLowerCase());
    const tag = match ? match.tag : v;
    if (!tags.includes(tag)) tags.push(tag);
    input.value = '';
    render();
  };
  input.addEventListener('change', add);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  });
  render();
  const extra = h('div', {}, chips, h('datalist', { id: listId }, ...team.campaigns.map((c) => h('option', { value: c.tag }, c.name))));
  return { input, extra, tags: () => [...tags] };
}
