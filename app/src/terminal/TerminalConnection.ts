import { AckCounter } from './flowControl';
import { InputQueue } from './inputQueue';
import { classifyClose, decodeServerEvent, encodeAck, encodeResize, type ServerEvent } from './protocol';
import { reconnectDelayMs } from './reconnectDelay';
import { ResizeReporter } from './resizeReporter';

export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'reconnecting'; retryAt: number }
  | { kind: 'ended' }
  | { kind: 'refused'; reason: string };

/** The part of the browser's WebSocket this class uses, so tests can hand it a fake. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface TerminalConnectionOptions {
  url: string;
  /** Output for the terminal; call `done` from xterm's write callback so the bytes get acknowledged. */
  onOutput(bytes: Uint8Array, done: () => void): void;
  onEvent(event: ServerEvent): void;
  onStateChange(state: ConnectionState): void;
  /** A connection opened after an earlier one: clear the screen, the server redraws it. */
  onReattach(): void;
  /** Asked after an unexpected close; resolving false ends the connection as if closed with 4404. */
  sessionExists?: () => Promise<boolean>;
  createSocket?: (url: string) => SocketLike;
}

const OPEN = 1;

/**
 * One terminal's WebSocket, kept alive: reconnects with backoff (and at once when the browser comes
 * back online or the tab becomes visible), queues keystrokes while away, acknowledges output.
 */
export class TerminalConnection {
  private socket: SocketLike | null = null;
  private acks = new AckCounter();
  private readonly input = new InputQueue();
  private readonly resizer = new ResizeReporter((cols, rows) => this.sendText(encodeResize(cols, rows)));
  private state: ConnectionState = { kind: 'connecting' };
  private attempt = 0;
  private everOpened = false;
  private disposed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly createSocket: (url: string) => SocketLike;

  constructor(private readonly options: TerminalConnectionOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
  }

  start(): void {
    window.addEventListener('online', this.skipBackoff);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.connect();
  }

  /** Stops for good: no more reconnects, the socket closed normally. */
  dispose(): void {
    this.disposed = true;
    window.removeEventListener('online', this.skipBackoff);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.clearRetryTimer();
    this.resizer.cancel();
    this.detachSocket()?.close(1000, 'page closed');
  }

  send(bytes: Uint8Array): void {
    if (this.state.kind === 'ended' || this.state.kind === 'refused') return;
    if (this.socket?.readyState === OPEN) this.socket.send(bytes);
    else this.input.push(bytes);
  }

  resize(cols: number, rows: number): void {
    this.resizer.request(cols, rows);
  }

  /** Tries again now: skips the backoff wait, or overrides a refusal when the user asks to. */
  retryNow(): void {
    if (this.state.kind !== 'reconnecting' && this.state.kind !== 'refused') return;
    this.clearRetryTimer();
    this.connect();
  }

  // Coming back online or to the tab is when a dropped connection can work again: do not wait.
  private readonly skipBackoff = (): void => {
    if (this.state.kind === 'reconnecting') this.retryNow();
  };

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === 'visible') this.skipBackoff();
  };

  private connect(): void {
    this.setState({ kind: 'connecting' });
    const socket = this.createSocket(this.options.url);
    const acks = new AckCounter();
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.opened(socket, acks);
    socket.onmessage = (event) => this.received(event, acks);
    socket.onclose = (event) => this.closed(event);
    // A failed socket always closes too; the close event carries the code we act on.
    socket.onerror = () => undefined;
    this.socket = socket;
  }

  private opened(socket: SocketLike, acks: AckCounter): void {
    this.acks = acks;
    this.attempt = 0;
    if (this.everOpened) this.options.onReattach();
    this.everOpened = true;
    this.setState({ kind: 'connected' });
    this.resizer.connected();
    if (this.input.byteLength > 0) socket.send(this.input.drain());
  }

  private received(event: MessageEvent, acks: AckCounter): void {
    if (typeof event.data === 'string') {
      const serverEvent = decodeServerEvent(event.data);
      if (serverEvent) this.options.onEvent(serverEvent);
      return;
    }
    const bytes = new Uint8Array(event.data as ArrayBuffer);
    acks.written();
    this.options.onOutput(bytes, () => {
      const ack = acks.processed(bytes.length);
      // Acks for an older socket are dropped: the server counts per connection.
      if (ack > 0 && acks === this.acks) this.sendText(encodeAck(ack));
    });
  }

  private closed(event: CloseEvent): void {
    this.detachSocket();
    this.resizer.cancel();
    const outcome = classifyClose(event.code);
    if (outcome === 'gone') {
      this.end();
    } else if (outcome === 'refused') {
      this.setState({ kind: 'refused', reason: event.reason || `The server closed the terminal (code ${event.code}).` });
    } else {
      this.scheduleReconnect();
      this.checkSessionStillExists();
    }
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelayMs(this.attempt++);
    this.setState({ kind: 'reconnecting', retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  // The server can only send 4404 after accepting the upgrade; if it refuses the upgrade instead,
  // asking the API is how we learn the session is gone rather than retrying forever.
  private checkSessionStillExists(): void {
    this.options.sessionExists?.().then(
      (exists) => {
        if (!exists && !this.disposed && this.state.kind !== 'connected') this.end();
      },
      () => undefined, // Unreachable server: keep retrying.
    );
  }

  private end(): void {
    this.clearRetryTimer();
    this.detachSocket()?.close(1000, 'session ended');
    this.setState({ kind: 'ended' });
  }

  private sendText(text: string): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(text);
    return true;
  }

  private detachSocket(): SocketLike | null {
    const socket = this.socket;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    this.socket = null;
    return socket;
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    this.options.onStateChange(state);
  }
}
