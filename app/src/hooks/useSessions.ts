import { useCallback, useEffect, useState } from 'react';
import { deleteSession, listSessions, type Session } from '../api/sessions';

export interface Sessions {
  sessions: Session[] | null;
  error: string | null;
  reload(): void;
  end(id: string): Promise<void>;
}

/** The user's running sessions, for the session picker. */
export function useSessions(): Sessions {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    listSessions().then(
      (list) => {
        if (!current) return;
        setSessions(Array.isArray(list) ? list : []);
        setError(null);
      },
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const end = useCallback(async (id: string) => {
    await deleteSession(id);
    setSessions((list) => list?.filter((session) => session.session_id !== id) ?? null);
  }, []);
  return { sessions, error, reload, end };
}
