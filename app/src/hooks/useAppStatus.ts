import { useEffect, useState } from 'react';
import { appStatus, type AppStatus } from '../api/apps';

const POLL_MS = 1000;

/** What an app's tab shows: still asking, no such app on this server, or the server's status. */
export type AppView = { kind: 'checking' } | { kind: 'missing' } | { kind: 'status'; status: AppStatus };

/**
 * Polls an app's status route every second until it is ready or failed. Bump `generation` to ask
 * again (the Try again button): the server retries a failed step when asked later.
 */
export function useAppStatus(statusPath: string, generation: number): AppView {
  const [view, setView] = useState<AppView>({ kind: 'checking' });
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    setView({ kind: 'checking' });
    const poll = async () => {
      let next: AppView;
      try {
        const status = await appStatus(statusPath);
        next = status ? { kind: 'status', status } : { kind: 'missing' };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        next = { kind: 'status', status: { state: 'failed', message } };
      }
      if (stopped) return;
      setView(next);
      const settled = next.kind === 'missing' || next.status.state === 'ready' || next.status.state === 'failed';
      if (!settled) timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [statusPath, generation]);
  return view;
}
