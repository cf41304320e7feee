import { useRef, type KeyboardEvent } from 'react';
import { tabForKey, terminalTab, type TabId } from '../workspace/tabs';

const APP_LABELS: Record<Exclude<TabId, `terminal:${number}`>, string> = {
  dashboard: 'Dashboard',
  logs: 'Logs',
  vscode: 'VS Code',
};

interface TabBarProps {
  tabs: TabId[];
  windows: number[];
  active: TabId;
  onSelect(tab: TabId): void;
  canAdd: boolean;
  canClose: boolean;
  adding: boolean;
  maxTerminals: number;
  onAdd(): void;
  onClose(window: number): void;
}

/** Terminal tabs (tmux windows) and app tabs; arrow keys, Home and End move between them. */
export function TabBar({ tabs, windows, active, onSelect, canAdd, canClose, adding, maxTerminals, onAdd, onClose }: TabBarProps) {
  const listRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabForKey(tabs, active, event.key);
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    listRef.current?.querySelector<HTMLElement>(`[data-tab="${next}"]`)?.focus();
  };

  const tab = (id: TabId, label: string, testId: string) => (
    <button
      type="button"
      role="tab"
      id={`tab-${id.replace(':', '-')}`}
      aria-selected={active === id}
      aria-controls={`panel-${id.replace(':', '-')}`}
      tabIndex={active === id ? 0 : -1}
      data-tab={id}
      data-testid={testId}
      className="tab"
      onClick={() => onSelect(id)}
    >
      {label}
    </button>
  );

  return (
    <nav className="tabbar" aria-label="Workspace">
      <div className="tablist" role="tablist" aria-label="Terminals and apps" ref={listRef} onKeyDown={onKeyDown}>
        {windows.map((window, index) => (
          <span key={window} className={`tab-wrap${active === terminalTab(window) ? ' active' : ''}`}>
            {tab(terminalTab(window), `Terminal ${index + 1}`, `tab-${window}`)}
            {canClose && (
              <button
                type="button"
                className="tab-close icon"
                aria-label={`Close terminal ${index + 1}`}
                title={`Close terminal ${index + 1}`}
                data-testid={`close-tab-${window}`}
                onClick={() => onClose(window)}
              >
                ×
              </button>
            )}
          </span>
        ))}
        {tabs
          .filter((id) => !id.startsWith('terminal:'))
          .map((id) => (
            <span key={id} className={`tab-wrap${active === id ? ' active' : ''}`}>
              {tab(id, APP_LABELS[id as keyof typeof APP_LABELS], `tab-${id}`)}
            </span>
          ))}
      </div>
      <button
        type="button"
        className="small icon new-tab"
        aria-label="New terminal"
        title={canAdd ? 'New terminal (a new tmux window)' : `At most ${maxTerminals} terminals`}
        data-testid="new-tab"
        disabled={!canAdd || adding}
        onClick={onAdd}
      >
        +
      </button>
    </nav>
  );
}
