import { useState } from 'react';
import type { Agent } from '../api/agents';
import type { Session } from '../api/sessions';
import { useSessions } from '../hooks/useSessions';

interface SessionPickerProps {
  agents: Agent[] | null;
  onReattach(session: Session): void;
}

/** The user's running sessions: go back to one, or end it. Hidden when there are none. */
export function SessionPicker({ agents, onReattach }: SessionPickerProps) {
  const { sessions, end } = useSessions();
  const [error, setError] = useState<string | null>(null);
  const [ending, setEnding] = useState<string | null>(null);

  if (!sessions || sessions.length === 0) return null;

  const endOne = async (session: Session) => {
    if (!window.confirm(`End session ${session.session_id}? The sandbox and everything in it will be deleted.`)) return;
    setEnding(session.session_id);
    setError(null);
    try {
      await end(session.session_id);
    } catch (failure) {
      setError(`Could not end ${session.session_id}: ${failure instanceof Error ? failure.message : String(failure)}`);
    } finally {
      setEnding(null);
    }
  };

  return (
    <section className="sessions" aria-labelledby="sessions-title" data-testid="session-picker">
      <h2 id="sessions-title">Your running sessions</h2>
      <ul>
        {sessions.map((session) => (
          <li key={session.session_id} className="session-row">
            <span className="session-agent">{agents?.find((a) => a.id === session.agent_type)?.name ?? session.agent_type}</span>
            <code className="session-id">{session.session_id}</code>
            {session.created && <span className="muted session-created">started {new Date(session.created * 1000).toLocaleString()}</span>}
            <button type="button" className="small primary" data-testid={`reattach-${session.session_id}`} onClick={() => onReattach(session)}>
              Open
            </button>
            <button
              type="button"
              className="small danger"
              data-testid={`end-${session.session_id}`}
              aria-label={`End session ${session.session_id}`}
              disabled={ending === session.session_id}
              onClick={() => endOne(session)}
            >
              {ending === session.session_id ? 'Ending…' : 'End'}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
