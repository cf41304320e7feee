import type { RefObject } from 'react';

/** The box xterm renders into; it fills the space the workspace leaves it. */
export function TerminalPanel({ containerRef }: { containerRef: RefObject<HTMLDivElement | null> }) {
  return <div className="terminal-panel" data-testid="terminal" ref={containerRef} />;
}
