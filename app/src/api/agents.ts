import { requestJson } from './http';

export interface EnvField {
  key: string;
  label: string;
  secret: boolean;
  required: boolean;
}

/** An agent the server can launch, as `GET /api/agents` describes it. */
export interface Agent {
  id: string;
  name: string;
  description: string;
  icon: string;
  type?: 'terminal' | 'dashboard';
  has_dashboard: boolean;
  ports?: { port: number; label: string }[];
  env_schema: EnvField[];
  warm_pool?: boolean | number;
}

export function listAgents(): Promise<Agent[]> {
  return requestJson<Agent[]>('GET', '/api/agents');
}

/** The image build step a launch is waiting on, or null when nothing builds. */
export async function buildProgress(): Promise<string | null> {
  const answer = await requestJson<{ step: string | null }>('GET', '/api/build-progress');
  return answer.step ?? null;
}
