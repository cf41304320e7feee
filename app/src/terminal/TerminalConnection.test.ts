import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from './FakeSocket';
import type { ServerEvent } from './protocol';
import { TerminalConnection, type ConnectionState, type TerminalConnectionOptions } from './TerminalConnection';

const URL = 'ws://localhost/ws/terminal/abc?flow=ack';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('TerminalConnection', () => {
  let states: ConnectionState[];
  let events: ServerEvent[];
  let written: { bytes: Uint8Array; done: () => void }[];
  let reattaches: number;
  let connection: TerminalConnection;

  const start = (overrides: Partial<TerminalConnectionOptions> = {}) => {
    connection = new TerminalConnection({
      url: URL,
      onOutput: (data, done) => written.push({ bytes: data, done }),
      onEvent: (event) => events.push(event),
      onStateChange: (state) => states.push(state),
      onReattach: () => reattaches++,
      createSocket: (url) => new FakeSocket(url),
      ...overrides,
    });
    connection.start();
    return FakeSocket.latest();
  };

  const state = () => states.at(-1)?.kind;

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.created = [];
    states = [];
    events = [];
    written = [];
    reattaches = 0;
  });

  afterEach(() => {
    connection.dispose();
    vi.useRealTimers();
  });

  it('connects to the URL with binary frames as ArrayBuffers and reports connected', () => {
    const socket = start();
    expect(socket.url).toBe(URL);
    expect(socket.binaryType).toBe('arraybuffer');
    expect(state()).toBe('connecting');
    socket.serverOpens();
    expect(state()).toBe('connected');
  });

  it('waits 1, 2, 4, 8, 16, 16, 16 seconds between reconnect attempts', () => {
    start().serverCloses(1006);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = FakeSocket.created.length;
      let waited = 0;
      while (FakeSocket.created.length === before && waited < 60) {
        vi.advanceTimersByTime(1000);
        waited++;
      }
      delays.push(waited);
      FakeSocket.latest().serverCloses(1006);
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 16, 16]);
  });

  it('starts the backoff over after a connection succeeds', () => {
    start().serverCloses(1006);
    vi.advanceTimersByTime(1000);
    FakeSocket.latest().serverCloses(1006);
    vi.advanceTimersByTime(2000);
    FakeSocket.latest().serverOpens();
    FakeSocket.latest().serverCloses(1011);
    vi.advanceTimersByTime(999);
    expect(FakeSocket.created).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.created).toHaveLength(4);
  });

  it('shows when the next attempt is due while reconnecting', () => {
    vi.setSystemTime(10_000);
    start().serverCloses(1006);
    expect(states.at(-1)).toEqual({ kind: 'reconnecting', retryAt: 11_000 });
  });

  it('reconnects at once when the browser comes back online', () => {
    start().serverCloses(1006);
    vi.advanceTimersByTime(1000);
    FakeSocket.latest().serverCloses(1006); // now waiting 2 s
    window.dispatchEvent(new Event('online'));
    expect(FakeSocket.created).toHaveLength(3);
    expect(state()).toBe('connecting');
    vi.advanceTimersByTime(2000);
    expect(FakeSocket.created).toHaveLength(3);
  });

  it('reconnects at once when the tab becomes visible, not when it is hidden', () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get');
    start().serverCloses(1006);
    visibility.mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeSocket.created).toHaveLength(1);
    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(FakeSocket.created).toHaveLength(2);
  });

  it('does not open a second socket on online while already connected', () => {
    start().serverOpens();
    window.dispatchEvent(new Event('online'));
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('stops for good when the server closes with 4404 session gone', () => {
    start().serverCloses(4404, 'session not found');
    expect(state()).toBe('ended');
    window.dispatchEvent(new Event('online'));
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it.each([1008, 4401, 4403])('does not reconnect after close code %i and shows the reason', (code) => {
    start().serverCloses(code, 'origin not allowed');
    expect(states.at(-1)).toEqual({ kind: 'refused', reason: 'origin not allowed' });
    window.dispatchEvent(new Event('online'));
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('tries again after a refusal only when asked to', () => {
    start().serverCloses(4401);
    expect(states.at(-1)).toMatchObject({ kind: 'refused', reason: expect.stringContaining('4401') });
    connection.retryNow();
    expect(FakeSocket.created).toHaveLength(2);
  });

  it('ends when the API says the session no longer exists after a failed connect', async () => {
    start({ sessionExists: () => Promise.resolve(false) }).serverCloses(1006);
    await vi.waitFor(() => expect(state()).toBe('ended'), { timeout: 1000 });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.created).toHaveLength(1);
  });

  it('keeps retrying when the API cannot be reached', async () => {
    start({ sessionExists: () => Promise.reject(new Error('offline')) }).serverCloses(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.created).toHaveLength(2);
  });

  it('queues keystrokes typed while disconnected and sends them right after reattaching', () => {
    const first = start();
    first.serverOpens();
    first.serverCloses(1006);
    connection.send(bytes('echo '));
    connection.send(bytes('hi\r'));
    vi.advanceTimersByTime(1000);
    const second = FakeSocket.latest();
    expect(second.sent).toEqual([]);
    second.serverOpens();
    expect(second.binaries().map((frame) => new TextDecoder().decode(frame))).toEqual(['echo hi\r']);
  });

  it('sends the terminal size first on every connect, then the queued input', () => {
    const socket = start();
    connection.resize(100, 30);
    connection.send(bytes('x'));
    socket.serverOpens();
    expect(socket.sent[0]).toBe('{"type":"resize","cols":100,"rows":30}');
    expect(socket.sent[1]).toBeInstanceOf(Uint8Array);
    socket.serverCloses(1006);
    vi.advanceTimersByTime(1000);
    FakeSocket.latest().serverOpens();
    expect(FakeSocket.latest().controls()).toEqual([{ type: 'resize', cols: 100, rows: 30 }]);
  });

  it('clears the screen on reattach but not on the first attach', () => {
    const socket = start();
    socket.serverOpens();
    expect(reattaches).toBe(0);
    socket.serverCloses(1006);
    vi.advanceTimersByTime(1000);
    FakeSocket.latest().serverOpens();
    expect(reattaches).toBe(1);
  });

  it('sends keystrokes straight through while connected', () => {
    const socket = start();
    socket.serverOpens();
    connection.send(bytes('a'));
    expect(socket.binaries().map((frame) => Array.from(frame))).toEqual([[97]]);
  });

  it('hands output to the terminal and acknowledges it once processed', () => {
    const socket = start();
    socket.serverOpens();
    socket.serverSendsBytes(bytes('hello'));
    expect(new TextDecoder().decode(written[0].bytes)).toBe('hello');
    expect(socket.controls()).toEqual([]);
    written[0].done();
    expect(socket.controls()).toEqual([{ type: 'ack', bytes: 5 }]);
  });

  it('acknowledges every 32 KiB during a flood and the rest when the terminal catches up', () => {
    const socket = start();
    socket.serverOpens();
    for (let i = 0; i < 10; i++) socket.serverSendsBytes(new Uint8Array(10 * 1024));
    written.forEach(({ done }) => done());
    expect(socket.controls().map((control) => control.bytes)).toEqual([40960, 40960, 20480]);
  });

  it('drops acks for output that arrived on a previous socket', () => {
    const first = start();
    first.serverOpens();
    first.serverSendsBytes(bytes('old'));
    first.serverCloses(1006);
    vi.advanceTimersByTime(1000);
    const second = FakeSocket.latest();
    second.serverOpens();
    written[0].done();
    expect(second.controls().filter((control) => control.type === 'ack')).toEqual([]);
  });

  it('passes known server events on and ignores unknown or malformed ones', () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    const socket = start();
    socket.serverOpens();
    socket.serverSendsText('{"type":"auth_url","url":"https://example.com/device"}');
    socket.serverSendsText('{"type":"mystery"}');
    socket.serverSendsText('not json');
    expect(events).toEqual([{ type: 'auth_url', url: 'https://example.com/device' }]);
    expect(state()).toBe('connected');
  });

  it('closes the socket normally and stops reconnecting when disposed', () => {
    const socket = start();
    socket.serverOpens();
    connection.dispose();
    expect(socket.closedWith).toBe(1000);
    window.dispatchEvent(new Event('online'));
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.created).toHaveLength(1);
  });
});
