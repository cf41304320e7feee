import { describe, expect, it } from 'vitest';
import { ACK_THRESHOLD_BYTES, AckCounter } from './flowControl';

describe('AckCounter', () => {
  it('acknowledges when the write queue drains', () => {
    const counter = new AckCounter();
    counter.written();
    counter.written();
    expect(counter.processed(100)).toBe(0);
    expect(counter.processed(50)).toBe(150);
  });

  it('acknowledges at the 32 KiB threshold while writes are still outstanding', () => {
    const counter = new AckCounter();
    for (let i = 0; i < 10; i++) counter.written();
    const acks = Array.from({ length: 9 }, () => counter.processed(8 * 1024));
    expect(ACK_THRESHOLD_BYTES).toBe(32 * 1024);
    expect(acks).toEqual([0, 0, 0, 32768, 0, 0, 0, 32768, 0]);
    expect(counter.processed(8 * 1024)).toBe(16 * 1024);
  });

  it('never acknowledges the same bytes twice', () => {
    const counter = new AckCounter();
    counter.written();
    expect(counter.processed(10)).toBe(10);
    counter.written();
    expect(counter.processed(0)).toBe(0);
  });
});
