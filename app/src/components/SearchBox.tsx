import type { SearchAddon } from '@xterm/addon-search';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

// Decorations are what make the addon count matches; colours from the Tokyo Night palette.
const OPTIONS = {
  decorations: {
    matchBackground: '#3d59a1',
    matchOverviewRuler: '#7aa2f7',
    activeMatchBackground: '#ff9e64',
    activeMatchColorOverviewRuler: '#ff9e64',
  },
};

interface SearchBoxProps {
  search: SearchAddon;
  onClose(): void;
}

/** Find in the terminal's text: Enter for the next match, Shift+Enter the previous, Escape to close. */
export function SearchBox({ search, onClose }: SearchBoxProps) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ index: number; count: number } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    inputRef.current?.focus();
    const subscription = search.onDidChangeResults(({ resultIndex, resultCount }) => setResults({ index: resultIndex, count: resultCount }));
    return () => {
      subscription.dispose();
      search.clearDecorations();
    };
  }, [search]);

  const next = () => query && search.findNext(query, OPTIONS);
  const previous = () => query && search.findPrevious(query, OPTIONS);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      if (event.shiftKey) previous();
      else next();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };

  return (
    <div className="search-box" role="search">
      <input
        ref={inputRef}
        type="search"
        value={query}
        placeholder="Find in terminal"
        aria-label="Find in terminal"
        data-testid="search-input"
        onChange={(event) => {
          setQuery(event.target.value);
          if (event.target.value) search.findNext(event.target.value, { ...OPTIONS, incremental: true });
          else {
            search.clearDecorations();
            setResults(null);
          }
        }}
        onKeyDown={onKeyDown}
      />
      <span className="search-count muted" aria-live="polite" data-testid="search-count">
        {query && results ? (results.count === 0 ? 'no matches' : `${results.index + 1} of ${results.count}`) : ''}
      </span>
      <button type="button" className="small icon" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={previous} data-testid="search-prev">
        ↑
      </button>
      <button type="button" className="small icon" aria-label="Next match" title="Next match (Enter)" onClick={next} data-testid="search-next">
        ↓
      </button>
      <button type="button" className="small icon" aria-label="Close search" title="Close (Escape)" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
