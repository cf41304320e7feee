import { isMissingRoute, request } from './http';

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
