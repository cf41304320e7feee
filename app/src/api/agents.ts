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
