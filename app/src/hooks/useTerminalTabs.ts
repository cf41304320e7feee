import { useCallback, useState } from 'react';
import { isMissingRoute } from '../api/http';
import { closeTerminal, openTerminal, type Session } from '../api/sessions';
import {
  MAX_TERMINALS,
  canAddTerminal,
  canCloseTerminal,
  tabAfterClosing,
  terminalTab,
  terminalWindows,
  withWindow,
  withoutWindow,
  type TabId,
} from '../workspace/tabs';

export interface TerminalTabs {
  windows: number[];
  active: TabId;
  select(tab: TabId): void;
  canAdd: boolean;
  canClose: boolean;
  busy: boolean;
  add(): Promise<void>;
  close(window: number): Promise<void>;
  error: string | null;
  clearError(): void;
}

/** The workspace's tabs: which tmux windows are open, which tab shows, adding and closing windows. */
export function useTerminalTabs(session: Session, max = MAX_TERMINALS): TerminalTabs {
  const [windows, setWindows] = useState(() => terminalWindows(session.terminals));
  const [active, setActive] = useState<TabId>(() => terminalTab(terminalWindows(session.terminals)[0]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = useCallback(async () => {
    if (!canAddTerminal(windows, max) || busy) return;
    setBusy(true);
    setError(null);
    try {
      const window = await openTerminal(session.session_id);
      setWindows((list) => withWindow(list, window));
      setActive(terminalTab(window));
    } catch (failure) {
      setError(
        isMissingRoute(failure)
          ? 'This server cannot open more terminals yet (it has no terminals API). Split the window instead: Ctrl-b ".'
          : `Could not open a terminal: ${message(failure)}`,
      );
    } finally {
      setBusy(false);
    }
  }, [windows, max, busy, session.session_id]);

  const close = useCallback(
    async (window: number) => {
      if (!canCloseTerminal(windows)) return;
      setError(null);
      try {
        await closeTerminal(session.session_id, window);
      } catch (failure) {
        setError(
          failure instanceof Error && 'status' in failure && failure.status === 405
            ? 'This server cannot close terminals yet. Type exit in the terminal instead.'
            : `Could not close terminal ${window}: ${message(failure)}`,
        );
        return;
      }
      setActive((current) => tabAfterClosing(windows, window, current));
      setWindows((list) => withoutWindow(list, window));
    },
    [windows, session.session_id],
  );

  return {
    windows,
    active,
    select: setActive,
    canAdd: canAddTerminal(windows, max),
    canClose: canCloseTerminal(windows),
    busy,
    add,
    close,
    error,
    clearError: () => setError(null),
  };
}

function message(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}
