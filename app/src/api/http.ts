/** A failed API call, with the server's human-readable message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** From a 429's Retry-After header, when present. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

/** Sends one JSON request to the server and returns its parsed JSON answer. */
export async function requestJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await request(method, path, {
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await response.json()) as T;
}

/** Sends one request and returns the successful response; any other answer becomes an ApiError. */
export async function request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, method, credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError('Could not reach the Remolt server. Check your connection and try again.', 0, 'network', undefined, { cause });
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

/**
 * True when the server does not have the route at all (404 or 405): a server older than this page.
 * A 404 is ambiguous (a missing session answers it too), so callers ask only where the session is
 * known to exist.
 */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 405);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}`.trim() + '.';
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null) {
      const { error, message: text } = body as Record<string, unknown>;
      if (typeof error === 'string') code = error;
      if (typeof text === 'string' && text) message = text;
    }
  } catch {
    // Not JSON (a proxy's error page, say): keep the status line.
  }
  return new ApiError(message, response.status, code, retryAfterSeconds(response));
}

function retryAfterSeconds(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
