type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

/**
 * Builds an element: attributes by name (on* become listeners, booleans
 * toggle), then children. Small on purpose; the calendar grid itself is
 * FullCalendar's.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err && typeof err === 'object' && 'message' in err ? String(err.message) : String(err);
}

let seq = 0;
/** A page-unique id for label/field pairs. */
export const uid = (prefix: string): string => `${prefix}-${++seq}`;
