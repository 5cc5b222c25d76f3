import type { PlanError } from '../../api/errors';
import { translateError } from '../../langs';
import { h } from '../common/dom';

/** A labelled field with a place for its error: field-NAME and error-NAME. */
export function labelled(name: string, label: string, control: HTMLElement, extra?: HTMLElement): HTMLElement {
  control.id = `field-${name}`;
  control.setAttribute('name', name);
  control.setAttribute('aria-describedby', `error-${name}`);
  return h('div', { class: `field field-${name}` }, h('label', { for: control.id }, label), control, extra,
    h('p', { class: 'field-error', id: `error-${name}`, 'aria-live': 'polite' }));
}

/** Where a form says what Go refused, at the field concerned. */
export interface FormErrors {
  /** The form's general error line, for errors of no field. */
  general: HTMLElement;
  show(err: PlanError): void;
  clear(name: string): void;
  clearAll(): void;
}

/** Errors shown in el, each at the field formField names for it. */
export function formErrors(el: HTMLElement, formField: (field: string | undefined) => string): FormErrors {
  const general = h('p', { class: 'field-error general', id: 'error-general', role: 'alert' });
  return {
    general,
    show(err) {
      const name = formField(err.field);
      const target = el.querySelector<HTMLElement>(`#error-${name}`) ?? general;
      target.textContent = translateError(err);
      const control = el.querySelector<HTMLElement>(`#field-${name}`);
      if (control) {
        control.setAttribute('aria-invalid', 'true');
        control.focus();
      }
    },
    clear(name) {
      const e = el.querySelector(`#error-${name}`);
      if (e) e.textContent = '';
      el.querySelector(`#field-${name}`)?.removeAttribute('aria-invalid');
    },
    clearAll() {
      for (const e of el.querySelectorAll('.field-error')) e.textContent = '';
      for (const c of el.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
    },
  };
}
