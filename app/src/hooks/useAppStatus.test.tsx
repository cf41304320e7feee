import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useAppStatus } from './useAppStatus';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('useAppStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('polls every second through installing and starting, and stops once ready', async () => {
    const answers = [
      { state: 'installing', message: 'Installing VS Code on this server: step 1 of 2' },
      { state: 'starting', message: 'Starting VS Code in this session…' },
      { state: 'ready', message: 'VS Code is running.' },
    ];
    const fetchMock = vi.fn(async (_path: string) => json(answers.shift() ?? { state: 'ready', message: '' }));
    vi.stubGlobal('fetch', fetchMock);
    const { result } = renderHook(() => useAppStatus('/api/sessions/0123456789abcdef/vscode', 0));
    await act(async () => { await vi.advanceTimersByTimeAsync(10); });
    expect(result.current).toEqual({ kind: 'status', status: { state: 'installing', message: 'Installing VS Code on this server: step 1 of 2' } });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/sessions/0123456789abcdef/vscode');
    await act(async () => { await vi.advanceTimersByTimeAsync(1000); });
    expect(result.current).toMatchObject({ status: { state: 'starting' } });
    await act(async () => { await vi.advanceTimersByTimeAsync(1000); });
    expect(result.current).toMatchObject({ status: { state: 'ready' } });
    await act(async () => { await vi.advanceTimersByTimeAsync(5000); });
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('reports a server without VS Code as missing, and a failure with its message until asked again', async () => {
    const fetchMock = vi.fn(async () => json({ error: 'not_found', message: 'Not found' }, 404));
    vi.stubGlobal('fetch', fetchMock);
    const missing = renderHook(() => useAppStatus('/api/sessions/a/vscode', 0));
    await act(async () => { await vi.advanceTimersByTimeAsync(10); });
    expect(missing.result.current).toEqual({ kind: 'missing' });

    fetchMock.mockImplementation(async () => json({ state: 'failed', message: 'Installing VS Code failed: npm exited with 1' }));
    const failed = renderHook(({ generation }) => useAppStatus('/api/sessions/b/vscode', generation), { initialProps: { generation: 0 } });
    await act(async () => { await vi.advanceTimersByTimeAsync(3000); });
    expect(failed.result.current).toMatchObject({ status: { state: 'failed', message: 'Installing VS Code failed: npm exited with 1' } });
    const calls = fetchMock.mock.calls.length;
    failed.rerender({ generation: 1 });
    await act(async () => { await vi.advanceTimersByTimeAsync(10); });
    expect(fetchMock.mock.calls.length).toBe(calls + 1);
  });
});
