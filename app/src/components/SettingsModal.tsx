import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { isValidKeyName } from '../api/keys';
import { useKeys } from '../hooks/useKeys';
import { useServerBuild } from '../hooks/useServerBuild';

interface SettingsModalProps {
  onClose(): void;
  /** Stored keys changed: the setup form's required-field check depends on them. */
  onKeysChanged(): void;
}

/** API keys kept (encrypted) on the server and put into new sandboxes. Values are never shown again. */
export function SettingsModal({ onClose, onKeysChanged }: SettingsModalProps) {
  const keys = useKeys(onKeysChanged);
  const build = useServerBuild();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    nameRef.current?.focus();
    return () => previous?.focus();
  }, []);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!isValidKeyName(trimmed)) {
      setFormError('Name the key as an environment variable: letters, digits and _, such as ANTHROPIC_API_KEY.');
      return;
    }
    if (!value) {
      setFormError('Enter the key’s value.');
      return;
    }
    setFormError(null);
    if (await keys.store(trimmed, value)) {
      setName('');
      setValue('');
      nameRef.current?.focus();
    }
  };

  // A modal keeps Tab inside itself, and Escape closes it.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>('button, input, a[href]')].filter((el) => !el.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="settings-title" ref={dialogRef} onKeyDown={onKeyDown} data-testid="settings-modal">
        <header className="modal-header">
          <h2 id="settings-title">API keys</h2>
          <button type="button" className="small icon" aria-label="Close settings" onClick={onClose}>
            ×
          </button>
        </header>
        <p className="muted">Stored encrypted on the server and given to your new sessions as environment variables. Values are never shown again.</p>
        {keys.error && (
          <p className="error" role="alert">
            {keys.error}
          </p>
        )}
        {keys.names === null && !keys.error && <p className="muted">Loading…</p>}
        {keys.names?.length === 0 && <p className="muted">No keys stored.</p>}
        {keys.names && keys.names.length > 0 && (
          <ul className="key-list" aria-label="Stored keys">
            {keys.names.map((key) => (
              <li key={key}>
                <code>{key}</code>
                <button
                  type="button"
                  className="small danger"
                  aria-label={`Delete ${key}`}
                  data-testid={`delete-key-${key}`}
                  disabled={keys.busy}
                  onClick={() => keys.remove(key)}
                >
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="key-form" onSubmit={add}>
          <label>
            Name
            <input ref={nameRef} value={name} onChange={(e) => setName(e.target.value)} placeholder="ANTHROPIC_API_KEY" autoComplete="off" spellCheck={false} data-testid="key-name" />
          </label>
          <label>
            Value
            <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="new-password" data-testid="key-value" />
          </label>
          <button type="submit" className="primary" disabled={keys.busy} data-testid="add-key">
            Save key
          </button>
          {formError && (
            <p className="error" role="alert">
              {formError}
            </p>
          )}
        </form>
        {build && (
          <p className="muted server-build" data-testid="server-build">
            Remolt {build.version} (commit {build.commit})
          </p>
        )}
      </div>
    </div>
  );
}
