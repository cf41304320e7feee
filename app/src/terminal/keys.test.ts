import { describe, expect, it } from 'vitest';
import { KEY_ROW, TmuxCommand, applyModifiers, withAlt, withCtrl } from './keys';

const codes = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

describe('withCtrl', () => {
  it('turns letters of either case into their control codes', () => {
    expect(codes(withCtrl('c'))).toEqual([3]);
    expect(codes(withCtrl('C'))).toEqual([3]);
    expect(codes(withCtrl('a'))).toEqual([1]);
    expect(codes(withCtrl('z'))).toEqual([26]);
  });

  it('maps the punctuation a VT100 maps', () => {
    expect(codes(withCtrl('['))).toEqual([27]);
    expect(codes(withCtrl('\\'))).toEqual([28]);
    expect(codes(withCtrl(']'))).toEqual([29]);
    expect(codes(withCtrl('@'))).toEqual([0]);
    expect(codes(withCtrl(' '))).toEqual([0]);
    expect(codes(withCtrl('?'))).toEqual([127]);
    expect(codes(withCtrl('/'))).toEqual([31]);
  });

  it('applies to the first character only and passes other input through', () => {
    expect(codes(withCtrl('dog'))).toEqual([4, 111, 103]);
    expect(withCtrl('é')).toBe('é');
    expect(withCtrl('\x1b[A')).toBe('\x1b[A');
    expect(withCtrl('')).toBe('');
  });
});

describe('modifiers', () => {
  it('Alt puts ESC before the input', () => {
    expect(withAlt('b')).toBe('\x1bb');
    expect(withAlt('')).toBe('');
  });

  it('Ctrl and Alt together send ESC then the control code', () => {
    expect(codes(applyModifiers('x', { ctrl: true, alt: true }))).toEqual([27, 24]);
    expect(applyModifiers('x', { ctrl: false, alt: false })).toBe('x');
  });
});

describe('key row', () => {
  const sent = (label: string) => {
    const key = KEY_ROW.find((k) => k.label === label);
    return key && 'send' in key ? key.send : undefined;
  };

  it('sends the escape sequences a terminal sends for these keys', () => {
    expect(sent('Esc')).toBe('\x1b');
    expect(sent('Tab')).toBe('\t');
    expect(sent('↑')).toBe('\x1b[A');
    expect(sent('↓')).toBe('\x1b[B');
    expect(sent('→')).toBe('\x1b[C');
    expect(sent('←')).toBe('\x1b[D');
    expect(sent('⇧Tab')).toBe('\x1b[Z');
    expect(sent('|')).toBe('|');
    expect(sent('~')).toBe('~');
  });

  it('has Ctrl and Alt as toggles, and every key a name for screen readers', () => {
    expect(KEY_ROW.filter((k) => 'modifier' in k).map((k) => k.label)).toEqual(['Ctrl', 'Alt']);
    for (const key of KEY_ROW) expect(key.name.length).toBeGreaterThan(0);
  });

  it('drives tmux with its default prefix C-b', () => {
    expect(TmuxCommand.scrollMode).toBe('\x02[');
    expect(TmuxCommand.splitVertical).toBe('\x02"');
  });
});
