import { afterEach, describe, expect, it, vi } from 'vitest';
import { signOut } from './auth';

afterEach(() => vi.unstubAllGlobals());

describe('signOut', () => {
  it('signs out with a same-origin POST, never a GET another site could trigger', async () => {
    const fetchMock = vi.fn(async (_path: string, _init?: RequestInit) =>
      new Response(JSON.stringify({ signed_out: true }), { status: 200, headers: { 'Content-Type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    await signOut();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0][0]).toBe('/auth/logout');
    expect(fetchMock.mock.calls[0][1]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
  });
});
