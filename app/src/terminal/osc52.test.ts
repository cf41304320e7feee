import { describe, expect, it } from 'vitest';
import { decodeOsc52 } from './osc52';

const encode = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('decodeOsc52', () => {
  it('decodes the base64 text tmux copies, whatever the target', () => {
    expect(decodeOsc52(`c;${encode('hello world')}`)).toEqual({ kind: 'copy', text: 'hello world' });
    expect(decodeOsc52(`;${encode('x')}`)).toEqual({ kind: 'copy', text: 'x' });
    expect(decodeOsc52(`pc;${encode('two')}`)).toEqual({ kind: 'copy', text: 'two' });
  });

  it('decodes UTF-8 text', () => {
    expect(decodeOsc52(`c;${encode('naïve → ✓')}`)).toEqual({ kind: 'copy', text: 'naïve → ✓' });
  });

  it('treats an empty payload as copying nothing', () => {
    expect(decodeOsc52('c;')).toEqual({ kind: 'copy', text: '' });
  });

  it('recognises a clipboard query, which must never be answered', () => {
    expect(decodeOsc52('c;?')).toEqual({ kind: 'query' });
  });

  it('rejects payloads that are not base64 or not UTF-8', () => {
    expect(decodeOsc52('no separator')).toEqual({ kind: 'invalid' });
    expect(decodeOsc52('c;not base64!')).toEqual({ kind: 'invalid' });
    expect(decodeOsc52(`c;${btoa('\xff\xfe')}`)).toEqual({ kind: 'invalid' });
  });
});
