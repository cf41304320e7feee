/**
 * Mouse reports for the wheel, in the SGR encoding tmux asks for with `mouse on` (DECSET 1006):
 * `ESC [ < button ; col ; row M`, where 64 is wheel up and 65 wheel down; col and row count from 1.
 */
export function wheelReport(direction: 'up' | 'down', col: number, row: number): string {
  const button = direction === 'up' ? 64 : 65;
  return `\x1b[<${button};${Math.max(1, Math.floor(col))};${Math.max(1, Math.floor(row))}M`;
}

/** Rows of finger travel per wheel notch when a touch swipe scrolls tmux's history. */
export const SWIPE_PIXELS_PER_NOTCH = 20;

/**
 * Turns the vertical travel of a swipe into wheel notches, keeping the remainder for the next move.
 * A finger moving down drags the text down, which shows older lines: wheel up.
 */
export function swipeToNotches(pendingPixels: number, deltaY: number): { notches: number; direction: 'up' | 'down'; rest: number } {
  const total = pendingPixels + deltaY;
  const notches = Math.trunc(total / SWIPE_PIXELS_PER_NOTCH);
  return { notches: Math.abs(notches), direction: notches > 0 ? 'up' : 'down', rest: total - notches * SWIPE_PIXELS_PER_NOTCH };
}
