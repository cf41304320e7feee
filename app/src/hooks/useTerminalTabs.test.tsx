import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../api/sessions';
import { useTerminalTabs } from './useTerminalTabs';

const session = (terminals: number[] | number): Session => ({
  session_id: 's1',
  status: 'running',
  ws_url: '/ws/terminal/s1',
  agent_type: 'shell',
  proxy_url: null,
  vscode_url: null,
  logs_ws_url: null,
  terminals,
});

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

describe('useTerminalTabs', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('opens a tmux window through the API and selects its tab', async () => {
    const fetchMock = answer(200, { window: 1 });
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useTerminalTabs(session(1)));
    expect(result.current.windows).toEqual([0]);
    await act(() => result.current.add());
    expect(fetchMock).toHaveBeenCalledWith('/api/sessions/s1/terminals', expect.objectContaining({ method: 'POST' }));
    expect(result.current.windows).toEqual([0, 1]);
    expect(result.current.active).toBe('terminal:1');
  });

  it('explains, and keeps one tab, when the server has no terminals API (404)', async () => {
    vi.stubGlobal('fetch', answer(404, { error: 'not_found', message: 'No such route.' }));
    const { result } = renderHook(() => useTerminalTabs(session(1)));
    await act(() => result.current.add());
    expect(result.current.windows).toEqual([0]);
    expect(result.current.error).toMatch(/cannot open more terminals yet/);
  });

  it('stops at the maximum number of terminals', async () => {
    const fetchMock = answer(200, { window: 2 });
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useTerminalTabs(session([0, 1]), 2));
    expect(result.current.canAdd).toBe(false);
    await act(() => result.current.add());
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('closes a window through the API and moves to its neighbour', async () => {
    const fetchMock = answer(200, {});
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useTerminalTabs(session([0, 1, 2])));
    act(() => result.current.select('terminal:1'));
    await act(() => result.current.close(1));
    expect(fetchMock).toHaveBeenCalledWith('/api/sessions/s1/terminals/1', expect.objectContaining({ method: 'DELETE' }));
    expect(result.current.windows).toEqual([0, 2]);
    expect(result.current.active).toBe('terminal:2');
  });

  it('keeps the tab when the server cannot close windows (405)', async () => {
    vi.stubGlobal('fetch', answer(405, { error: 'method_not_allowed', message: 'No.' }));
    const { result } = renderHook(() => useTerminalTabs(session([0, 1])));
    await act(() => result.current.close(1));
    expect(result.current.windows).toEqual([0, 1]);
    expect(result.current.error).toMatch(/cannot close terminals yet/);
  });
});
