import { useCallback, useEffect, useState } from 'react';
import { createSession, getSession, type NewSession, type Session } from './api/sessions';
import { SessionPicker } from './components/SessionPicker';
import { SettingsModal } from './components/SettingsModal';
import { SetupForm } from './components/SetupForm';
import { SignIn } from './components/SignIn';
import { TopBar } from './components/TopBar';
import { WorkspaceView } from './components/WorkspaceView';
import { useAgents } from './hooks/useAgents';
import { useIdentity } from './hooks/useIdentity';
import { useVisualViewport } from './hooks/useVisualViewport';
import { clearSessionId, loadSessionId, saveSessionId } from './savedState';

type Page =
  | { kind: 'checking' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup'; sessionEnded: boolean }
  | { kind: 'workspace'; session: Session };

/** Decides the page: sign in, reattach to the saved session, or offer a new one. */
export function App() {
  useVisualViewport();
  const { identity, reload: reloadIdentity } = useIdentity();
  const { agents, error: agentsError, reload: reloadAgents } = useAgents();
  const [page, setPage] = useState<Page>(() => (loadSessionId() ? { kind: 'checking' } : { kind: 'setup', sessionEnded: false }));
  const [settingsOpen, setSettingsOpen] = useState(false);

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

  const launch = useCallback(async (request: NewSession) => {
    const session = await createSession(request);
    open(session);
  }, []);

  const open = (session: Session) => {
    saveSessionId(session.session_id);
    setPage({ kind: 'workspace', session });
  };

  const closed = useCallback((reason: 'ended' | 'gone') => {
    clearSessionId();
    setPage({ kind: 'setup', sessionEnded: reason === 'gone' });
  }, []);

  if (identity.kind === 'checking') return <p className="centered muted" role="status">Loading…</p>;
  if (identity.kind === 'sign-in-required') return <SignIn />;
  if (identity.kind === 'error') console.warn('remolt: could not ask who is signed in:', identity.message);
  const me = identity.kind === 'user' ? identity.me : null;
  const user = me ? me.name || me.login : null;
  const canSignOut = me?.auth_required ?? false;
  const openSettings = () => setSettingsOpen(true);

  const settings = settingsOpen && <SettingsModal onClose={() => setSettingsOpen(false)} onKeysChanged={reloadIdentity} />;

  switch (page.kind) {
    case 'checking':
      return (
        <p className="centered muted" role="status">
          Reconnecting to your session…
        </p>
      );
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
        <div className="page">
          <TopBar user={user} canSignOut={canSignOut} onOpenSettings={openSettings}>
            <span className="spacer" />
          </TopBar>
          <main className="setup">
            <h1>Start a session</h1>
            {!page.sessionEnded && <SessionPicker agents={agents} onReattach={open} />}
            <SetupForm
              agents={agents}
              agentsError={agentsError}
              onRetryAgents={reloadAgents}
              storedKeys={me?.stored_keys ?? []}
              sessionEnded={page.sessionEnded}
              onLaunch={launch}
            />
          </main>
          {settings}
        </div>
      );
    case 'workspace': {
      const agent = agents?.find((a) => a.id === page.session.agent_type);
      return (
        <>
          <WorkspaceView
            key={page.session.session_id}
            session={page.session}
            agentName={agent?.name ?? page.session.agent_type}
            hasDashboard={agent?.has_dashboard ?? false}
            user={user}
            canSignOut={canSignOut}
            onOpenSettings={openSettings}
            onClosed={closed}
          />
          {settings}
        </>
      );
    }
  }
}
