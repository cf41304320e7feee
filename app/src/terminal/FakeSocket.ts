import type { SocketLike } from './TerminalConnection';

/** A WebSocket stand-in for tests: records what was sent and lets the test play the server. */
export class FakeSocket implements SocketLike {
  static created: FakeSocket[] = [];

  binaryType: BinaryType = 'blob';
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: (string | Uint8Array)[] = [];
  closedWith: number | null = null;

  constructor(readonly url: string) {
    FakeSocket.created.push(this);
  }

  static latest(): FakeSocket {
    const socket = FakeSocket.created.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }

  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(code = 1005): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** The text frames sent, parsed. */
  controls(): Record<string, unknown>[] {
    return this.sent.filter((frame): frame is string => typeof frame === 'string').map((frame) => JSON.parse(frame));
  }

  binaries(): Uint8Array[] {
    return this.sent.filter((frame): frame is Uint8Array => typeof frame !== 'string');
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSendsText(text: string): void {
    this.onmessage?.(new MessageEvent('message', { data: text }));
  }

  serverSendsBytes(bytes: Uint8Array): void {
    this.onmessage?.(new MessageEvent('message', { data: bytes.slice().buffer }));
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason, wasClean: code !== 1006 }));
  }
}
