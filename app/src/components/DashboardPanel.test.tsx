import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DashboardPanel } from './DashboardPanel';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('DashboardPanel', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the wait for the health check, then the dashboard once it answers', async () => {
    const answers = [
      { state: 'starting', message: 'Waiting for Dashboard to start (GET /healthz on port 18789: nothing answers yet).' },
      { state: 'ready', message: 'Dashboard answers (GET /healthz on port 18789: 200).' },
    ];
    const fetchMock = vi.fn(async (path: string) =>
      path.endsWith('/dashboard') ? json(answers.shift() ?? answers[0]) : new Response('<html></html>', { status: 200 }),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<DashboardPanel src="/proxy/0123456789abcdef/" sessionId="0123456789abcdef" agentName="OpenClaw" />);
    expect((await screen.findByRole('status', {}, { timeout: 2000 })).textContent).toContain('nothing answers yet');
    expect(document.querySelector('iframe')).toBeNull();
    await waitFor(() => expect(document.querySelector('iframe')?.getAttribute('src')).toBe('/proxy/0123456789abcdef/'), {
      timeout: 3000,
    });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/sessions/0123456789abcdef/dashboard');
  });
});
