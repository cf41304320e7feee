import type { PointerEvent } from 'react';
import { KEY_ROW, type Modifiers } from '../terminal/keys';

interface KeyRowProps {
  modifiers: Modifiers;
  onSend(data: string): void;
  onToggle(modifier: keyof Modifiers): void;
}

// Keeping the focus in the terminal keeps a phone's on-screen keyboard open.
const keepFocus = (event: PointerEvent) => event.preventDefault();

/** Keys a phone keyboard lacks, under the terminal. Ctrl and Alt apply to the next key typed. */
export function KeyRow({ modifiers, onSend, onToggle }: KeyRowProps) {
  return (
    <div className="key-row" role="toolbar" aria-label="Extra keys" data-testid="key-row">
      {KEY_ROW.map((key) =>
        'modifier' in key ? (
          <button
            key={key.label}
            type="button"
            aria-label={key.name}
            aria-pressed={modifiers[key.modifier]}
            data-testid={`key-${key.modifier}`}
            onPointerDown={keepFocus}
            onClick={() => onToggle(key.modifier)}
          >
            {key.label}
          </button>
        ) : (
          <button key={key.label} type="button" aria-label={key.name} onPointerDown={keepFocus} onClick={() => onSend(key.send)}>
            {key.label}
          </button>
        ),
      )}
    </div>
  );
}
