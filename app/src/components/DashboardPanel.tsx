import { AppFrame } from './AppFrame';

/** The agent's own web app (OpenClaw's dashboard, say), proxied from inside the sandbox. */
export function DashboardPanel({ src, agentName }: { src: string; agentName: string }) {
  return (
    <AppFrame
      src={src}
      title={`${agentName} dashboard`}
      missingText="This server does not proxy agent dashboards yet, or the dashboard is not running."
    />
  );
}
