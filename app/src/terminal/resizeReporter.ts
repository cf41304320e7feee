export const RESIZE_DEBOUNCE_MS = 100;

/**
 * Tells the server the terminal's size: debounced while the user drags a window edge, never the same
 * size twice on one connection, and at once when a connection opens.
 */
export class ResizeReporter {
  private latest: { cols: number; rows: number } | null = null;
  private lastSent: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `send` returns false when there is no open socket to send on. */
  constructor(
    private readonly send: (cols: number, rows: number) => boolean,
    private readonly debounceMs = RESIZE_DEBOUNCE_MS,
  ) {}

  request(cols: number, rows: number): void {
    this.latest = { cols, rows };
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.sendLatest(false);
    }, this.debounceMs);
  }

  /** A new connection: the server knows nothing yet, so send the current size now. */
  connected(): void {
    this.cancel();
    this.lastSent = null;
    this.sendLatest(true);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private sendLatest(force: boolean): void {
    if (!this.latest) return;
    const { cols, rows } = this.latest;
    const key = `${cols}x${rows}`;
    if (!force && key === this.lastSent) return;
    if (this.send(cols, rows)) this.lastSent = key;
  }
}
