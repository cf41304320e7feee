interface TerminalToolbarProps {
  /** The key row below the terminal already has Esc and Ctrl. */
  keyRowShown: boolean;
  ctrlArmed: boolean;
  searchOpen: boolean;
  onPaste(): void;
  onCopy(): void;
  onEscape(): void;
  onToggleCtrl(): void;
  onScrollMode(): void;
  onSplit(): void;
  onToggleSearch(): void;
}

/** Buttons over the terminal for what is awkward to type, especially under tmux and on phones. */
export function TerminalToolbar(props: TerminalToolbarProps) {
  return (
    // Taps must not move the focus out of the terminal: that would close a phone's keyboard.
    <div className="terminal-toolbar" role="toolbar" aria-label="Terminal" onPointerDown={(event) => event.preventDefault()}>
      <button type="button" className="small" onClick={props.onPaste} title="Paste from the clipboard (Ctrl+Shift+V)" data-testid="paste">
        Paste
      </button>
      <button type="button" className="small" onClick={props.onCopy} title="Copy the selection (Ctrl+Shift+C); Shift+drag selects under tmux" data-testid="copy">
        Copy
      </button>
      {!props.keyRowShown && (
        <>
          <button type="button" className="small" onClick={props.onEscape} title="Send Escape" data-testid="key-esc">
            Esc
          </button>
          <button
            type="button"
            className="small"
            aria-pressed={props.ctrlArmed}
            onClick={props.onToggleCtrl}
            title="Ctrl: the next key is sent with Control held"
            data-testid="ctrl-toggle"
          >
            Ctrl
          </button>
        </>
      )}
      <button type="button" className="small" onClick={props.onScrollMode} title="Scroll the history (tmux copy mode, Ctrl-b [); q leaves" data-testid="scroll-mode">
        Scroll
      </button>
      <button type="button" className="small" onClick={props.onSplit} title='Split the window (tmux Ctrl-b ")' data-testid="split">
        Split
      </button>
      <button
        type="button"
        className="small"
        aria-expanded={props.searchOpen}
        onClick={props.onToggleSearch}
        title="Find in the terminal (Ctrl+Shift+F)"
        data-testid="search"
      >
        Find
      </button>
    </div>
  );
}
