import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  classifyClose,
  decodeServerEvent,
  socketUrl,
  terminalWindowUrl,
  encodeAck,
  encodeBinaryInput,
  encodeInput,
  encodeResize,
  terminalSocketUrl,
} from './protocol';

describe('protocol', () => {
  afterEach(() => vi.restoreAllMocks());

  it('encodes a resize as the JSON control frame the server expects', () => {
    expect(JSON.parse(encodeResize(120, 30))).toEqual({ type: 'resize', cols: 120, rows: 30 });
  });

  it('encodes an ack with its byte count', () => {
    expect(JSON.parse(encodeAck(32768))).toEqual({ type: 'ack', bytes: 32768 });
  });

  it('encodes typed text as UTF-8 bytes', () => {
    expect(Array.from(encodeInput('é\r'))).toEqual([0xc3, 0xa9, 0x0d]);
  });

  it('encodes binary input one byte per character', () => {
    expect(Array.from(encodeBinaryInput('\x1b[M\xff'))).toEqual([0x1b, 0x5b, 0x4d, 0xff]);
  });

  it('decodes the known server events', () => {
    expect(decodeServerEvent('{"type":"auth_url","url":"https://github.com/login/device"}')).toEqual({
      type: 'auth_url',
      url: 'https://github.com/login/device',
    });
    expect(decodeServerEvent('{"type":"idle_warning","seconds":300}')).toEqual({ type: 'idle_warning', seconds: 300 });
    expect(decodeServerEvent('{"type":"exit","code":0}')).toMatchObject({ type: 'exit', code: 0 });
    expect(decodeServerEvent('{"type":"status","status":"running"}')).toMatchObject({ type: 'status', status: 'running' });
  });

  it('ignores event types it does not know, with a debug log', () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    expect(decodeServerEvent('{"type":"confetti","amount":9}')).toBeNull();
    expect(debug).toHaveBeenCalled();
  });

  it('ignores malformed JSON and frames without a type', () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    expect(decodeServerEvent('{"type":')).toBeNull();
    expect(decodeServerEvent('[1,2]')).toBeNull();
    expect(decodeServerEvent('{"kind":"status"}')).toBeNull();
    expect(decodeServerEvent('null')).toBeNull();
  });

  it('refuses an auth URL that is not http or https, since it becomes a link', () => {
    vi.spyOn(console, 'debug').mockImplementation(() => undefined);
    expect(decodeServerEvent('{"type":"auth_url","url":"javascript:alert(1)"}')).toBeNull();
  });

  it('tells session-gone, refusals and retryable closes apart', () => {
    expect(classifyClose(4404)).toBe('gone');
    expect(classifyClose(1008)).toBe('refused');
    expect(classifyClose(4401)).toBe('refused');
    expect(classifyClose(4403)).toBe('refused');
    expect(classifyClose(1006)).toBe('retry');
    expect(classifyClose(1011)).toBe('retry');
    expect(classifyClose(1001)).toBe('retry');
  });

  it('makes the socket URL absolute with the page scheme and asks for ack flow control', () => {
    expect(terminalSocketUrl('/ws/terminal/abc123', { protocol: 'http:', host: 'localhost:5173' })).toBe(
      'ws://localhost:5173/ws/terminal/abc123?flow=ack',
    );
    expect(terminalSocketUrl('/ws/terminal/abc123?window=1', { protocol: 'https:', host: 'remolt.example' })).toBe(
      'wss://remolt.example/ws/terminal/abc123?window=1&flow=ack',
    );
  });

  it('opens each terminal tab on its own tmux window', () => {
    expect(terminalWindowUrl('/ws/terminal/abc123', 2, { protocol: 'http:', host: 'localhost:8080' })).toBe(
      'ws://localhost:8080/ws/terminal/abc123?window=2&flow=ack',
    );
  });

  it('makes the logs socket URL absolute without flow control', () => {
    expect(socketUrl('/ws/logs/abc123', { protocol: 'https:', host: 'remolt.example' })).toBe('wss://remolt.example/ws/logs/abc123');
  });
});
