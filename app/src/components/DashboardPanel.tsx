import { dashboardStatusPath } from '../api/apps';
import { AppFrame } from './AppFrame';
import { AppStatusGate } from './AppStatusGate';

const MISSING = 'This server does not proxy agent dashboards yet, or the dashboard is not running.';

/**
 * The agent's own web app (OpenClaw's dashboard, say), proxied from inside the sandbox, shown once
 * the health check its agent.json declares answers; until then the server's words on the wait.
 */
export function DashboardPanel({ src, sessionId, agentName, ownOrigin }: { src: string; sessionId: string; agentName: string; ownOrigin?: boolean }) {
  return (
    <AppStatusGate statusPath={dashboardStatusPath(sessionId)} missingText={MISSING}>
      <AppFrame src={src} ownOrigin={ownOrigin} title={`${agentName} dashboard`} missingText={MISSING} />
    </AppStatusGate>
  );
}
