import { describe, expect, it } from 'vitest';
import { swipeToNotches, wheelReport } from './mouse';

describe('wheel reports for tmux', () => {
  it('encodes wheel up and down as SGR mouse buttons 64 and 65', () => {
    expect(wheelReport('up', 10, 5)).toBe('\x1b[<64;10;5M');
    expect(wheelReport('down', 1, 1)).toBe('\x1b[<65;1;1M');
  });

  it('never reports a cell before the first', () => {
    expect(wheelReport('up', 0, -3)).toBe('\x1b[<64;1;1M');
  });

  it('turns a swipe into notches and keeps the remainder', () => {
    expect(swipeToNotches(0, 45)).toEqual({ notches: 2, direction: 'up', rest: 5 });
    expect(swipeToNotches(5, 15)).toEqual({ notches: 1, direction: 'up', rest: 0 });
    expect(swipeToNotches(0, -25)).toEqual({ notches: 1, direction: 'down', rest: -5 });
    expect(swipeToNotches(0, 10)).toEqual({ notches: 0, direction: 'down', rest: 10 });
  });
});
