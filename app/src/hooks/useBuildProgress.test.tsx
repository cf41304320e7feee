import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useBuildProgress } from './useBuildProgress';

describe('useBuildProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('polls the build step every second while a launch is active, and clears it after', async () => {
    const steps = ['image remolt-shell: Step 1/9 : FROM remolt-base', 'image remolt-shell: Step 2/9 : RUN true'];
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ step: steps.shift() ?? null }), {
      status: 200, headers: { 'Content-Type': 'application/json' },
    }));
    vi.stubGlobal('fetch', fetchMock);
    const { result, rerender } = renderHook(({ active }) => useBuildProgress(active), { initialProps: { active: true } });
    await act(async () => { await vi.advanceTimersByTimeAsync(10); });
    expect(result.current).toBe('image remolt-shell: Step 1/9 : FROM remolt-base');
    await act(async () => { await vi.advanceTimersByTimeAsync(1000); });
    expect(result.current).toBe('image remolt-shell: Step 2/9 : RUN true');
    rerender({ active: false });
    expect(result.current).toBeNull();
    const calls = fetchMock.mock.calls.length;
    await act(async () => { await vi.advanceTimersByTimeAsync(3000); });
    expect(fetchMock.mock.calls.length).toBe(calls);
  });
});
