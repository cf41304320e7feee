import { useCallback, useEffect, useState } from 'react';
import { createSession, getSession, type Session } from './api/sessions';
import { SetupForm } from './components/SetupForm';
import { Workspace } from './components/Workspace';
import { useAgents } from './hooks/useAgents';
import { clearSessionId, loadSessionId, savePrefs, saveSessionId } from './savedState';

type Page =
  | { kind: 'checking' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup'; sessionEnded: boolean }
  | { kind: 'workspace'; session: Session };

/** Decides the page: reattach to the saved session, or offer a new one. */
export function App() {
  const { agents, error: agentsError, reload: reloadAgents } = useAgents();
  const [page, setPage] = useState<Page>(() => (loadSessionId() ? { kind: 'checking' } : { kind: 'setup', sessionEnded: false }));

  useEffect(() => {
    if (page.kind !== 'checking') return;
    const id = loadSessionId();
    if (!id) {
      setPage({ kind: 'setup', sessionEnded: false });
      return;
    }
    let current = true;
    getSession(id).then(
      (session) => {
        if (!current) return;
        if (session) {
          setPage({ kind: 'workspace', session });
        } else {
          clearSessionId();
          setPage({ kind: 'setup', sessionEnded: true });
        }
      },
      // Keep the saved id: the server may be restarting, and the session with it.
      (failure: Error) => current && setPage({ kind: 'unreachable', message: failure.message }),
    );
    return () => {
      current = false;
    };
  }, [page.kind]);

  const launch = useCallback(async (agentType: string) => {
    const session = await createSession({ agent_type: agentType });
    saveSessionId(session.session_id);
    savePrefs({ agent_type: agentType });
    setPage({ kind: 'workspace', session });
  }, []);

  const closed = useCallback((reason: 'ended' | 'gone') => {
    clearSessionId();
    setPage({ kind: 'setup', sessionEnded: reason === 'gone' });
  }, []);

  switch (page.kind) {
    case 'checking':
      return <p className="centered muted" role="status">Reconnecting to your session…</p>;
    case 'unreachable':
      return (
        <div className="centered" role="alert">
          <p>{page.message}</p>
          <button type="button" className="primary" onClick={() => setPage({ kind: 'checking' })}>
            Try again
          </button>
        </div>
      );
    case 'setup':
      return (
        <SetupForm agents={agents} agentsError={agentsError} onRetryAgents={reloadAgents} sessionEnded={page.sessionEnded} onLaunch={launch} />
      );
    case 'workspace': {
      const agentName = agents?.find((agent) => agent.id === page.session.agent_type)?.name ?? page.session.agent_type;
      return <Workspace key={page.session.session_id} session={page.session} agentName={agentName} onClosed={closed} />;
    }
  }
}
