import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { decodeOsc52 } from '../terminal/osc52';
import { preferredRenderer, type Renderer } from '../terminal/renderer';
import { tokyoNight } from '../terminal/theme';


export interface Xterm {
  /** Attach to the element the terminal should fill. */
  containerRef: RefObject<HTMLDivElement | null>;
  /** The live terminal, or null until mounted. */
  terminal: Terminal | null;
  search: SearchAddon | null;
  renderer: Renderer;
  /** Refit to the container now (after it was shown again, say). */
  fit(): void;
}

/**
 * An xterm.js terminal that fills its container and refits whenever the window, the visual viewport
 * (a phone's on-screen keyboard) or the container changes size; the terminal's own `onResize` then
 * reports new cols and rows. Links are clickable, OSC 52 copies reach the clipboard, and it draws
 * with WebGL where it can, falling back to the DOM renderer.
 */
export function useXterm(): Xterm {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const fitRef = useRef<() => void>(() => undefined);
  const [terminal, setTerminal] = useState<Terminal | null>(null);
  const [search, setSearch] = useState<SearchAddon | null>(null);
  const [renderer, setRenderer] = useState<Renderer>('dom');

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const term = new Terminal({
      theme: tokyoNight,
      fontFamily: '"JetBrains Mono", "Fira Code", Menlo, Consolas, "DejaVu Sans Mono", monospace',
      fontSize: window.matchMedia?.('(max-width: 600px)').matches ? 12 : 14,
      cursorBlink: true,
      scrollback: 5000,
      allowProposedApi: true,
    });
    const fitAddon = new FitAddon();
    const searchAddon = new SearchAddon();
    term.loadAddon(fitAddon);
    term.loadAddon(searchAddon);
    term.loadAddon(new WebLinksAddon());
    term.open(container);
    // tmux copy mode sends what was copied as OSC 52. Queries (`?`) are never answered: a program
    // in the sandbox must not read the user's clipboard.
    const osc52 = term.parser.registerOscHandler(52, (payload) => {
      const copy = decodeOsc52(payload);
      if (copy.kind === 'copy') writeClipboard(copy.text);
      return true;
    });
    let disposed = false;
    loadWebgl(term, () => disposed, () => setRenderer('dom')).then(
      (loaded) => !disposed && setRenderer(loaded),
      () => undefined,
    );

    const fit = () => {
      // A hidden tab has no size; fitting it would shrink the terminal to nothing.
      if (container.clientWidth > 0 && container.clientHeight > 0) fitAddon.fit();
    };
    fitRef.current = fit;
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(container);
    window.addEventListener('resize', fit);
    window.visualViewport?.addEventListener('resize', fit);
    setTerminal(term);
    setSearch(searchAddon);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', fit);
      window.visualViewport?.removeEventListener('resize', fit);
      disposed = true;
      osc52.dispose();
      fitRef.current = () => undefined;
      setTerminal(null);
      setSearch(null);
      term.dispose();
    };
  }, []);

  const fit = useCallback(() => fitRef.current(), []);
  return { containerRef, terminal, search, renderer, fit };
}

/**
 * WebGL where the browser has it; the DOM renderer otherwise and after a lost context. The addon is
 * loaded on demand: it is a third of the bundle, and the first screen does not need it.
 */
async function loadWebgl(term: Terminal, isDisposed: () => boolean, onFallback: () => void): Promise<Renderer> {
  if (preferredRenderer(window.location.search, navigator.webdriver === true) === 'dom') return 'dom';
  try {
    const { WebglAddon } = await import('@xterm/addon-webgl');
    if (isDisposed()) return 'dom';
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => {
      console.warn('remolt: WebGL context lost; drawing the terminal with the DOM renderer');
      webgl.dispose();
      onFallback();
    });
    term.loadAddon(webgl);
    return 'webgl';
  } catch (failure) {
    console.info('remolt: WebGL unavailable; drawing the terminal with the DOM renderer', failure);
    return 'dom';
  }
}

export function writeClipboard(text: string): void {
  navigator.clipboard?.writeText(text).catch((failure: unknown) => {
    console.warn('remolt: could not write to the clipboard', failure);
  });
}
