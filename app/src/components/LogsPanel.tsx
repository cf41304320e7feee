import { useEffect, useRef } from 'react';
import { useLogStream } from '../hooks/useLogStream';

/** The agent's logs, streamed while the tab is open, following the end unless scrolled up. */
export function LogsPanel({ path, active }: { path: string; active: boolean }) {
  const { lines, state, reconnect } = useLogStream(path, active);
  const preRef = useRef<HTMLPreElement>(null);
  const followRef = useRef(true);

  useEffect(() => {
    const pre = preRef.current;
    if (pre && followRef.current) pre.scrollTop = pre.scrollHeight;
  }, [lines]);

  return (
    <div className="logs">
      <div className="app-frame-bar">
        <span className="muted" role="status" data-testid="logs-state">
          {state === 'open' ? 'Streaming logs' : state === 'connecting' ? 'Connecting…' : state === 'closed' ? 'Log stream closed' : ''}
        </span>
        {state === 'closed' && (
          <button type="button" className="small" onClick={reconnect}>
            Reconnect
          </button>
        )}
      </div>
      {state === 'closed' && lines.length === 0 && (
        <p className="panel-message muted">No logs: the server has no log stream for this session, or it ended.</p>
      )}
      <pre
        ref={preRef}
        className="logs-lines"
        tabIndex={0}
        aria-label="Agent logs"
        onScroll={(event) => {
          const pre = event.currentTarget;
          followRef.current = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 8;
        }}
      >
        {lines.join('\n')}
      </pre>
    </div>
  );
}
