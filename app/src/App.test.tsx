import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import type { Session } from './api/sessions';

// The real workspace needs a browser's canvas for xterm; these tests are about choosing the page.
vi.mock('./components/WorkspaceView', () => ({
  WorkspaceView: ({ session }: { session: Session }) => <div data-testid="workspace">{session.session_id}</div>,
}));

const agents = [
  { id: 'shell', name: 'Shell', description: 'A plain shell', icon: '', has_dashboard: false, env_schema: [] },
  { id: 'claude-code', name: 'Claude Code', description: 'Anthropic', icon: '', has_dashboard: false, env_schema: [] },
];

const session = (id: string): Session => ({
  session_id: id,
  status: 'running',
  ws_url: `/ws/terminal/${id}`,
  agent_type: 'shell',
  proxy_url: null,
  vscode_url: null,
  logs_ws_url: null,
  terminals: [],
});

type Route = (init?: RequestInit) => Response;

function serve(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    const route = routes[`${init?.method ?? 'GET'} ${path}`];
    return route ? route(init) : json(500, { error: 'unexpected', message: `no route for ${path}` });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

describe('App', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the agents as radio cards with the first one selected', async () => {
    serve({ 'GET /api/agents': () => json(200, agents) });
    render(<App />);
    const shell = await screen.findByRole('radio', { name: /Shell/ }, { timeout: 2000 });
    expect(shell).toBeChecked();
    expect(screen.getByRole('radio', { name: /Claude Code/ })).not.toBeChecked();
    expect(document.querySelector('[data-agent-id="claude-code"]')).not.toBeNull();
  });

  it('selects the agent remembered in the preferences', async () => {
    localStorage.setItem('remolt:prefs', JSON.stringify({ agent_type: 'claude-code' }));
    serve({ 'GET /api/agents': () => json(200, agents) });
    render(<App />);
    expect(await screen.findByRole('radio', { name: /Claude Code/ }, { timeout: 2000 })).toBeChecked();
  });

  it('launches the picked agent, remembers the session and the choice, and opens the workspace', async () => {
    const fetchMock = serve({
      'GET /api/agents': () => json(200, agents),
      'POST /api/sessions': () => json(200, session('abc123')),
    });
    render(<App />);
    fireEvent.click(await screen.findByRole('radio', { name: /Claude Code/ }, { timeout: 2000 }));
    fireEvent.click(screen.getByTestId('launch'));
    expect(await screen.findByTestId('workspace', undefined, { timeout: 2000 })).toHaveTextContent('abc123');
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ agent_type: 'claude-code' });
    expect(localStorage.getItem('remolt:session')).toBe('abc123');
    expect(JSON.parse(localStorage.getItem('remolt:prefs')!)).toEqual({ agent_type: 'claude-code' });
  });

  it("shows the server's message and the Retry-After wait when a launch is refused", async () => {
    serve({
      'GET /api/agents': () => json(200, agents),
      'POST /api/sessions': () =>
        json(429, { error: 'rate_limited', message: 'Too many sessions for this user.' }, { 'Retry-After': '30' }),
    });
    render(<App />);
    await screen.findByRole('radio', { name: /Shell/ }, { timeout: 2000 });
    fireEvent.click(screen.getByTestId('launch'));
    expect(await screen.findByText('Too many sessions for this user. Try again in 30 s.', undefined, { timeout: 2000 })).toHaveAttribute(
      'role',
      'alert',
    );
    expect(screen.getByTestId('launch')).toBeEnabled();
    expect(localStorage.getItem('remolt:session')).toBeNull();
  });

  it('reattaches to the saved session when the server still has it', async () => {
    localStorage.setItem('remolt:session', 'live1');
    serve({ 'GET /api/agents': () => json(200, agents), 'GET /api/sessions/live1': () => json(200, session('live1')) });
    render(<App />);
    expect(await screen.findByTestId('workspace', undefined, { timeout: 2000 })).toHaveTextContent('live1');
  });

  it('forgets a saved session that ended and offers to launch again', async () => {
    localStorage.setItem('remolt:session', 'gone1');
    serve({
      'GET /api/agents': () => json(200, agents),
      'GET /api/sessions/gone1': () => json(404, { error: 'not_found', message: 'No such session.' }),
      'POST /api/sessions': () => json(200, session('new1')),
    });
    render(<App />);
    expect(await screen.findByRole('heading', { name: 'Session ended' }, { timeout: 2000 })).toBeVisible();
    expect(localStorage.getItem('remolt:session')).toBeNull();
    await screen.findByRole('radio', { name: /Shell/ }, { timeout: 2000 });
    fireEvent.click(screen.getByTestId('launch-again'));
    expect(await screen.findByTestId('workspace', undefined, { timeout: 2000 })).toHaveTextContent('new1');
  });

  it('keeps the saved session and offers a retry when the server cannot be reached', async () => {
    localStorage.setItem('remolt:session', 'maybe1');
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    render(<App />);
    expect(await screen.findByText(/Could not reach the Remolt server/, undefined, { timeout: 2000 })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
    expect(localStorage.getItem('remolt:session')).toBe('maybe1');
  });
});
