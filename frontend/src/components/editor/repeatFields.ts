import { locale, t } from '../../langs';
import { dateInput } from '../common/dateField';
import { h, uid } from '../common/dom';
import { buildRule, defaultRule, describeRule, parseRule, weekdayName, weekdays, type Freq, type RuleState } from './rule';

export interface RepeatFields {
  el: HTMLFieldSetElement;
  /** The RRULE the form says, for a post that is all day or not. */
  rule(allDay: boolean): string;
  /** Shows the next starts Go computed (RFC 3339), or a problem. */
  showPreview(starts: string[] | Error): void;
  /** Follows a new start date: weekdays and month days that were the old date's become the new one's. */
  setDate(date: string): void;
}

/**
 * The repeat editor: frequency, interval, weekdays or day of month, and an
 * end, said back in words with the next five dates. A rule the form cannot
 * show (BYSETPOS, say) is kept and edited as text.
 */
export function repeatFields(rule: string, date: string, onChange: () => void): RepeatFields {
  const s: RuleState = parseRule(rule, date);
  let shownDate = date;
  const summary = h('p', { class: 'rule-summary', 'aria-live': 'polite' });
  const preview = h('ol', { class: 'rule-preview', 'aria-label': t('repeat.next') });
  const body = h('div', { class: 'repeat-body' });
  const lang = locale();

  const changed = (): void => {
    summary.textContent = describeRule(s, lang);
    render();
    onChange();
  };

  const freqId = uid('freq');
  const freq = h('select', { id: freqId, name: 'freq' },
    ...(['', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as Freq[]).map((f) =>
      h('option', { value: f, selected: s.freq === f && !s.custom }, t(f ? (`repeat.${f.toLowerCase()}` as 'repeat.daily') : 'repeat.none'))),
    h('option', { value: 'custom', selected: !!s.custom }, t('repeat.custom')));
  freq.addEventListener('change', () => {
    if (freq.value === 'custom') {
      s.custom = buildRule(s, false) || 'FREQ=WEEKLY';
    } else {
      s.custom = '';
      s.freq = freq.value as Freq;
    }
    changed();
  });

  function numberInput(name: string, label: string, value: number, min: number, max: number, set: (n: number) => void): HTMLElement {
    const id = uid(name);
    const input = h('input', { id, name, type: 'number', min, max, value, class: 'narrow' });
    input.addEventListener('input', () => {
      const n = Number(input.value);
      if (Number.isInteger(n) && n >= min && n <= max) {
        set(n);
        summary.textContent = describeRule(s, lang);
        onChange();
      }
    });
    return h('span', { class: 'inline' }, h('label', { for: id }, label), input);
  }

  function render(): void {
    body.replaceChildren();
    if (s.custom) {
      const id = uid('rrule');
      const input = h('input', { id, name: 'rule', value: s.custom, class: 'mono', spellcheck: 'false' });
      input.addEventListener('input', () => {
        s.custom = input.value;
        summary.textContent = describeRule(s, lang);
        onChange();
      });
      body.append(h('label', { for: id }, t('repeat.custom')), input);
      return;
    }
    if (!s.freq) return;
    body.append(numberInput('interval', t('repeat.interval'), s.interval, 1, 99, (n) => (s.interval = n)));
    if (s.freq === 'WEEKLY') {
      const days = h('div', { class: 'weekdays', role: 'group', 'aria-label': t('repeat.on') });
      for (const d of weekdays) {
        const box = h('input', { type: 'checkbox', name: 'byday', value: d, checked: s.byDay.includes(d) });
        box.addEventListener('change', () => {
          s.byDay = box.checked ? [...s.byDay, d] : s.byDay.filter((x) => x !== d);
          changed();
        });
        days.append(h('label', { class: 'day-toggle' }, box, weekdayName(d, lang)));
      }
      body.append(days);
    }
    if (s.freq === 'MONTHLY') {
      const nthId = uid('monthly');
      const mode = h('select', { id: nthId, name: 'monthly' },
        h('option', { value: 'day', selected: s.monthly === 'day' }, t('repeat.byMonthDay', { day: s.monthDay })),
        h('option', { value: 'nth', selected: s.monthly === 'nth' },
          t('repeat.byWeekday', { nth: t(`repeat.nth${s.nth}` as 'repeat.nth1'), weekday: weekdayName(s.nthDay, lang, 'long') })));
      mode.addEventListener('change', () => {
        s.monthly = mode.value === 'nth' ? 'nth' : 'day';
        changed();
      });
      body.append(h('span', { class: 'inline' }, h('label', { for: nthId }, t('repeat.monthlyBy')), mode));
    }
    const endGroup = uid('end');
    const radio = (value: RuleState['end'], label: string): HTMLElement => {
      const input = h('input', { type: 'radio', name: endGroup, value, checked: s.end === value });
      input.addEventListener('change', () => {
        s.end = value;
        if (value === 'until' && !s.until) s.until = date;
        changed();
      });
      return h('label', { class: 'inline' }, input, label);
    };
    const ends = h('div', { class: 'ends', role: 'radiogroup', 'aria-label': t('repeat.ends') },
      h('span', {}, t('repeat.ends')), radio('never', t('repeat.never')), radio('count', t('repeat.after')));
    if (s.end === 'count') {
      ends.append(numberInput('count', t('repeat.times'), s.count, 1, 5000, (n) => (s.count = n)));
    }
    ends.append(radio('until', t('repeat.until')));
    if (s.end === 'until') {
      const id = uid('until');
      const until = dateInput({ id, name: 'until', value: s.until, 'aria-label': t('repeat.until') });
      until.addEventListener('change', () => {
        s.until = until.value;
        summary.textContent = describeRule(s, lang);
        onChange();
      });
      ends.append(until);
    }
    body.append(ends);
  }

  summary.textContent = describeRule(s, lang);
  render();
  const el = h('fieldset', { class: 'repeat' },
    h('legend', {}, t('repeat.legend')),
    h('span', { class: 'inline' }, h('label', { for: freqId }, t('repeat.freq')), freq),
    body, summary, preview,
    h('p', { class: 'field-error', id: 'error-rule', 'aria-live': 'polite' }));
  return {
    el,
    rule: (allDay) => buildRule(s, allDay),
    setDate(next) {
      const was = defaultRule(shownDate);
      const now = defaultRule(next);
      shownDate = next;
      if (s.byDay.length === 1 && s.byDay[0] === was.nthDay) s.byDay = [now.nthDay];
      if (s.monthDay === was.monthDay) s.monthDay = now.monthDay;
      if (s.nthDay === was.nthDay && s.nth === was.nth) {
        s.nthDay = now.nthDay;
        s.nth = now.nth;
      }
      summary.textContent = describeRule(s, lang);
      render();
    },
    showPreview(starts) {
      preview.replaceChildren();
      if (starts instanceof Error) return;
      const fmt = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
      for (const st of starts) preview.append(h('li', {}, fmt.format(new Date(st))));
    },
  };
}
