/** Keystrokes kept while offline: a typed-ahead command, not a paste of a whole file. */
export const INPUT_QUEUE_LIMIT_BYTES = 64 * 1024;

/** Input typed while disconnected, bounded: beyond the limit the oldest input is dropped. */
export class InputQueue {
  private chunks: Uint8Array[] = [];
  private size = 0;

  constructor(private readonly limit = INPUT_QUEUE_LIMIT_BYTES) {}

  get byteLength(): number {
    return this.size;
  }

  push(bytes: Uint8Array): void {
    const chunk = bytes.length > this.limit ? bytes.slice(bytes.length - this.limit) : bytes;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit) {
      const oldest = this.chunks[0];
      const excess = this.size - this.limit;
      if (oldest.length <= excess) {
        this.chunks.shift();
        this.size -= oldest.length;
      } else {
        this.chunks[0] = oldest.slice(excess);
        this.size -= excess;
      }
    }
  }

  /** Everything queued, as one buffer, leaving the queue empty. */
  drain(): Uint8Array {
    const all = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    this.chunks = [];
    this.size = 0;
    return all;
  }
}
