import type { Terminal } from '@xterm/xterm';
import { useEffect, type RefObject } from 'react';
import { swipeToNotches, wheelReport } from '../terminal/mouse';

/**
 * On touch screens, a vertical swipe over the terminal scrolls tmux's history the way a mouse wheel
 * does on a desktop: while the program (tmux with `mouse on`) tracks the mouse, the swipe is sent as
 * wheel reports at the touched cell. Otherwise xterm scrolls its own buffer as usual.
 */
export function useTouchScroll(terminal: Terminal | null, containerRef: RefObject<HTMLDivElement | null>, send: (data: string) => void): void {
  useEffect(() => {
    const container = containerRef.current;
    if (!terminal || !container) return;
    let lastY: number | null = null;
    let pending = 0;

    const start = (event: TouchEvent) => {
      lastY = event.touches.length === 1 ? event.touches[0].clientY : null;
      pending = 0;
    };
    const move = (event: TouchEvent) => {
      if (lastY === null || event.touches.length !== 1 || terminal.modes.mouseTrackingMode === 'none') return;
      const touch = event.touches[0];
      const { notches, direction, rest } = swipeToNotches(pending, touch.clientY - lastY);
      lastY = touch.clientY;
      pending = rest;
      event.preventDefault();
      if (notches === 0) return;
      const rect = container.getBoundingClientRect();
      const col = ((touch.clientX - rect.left) / rect.width) * terminal.cols + 1;
      const row = ((touch.clientY - rect.top) / rect.height) * terminal.rows + 1;
      send(wheelReport(direction, col, row).repeat(Math.min(notches, 10)));
    };
    const end = () => {
      lastY = null;
    };
    container.addEventListener('touchstart', start, { passive: true });
    container.addEventListener('touchmove', move, { passive: false });
    container.addEventListener('touchend', end);
    container.addEventListener('touchcancel', end);
    return () => {
      container.removeEventListener('touchstart', start);
      container.removeEventListener('touchmove', move);
      container.removeEventListener('touchend', end);
      container.removeEventListener('touchcancel', end);
    };
  }, [terminal, containerRef, send]);
}
