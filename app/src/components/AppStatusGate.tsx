import { useState, type ReactNode } from 'react';
import { useAppStatus } from '../hooks/useAppStatus';

interface AppStatusGateProps {
  /** The app's status route, such as `/api/sessions/{id}/dashboard`. */
  statusPath: string;
  /** Shown when the server has no such route. */
  missingText: string;
  /** The app itself, shown once the status says ready. */
  children: ReactNode;
}

/**
 * Shows the server's words on an app's way to ready (VS Code installing and starting, a dashboard
 * waiting for its health check), a failure with Try again, and the app once it is ready.
 */
export function AppStatusGate({ statusPath, missingText, children }: AppStatusGateProps) {
  const [generation, setGeneration] = useState(0);
  const view = useAppStatus(statusPath, generation);
  const tryAgain = (
    <button type="button" onClick={() => setGeneration((n) => n + 1)}>
      Try again
    </button>
  );

  if (view.kind === 'checking') return <p className="panel-message muted">Checking…</p>;
  if (view.kind === 'missing')
    return (
      <div className="panel-message" role="alert">
        <p>{missingText}</p>
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
  return <>{children}</>;
}
