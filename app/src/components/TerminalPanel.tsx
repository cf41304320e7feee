import { useCallback, useEffect, useRef, useState } from 'react';
import { getSession, type Session } from '../api/sessions';
import { useTerminalSocket } from '../hooks/useTerminalSocket';
import { useTouchScroll } from '../hooks/useTouchScroll';
import { useXterm, writeClipboard } from '../hooks/useXterm';
import { TmuxCommand, applyModifiers, type Modifiers } from '../terminal/keys';
import { terminalWindowUrl, type ServerEvent } from '../terminal/protocol';
import type { ConnectionState } from '../terminal/TerminalConnection';
import { KeyRow } from './KeyRow';
import { SearchBox } from './SearchBox';
import { TerminalToolbar } from './TerminalToolbar';

export interface TerminalLink {
  state: ConnectionState;
  retryNow(): void;
}

interface TerminalPanelProps {
  session: Session;
  windowIndex: number;
  active: boolean;
  /** Show the extra key row (phones, narrow windows). */
  touch: boolean;
  onLink(windowIndex: number, link: TerminalLink): void;
  onEvent(event: ServerEvent): void;
}

const NO_MODIFIERS: Modifiers = { ctrl: false, alt: false };

/** One terminal tab: tmux window `windowIndex` on its own socket, with its toolbar and key row. */
export function TerminalPanel({ session, windowIndex, active, touch, onLink, onEvent }: TerminalPanelProps) {
  const { containerRef, terminal, search, renderer, fit } = useXterm();
  const [modifiers, setModifiers] = useState<Modifiers>(NO_MODIFIERS);
  const modifiersRef = useRef(modifiers);
  modifiersRef.current = modifiers;
  const [searchOpen, setSearchOpen] = useState(false);

  // The Ctrl and Alt toggles apply to the next input only.
  const transformInput = useCallback((data: string) => {
    const armed = modifiersRef.current;
    if (!armed.ctrl && !armed.alt) return data;
    modifiersRef.current = NO_MODIFIERS;
    setModifiers(NO_MODIFIERS);
    return applyModifiers(data, armed);
  }, []);

  const { state, retryNow, sendInput } = useTerminalSocket({
    url: terminalWindowUrl(session.ws_url, windowIndex, window.location),
    terminal,
    onEvent,
    sessionExists: async () => (await getSession(session.session_id)) !== null,
    transformInput,
  });
  useTouchScroll(terminal, containerRef, sendInput);

  useEffect(() => onLink(windowIndex, { state, retryNow }), [windowIndex, state, retryNow, onLink]);

  useEffect(() => {
    if (!active || !terminal) return;
    fit();
    terminal.focus();
  }, [active, terminal, fit]);

  const send = useCallback(
    (data: string) => {
      sendInput(data);
      terminal?.focus();
    },
    [sendInput, terminal],
  );

  const paste = useCallback(async () => {
    if (!terminal) return;
    let text: string | null = null;
    try {
      text = (await navigator.clipboard?.readText()) ?? null;
    } catch {
      // Permission refused, or no clipboard API outside a secure context: ask instead.
    }
    text ??= window.prompt('Paste the text to send to the terminal:');
    modifiersRef.current = NO_MODIFIERS;
    setModifiers(NO_MODIFIERS);
    if (text) terminal.paste(text);
    terminal.focus();
  }, [terminal]);

  const copy = useCallback(() => {
    const selection = terminal?.getSelection();
    if (selection) writeClipboard(selection);
    terminal?.focus();
  }, [terminal]);

  // Browser-style shortcuts that a terminal would otherwise take as control codes.
  useEffect(() => {
    if (!terminal) return;
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      switch (event.code) {
        case 'KeyF':
          event.preventDefault();
          setSearchOpen(true);
          return false;
        case 'KeyC':
          event.preventDefault();
          copy();
          return false;
        case 'KeyV':
          return false; // the browser's own paste event follows, and xterm handles it
        default:
          return true;
      }
    });
  }, [terminal, copy]);

  const toggle = (modifier: keyof Modifiers) => {
    setModifiers((current) => ({ ...current, [modifier]: !current[modifier] }));
    terminal?.focus();
  };

  const closeSearch = () => {
    setSearchOpen(false);
    terminal?.focus();
  };

  return (
    <section
      className="terminal-tab"
      hidden={!active}
      role="tabpanel"
      id={`panel-terminal-${windowIndex}`}
      aria-labelledby={`tab-terminal-${windowIndex}`}
      data-window={windowIndex}
    >
      <TerminalToolbar
        keyRowShown={touch}
        ctrlArmed={modifiers.ctrl}
        searchOpen={searchOpen}
        onPaste={paste}
        onCopy={copy}
        onEscape={() => send('\x1b')}
        onToggleCtrl={() => toggle('ctrl')}
        onScrollMode={() => send(TmuxCommand.scrollMode)}
        onSplit={() => send(TmuxCommand.splitVertical)}
        onToggleSearch={() => (searchOpen ? closeSearch() : setSearchOpen(true))}
      />
      {searchOpen && search && <SearchBox search={search} onClose={closeSearch} />}
      <div
        className="terminal-panel"
        data-testid={active ? 'terminal' : `terminal-${windowIndex}`}
        data-renderer={renderer}
        ref={containerRef}
      />
      {touch && <KeyRow modifiers={modifiers} onSend={send} onToggle={toggle} />}
    </section>
  );
}
