import { useEffect, useState } from 'react';
import { serverBuild, type ServerBuild } from '../api/server';

/** The server's version and commit, loaded once; null until known or when the server cannot say. */
export function useServerBuild(): ServerBuild | null {
  const [build, setBuild] = useState<ServerBuild | null>(null);
  useEffect(() => {
    let current = true;
    serverBuild().then(
      (answer) => current && setBuild(answer),
      () => current && setBuild(null),
    );
    return () => {
      current = false;
    };
  }, []);
  return build;
}
