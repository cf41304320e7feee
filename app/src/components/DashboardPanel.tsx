import { AppFrame } from './AppFrame';

/** The agent's own web app (OpenClaw's dashboard, say), proxied from inside the sandbox. */
export function DashboardPanel({ src, agentName, ownOrigin }: { src: string; agentName: string; ownOrigin?: boolean }) {
  return (
    <AppFrame
      src={src}
      ownOrigin={ownOrigin}
      title={`${agentName} dashboard`}
      missingText="This server does not proxy agent dashboards yet, or the dashboard is not running."
    />
  );
}
