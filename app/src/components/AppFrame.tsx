import { useEffect, useState } from 'react';
import { probeApp, type AppAvailability } from '../api/apps';

interface AppFrameProps {
  /** The proxied path, such as `/proxy/{id}/`. */
  src: string;
  title: string;
  /** Shown when the server has no such proxy. */
  missingText: string;
  /**
   * The app lives on its own origin: its cookie is first-party only in a tab of its own (browsers
   * refuse it inside a cross-site frame), so offer that tab instead of a frame.
   */
  ownOrigin?: boolean;
}

/** An app running inside the sandbox, in a frame, once the server says the path exists. */
export function AppFrame({ src, title, missingText, ownOrigin }: AppFrameProps) {
  const [availability, setAvailability] = useState<AppAvailability | 'checking'>('checking');
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setAvailability('checking');
    probeApp(src).then((answer) => current && setAvailability(answer));
    return () => {
      current = false;
    };
  }, [src, generation]);

  if (ownOrigin)
    return (
      <div className="panel-message">
        <p>{title} opens on its own origin, kept apart from your workspace.</p>
        <a className="button" href={src} target="_blank" rel="noopener noreferrer" data-testid="open-app">
          Open {title} in a new tab
        </a>
      </div>
    );
  if (availability === 'checking') return <p className="panel-message muted">Opening {title}…</p>;
  if (availability === 'missing')
    return (
      <div className="panel-message" role="alert">
        <p>{missingText}</p>
        <button type="button" onClick={() => setGeneration((n) => n + 1)}>
          Try again
        </button>
      </div>
    );
  return (
    <div className="app-frame">
      <div className="app-frame-bar">
        <span className="muted">{title}</span>
        <button type="button" className="small" onClick={() => setGeneration((n) => n + 1)}>
          Reload
        </button>
        <a className="button small" href={src} target="_blank" rel="noopener noreferrer">
          Open in a new tab
        </a>
      </div>
      <iframe key={generation} src={src} title={title} />
    </div>
  );
}
