import { ApiError, request, requestJson } from './http';

/** The signed-in user, as `GET /auth/me` answers. */
export interface Me {
  login: string;
  name: string | null;
  email: string | null;
  auth_required: boolean;
  /** Names of the API keys the server keeps for this user. */
  stored_keys: string[];
}

export type Identity = { kind: 'user'; me: Me } | { kind: 'sign-in-required' } | { kind: 'no-auth' };

/** Who is using the page: a user, nobody yet (sign-in required), or a server without sign-in. */
export async function whoAmI(): Promise<Identity> {
  try {
    const me = await requestJson<Me>('GET', '/auth/me');
    return { kind: 'user', me: { ...me, stored_keys: Array.isArray(me.stored_keys) ? me.stored_keys : [] } };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { kind: 'sign-in-required' };
    // A server without /auth/me has no sign-in: one local user.
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return { kind: 'no-auth' };
    throw error;
  }
}

/** Where the sign-in button goes; the server sends the user back to `next` afterwards. */
export function signInUrl(location: Pick<Location, 'pathname' | 'search'>): string {
  return `/auth/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

/**
 * Signs out everywhere: `POST /auth/logout` (a POST, so no other site can sign the user out with a
 * link or an image; the server checks that it comes from this page's origin).
 */
export async function signOut(): Promise<void> {
  await request('POST', '/auth/logout', { headers: { Accept: 'application/json' } });
}
