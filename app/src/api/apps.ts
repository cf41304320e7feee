import { isMissingRoute, request, requestJson } from './http';

export type AppAvailability = 'available' | 'missing';

/**
 * Whether an app inside the sandbox (dashboard, VS Code) answers at its proxied path before the page
 * shows it in a frame: a server without the proxy answers 404 or 405, which a frame would show as a
 * bare error page. Other failures (the app still starting) leave it to the frame.
 */
export async function probeApp(path: string): Promise<AppAvailability> {
  try {
    await request('GET', path, { headers: { Accept: 'text/html' } });
    return 'available';
  } catch (error) {
    return isMissingRoute(error) ? 'missing' : 'available';
  }
}

/** How far VS Code (code-server) is in a session, as `GET /api/sessions/{id}/vscode` answers. */
export interface VSCodeStatus {
  state: 'installing' | 'starting' | 'ready' | 'failed';
  message: string;
}

/**
 * Asks the server where VS Code is for the session; asking also starts whatever step is missing.
 * `null` when the server has no VS Code (an older server, or one with `REMOLT_VSCODE=off`).
 */
export async function vscodeStatus(sessionId: string): Promise<VSCodeStatus | null> {
  try {
    return await requestJson<VSCodeStatus>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/vscode`);
  } catch (error) {
    if (isMissingRoute(error)) return null;
    throw error;
  }
}
