import { useCallback, useEffect, useState } from 'react';
import type { Agent } from '../api/agents';
import { listAgents } from '../api/agents';

export interface Agents {
  agents: Agent[] | null;
  error: string | null;
  reload(): void;
}

/** The agents the server offers, loaded once. */
export function useAgents(): Agents {
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setError(null);
    listAgents().then(
      (list) => current && setAgents(list),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { agents, error, reload };
}
