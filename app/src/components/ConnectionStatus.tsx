import { useEffect, useState } from 'react';
import type { ConnectionState } from '../terminal/TerminalConnection';

interface ConnectionStatusProps {
  state: ConnectionState;
  onRetryNow(): void;
}

/** The terminal's connection state, always in view and announced to screen readers when it changes. */
export function ConnectionStatus({ state, onRetryNow }: ConnectionStatusProps) {
  return (
    <div className="connection">
      <span className={`connection-state ${state.kind}`} data-testid="connection-state" data-state={state.kind} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {state.kind === 'reconnecting' ? <Countdown retryAt={state.retryAt} /> : label(state)}
      </span>
      {(state.kind === 'reconnecting' || state.kind === 'refused') && (
        <button type="button" className="small" onClick={onRetryNow}>
          Retry now
        </button>
      )}
    </div>
  );
}

// Never the word "disconnected": tests and people look for "connected" to mean attached.
function label(state: ConnectionState): string {
  switch (state.kind) {
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return 'reconnecting';
    case 'ended':
      return 'session ended';
    case 'refused':
      return 'closed by server';
  }
}

function Countdown({ retryAt }: { retryAt: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <span>
      reconnecting
      {/* The ticking number is shown but not announced every second. */}
      <span aria-live="off"> in {seconds}s</span>
    </span>
  );
}
