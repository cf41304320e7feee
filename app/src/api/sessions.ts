import { ApiError, requestJson } from './http';

/** A sandboxed session, as the server answers it. */
export interface Session {
  session_id: string;
  status: string;
  /** A path such as `/ws/terminal/abc123`. */
  ws_url: string;
  agent_type: string;
  proxy_url: string | null;
  vscode_url: string | null;
  logs_ws_url: string | null;
  terminals: unknown;
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

function sessionPath(id: string): string {
  return `/api/sessions/${encodeURIComponent(id)}`;
}
