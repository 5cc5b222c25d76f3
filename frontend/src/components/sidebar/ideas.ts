import { Draggable } from '@fullcalendar/interaction';
import type { PostInput } from '../../api/planner';
import { t } from '../../langs';
import { h } from '../common/dom';

export interface IdeasList {
  render(ideas: PostInput[]): void;
  /** Whether a point on screen is over the list: where a dragged post is dropped to become an idea. */
  contains(x: number, y: number): boolean;
}

/**
 * The ideas backlog: undated posts, each draggable onto a day of the
 * calendar (FullCalendar's Draggable), and a drop target for posts dragged
 * off the calendar.
 */
export function mountIdeas(el: HTMLElement, open: (id: string) => void, create: () => void): IdeasList {
  const list = h('ul', { class: 'ideas-list' });
  const heading = h('h2', { id: 'ideas-heading' });
  const hint = h('p', { class: 'hint' });
  const add = h('button', { type: 'button', class: 'add-idea' });
  add.addEventListener('click', create);
  el.setAttribute('aria-labelledby', heading.id);
  el.append(h('div', { class: 'ideas-head' }, heading, add), hint, list);
  new Draggable(list, {
    itemSelector: '.idea',
    eventData: (item) => ({
      title: item.dataset['title'] ?? '',
      duration: '00:30',
      create: false,
      extendedProps: { postId: item.dataset['id'] ?? '' },
    }),
  });
  return {
    render(ideas) {
      heading.textContent = `${t('ideas.title')} (${ideas.length})`;
      hint.textContent = t('ideas.hint');
      add.textContent = t('ideas.add');
      if (ideas.length === 0) {
        list.replaceChildren(h('li', { class: 'none' }, t('ideas.none')));
        return;
      }
      list.replaceChildren(...ideas.map((p) => {
        const button = h('button', { type: 'button', class: 'idea-open' }, p.title);
        button.addEventListener('click', () => open(p.id));
        return h('li', { class: 'idea', 'data-id': p.id, 'data-title': p.title }, button,
          p.channels.length ? h('span', { class: 'idea-channels' }, p.channels.join(' · ')) : null);
      }));
    },
    contains(x, y) {
      const r = el.getBoundingClientRect();
      return !el.hidden && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    },
  };
}
