import type { ChannelView } from '../../api/team';
import { locale, t } from '../../langs';
import { h } from '../common/dom';

/** Characters as a person counts them: an emoji is one, not two. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface ChannelFields {
  el: HTMLElement;
  channels(): string[];
  variants(): Record<string, string>;
  /** Recounts after the main text changed. */
  refresh(): void;
}

/**
 * The channel picker, with one counter per chosen channel against its
 * limit and an optional text of its own (a variant) for each.
 */
export function channelFields(all: readonly ChannelView[], chosen: readonly string[], variants: Record<string, string>,
  body: () => string): ChannelFields {
  const picked = new Set(chosen);
  const texts: Record<string, string> = { ...variants };
  const counters = h('div', { class: 'counters' });
  const nf = new Intl.NumberFormat(locale());

  const boxes = h('div', { class: 'channel-boxes', role: 'group', 'aria-label': t('editor.channels'), id: 'field-channels' });
  const known = new Set(all.map((c) => c.name));
  const list = [...all, ...chosen.filter((c) => !known.has(c)).map((name) => ({ name, weeklyTarget: 0, charLimit: 0 }))];
  for (const c of list) {
    const box = h('input', { type: 'checkbox', name: 'channels', value: c.name, checked: picked.has(c.name) });
    box.addEventListener('change', () => {
      if (box.checked) picked.add(c.name);
      else picked.delete(c.name);
      recount();
    });
    boxes.append(h('label', { class: 'channel-toggle' }, box, c.name));
  }

  let updaters: (() => void)[] = [];
  function recount(): void {
    counters.replaceChildren();
    updaters = [];
    for (const c of list.filter((c) => picked.has(c.name))) {
      const count = h('span', { class: 'count', 'data-channel': c.name });
      const update = (): void => {
        const n = countChars(texts[c.name] || body());
        const over = c.charLimit > 0 && n > c.charLimit;
        count.textContent = c.charLimit > 0
          ? t('editor.count', { n: nf.format(n), limit: nf.format(c.charLimit) })
          : t('editor.countNoLimit', { n: nf.format(n) });
        count.classList.toggle('over', over);
        if (over) count.setAttribute('title', t('editor.over', { channel: c.name, n: nf.format(n - c.charLimit) }));
        else count.removeAttribute('title');
      };
      update();
      updaters.push(update);
      const area = h('textarea', { rows: 3, name: `variant-${c.name}`, 'aria-label': t('editor.variant', { channel: c.name }) });
      area.value = texts[c.name] ?? '';
      area.addEventListener('input', () => {
        texts[c.name] = area.value;
        update();
      });
      counters.append(h('details', { class: 'variant', open: !!texts[c.name] },
        h('summary', {}, h('span', { class: 'channel-name' }, c.name), count), area));
    }
  }
  recount();
  return {
    el: h('fieldset', { class: 'channels' }, h('legend', {}, t('editor.channels')), boxes, counters,
      h('p', { class: 'field-error', id: 'error-channels', 'aria-live': 'polite' })),
    channels: () => list.map((c) => c.name).filter((n) => picked.has(n)),
    variants: () => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(texts)) if (v && picked.has(k)) out[k] = v;
      return out;
    },
    refresh: () => updaters.forEach((u) => u()),
  };
}
