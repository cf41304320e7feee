/**
 * Keys the page sends on the user's behalf: the Ctrl and Alt toggles of the toolbar and phone key
 * row, the key row's special keys, and the tmux prefix commands behind the toolbar buttons.
 */

const ESC = '\x1b';

/** tmux's default prefix, C-b. */
export const TMUX_PREFIX = '\x02';

export const TmuxCommand = {
  /** C-b [ : copy mode, where the wheel, arrows and PageUp scroll the history. */
  scrollMode: `${TMUX_PREFIX}[`,
  /** C-b " : split the window into two panes, one above the other. */
  splitVertical: `${TMUX_PREFIX}"`,
} as const;

/** A key of the phone key row and what it sends (or, for a modifier, toggles). */
export type RowKey =
  | { label: string; name: string; send: string }
  | { label: string; name: string; modifier: 'ctrl' | 'alt' };

export const KEY_ROW: readonly RowKey[] = [
  { label: 'Esc', name: 'Escape', send: ESC },
  { label: 'Tab', name: 'Tab', send: '\t' },
  { label: 'Ctrl', name: 'Control (applies to the next key)', modifier: 'ctrl' },
  { label: 'Alt', name: 'Alt (applies to the next key)', modifier: 'alt' },
  { label: '←', name: 'Left arrow', send: `${ESC}[D` },
  { label: '↑', name: 'Up arrow', send: `${ESC}[A` },
  { label: '↓', name: 'Down arrow', send: `${ESC}[B` },
  { label: '→', name: 'Right arrow', send: `${ESC}[C` },
  { label: '⇧Tab', name: 'Shift+Tab', send: `${ESC}[Z` },
  { label: '|', name: 'Pipe', send: '|' },
  { label: '~', name: 'Tilde', send: '~' },
];

/**
 * What Ctrl plus the typed input sends: the C0 control code for a letter and for @ [ \ ] ^ _ ?
 * (as a VT100 does), else the input unchanged. Only the first character takes the modifier, so a
 * phone keyboard's autocompleted word still arrives.
 */
export function withCtrl(data: string): string {
  if (data.length === 0) return data;
  const first = data[0];
  const rest = data.slice(1);
  const raw = first.charCodeAt(0);
  const code = raw >= 0x61 && raw <= 0x7a ? raw - 0x20 : raw; // a-z as A-Z
  if (code >= 0x40 && code <= 0x5f) return String.fromCharCode(code - 0x40) + rest; // @ A-Z [ \ ] ^ _
  if (first === '?') return '\x7f' + rest;
  if (first === ' ' || first === '2') return '\x00' + rest;
  if (first >= '3' && first <= '7') return String.fromCharCode(0x1b + first.charCodeAt(0) - 0x33) + rest; // 3..7 → ESC..US
  if (first === '8') return '\x7f' + rest;
  if (first === '/') return '\x1f' + rest;
  return data;
}

/** What Alt plus the typed input sends: the input behind ESC, as xterm's meta-sends-escape does. */
export function withAlt(data: string): string {
  return data.length === 0 ? data : ESC + data;
}

export interface Modifiers {
  ctrl: boolean;
  alt: boolean;
}

/** Applies the armed modifiers to one piece of input. */
export function applyModifiers(data: string, { ctrl, alt }: Modifiers): string {
  const controlled = ctrl ? withCtrl(data) : data;
  return alt ? withAlt(controlled) : controlled;
}
