import { requestJson } from './http';

/** The server's build, as `GET /health` reports it. */
export interface ServerBuild {
  version: string;
  commit: string;
}

export async function serverBuild(): Promise<ServerBuild> {
  const health = await requestJson<{ version?: string; commit?: string }>('GET', '/health');
  // A server older than this page has no build fields.
  return { version: health.version ?? 'unknown', commit: health.commit ?? 'unknown' };
}
