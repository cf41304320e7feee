import { useState } from 'react';
import { useVSCodeStatus } from '../hooks/useVSCodeStatus';
import { AppFrame } from './AppFrame';

/**
 * VS Code (code-server) on the sandbox's files, proxied from inside the sandbox. The server
 * installs and starts it on first use; until it is ready the panel shows the server's progress.
 * With app origins (`ownOrigin`) it opens in a tab of its own, like a dashboard.
 */
export function VSCodePanel({ src, sessionId, ownOrigin }: { src: string; sessionId: string; ownOrigin?: boolean }) {
  const [generation, setGeneration] = useState(0);
  const view = useVSCodeStatus(sessionId, generation);
  const tryAgain = (
    <button type="button" onClick={() => setGeneration((n) => n + 1)}>
      Try again
    </button>
  );

  if (view.kind === 'checking') return <p className="panel-message muted">Opening VS Code…</p>;
  if (view.kind === 'missing')
    return (
      <div className="panel-message" role="alert">
        <p>VS Code is not available on this server yet.</p>
        {tryAgain}
      </div>
    );
  const { state, message } = view.status;
  if (state === 'failed')
    return (
      <div className="panel-message" role="alert">
        <p>{message}</p>
        {tryAgain}
      </div>
    );
  if (state !== 'ready')
    return (
      <p className="panel-message muted" role="status">
        {message}
      </p>
    );
  return <AppFrame src={src} title="VS Code" ownOrigin={ownOrigin} missingText="VS Code is not available on this server yet." />;
}
