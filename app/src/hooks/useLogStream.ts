import { useCallback, useEffect, useState } from 'react';
import { socketUrl } from '../terminal/protocol';

export const MAX_LOG_LINES = 2000;

export type LogStreamState = 'idle' | 'connecting' | 'open' | 'closed';

export interface LogStream {
  lines: string[];
  state: LogStreamState;
  reconnect(): void;
}

/** The agent's log lines over `WS logs_ws_url`, the newest MAX_LOG_LINES kept; only while `enabled`. */
export function useLogStream(path: string | null, enabled: boolean): LogStream {
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<LogStreamState>('idle');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!path || !enabled) return;
    setState('connecting');
    const socket = new WebSocket(socketUrl(path, window.location));
    socket.onopen = () => setState('open');
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const incoming = event.data.replace(/\r?\n$/, '').split(/\r?\n/);
      setLines((previous) => appendLines(previous, incoming));
    };
    socket.onclose = () => setState('closed');
    return () => {
      socket.onclose = null;
      socket.close(1000, 'logs closed');
    };
  }, [path, enabled, generation]);

  const reconnect = useCallback(() => setGeneration((n) => n + 1), []);
  return { lines, state, reconnect };
}

export function appendLines(previous: readonly string[], incoming: readonly string[], max = MAX_LOG_LINES): string[] {
  const all = [...previous, ...incoming];
  return all.length > max ? all.slice(all.length - max) : all;
}
