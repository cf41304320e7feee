import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VSCodePanel } from './VSCodePanel';

const ready = () =>
  new Response(JSON.stringify({ state: 'ready', message: 'VS Code is running.' }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

describe('VSCodePanel', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('frames VS Code on the workspace origin once ready', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => ready()));
    render(<VSCodePanel src="/vscode/0123456789abcdef/" sessionId="0123456789abcdef" />);
    await waitFor(() => expect(document.querySelector('iframe')?.getAttribute('src')).toBe('/vscode/0123456789abcdef/'), {
      timeout: 2000,
    });
  });

  it('offers a tab of its own, not a frame, when VS Code lives on its own origin', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => ready()));
    render(<VSCodePanel src="/vscode/0123456789abcdef/" sessionId="0123456789abcdef" ownOrigin />);
    const link = await screen.findByTestId('open-app', {}, { timeout: 2000 });
    expect(link.getAttribute('href')).toBe('/vscode/0123456789abcdef/');
    expect(document.querySelector('iframe')).toBeNull();
  });
});
