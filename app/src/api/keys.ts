import { requestJson } from './http';

/** API keys the server keeps for the user and injects into new sandboxes. Values never come back. */
interface KeyNames {
  keys: string[];
}

export async function listKeys(): Promise<string[]> {
  return (await requestJson<KeyNames>('GET', '/api/keys')).keys;
}

export async function storeKey(name: string, value: string): Promise<string[]> {
  return (await requestJson<KeyNames>('PUT', '/api/keys', { keys: { [name]: value } })).keys;
}

export async function deleteKey(name: string): Promise<string[]> {
  return (await requestJson<KeyNames>('DELETE', `/api/keys/${encodeURIComponent(name)}`)).keys;
}

/** Names as environment variables: letters, digits and underscores, not starting with a digit. */
export function isValidKeyName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}
