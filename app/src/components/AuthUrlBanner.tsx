import { useState } from 'react';
import { writeClipboard } from '../hooks/useXterm';
import { Banner } from './Banner';

/** The sign-in link a program in the terminal printed (Claude Code, `gh auth login`), in full. */
export function AuthUrlBanner({ url, onDismiss }: { url: string; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    writeClipboard(url);
    setCopied(true);
  };
  return (
    <Banner
      tone="warning"
      testId="auth-banner"
      onDismiss={onDismiss}
      actions={
        <>
          <a className="button small primary" href={url} target="_blank" rel="noopener noreferrer">
            Open
          </a>
          <button type="button" className="small" onClick={copy} data-testid="auth-copy">
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      }
    >
      Sign-in needed: open this link to continue in the terminal.{' '}
      <a href={url} target="_blank" rel="noopener noreferrer" className="auth-url">
        {url}
      </a>
    </Banner>
  );
}
