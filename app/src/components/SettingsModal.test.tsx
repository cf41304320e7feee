import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettingsModal } from './SettingsModal';

describe('SettingsModal', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the server’s version and commit from /health', async () => {
    vi.stubGlobal('fetch', vi.fn(async (path: string) => {
      const body = path === '/health'
        ? { status: 'ok', sessions: 0, runtime: 'local', version: '0.1.0', commit: '85187f2290ff' }
        : { keys: [] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }));
    render(<SettingsModal onClose={() => {}} onKeysChanged={() => {}} />);
    expect(await screen.findByTestId('server-build')).toHaveTextContent('Remolt 0.1.0 (commit 85187f2290ff)');
  });
});
