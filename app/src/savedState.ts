/** What the browser remembers between visits, in localStorage. */

const SESSION_KEY = 'remolt:session';
const PREFS_KEY = 'remolt:prefs';

import type { EnvField } from './api/agents';

/** Convenience values only: never a secret. */
export interface Prefs {
  agent_type?: string;
  git_user_name?: string;
  git_user_email?: string;
  repo_url?: string;
  /** Per agent, the values of its env fields that are not secret. */
  agent_env?: Record<string, Record<string, string>>;
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

/**
 * Remembers an agent's env values, leaving out every secret field and every key the schema does not
 * declare (whose secrecy we cannot know); blank values are forgotten.
 */
export function saveAgentEnv(agentId: string, schema: readonly EnvField[], values: Record<string, string>): void {
  const kept: Record<string, string> = {};
  for (const field of schema) {
    const value = values[field.key]?.trim();
    if (!field.secret && value) kept[field.key] = value;
  }
  const all = { ...loadPrefs().agent_env };
  if (Object.keys(kept).length > 0) all[agentId] = kept;
  else delete all[agentId];
  savePrefs({ agent_env: Object.keys(all).length > 0 ? all : undefined });
}

/** The remembered non-secret env values for an agent. */
export function loadAgentEnv(agentId: string): Record<string, string> {
  const values = loadPrefs().agent_env?.[agentId];
  return typeof values === 'object' && values !== null ? { ...values } : {};
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
