import type { PostInput } from '../../api/planner';
import { t } from '../../langs';
import { dateInput, timeInput } from '../common/dateField';
import { h, uid } from '../common/dom';
import { labelled } from './formErrors';

/** When a post is: date, time or all day, length and time zone. */
export interface TimeFields {
  /** Two rows: date, time and all day; length and zone. */
  rows: HTMLElement[];
  date: HTMLInputElement;
  /** The controls whose change changes the repeat rule's next dates. */
  controls: HTMLElement[];
  /** The post's time fields as the form has them. */
  value(): Pick<PostInput, 'date' | 'time' | 'allDay' | 'minutes' | 'timeZone'>;
}

/** The time zones the browser knows, as a list for the zone field. */
function zoneList(): string {
  const id = 'time-zones';
  if (!document.getElementById(id)) {
    const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
    document.body.append(h('datalist', { id }, ...names.map((z) => h('option', { value: z }))));
  }
  return id;
}

export function timeFields(p: PostInput): TimeFields {
  const date = dateInput({ value: p.date });
  const time = timeInput({ value: p.time || '09:00' });
  const allDay = h('input', { type: 'checkbox', id: uid('allday'), checked: p.allDay });
  const minutes = h('input', { type: 'number', min: 0, max: 20160, step: 5, value: p.minutes || 30, class: 'narrow' });
  const zone = h('input', { value: p.timeZone, list: zoneList(), autocomplete: 'off', spellcheck: 'false' });
  const syncAllDay = (): void => {
    time.disabled = allDay.checked;
    minutes.disabled = allDay.checked;
  };
  allDay.addEventListener('change', syncAllDay);
  syncAllDay();
  const rows = [
    h('div', { class: 'row' },
      labelled('date', t('editor.date'), date),
      labelled('time', t('editor.time'), time),
      h('div', { class: 'field field-allday' }, allDay, h('label', { for: allDay.id }, t('editor.allDay')))),
    h('div', { class: 'row' },
      labelled('minutes', t('editor.minutes'), minutes),
      labelled('timeZone', t('editor.timeZone'), zone)),
  ];
  return {
    rows, date, controls: [date, time, allDay, zone],
    value: () => ({
      date: date.value, time: allDay.checked ? '' : time.value, allDay: allDay.checked,
      minutes: allDay.checked ? 24 * 60 : Number(minutes.value) || 0, timeZone: zone.value.trim(),
    }),
  };
}
