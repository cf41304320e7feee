import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { tokyoNight } from '../terminal/theme';

export interface Xterm {
  /** Attach to the element the terminal should fill. */
  containerRef: RefObject<HTMLDivElement | null>;
  /** The live terminal, or null until mounted. */
  terminal: Terminal | null;
}

/**
 * An xterm.js terminal that fills its container and refits whenever the window or the container
 * changes size; the terminal's own `onResize` then reports new cols and rows.
 */
export function useXterm(): Xterm {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const [terminal, setTerminal] = useState<Terminal | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const term = new Terminal({
      theme: tokyoNight,
      fontFamily: '"JetBrains Mono", "Fira Code", Menlo, Consolas, "DejaVu Sans Mono", monospace',
      fontSize: 14,
      cursorBlink: true,
      scrollback: 5000,
    });
    const fitAddon = new FitAddon();
    term.loadAddon(fitAddon);
    term.open(container);
    const fit = () => fitAddon.fit();
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(container);
    window.addEventListener('resize', fit);
    term.focus();
    setTerminal(term);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
      setTerminal(null);
      term.dispose();
    };
  }, []);

  return { containerRef, terminal };
}
