/**
 * The terminal WebSocket protocol: binary frames carry TTY bytes both ways, text frames carry JSON
 * control messages (client to server) and events (server to client).
 */

export type ClientControl =
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'ack'; bytes: number };

export type ServerEvent =
  | { type: 'status'; status?: string; message?: string }
  | { type: 'exit'; code?: number; message?: string }
  | { type: 'auth_url'; url: string }
  | { type: 'idle_warning'; seconds: number };

/** Close codes the server uses to say "do not come back". */
export const CloseCode = {
  policyViolation: 1008,
  unauthorized: 4401,
  forbidden: 4403,
  sessionGone: 4404,
} as const;

export type CloseOutcome = 'gone' | 'refused' | 'retry';

export function classifyClose(code: number): CloseOutcome {
  switch (code) {
    case CloseCode.sessionGone:
      return 'gone';
    case CloseCode.policyViolation:
    case CloseCode.unauthorized:
    case CloseCode.forbidden:
      return 'refused';
    default:
      return 'retry';
  }
}

export function encodeResize(cols: number, rows: number): string {
  return JSON.stringify({ type: 'resize', cols, rows } satisfies ClientControl);
}

export function encodeAck(bytes: number): string {
  return JSON.stringify({ type: 'ack', bytes } satisfies ClientControl);
}

const textEncoder = new TextEncoder();

/** Input from xterm's onData (a JS string) as the UTF-8 bytes the server expects. */
export function encodeInput(data: string): Uint8Array {
  return textEncoder.encode(data);
}

/** Input from xterm's onBinary: a string whose every char is one byte (e.g. mouse reports). */
export function encodeBinaryInput(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * Reads one text frame from the server. Returns null for anything we do not understand, so a newer
 * server (or a broken frame) never breaks the page.
 */
export function decodeServerEvent(text: string): ServerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    console.debug('remolt: ignoring a text frame that is not JSON', text);
    return null;
  }
  if (!isRecord(value) || typeof value.type !== 'string') {
    console.debug('remolt: ignoring a text frame without a type', value);
    return null;
  }
  switch (value.type) {
    case 'status':
      return { type: 'status', status: optionalString(value.status), message: optionalString(value.message) };
    case 'exit':
      return { type: 'exit', code: optionalNumber(value.code), message: optionalString(value.message) };
    case 'auth_url':
      return isHttpUrl(value.url) ? { type: 'auth_url', url: value.url } : ignored(value);
    case 'idle_warning':
      return typeof value.seconds === 'number' ? { type: 'idle_warning', seconds: value.seconds } : ignored(value);
    default:
      return ignored(value);
  }
}

/** The absolute socket URL for a session's `ws_url` path, asking the server for ack flow control. */
export function terminalSocketUrl(wsPath: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const url = new URL(socketUrl(wsPath, location));
  url.searchParams.set('flow', 'ack');
  return url.toString();
}

/** The socket URL for one terminal tab: tmux window `window` of the session. */
export function terminalWindowUrl(wsPath: string, window: number, location: Pick<Location, 'protocol' | 'host'>): string {
  const url = new URL(socketUrl(wsPath, location));
  url.searchParams.set('window', String(window));
  url.searchParams.set('flow', 'ack');
  return url.toString();
}

/** A socket path made absolute with the page's host, ws: under http and wss: under https. */
export function socketUrl(path: string, location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return new URL(path, `${scheme}//${location.host}`).toString();
}

function ignored(value: Record<string, unknown>): null {
  console.debug('remolt: ignoring server event', value);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

// The URL becomes a link in the page: only http(s), never javascript: or data:.
function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
