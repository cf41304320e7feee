import { useEffect, useState } from 'react';
import { vscodeStatus, type VSCodeStatus } from '../api/apps';

const POLL_MS = 1000;

/** What the VS Code tab shows: still asking, no VS Code on this server, or the server's status. */
export type VSCodeView = { kind: 'checking' } | { kind: 'missing' } | { kind: 'status'; status: VSCodeStatus };

/**
 * Polls the session's VS Code status every second until it is ready or failed. Bump `generation`
 * to ask again (the Try again button): the server retries a failed step when asked later.
 */
export function useVSCodeStatus(sessionId: string, generation: number): VSCodeView {
  const [view, setView] = useState<VSCodeView>({ kind: 'checking' });
  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    setView({ kind: 'checking' });
    const poll = async () => {
      let next: VSCodeView;
      try {
        const status = await vscodeStatus(sessionId);
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
  }, [sessionId, generation]);
  return view;
}
