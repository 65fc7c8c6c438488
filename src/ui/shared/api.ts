/**
 * Calls to the agent's local API. Errors keep the agent's code (SC_ERR_...) so a page can pick
 * its own sentence for a teacher, and keep the agent's message for the technician.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; hint?: string };
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON: a proxy page or an empty reply
  }
  const e = body.error ?? {};
  return new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.hint);
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    // The agent is restarting or the LAN is down: a code the pages know.
    throw new ApiError(0, 'UNREACHABLE', err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
/** POST with a JSON body; `{}` when there is none, since the agent refuses an empty JSON body. */
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);
