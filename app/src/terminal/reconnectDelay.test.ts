import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnectDelay';

describe('reconnectDelayMs', () => {
  it('backs off 1, 2, 4, 8, 16 seconds and then stays at 16 forever', () => {
    const seconds = Array.from({ length: 8 }, (_, attempt) => reconnectDelayMs(attempt) / 1000);
    expect(seconds).toEqual([1, 2, 4, 8, 16, 16, 16, 16]);
    expect(reconnectDelayMs(10_000)).toBe(16_000);
  });
});
