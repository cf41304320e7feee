import { describe, expect, it } from 'vitest';
import { InputQueue } from './inputQueue';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('InputQueue', () => {
  it('gives back everything queued, in order, and is then empty', () => {
    const queue = new InputQueue();
    queue.push(bytes('ls'));
    queue.push(bytes(' -la\r'));
    expect(text(queue.drain())).toBe('ls -la\r');
    expect(queue.byteLength).toBe(0);
    expect(queue.drain().length).toBe(0);
  });

  it('drops the oldest input beyond its limit', () => {
    const queue = new InputQueue(8);
    queue.push(bytes('abcd'));
    queue.push(bytes('efgh'));
    queue.push(bytes('ij'));
    expect(queue.byteLength).toBe(8);
    expect(text(queue.drain())).toBe('cdefghij');
  });

  it('keeps only the newest 64 KiB by default', () => {
    const queue = new InputQueue();
    queue.push(new Uint8Array(40 * 1024).fill(1));
    queue.push(new Uint8Array(40 * 1024).fill(2));
    const kept = queue.drain();
    expect(kept.length).toBe(64 * 1024);
    expect(kept[0]).toBe(1);
    expect(kept[24 * 1024 - 1]).toBe(1);
    expect(kept[24 * 1024]).toBe(2);
  });

  it('keeps the tail of a single chunk larger than the limit', () => {
    const queue = new InputQueue(4);
    queue.push(bytes('0123456789'));
    expect(text(queue.drain())).toBe('6789');
  });
});
