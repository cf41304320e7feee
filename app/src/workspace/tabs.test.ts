import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_TERMINALS,
  allTabs,
  canAddTerminal,
  canCloseTerminal,
  tabAfterClosing,
  tabForKey,
  terminalWindows,
  windowOf,
  withWindow,
  withoutWindow,
} from './tabs';

describe('terminalWindows', () => {
  it('reads the list of window indexes, sorted and without duplicates', () => {
    expect(terminalWindows([2, 0, 1, 2])).toEqual([0, 1, 2]);
  });

  it('reads the count older servers send as windows 0 to n-1', () => {
    expect(terminalWindows(1)).toEqual([0]);
    expect(terminalWindows(3)).toEqual([0, 1, 2]);
  });

  it('always has window 0 when the field is missing, empty or malformed', () => {
    expect(terminalWindows(undefined)).toEqual([0]);
    expect(terminalWindows([])).toEqual([0]);
    expect(terminalWindows(0)).toEqual([0]);
    expect(terminalWindows(['1', -1, 1.5])).toEqual([0]);
  });

  it('keeps a list that lacks window 0, since window 0 may have been closed', () => {
    expect(terminalWindows([1, 3])).toEqual([1, 3]);
  });
});

describe('adding and closing terminal tabs', () => {
  it('allows up to 8 terminals by default, or the given maximum', () => {
    expect(DEFAULT_MAX_TERMINALS).toBe(8);
    expect(canAddTerminal([0, 1, 2, 3, 4, 5, 6])).toBe(true);
    expect(canAddTerminal([0, 1, 2, 3, 4, 5, 6, 7])).toBe(false);
    expect(canAddTerminal([0, 1], 2)).toBe(false);
  });

  it('never closes the last terminal', () => {
    expect(canCloseTerminal([0])).toBe(false);
    expect(canCloseTerminal([0, 1])).toBe(true);
  });

  it('adds a window in order once and removes it', () => {
    expect(withWindow([0, 2], 1)).toEqual([0, 1, 2]);
    expect(withWindow([0, 1], 1)).toEqual([0, 1]);
    expect(withoutWindow([0, 1, 2], 1)).toEqual([0, 2]);
  });

  it('moves to the right neighbour when the active tab closes, or the left one at the end', () => {
    expect(tabAfterClosing([0, 1, 2], 1, 'terminal:1')).toBe('terminal:2');
    expect(tabAfterClosing([0, 1, 2], 2, 'terminal:2')).toBe('terminal:1');
  });

  it('stays where it is when another tab closes', () => {
    expect(tabAfterClosing([0, 1, 2], 1, 'terminal:0')).toBe('terminal:0');
    expect(tabAfterClosing([0, 1], 1, 'logs')).toBe('logs');
  });

  it('knows which window a tab shows', () => {
    expect(windowOf('terminal:3')).toBe(3);
    expect(windowOf('logs')).toBeNull();
  });
});

describe('tab order and keyboard', () => {
  const tabs = allTabs([0, 1], { dashboard: false, logs: true, vscode: true });

  it('lists terminals, then the dashboard only when the agent has one, logs and VS Code', () => {
    expect(tabs).toEqual(['terminal:0', 'terminal:1', 'logs', 'vscode']);
    expect(allTabs([0], { dashboard: true, logs: true, vscode: false })).toEqual(['terminal:0', 'dashboard', 'logs']);
  });

  it('moves with arrows (wrapping), Home and End, and ignores other keys', () => {
    expect(tabForKey(tabs, 'terminal:0', 'ArrowRight')).toBe('terminal:1');
    expect(tabForKey(tabs, 'terminal:0', 'ArrowLeft')).toBe('vscode');
    expect(tabForKey(tabs, 'vscode', 'ArrowRight')).toBe('terminal:0');
    expect(tabForKey(tabs, 'logs', 'Home')).toBe('terminal:0');
    expect(tabForKey(tabs, 'terminal:0', 'End')).toBe('vscode');
    expect(tabForKey(tabs, 'terminal:0', 'a')).toBeNull();
  });
});
