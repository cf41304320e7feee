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
  has_dashboard: boolean;
  env_schema: EnvField[];
}

export function listAgents(): Promise<Agent[]> {
  return requestJson<Agent[]>('GET', '/api/agents');
}
