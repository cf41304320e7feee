import type { ReactNode } from 'react';
import { signOut } from '../api/auth';

interface TopBarProps {
  user: string | null;
  /** True when the user signed in with GitHub (and so can sign out). */
  canSignOut?: boolean;
  onOpenSettings(): void;
  children?: ReactNode;
}

/** The strip at the top of every page: brand, the page's own controls, the user and settings. */
export function TopBar({ user, canSignOut = false, onOpenSettings, children }: TopBarProps) {
  const leave = () => {
    signOut()
      .catch((error: unknown) => console.warn('remolt: sign-out failed:', error))
      .finally(() => location.assign('/'));
  };
  return (
    <header className="topbar">
      <span className="brand">Remolt</span>
      {children}
      {user && (
        <span className="topbar-user muted" title="Signed in">
          {user}
        </span>
      )}
      {canSignOut && (
        <button type="button" data-testid="sign-out" onClick={leave}>
          Sign out
        </button>
      )}
      <button type="button" className="icon" aria-label="Settings: API keys" title="Settings: API keys" data-testid="settings" onClick={onOpenSettings}>
        ⚙
      </button>
    </header>
  );
}
