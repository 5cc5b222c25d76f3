import { describe, expect, it } from 'vitest';
import { actionFor, isTextEntry } from './keys';

const key = (k: string, mods: Partial<KeyboardEventInit> = {}): KeyboardEvent => new KeyboardEvent('keydown', { key: k, ...mods });

describe('keyboard', () => {
  it('maps the calendar keys outside fields', () => {
    expect(actionFor(key('j'), false)).toBe('next');
    expect(actionFor(key('ArrowLeft'), false)).toBe('prev');
    expect(actionFor(key('w'), false)).toBe('view:week');
    expect(actionFor(key('/'), false)).toBe('search');
    expect(actionFor(key('n'), false)).toBe('new');
    expect(actionFor(key('g'), false)).toBe('glance');
  });

  it('leaves letters and Ctrl+Z to a text field, but Esc still closes', () => {
    expect(actionFor(key('j'), true)).toBeNull();
    expect(actionFor(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(key('Escape'), true)).toBe('close');
  });

  it('undoes and redoes the plan with Ctrl+Z and Ctrl+Shift+Z', () => {
    expect(actionFor(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(actionFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(actionFor(key('y', { ctrlKey: true }), false)).toBe('redo');
  });

  it('imports and exports with Ctrl+I and Ctrl+E, as the File menu says', () => {
    expect(actionFor(key('i', { ctrlKey: true }), false)).toBe('import');
    expect(actionFor(key('e', { metaKey: true }), false)).toBe('export');
    expect(actionFor(key('e', { ctrlKey: true }), true)).toBeNull();
  });

  it('knows which controls take text', () => {
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTextEntry(box)).toBe(false);
    expect(isTextEntry(document.createElement('input'))).toBe(true);
    expect(isTextEntry(document.createElement('textarea'))).toBe(true);
    expect(isTextEntry(document.createElement('button'))).toBe(false);
  });
});
