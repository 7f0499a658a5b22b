import { describe, expect, it } from 'vitest';
import { commandForKey, shortcutApplies, type KeyPlace } from './keyboard-shortcuts.js';

const key = (name: string, modifiers: { ctrl?: boolean; meta?: boolean; shift?: boolean } = {}) => ({
  key: name,
  ctrlKey: modifiers.ctrl ?? false,
  metaKey: modifiers.meta ?? false,
  shiftKey: modifiers.shift ?? false,
  altKey: false,
});

describe('keyboard shortcuts', () => {
  it('maps the standard editing keys', () => {
    expect(commandForKey(key('z', { ctrl: true }))).toBe('edit.undo');
    expect(commandForKey(key('Z', { ctrl: true, shift: true }))).toBe('edit.redo');
    expect(commandForKey(key('y', { ctrl: true }))).toBe('edit.redo');
    expect(commandForKey(key('s', { meta: true }))).toBe('file.save');
    expect(commandForKey(key('S', { meta: true, shift: true }))).toBe('file.saveAs');
    expect(commandForKey(key('c', { ctrl: true }))).toBe('edit.copy');
    expect(commandForKey(key('v', { ctrl: true }))).toBe('edit.paste');
    expect(commandForKey(key('Delete'))).toBe('edit.delete');
    expect(commandForKey(key('Backspace'))).toBe('edit.delete');
  });

  it('ignores plain letters', () => {
    expect(commandForKey(key('z'))).toBeNull();
    expect(commandForKey(key('q', { ctrl: true }))).toBeNull();
  });
});

describe('where shortcuts apply', () => {
  const place = (overrides: Partial<KeyPlace>): KeyPlace => ({ inEditable: false, inCanvas: false, onBody: false, lastPressInCanvas: false, ...overrides });

  it('deletes with focus on the canvas', () => {
    expect(shortcutApplies('edit.delete', place({ inCanvas: true }))).toBe(true);
  });

  it('deletes from the body after a press on the canvas', () => {
    expect(shortcutApplies('edit.delete', place({ onBody: true, lastPressInCanvas: true }))).toBe(true);
  });

  it('keeps the node after a press on the inspector', () => {
    expect(shortcutApplies('edit.delete', place({ onBody: true, lastPressInCanvas: false }))).toBe(false);
    expect(shortcutApplies('edit.paste', place({ onBody: true }))).toBe(false);
  });

  it('leaves keys in a field to the field, except save and run', () => {
    expect(shortcutApplies('edit.undo', place({ inEditable: true }))).toBe(false);
    expect(shortcutApplies('file.save', place({ inEditable: true }))).toBe(true);
    expect(shortcutApplies('edit.undo', place({ onBody: true }))).toBe(true);
  });
});
