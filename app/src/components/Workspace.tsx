import { useEffect, useState, type ReactNode } from 'react';
import { deleteSession, getSession, type Session } from '../api/sessions';
import { useTerminalSocket } from '../hooks/useTerminalSocket';
import { useXterm } from '../hooks/useXterm';
import { terminalSocketUrl, type ServerEvent } from '../terminal/protocol';
import { ConnectionStatus } from './ConnectionStatus';
import { TerminalPanel } from './TerminalPanel';

interface WorkspaceProps {
  session: Session;
  agentName: string;
  /** The session is over: `ended` by the user here, or `gone` on the server. */
  onClosed(reason: 'ended' | 'gone'): void;
}

/** A running session: the terminal filling the window under a small top bar. */
export function Workspace({ session, agentName, onClosed }: WorkspaceProps) {
  const { containerRef, terminal } = useXterm();
  const [authUrl, setAuthUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onEvent = (event: ServerEvent) => {
    switch (event.type) {
      case 'auth_url':
        setAuthUrl(event.url);
        break;
      case 'idle_warning':
        setNotice(`This session ends in about ${event.seconds} s unless there is activity.`);
        break;
      case 'exit':
        setNotice(event.message ?? `The terminal's program exited${event.code === undefined ? '' : ` with code ${event.code}`}.`);
        break;
      case 'status':
        console.debug('remolt: session status', event);
        break;
    }
  };

  const { state, retryNow } = useTerminalSocket({
    url: terminalSocketUrl(session.ws_url, window.location),
    terminal,
    onEvent,
    sessionExists: async () => (await getSession(session.session_id)) !== null,
  });

  useEffect(() => {
    if (state.kind === 'ended') onClosed('gone');
  }, [state.kind, onClosed]);

  const endSession = async () => {
    if (!window.confirm('End this session? The sandbox and everything in it will be deleted.')) return;
    setEnding(true);
    setError(null);
    try {
      await deleteSession(session.session_id);
      onClosed('ended');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setEnding(false);
    }
  };

  return (
    <div className="workspace">
      <header className="topbar">
        <span className="brand">Remolt</span>
        <span className="topbar-agent" title={`Session ${session.session_id}`}>
          {agentName}
        </span>
        <ConnectionStatus state={state} onRetryNow={retryNow} />
        <button type="button" className="danger" data-testid="end-session" onClick={endSession} disabled={ending}>
          {ending ? 'Ending…' : 'End session'}
        </button>
      </header>
      {state.kind === 'refused' && (
        <p className="banner error" role="alert">
          {state.reason}
        </p>
      )}
      {error && (
        <p className="banner error" role="alert">
          Could not end the session: {error}
        </p>
      )}
      {authUrl && (
        <Banner onDismiss={() => setAuthUrl(null)}>
          Sign-in needed:{' '}
          <a href={authUrl} target="_blank" rel="noopener noreferrer">
            {authUrl}
          </a>
        </Banner>
      )}
      {notice && <Banner onDismiss={() => setNotice(null)}>{notice}</Banner>}
      <TerminalPanel containerRef={containerRef} />
    </div>
  );
}

function Banner({ children, onDismiss }: { children: ReactNode; onDismiss(): void }) {
  return (
    <div className="banner" role="status">
      <span className="banner-text">{children}</span>
      <button type="button" className="small" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
