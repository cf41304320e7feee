/** The workspace's tabs: terminals (tmux windows) first, then the session's apps. */

export type TabId = `terminal:${number}` | 'dashboard' | 'logs' | 'vscode';

export const DEFAULT_MAX_TERMINALS = 8;

/** Build-time override: `VITE_REMOLT_MAX_TERMINALS=4 npm run build`. */
export const MAX_TERMINALS = positiveInt(import.meta.env.VITE_REMOLT_MAX_TERMINALS) ?? DEFAULT_MAX_TERMINALS;

export function terminalTab(window: number): TabId {
  return `terminal:${window}`;
}

/** The window a terminal tab shows, or null for the other tabs. */
export function windowOf(tab: TabId): number | null {
  return tab.startsWith('terminal:') ? Number(tab.slice('terminal:'.length)) : null;
}

/**
 * The session's terminal windows from its `terminals` field: a list of tmux window indexes, or (from
 * servers before terminal tabs) a count. Always at least window 0, sorted, without duplicates.
 */
export function terminalWindows(terminals: unknown): number[] {
  let windows: number[] = [];
  if (Array.isArray(terminals)) {
    windows = terminals.filter((n): n is number => Number.isInteger(n) && n >= 0);
  } else if (typeof terminals === 'number' && Number.isInteger(terminals) && terminals > 0) {
    windows = Array.from({ length: Math.min(terminals, 64) }, (_, i) => i);
  }
  const unique = [...new Set(windows)].sort((a, b) => a - b);
  return unique.length > 0 ? unique : [0];
}

export function canAddTerminal(windows: readonly number[], max = MAX_TERMINALS): boolean {
  return windows.length < max;
}

/** The last terminal stays: a session always has one. */
export function canCloseTerminal(windows: readonly number[]): boolean {
  return windows.length > 1;
}

export function withWindow(windows: readonly number[], window: number): number[] {
  return terminalWindows([...windows, window]);
}

export function withoutWindow(windows: readonly number[], window: number): number[] {
  return windows.filter((n) => n !== window);
}

/** Where the focus goes when a terminal tab closes: its right neighbour, else its left one. */
export function tabAfterClosing(windows: readonly number[], closed: number, active: TabId): TabId {
  if (active !== terminalTab(closed)) return active;
  const index = windows.indexOf(closed);
  const rest = withoutWindow(windows, closed);
  if (rest.length === 0) return terminalTab(0);
  return terminalTab(rest[Math.min(Math.max(index, 0), rest.length - 1)]);
}

/** The tabs in order, for the tab bar and its arrow keys. */
export function allTabs(windows: readonly number[], apps: { dashboard: boolean; logs: boolean; vscode: boolean }): TabId[] {
  const tabs: TabId[] = windows.map(terminalTab);
  if (apps.dashboard) tabs.push('dashboard');
  if (apps.logs) tabs.push('logs');
  if (apps.vscode) tabs.push('vscode');
  return tabs;
}

/** The tab an arrow, Home or End key moves to in a tab list (WAI-ARIA tabs pattern), or null. */
export function tabForKey(tabs: readonly TabId[], current: TabId, key: string): TabId | null {
  const index = tabs.indexOf(current);
  if (index < 0 || tabs.length === 0) return null;
  switch (key) {
    case 'ArrowRight':
      return tabs[(index + 1) % tabs.length];
    case 'ArrowLeft':
      return tabs[(index - 1 + tabs.length) % tabs.length];
    case 'Home':
      return tabs[0];
    case 'End':
      return tabs[tabs.length - 1];
    default:
      return null;
  }
}

function positiveInt(value: unknown): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
