import { useCallback, useEffect, useState } from 'react';
import { isMissingRoute } from '../api/http';
import { deleteKey, listKeys, storeKey } from '../api/keys';

export interface Keys {
  names: string[] | null;
  error: string | null;
  busy: boolean;
  store(name: string, value: string): Promise<boolean>;
  remove(name: string): Promise<void>;
}

/** The user's stored API key names, and storing and deleting keys. */
export function useKeys(onChange: () => void): Keys {
  const [names, setNames] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    listKeys().then(
      (list) => current && setNames(list),
      (failure) => current && setError(describe(failure)),
    );
    return () => {
      current = false;
    };
  }, []);

  const run = useCallback(
    async (action: () => Promise<string[]>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        setNames(await action());
        onChange();
        return true;
      } catch (failure) {
        setError(describe(failure));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onChange],
  );

  const store = useCallback((name: string, value: string) => run(() => storeKey(name, value)), [run]);
  const remove = useCallback(async (name: string) => void (await run(() => deleteKey(name))), [run]);
  return { names, error, busy, store, remove };
}

function describe(failure: unknown): string {
  if (isMissingRoute(failure)) return 'This server does not store API keys yet.';
  return failure instanceof Error ? failure.message : String(failure);
}
