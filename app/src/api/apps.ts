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

/**
 * How far an app inside the sandbox is on its way to ready, as the status routes answer:
 * `GET /api/sessions/{id}/vscode` (installing, starting code-server) and
 * `GET /api/sessions/{id}/dashboard` (starting until its health check answers).
 */
export interface AppStatus {
  state: 'installing' | 'starting' | 'ready' | 'failed';
  message: string;
}

export const vscodeStatusPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/vscode`;
export const dashboardStatusPath = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/dashboard`;

/**
 * Asks one status route; asking VS Code's also starts whatever step is missing. `null` when the
 * server has no such route (an older server, `REMOLT_VSCODE=off`, an agent without a dashboard).
 */
export async function appStatus(path: string): Promise<AppStatus | null> {
  try {
    return await requestJson<AppStatus>('GET', path);
  } catch (error) {
    if (isMissingRoute(error)) return null;
    throw error;
  }
}
