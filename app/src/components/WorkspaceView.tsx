import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { deleteSession, type Session } from '../api/sessions';
import { TOUCH_OR_NARROW, useMediaQuery } from '../hooks/useMediaQuery';
import { useTerminalTabs } from '../hooks/useTerminalTabs';
import type { ServerEvent } from '../terminal/protocol';
import { MAX_TERMINALS, allTabs, terminalTab, windowOf } from '../workspace/tabs';
import { AuthUrlBanner } from './AuthUrlBanner';
import { Banner } from './Banner';
import { ConnectionStatus } from './ConnectionStatus';
import { DashboardPanel } from './DashboardPanel';
import { LogsPanel } from './LogsPanel';
import { TabBar } from './TabBar';
import { TerminalPanel, type TerminalLink } from './TerminalPanel';
import { TopBar } from './TopBar';
import { VSCodePanel } from './VSCodePanel';
import { WorkspaceFiles } from './WorkspaceFiles';

interface WorkspaceViewProps {
  session: Session;
  agentName: string;
  hasDashboard: boolean;
  user: string | null;
  canSignOut?: boolean;
  onOpenSettings(): void;
  /** The session is over: `ended` by the user here, or `gone` on the server. */
  onClosed(reason: 'ended' | 'gone'): void;
}

/** A running session: top bar, notices, tabs of terminals and apps. */
export function WorkspaceView({ session, agentName, hasDashboard, user, canSignOut, onOpenSettings, onClosed }: WorkspaceViewProps) {
  const tabs = useTerminalTabs(session);
  const touch = useMediaQuery(TOUCH_OR_NARROW);
  const [links, setLinks] = useState<Record<number, TerminalLink>>({});
  const [authUrl, setAuthUrl] = useState<string | null>(null);
  const [idleWarning, setIdleWarning] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const [ending, setEnding] = useState(false);
  // Apps load when first opened, then stay so switching back does not reload them.
  const [opened, setOpened] = useState<Set<string>>(() => new Set());
  const lastTerminal = useRef(windowOf(tabs.active) ?? 0);

  const activeWindow = windowOf(tabs.active);
  if (activeWindow !== null) lastTerminal.current = activeWindow;
  const shownWindow = tabs.windows.includes(lastTerminal.current) ? lastTerminal.current : tabs.windows[0];
  const link = links[shownWindow] ?? { state: { kind: 'connecting' as const }, retryNow: () => undefined };

  const tabList = useMemo(
    () =>
      allTabs(tabs.windows, {
        dashboard: hasDashboard && !!session.proxy_url,
        logs: !!session.logs_ws_url,
        vscode: !!session.vscode_url,
      }),
    [tabs.windows, hasDashboard, session.proxy_url, session.logs_ws_url, session.vscode_url],
  );

  useEffect(() => {
    if (windowOf(tabs.active) === null) setOpened((set) => (set.has(tabs.active) ? set : new Set(set).add(tabs.active)));
  }, [tabs.active]);

  const onLink = useCallback((window: number, next: TerminalLink) => setLinks((all) => ({ ...all, [window]: next })), []);

  const onEvent = useCallback((event: ServerEvent) => {
    switch (event.type) {
      case 'auth_url':
        setAuthUrl(event.url);
        break;
      case 'idle_warning':
        setIdleWarning(`This session ends in about ${formatSeconds(event.seconds)} unless there is activity. Type anything to keep it.`);
        break;
      case 'exit':
        setNotice({ text: event.message ?? `The terminal's program exited${event.code === undefined ? '' : ` with code ${event.code}`}.`, tone: 'info' });
        break;
      case 'status':
        console.debug('remolt: session status', event);
        break;
    }
  }, []);

  const anyEnded = Object.values(links).some((l) => l.state.kind === 'ended');
  useEffect(() => {
    if (anyEnded) onClosed('gone');
  }, [anyEnded, onClosed]);

  // Output means activity, and so the idle clock restarted: the warning no longer holds.
  useEffect(() => {
    if (!idleWarning) return;
    const timer = setTimeout(() => setIdleWarning(null), 120_000);
    return () => clearTimeout(timer);
  }, [idleWarning]);

  const endSession = async () => {
    if (!window.confirm('End this session? The sandbox and everything in it will be deleted.')) return;
    setEnding(true);
    try {
      await deleteSession(session.session_id);
      onClosed('ended');
    } catch (failure) {
      setNotice({ text: `Could not end the session: ${failure instanceof Error ? failure.message : String(failure)}`, tone: 'error' });
      setEnding(false);
    }
  };

  const refusal = link.state.kind === 'refused' ? link.state.reason : null;

  return (
    <div className="workspace">
      <TopBar user={user} canSignOut={canSignOut} onOpenSettings={onOpenSettings}>
        <span className="topbar-agent" title={`Session ${session.session_id}`}>
          {agentName}
        </span>
        <ConnectionStatus state={link.state} onRetryNow={link.retryNow} />
        <WorkspaceFiles sessionId={session.session_id} compact={touch} onNotice={setNotice} />
        <button type="button" className="danger" data-testid="end-session" onClick={endSession} disabled={ending}>
          {ending ? 'Ending…' : touch ? 'End' : 'End session'}
        </button>
      </TopBar>
      {refusal && (
        <p className="banner error" role="alert">
          {refusal}
        </p>
      )}
      {authUrl && <AuthUrlBanner url={authUrl} onDismiss={() => setAuthUrl(null)} />}
      {idleWarning && (
        <Banner tone="warning" testId="idle-warning" onDismiss={() => setIdleWarning(null)}>
          {idleWarning}
        </Banner>
      )}
      {tabs.error && (
        <Banner tone="error" testId="tabs-error" onDismiss={tabs.clearError}>
          {tabs.error}
        </Banner>
      )}
      {notice && (
        <Banner tone={notice.tone} testId="notice" onDismiss={() => setNotice(null)}>
          {notice.text}
        </Banner>
      )}
      <TabBar
        tabs={tabList}
        windows={tabs.windows}
        active={tabs.active}
        onSelect={tabs.select}
        canAdd={tabs.canAdd}
        canClose={tabs.canClose}
        adding={tabs.busy}
        maxTerminals={MAX_TERMINALS}
        onAdd={tabs.add}
        onClose={tabs.close}
      />
      <div className="panels">
        {tabs.windows.map((window) => (
          <TerminalPanel
            key={window}
            session={session}
            windowIndex={window}
            active={tabs.active === terminalTab(window)}
            touch={touch}
            onLink={onLink}
            onEvent={onEvent}
          />
        ))}
        {session.proxy_url && hasDashboard && opened.has('dashboard') && (
          <AppPanel id="dashboard" active={tabs.active === 'dashboard'}>
            <DashboardPanel src={session.proxy_url} sessionId={session.session_id} agentName={agentName} ownOrigin={session.app_origin} />
          </AppPanel>
        )}
        {session.logs_ws_url && opened.has('logs') && (
          <AppPanel id="logs" active={tabs.active === 'logs'}>
            <LogsPanel path={session.logs_ws_url} active={tabs.active === 'logs'} />
          </AppPanel>
        )}
        {session.vscode_url && opened.has('vscode') && (
          <AppPanel id="vscode" active={tabs.active === 'vscode'}>
            <VSCodePanel src={session.vscode_url} sessionId={session.session_id} ownOrigin={session.app_origin} />
          </AppPanel>
        )}
      </div>
    </div>
  );
}

function AppPanel({ id, active, children }: { id: string; active: boolean; children: React.ReactNode }) {
  return (
    <section className="app-panel" role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={!active}>
      {children}
    </section>
  );
}

function formatSeconds(seconds: number): string {
  return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${Math.max(0, Math.round(seconds))} seconds`;
}
