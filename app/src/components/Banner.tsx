import type { ReactNode } from 'react';

interface BannerProps {
  children: ReactNode;
  onDismiss(): void;
  tone?: 'info' | 'warning' | 'error';
  testId?: string;
  /** Extra buttons before the dismiss button. */
  actions?: ReactNode;
}

/** A dismissible strip above the workspace's tabs. */
export function Banner({ children, onDismiss, tone = 'info', testId, actions }: BannerProps) {
  return (
    <div className={`banner ${tone}`} role={tone === 'info' ? 'status' : 'alert'} data-testid={testId}>
      <span className="banner-text">{children}</span>
      {actions}
      <button type="button" className="small icon" aria-label="Dismiss" title="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
