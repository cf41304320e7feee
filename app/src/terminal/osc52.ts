/**
 * OSC 52 ("manipulate selection data"), which tmux sends when text is copied in copy mode with
 * `set-clipboard on`: `ESC ] 52 ; <targets> ; <base64> BEL`. xterm hands us what follows `52;`.
 */

export type Osc52 = { kind: 'copy'; text: string } | { kind: 'query' } | { kind: 'invalid' };

/** Decodes the payload `<targets>;<base64>`; a `?` payload is a query for our clipboard. */
export function decodeOsc52(payload: string): Osc52 {
  const separator = payload.indexOf(';');
  if (separator < 0) return { kind: 'invalid' };
  const data = payload.slice(separator + 1);
  if (data === '?') return { kind: 'query' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) return { kind: 'invalid' };
  try {
    const binary = atob(data);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return { kind: 'copy', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { kind: 'invalid' };
  }
}
