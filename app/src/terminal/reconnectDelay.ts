const DELAYS_SECONDS = [1, 2, 4, 8, 16];

/** Backoff before reconnect attempt `attempt` (0-based): 1, 2, 4, 8, 16 s, then 16 s forever. */
export function reconnectDelayMs(attempt: number): number {
  return DELAYS_SECONDS[Math.min(Math.max(attempt, 0), DELAYS_SECONDS.length - 1)] * 1000;
}
