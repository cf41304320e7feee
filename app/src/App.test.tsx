import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
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

// A server without sign-in and without sessions, unless a test says otherwise.
const defaults: Record<string, Route> = {
  'GET /auth/me': () => json(404, { error: 'not_found', message: 'No such route.' }),
  'GET /api/sessions': () => json(200, []),
};

function serve(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (path: string, init?: RequestInit) => {
    const route = routes[`${init?.method ?? 'GET'} ${path}`] ?? defaults[`${init?.method ?? 'GET'} ${path}`];
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

  it('asks to sign in with GitHub, coming back to this page, when the server requires it', async () => {
    serve({ 'GET /auth/me': () => json(401, { error: 'unauthorized', message: 'Sign in.' }), 'GET /api/agents': () => json(200, agents) });
    render(<App />);
    const link = await screen.findByRole('link', { name: 'Sign in with GitHub' }, { timeout: 2000 });
    expect(link).toHaveAttribute('href', '/auth/login?next=%2F');
  });

  it('refuses to launch without a required field, then sends the settings and remembers only the non-secret ones', async () => {
    const withKeys = [
      {
        ...agents[1],
        env_schema: [
          { key: 'ANTHROPIC_API_KEY', label: 'Anthropic API key', secret: true, required: true },
          { key: 'MODEL', label: 'Model', secret: false, required: false },
        ],
      },
    ];
    const fetchMock = serve({ 'GET /api/agents': () => json(200, withKeys), 'POST /api/sessions': () => json(200, session('k1')) });
    render(<App />);
    await screen.findByRole('radio', { name: /Claude Code/ }, { timeout: 2000 });
    fireEvent.change(screen.getByLabelText(/Model/), { target: { value: 'opus' } });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByTestId('launch'));
    expect(await screen.findByText('Fill in Anthropic API key to launch Claude Code.')).toBeVisible();
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(false);
    const secret = screen.getByLabelText(/Anthropic API key/);
    expect(secret).toHaveAttribute('type', 'password');
    expect(secret).toHaveAttribute('aria-invalid', 'true');
    fireEvent.change(secret, { target: { value: 'sk-secret' } });
    fireEvent.click(screen.getByTestId('launch'));
    await screen.findByTestId('workspace', undefined, { timeout: 2000 });
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({
      agent_type: 'claude-code',
      git_user_name: 'Ada',
      agent_env: { ANTHROPIC_API_KEY: 'sk-secret', MODEL: 'opus' },
    });
    expect(localStorage.getItem('remolt:prefs')).not.toContain('sk-secret');
    expect(JSON.parse(localStorage.getItem('remolt:prefs')!)).toEqual({
      agent_type: 'claude-code',
      git_user_name: 'Ada',
      agent_env: { 'claude-code': { MODEL: 'opus' } },
    });
  });

  it('counts a stored API key as filling a required secret field', async () => {
    const withKeys = [{ ...agents[0], env_schema: [{ key: 'TOKEN', label: 'Token', secret: true, required: true }] }];
    const fetchMock = serve({
      'GET /auth/me': () => json(200, { login: 'ada', name: 'Ada', email: null, auth_required: true, stored_keys: ['TOKEN'] }),
      'GET /api/agents': () => json(200, withKeys),
      'POST /api/sessions': () => json(200, session('s1')),
    });
    render(<App />);
    await screen.findByRole('radio', { name: /Shell/ }, { timeout: 2000 });
    expect(screen.getByText('Ada')).toBeVisible();
    fireEvent.click(screen.getByTestId('launch'));
    await screen.findByTestId('workspace', undefined, { timeout: 2000 });
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ agent_type: 'shell' });
  });

  it('lists running sessions to reopen, and ends one only after confirmation', async () => {
    const fetchMock = serve({
      'GET /api/agents': () => json(200, agents),
      'GET /api/sessions': () => json(200, [session('run1'), session('run2')]),
      'DELETE /api/sessions/run2': () => json(200, { status: 'terminated' }),
    });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true);
    render(<App />);
    fireEvent.click(await screen.findByTestId('end-run2', undefined, { timeout: 2000 }));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByTestId('end-run2'));
    await waitFor(() => expect(screen.queryByTestId('end-run2')).toBeNull());
    fireEvent.click(screen.getByTestId('reattach-run1'));
    expect(await screen.findByTestId('workspace', undefined, { timeout: 2000 })).toHaveTextContent('run1');
    expect(localStorage.getItem('remolt:session')).toBe('run1');
  });

  it('manages API keys in the settings modal without ever showing a value', async () => {
    let keys = ['OLD_KEY'];
    const fetchMock = serve({
      'GET /api/agents': () => json(200, agents),
      'GET /api/keys': () => json(200, { keys }),
      'PUT /api/keys': (init) => {
        keys = [...keys, ...Object.keys(JSON.parse(String(init?.body)).keys)];
        return json(200, { keys });
      },
      'DELETE /api/keys/OLD_KEY': () => {
        keys = keys.filter((k) => k !== 'OLD_KEY');
        return json(200, { keys });
      },
    });
    render(<App />);
    fireEvent.click(await screen.findByTestId('settings', undefined, { timeout: 2000 }));
    expect(await screen.findByRole('dialog', { name: 'API keys' })).toBeVisible();
    expect(await screen.findByText('OLD_KEY')).toBeVisible();
    fireEvent.change(screen.getByTestId('key-name'), { target: { value: 'bad name' } });
    fireEvent.change(screen.getByTestId('key-value'), { target: { value: 'v' } });
    fireEvent.click(screen.getByTestId('add-key'));
    expect(await screen.findByText(/Name the key as an environment variable/)).toBeVisible();
    fireEvent.change(screen.getByTestId('key-name'), { target: { value: 'NEW_KEY' } });
    fireEvent.click(screen.getByTestId('add-key'));
    expect(await screen.findByText('NEW_KEY')).toBeVisible();
    const put = fetchMock.mock.calls.find(([, init]) => init?.method === 'PUT');
    expect(JSON.parse(String(put?.[1]?.body))).toEqual({ keys: { NEW_KEY: 'v' } });
    fireEvent.click(screen.getByTestId('delete-key-OLD_KEY'));
    await waitFor(() => expect(screen.queryByText('OLD_KEY')).toBeNull());
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says so when the server does not store API keys yet', async () => {
    serve({ 'GET /api/agents': () => json(200, agents), 'GET /api/keys': () => json(404, { error: 'not_found', message: 'No such route.' }) });
    render(<App />);
    fireEvent.click(await screen.findByTestId('settings', undefined, { timeout: 2000 }));
    expect(await screen.findByText('This server does not store API keys yet.')).toBeVisible();
  });
});
