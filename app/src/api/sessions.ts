import { ApiError, request, requestJson } from './http';

/** A sandboxed session, as the server answers it. */
export interface Session {
  session_id: string;
  status: string;
  /** A path such as `/ws/terminal/abc123`. */
  ws_url: string;
  agent_type: string;
  proxy_url: string | null;
  vscode_url: string | null;
  /** Apps open on their own origin (the server's REMOLT_APPS_DOMAIN): in a tab of their own, not a frame. */
  app_origin?: boolean;
  logs_ws_url: string | null;
  /** The tmux windows open as terminal tabs, `[0, 1, ...]`; older servers send a count. */
  terminals: number[] | number;
  /** Epoch seconds. */
  created?: number;
}

export interface NewSession {
  agent_type: string;
  git_user_name?: string;
  git_user_email?: string;
  repo_url?: string;
  agent_env?: Record<string, string>;
}

export function createSession(request: NewSession): Promise<Session> {
  return requestJson<Session>('POST', '/api/sessions', request);
}

/** The caller's sessions. */
export function listSessions(): Promise<Session[]> {
  return requestJson<Session[]>('GET', '/api/sessions');
}

/** The session, or null once it has ended (404). */
export async function getSession(id: string): Promise<Session | null> {
  try {
    return await requestJson<Session>('GET', sessionPath(id));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Ends the session; one that has already ended counts as done. */
export async function deleteSession(id: string): Promise<void> {
  try {
    await requestJson<{ status: string }>('DELETE', sessionPath(id));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}

/** Opens a new tmux window in the session; answers its index. */
export async function openTerminal(id: string): Promise<number> {
  const { window } = await requestJson<{ window: number }>('POST', `${sessionPath(id)}/terminals`);
  if (!Number.isInteger(window) || window < 0) throw new ApiError('The server answered without a window number.', 502, 'bad_answer');
  return window;
}

/** Closes tmux window `window`; one that is already gone counts as closed. */
export async function closeTerminal(id: string, window: number): Promise<void> {
  try {
    await request('DELETE', `${sessionPath(id)}/terminals/${window}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return;
    throw error;
  }
}

export interface Download {
  blob: Blob;
  fileName: string;
}

/** The session's workspace as a .tar.gz. */
export async function downloadWorkspace(id: string): Promise<Download> {
  const response = await request('GET', `${sessionPath(id)}/download`, { headers: { Accept: 'application/gzip' } });
  const fileName = fileNameOf(response.headers.get('Content-Disposition')) ?? `remolt-${id}.tar.gz`;
  return { blob: await response.blob(), fileName };
}

/** Unpacks a .tar.gz into the session's workspace; answers the server's JSON. */
export async function uploadWorkspace(id: string, archive: Blob): Promise<Record<string, unknown>> {
  const response = await request('POST', `${sessionPath(id)}/upload`, {
    headers: { Accept: 'application/json', 'Content-Type': 'application/gzip' },
    body: archive,
  });
  try {
    return (await response.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** The file name from a Content-Disposition header, if it names a safe one. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  let name: string | null = null;
  if (encoded) {
    try {
      name = decodeURIComponent(encoded[1].trim());
    } catch {
      name = null;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/i.exec(header)?.[1] ?? /filename\s*=\s*([^;\s]+)/i.exec(header)?.[1] ?? null;
  // A name only, never a path.
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}

function sessionPath(id: string): string {
  return `/api/sessions/${encodeURIComponent(id)}`;
}
