import type { Filter } from '../api/planner';
import type { TeamView } from '../api/team';
import { t } from '../langs';
import { filterActive } from '../stores/prefs';
import { h } from './common/dom';

type ListKey = 'campaigns' | 'channels' | 'statuses' | 'assignees';

/**
 * Filters by campaign, channel, status and assignee, and a search over
 * title, text and notes. What is filtered is said in words beside a button
 * that clears it all at once.
 */
export function renderFilterBar(el: HTMLElement, team: Readonly<TeamView>, filter: Filter, onChange: (f: Filter) => void): HTMLInputElement {
  el.replaceChildren();
  const choices: Record<ListKey, [string, string][]> = {
    campaigns: team.campaigns.map((c) => [c.tag, c.name]),
    channels: team.channels.map((c) => [c.name, c.name]),
    statuses: ['idea', 'draft', 'ready', 'scheduled', 'published', 'cancelled'].map((s) => [s, t(`status.${s}` as 'status.idea')]),
    assignees: team.members.map((m) => [m.id, m.name]),
  };
  const labels: Record<ListKey, string> = {
    campaigns: t('filter.campaign'), channels: t('filter.channel'), statuses: t('filter.status'), assignees: t('filter.assignee'),
  };
  for (const key of Object.keys(choices) as ListKey[]) {
    const id = `filter-${key}`;
    const select = h('select', { id, name: key },
      h('option', { value: '' }, `${labels[key]}: ${t('filter.all')}`),
      ...choices[key].map(([value, label]) => h('option', { value, selected: filter[key][0] === value }, label)));
    select.setAttribute('aria-label', labels[key]);
    select.addEventListener('change', () => onChange({ ...filter, [key]: select.value ? [select.value] : [] }));
    el.append(select);
  }
  const search = h('input', { type: 'search', id: 'filter-text', value: filter.text, placeholder: t('filter.searchPlaceholder'), 'aria-label': t('filter.search') });
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange({ ...filter, text: search.value }), 200);
  });
  el.append(search);
  if (filterActive(filter)) {
    const parts: string[] = [];
    for (const key of Object.keys(choices) as ListKey[]) {
      for (const v of filter[key]) parts.push(`${labels[key]} ${choices[key].find(([x]) => x === v)?.[1] ?? v}`);
    }
    if (filter.text.trim()) parts.push(`“${filter.text.trim()}”`);
    const clear = h('button', { type: 'button', class: 'clear-filters' }, t('filter.clear'));
    clear.addEventListener('click', () => onChange({ campaigns: [], channels: [], statuses: [], assignees: [], text: '' }));
    el.append(h('span', { class: 'filter-summary', role: 'status' }, t('filter.active', { what: parts.join(', ') })), clear);
  }
  return search;
}
