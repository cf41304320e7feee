import { useCallback, useEffect, useState } from 'react';
import { whoAmI, type Identity } from '../api/auth';

export type IdentityState = Identity | { kind: 'checking' } | { kind: 'error'; message: string };

/** Who is signed in, checked once (and again on `reload`, after the stored keys change). */
export function useIdentity(): { identity: IdentityState; reload(): void } {
  const [identity, setIdentity] = useState<IdentityState>({ kind: 'checking' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    whoAmI().then(
      (answer) => current && setIdentity(answer),
      (failure: Error) => current && setIdentity({ kind: 'error', message: failure.message }),
    );
    return () => {
      current = false;
    };
  }, [generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { identity, reload };
}
