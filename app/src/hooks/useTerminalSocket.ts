import type { Terminal } from '@xterm/xterm';
import { useCallback, useEffect, useRef, useState } from 'react';
import { encodeBinaryInput, encodeInput, type ServerEvent } from '../terminal/protocol';
import { TerminalConnection, type ConnectionState } from '../terminal/TerminalConnection';

export interface TerminalSocketOptions {
  /** Absolute ws:// or wss:// URL. */
  url: string;
  terminal: Terminal | null;
  onEvent(event: ServerEvent): void;
  sessionExists?: () => Promise<boolean>;
  /** Rewrites what the user types before it is sent (the Ctrl and Alt toggles). */
  transformInput?: (data: string) => string;
}

export interface TerminalSocket {
  state: ConnectionState;
  retryNow(): void;
  /** Sends text as if typed, bypassing `transformInput` (toolbar keys, tmux commands). */
  sendInput(data: string): void;
}

/** Connects a terminal to its session's WebSocket and keeps it connected. */
export function useTerminalSocket({ url, terminal, onEvent, sessionExists, transformInput }: TerminalSocketOptions): TerminalSocket {
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const connectionRef = useRef<TerminalConnection | null>(null);
  // Callbacks change on every render; the connection must not restart for that.
  const callbacks = useRef({ onEvent, sessionExists, transformInput });
  useEffect(() => {
    callbacks.current = { onEvent, sessionExists, transformInput };
  });

  useEffect(() => {
    if (!terminal) return;
    const connection = new TerminalConnection({
      url,
      onOutput: (bytes, done) => terminal.write(bytes, done),
      onEvent: (event) => callbacks.current.onEvent(event),
      onStateChange: setState,
      onReattach: () => terminal.reset(),
      sessionExists: () => callbacks.current.sessionExists?.() ?? Promise.resolve(true),
    });
    const typed = (data: string) => callbacks.current.transformInput?.(data) ?? data;
    const subscriptions = [
      terminal.onData((data) => connection.send(encodeInput(typed(data)))),
      terminal.onBinary((data) => connection.send(encodeBinaryInput(data))),
      terminal.onResize(({ cols, rows }) => connection.resize(cols, rows)),
    ];
    connection.resize(terminal.cols, terminal.rows);
    connectionRef.current = connection;
    connection.start();
    return () => {
      subscriptions.forEach((subscription) => subscription.dispose());
      connection.dispose();
      connectionRef.current = null;
    };
  }, [url, terminal]);

  const retryNow = useCallback(() => connectionRef.current?.retryNow(), []);
  const sendInput = useCallback((data: string) => connectionRef.current?.send(encodeInput(data)), []);
  return { state, retryNow, sendInput };
}
