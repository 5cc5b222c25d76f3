import { datePattern, dayOf, formatDate, isoDate, parseClock, parseDate } from '../../dates';
import { language, locale, t } from '../../langs';
import { preferences } from '../../stores/prefs';
import { h } from './dom';

type Attrs = Record<string, string | number | boolean | undefined>;

// Date and time fields that follow the window's language, not the
// machine's: a browser's own <input type=date> writes dates as its system
// locale does (11/26/2026 on a US-English machine), whatever the page's
// language. These are text fields whose value, as code reads and sets it,
// stays ISO 8601 (2026-11-26, 15:04), so forms and Go see what they saw
// before; what the user sees and types is 26/11/2026, 26.11.2026 or
// 2026-11-26. Text that is not a date is kept as typed, so that Go names
// it at its field.

/** Gives input an ISO value over its displayed text. */
function isoValue(input: HTMLInputElement, show: (iso: string) => string, read: (text: string) => string | null, initial: string): void {
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  const text = (): string => native.get!.call(input) as string;
  let iso = initial;
  native.set!.call(input, show(initial));
  Object.defineProperty(input, 'value', {
    configurable: true,
    get: () => iso,
    set: (v: string) => {
      iso = read(v) ?? v;
      native.set!.call(input, show(iso));
    },
  });
  input.addEventListener('input', () => {
    const typed = text();
    iso = typed.trim() === '' ? '' : read(typed) ?? typed;
    input.toggleAttribute('aria-invalid', typed.trim() !== '' && read(typed) === null);
  });
  // Once the user leaves the field, it shows what was understood.
  input.addEventListener('change', () => {
    if (read(text()) !== null) native.set!.call(input, show(iso));
  });
}

/**
 * A date field in the window's language with a picker beside it (a month
 * of days, the week's first day and ISO week numbers as the window has
 * them). input.value is ISO 8601.
 */
export function dateInput(attrs: Attrs = {}): HTMLInputElement {
  const { value, type: _type, ...rest } = attrs;
  void _type;
  const lang = language();
  const input = h('input', { ...rest, type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: datePattern(lang),
    class: 'date-input' });
  isoValue(input, (iso) => formatDate(iso, lang), (text) => parseDate(text, lang), String(value ?? ''));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && e.altKey) {
      e.preventDefault();
      openPicker(input);
    }
  });
  // The picker button is placed beside the field, the two kept on one
  // line, once the field is in the page.
  queueMicrotask(() => {
    if (!input.parentElement || input.parentElement.classList.contains('date-wrap')) return;
    const pick = h('button', { type: 'button', class: 'date-pick', 'aria-label': t('date.pick'), title: t('date.pick') }, '📅');
    pick.addEventListener('click', () => openPicker(input));
    const wrap = h('span', { class: 'date-wrap' });
    input.replaceWith(wrap);
    wrap.append(input, pick);
  });
  return input;
}

/** A time field on a 24-hour clock with the quarter hours to pick from. input.value is 15:04. */
export function timeInput(attrs: Attrs = {}): HTMLInputElement {
  const { value, type: _type, step: _step, ...rest } = attrs;
  void _type;
  void _step;
  const input = h('input', { ...rest, type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: 'hh:mm',
    list: quarterHours(), class: 'time-input', size: 5 });
  isoValue(input, (v) => v, parseClock, String(value ?? ''));
  return input;
}

function quarterHours(): string {
  const id = 'quarter-hours';
  if (!document.getElementById(id)) {
    const times: string[] = [];
    for (let m = 0; m < 24 * 60; m += 15) times.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
    document.body.append(h('datalist', { id }, ...times.map((v) => h('option', { value: v }))));
  }
  return id;
}

/** The ISO 8601 week number of a local date. */
export function isoWeek(d: Date): number {
  const x = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  x.setDate(x.getDate() + 3 - ((x.getDay() + 6) % 7)); // the week's Thursday
  const jan4 = new Date(x.getFullYear(), 0, 4);
  return 1 + Math.round(((x.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getDay() + 6) % 7)) / 7);
}

/** The month picker under a date field; Esc or a pick closes it. */
function openPicker(input: HTMLInputElement): void {
  document.querySelector('.date-picker')?.remove();
  const chosen = parseDate(input.value, 'sv') ?? isoDate(new Date());
  let month = dayOf(chosen);
  month.setDate(1);
  const firstDay = preferences().firstDay;
  const panel = h('div', { class: 'date-picker', role: 'dialog', 'aria-label': t('date.pick') });
  const close = (): void => {
    panel.remove();
    input.focus();
  };
  const draw = (): void => {
    const title = month.toLocaleDateString(locale(), { month: 'long', year: 'numeric' });
    const prev = h('button', { type: 'button', 'aria-label': t('date.prevMonth') }, '‹');
    const next = h('button', { type: 'button', 'aria-label': t('date.nextMonth') }, '›');
    prev.addEventListener('click', () => { month = new Date(month.getFullYear(), month.getMonth() - 1, 1); draw(); });
    next.addEventListener('click', () => { month = new Date(month.getFullYear(), month.getMonth() + 1, 1); draw(); });
    const start = new Date(month);
    start.setDate(1 - ((month.getDay() - firstDay + 7) % 7));
    const names = Array.from({ length: 7 }, (_, i) => {
      const d = new Date(start);
      d.setDate(start.getDate() + i);
      return h('th', { scope: 'col', abbr: d.toLocaleDateString(locale(), { weekday: 'long' }) },
        d.toLocaleDateString(locale(), { weekday: 'short' }));
    });
    const rows: HTMLElement[] = [];
    const day = new Date(start);
    for (let w = 0; w < 6; w++) {
      const cells: HTMLElement[] = [h('th', { scope: 'row', class: 'week-no' }, String(isoWeek(new Date(day.getFullYear(), day.getMonth(), day.getDate() + (firstDay === 0 ? 1 : 0)))))];
      for (let i = 0; i < 7; i++) {
        const iso = isoDate(day);
        const b = h('button', {
          type: 'button', 'data-date': iso, class: day.getMonth() === month.getMonth() ? '' : 'other-month',
          'aria-label': day.toLocaleDateString(locale(), { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
          'aria-pressed': iso === chosen ? 'true' : 'false',
        }, String(day.getDate()));
        b.addEventListener('click', () => {
          input.value = iso;
          input.removeAttribute('aria-invalid');
          input.dispatchEvent(new Event('input', { bubbles: true }));
          input.dispatchEvent(new Event('change', { bubbles: true }));
          close();
        });
        cells.push(h('td', {}, b));
        day.setDate(day.getDate() + 1);
      }
      rows.push(h('tr', {}, ...cells));
    }
    panel.replaceChildren(h('div', { class: 'date-picker-head' }, prev, h('strong', {}, title), next),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'week-no' }, t('date.week')), ...names)), h('tbody', {}, ...rows)));
  };
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });
  draw();
  (input.parentElement?.classList.contains('date-wrap') ? input.parentElement : input).after(panel);
  panel.querySelector<HTMLButtonElement>('button[aria-pressed="true"]')?.focus();
}
