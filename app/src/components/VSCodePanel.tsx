import { vscodeStatusPath } from '../api/apps';
import { AppFrame } from './AppFrame';
import { AppStatusGate } from './AppStatusGate';

const MISSING = 'VS Code is not available on this server yet.';

/**
 * VS Code (code-server) on the sandbox's files, proxied from inside the sandbox. The server
 * installs and starts it on first use; until it is ready the panel shows the server's progress.
 * With app origins (`ownOrigin`) it opens in a tab of its own, like a dashboard.
 */
export function VSCodePanel({ src, sessionId, ownOrigin }: { src: string; sessionId: string; ownOrigin?: boolean }) {
  return (
    <AppStatusGate statusPath={vscodeStatusPath(sessionId)} missingText={MISSING}>
      <AppFrame src={src} title="VS Code" ownOrigin={ownOrigin} missingText={MISSING} />
    </AppStatusGate>
  );
}
