/** What the browser remembers between visits, in localStorage. */

const SESSION_KEY = 'remolt:session';
const PREFS_KEY = 'remolt:prefs';

/** Convenience values only: never a secret. */
export interface Prefs {
  agent_type?: string;
}

export function loadSessionId(): string | null {
  return read(SESSION_KEY);
}

export function saveSessionId(id: string): void {
  write(SESSION_KEY, id);
}

export function clearSessionId(): void {
  try {
    localStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage disabled: nothing was saved either.
  }
}

export function loadPrefs(): Prefs {
  const text = read(PREFS_KEY);
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Prefs) : {};
  } catch {
    return {};
  }
}

/** Merges into the stored prefs, keeping keys this version does not know. */
export function savePrefs(prefs: Prefs): void {
  write(PREFS_KEY, JSON.stringify({ ...loadPrefs(), ...prefs }));
}

// localStorage throws in some private modes and when full; the app works without it.
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    console.warn(`remolt: could not save ${key} in localStorage`);
  }
}
