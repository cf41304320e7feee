import type { ReactNode } from 'react';

interface TopBarProps {
  user: string | null;
  onOpenSettings(): void;
  children?: ReactNode;
}

/** The strip at the top of every page: brand, the page's own controls, the user and settings. */
export function TopBar({ user, onOpenSettings, children }: TopBarProps) {
  return (
    <header className="topbar">
      <span className="brand">Remolt</span>
      {children}
      {user && (
        <span className="topbar-user muted" title="Signed in">
          {user}
        </span>
      )}
      <button type="button" className="icon" aria-label="Settings: API keys" title="Settings: API keys" data-testid="settings" onClick={onOpenSettings}>
        ⚙
      </button>
    </header>
  );
}
