import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResizeReporter } from './resizeReporter';

describe('ResizeReporter', () => {
  let sent: string[];
  let open: boolean;
  let reporter: ResizeReporter;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    open = true;
    reporter = new ResizeReporter((cols, rows) => {
      if (open) sent.push(`${cols}x${rows}`);
      return open;
    }, 100);
  });

  afterEach(() => vi.useRealTimers());

  it('sends only the last size of a burst, 100 ms after it settles', () => {
    reporter.request(80, 24);
    vi.advanceTimersByTime(50);
    reporter.request(100, 30);
    vi.advanceTimersByTime(50);
    reporter.request(120, 40);
    vi.advanceTimersByTime(99);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['120x40']);
  });

  it('does not send the same size twice', () => {
    reporter.request(120, 40);
    vi.advanceTimersByTime(100);
    reporter.request(120, 40);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['120x40']);
  });

  it('sends the current size at once on a new connection, even if unchanged', () => {
    reporter.request(120, 40);
    vi.advanceTimersByTime(100);
    reporter.connected();
    expect(sent).toEqual(['120x40', '120x40']);
  });

  it('sends a size requested while offline once a connection opens', () => {
    open = false;
    reporter.request(90, 20);
    vi.advanceTimersByTime(100);
    open = true;
    reporter.connected();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['90x20']);
  });
});
