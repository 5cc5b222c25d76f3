import { Draggable } from '@fullcalendar/interaction';
import type { Ideas } from '../../api/planner';
import { t } from '../../langs';
import { h } from '../common/dom';

/** How many ideas the list shows at first, and how many more each time it is asked. */
export const IDEAS_PAGE = 100;

export interface IdeasList {
  /** Loads and draws the list again, as long as it was (the first page, or more if asked). */
  reload(): Promise<void>;
  /** Whether a point on screen is over the list: where a dragged post is dropped to become an idea. */
  contains(x: number, y: number): boolean;
}

/**
 * The ideas backlog: undated posts, each draggable onto a day of the
 * calendar (FullCalendar's Draggable), and a drop target for posts dragged
 * off the calendar. It shows the first page of ideas and says how many
 * there are; "Show more" adds a page. A large plan's thousands of ideas,
 * all drawn, were most of what the window held.
 */
export function mountIdeas(
  el: HTMLElement,
  load: (limit: number) => Promise<Ideas>,
  open: (id: string) => void,
  create: () => void,
): IdeasList {
  const list = h('ul', { class: 'ideas-list' });
  const heading = h('h2', { id: 'ideas-heading' });
  const hint = h('p', { class: 'hint' });
  const add = h('button', { type: 'button', class: 'add-idea' });
  const more = h('button', { type: 'button', class: 'more-ideas' });
  add.addEventListener('click', create);
  el.setAttribute('aria-labelledby', heading.id);
  el.append(h('div', { class: 'ideas-head' }, heading, add), hint, list, more);
  new Draggable(list, {
    itemSelector: '.idea',
    eventData: (item) => ({
      title: item.dataset['title'] ?? '',
      duration: '00:30',
      create: false,
      extendedProps: { postId: item.dataset['id'] ?? '' },
    }),
  });
  let limit = IDEAS_PAGE;
  const render = (ideas: Ideas): void => {
    heading.textContent = `${t('ideas.title')} (${ideas.total})`;
    hint.textContent = t('ideas.hint');
    add.textContent = t('ideas.add');
    const left = ideas.total - ideas.items.length;
    more.hidden = left <= 0;
    more.textContent = t('ideas.more', { n: Math.min(left, IDEAS_PAGE), left });
    if (ideas.items.length === 0) {
      list.replaceChildren(h('li', { class: 'none' }, t('ideas.none')));
      return;
    }
    list.replaceChildren(...ideas.items.map((p) => {
      const button = h('button', { type: 'button', class: 'idea-open' }, p.title);
      button.addEventListener('click', () => open(p.id));
      return h('li', { class: 'idea', 'data-id': p.id, 'data-title': p.title }, button,
        p.channels.length ? h('span', { class: 'idea-channels' }, p.channels.join(' · ')) : null);
    }));
  };
  const reload = (): Promise<void> => load(limit).then(render);
  more.addEventListener('click', () => {
    limit += IDEAS_PAGE;
    void reload();
  });
  return {
    reload,
    contains(x, y) {
      const r = el.getBoundingClientRect();
      return !el.hidden && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    },
  };
}
