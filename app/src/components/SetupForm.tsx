import { useState, type FormEvent } from 'react';
import type { Agent } from '../api/agents';
import { ApiError } from '../api/http';
import { loadPrefs, savePrefs } from '../savedState';

interface SetupFormProps {
  agents: Agent[] | null;
  agentsError: string | null;
  onRetryAgents(): void;
  /** The previous session ended on its own: say so, and offer to launch again. */
  sessionEnded: boolean;
  onLaunch(agentType: string): Promise<void>;
}

/** The first page: pick an agent and launch a session. */
export function SetupForm({ agents, agentsError, onRetryAgents, sessionEnded, onLaunch }: SetupFormProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [launching, setLaunching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selected = chosen ?? defaultAgent(agents);

  const choose = (id: string) => {
    setChosen(id);
    savePrefs({ agent_type: id });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected || launching) return;
    setLaunching(true);
    setError(null);
    try {
      await onLaunch(selected);
    } catch (failure) {
      setError(describe(failure));
      setLaunching(false);
    }
  };

  return (
    <main className="setup">
      <h1 className="brand">Remolt</h1>
      <form className="setup-form" onSubmit={submit}>
        {sessionEnded && (
          <section className="notice" role="status" aria-labelledby="ended-title">
            <h2 id="ended-title">Session ended</h2>
            <p>Your previous session is gone: it was ended or stopped after being idle.</p>
            <button type="submit" data-testid="launch-again" disabled={!selected || launching}>
              Launch again
            </button>
          </section>
        )}
        <fieldset className="agents">
          <legend>Choose an agent</legend>
          {!agents && !agentsError && <p className="muted">Loading agents…</p>}
          {agentsError && (
            <p role="alert" className="error">
              {agentsError}{' '}
              <button type="button" onClick={onRetryAgents}>
                Try again
              </button>
            </p>
          )}
          {agents?.length === 0 && <p className="muted">The server offers no agents.</p>}
          {agents?.map((agent) => (
            <label key={agent.id} className="agent-card" data-agent-id={agent.id}>
              <input type="radio" name="agent" value={agent.id} checked={selected === agent.id} onChange={() => choose(agent.id)} />
              {agent.icon && agent.icon.length <= 4 && (
                <span className="agent-icon" aria-hidden="true">
                  {agent.icon}
                </span>
              )}
              <span className="agent-name">{agent.name}</span>
              {agent.description && <span className="agent-description">{agent.description}</span>}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" data-testid="launch" disabled={!selected || launching}>
          {launching ? 'Launching…' : 'Launch'}
        </button>
        <div role="alert" className="error" data-testid="launch-error">
          {error}
        </div>
      </form>
    </main>
  );
}

/** The agent remembered in the preferences if the server still offers it, else the first. */
function defaultAgent(agents: Agent[] | null): string | null {
  if (!agents || agents.length === 0) return null;
  const remembered = loadPrefs().agent_type;
  return remembered && agents.some((agent) => agent.id === remembered) ? remembered : agents[0].id;
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError) {
    return failure.retryAfterSeconds !== undefined
      ? `${failure.message} Try again in ${failure.retryAfterSeconds} s.`
      : failure.message;
  }
  return failure instanceof Error ? failure.message : String(failure);
}
