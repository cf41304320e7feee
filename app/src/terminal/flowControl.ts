/** Acknowledge once this many processed bytes are pending, well under the server's 64 KiB low watermark. */
export const ACK_THRESHOLD_BYTES = 32 * 1024;

/**
 * Counts output bytes that xterm has finished processing and says when to acknowledge them, so the
 * server pauses a viewer whose terminal cannot keep up. One counter per socket: the server counts
 * per connection.
 */
export class AckCounter {
  private pending = 0;
  private outstanding = 0;

  constructor(private readonly threshold = ACK_THRESHOLD_BYTES) {}

  /** A chunk was handed to `term.write`. */
  written(): void {
    this.outstanding++;
  }

  /**
   * A chunk's write callback ran. Returns how many bytes to acknowledge now, or 0: at the threshold,
   * and whenever xterm's write queue has drained.
   */
  processed(bytes: number): number {
    this.outstanding = Math.max(0, this.outstanding - 1);
    this.pending += bytes;
    if (this.pending >= this.threshold || (this.outstanding === 0 && this.pending > 0)) {
      const ack = this.pending;
      this.pending = 0;
      return ack;
    }
    return 0;
  }
}
