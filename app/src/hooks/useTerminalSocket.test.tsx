import { act, cleanup, renderHook } from '@testing-library/react';
import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../terminal/FakeSocket';
import { useTerminalSocket } from './useTerminalSocket';

/** Just enough of xterm's Terminal for the hook: typed data, resizes, writes. */
function fakeTerminal() {
  const listeners = { data: [] as ((d: string) => void)[], binary: [] as ((d: string) => void)[], resize: [] as ((s: { cols: number; rows: number }) => void)[] };
  const subscribe = <T,>(list: T[]) => (listener: T) => {
    list.push(listener);
    return { dispose: () => list.splice(list.indexOf(listener), 1) };
  };
  const written: string[] = [];
  const terminal = {
    cols: 80,
    rows: 24,
    onData: subscribe(listeners.data),
    onBinary: subscribe(listeners.binary),
    onResize: subscribe(listeners.resize),
    write: (bytes: Uint8Array, done?: () => void) => {
      written.push(new TextDecoder().decode(bytes));
      done?.();
    },
    reset: vi.fn(),
  };
  return { terminal: terminal as unknown as Terminal, type: (d: string) => listeners.data.forEach((l) => l(d)), written, listeners };
}

const text = (frame: string | Uint8Array) => (typeof frame === 'string' ? frame : new TextDecoder().decode(frame));

describe('useTerminalSocket', () => {
  beforeEach(() => {
    FakeSocket.created = [];
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('sends typed input through the transform and toolbar input as it is', () => {
    const fake = fakeTerminal();
    const { result } = renderHook(() =>
      useTerminalSocket({ url: 'ws://x/ws/terminal/a', terminal: fake.terminal, onEvent: () => undefined, transformInput: (d) => d.toUpperCase() }),
    );
    const socket = FakeSocket.latest();
    act(() => socket.serverOpens());
    expect(result.current.state.kind).toBe('connected');
    fake.type('ls');
    act(() => result.current.sendInput('\x1b'));
    expect(socket.binaries().map(text)).toEqual(['LS', '\x1b']);
  });

  it('writes output to the terminal and acknowledges it', () => {
    const fake = fakeTerminal();
    renderHook(() => useTerminalSocket({ url: 'ws://x/ws/terminal/a', terminal: fake.terminal, onEvent: () => undefined }));
    const socket = FakeSocket.latest();
    act(() => socket.serverOpens());
    socket.serverSendsBytes(new TextEncoder().encode('hello'));
    expect(fake.written).toEqual(['hello']);
    expect(socket.controls()).toContainEqual({ type: 'ack', bytes: 5 });
  });

  it('closes its socket and stops listening to the terminal when unmounted', () => {
    const fake = fakeTerminal();
    const { unmount } = renderHook(() => useTerminalSocket({ url: 'ws://x/ws/terminal/a', terminal: fake.terminal, onEvent: () => undefined }));
    const socket = FakeSocket.latest();
    act(() => socket.serverOpens());
    unmount();
    expect(socket.closedWith).toBe(1000);
    expect(fake.listeners.data).toHaveLength(0);
  });
});
