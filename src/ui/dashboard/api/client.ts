/** A failed API call, with the fleet's error code when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * fetch with the session cookie and, for writes, the CSRF token the fleet gave at login.
 * A 401 anywhere means the session ended: the app shows the login page again.
 */
export class ApiClient {
  csrfToken = '';

  constructor(
    private readonly base: string,
    private readonly onUnauthorized: () => void,
  ) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== '') headers['x-csrf-token'] = this.csrfToken;
    const res = await fetch(this.url(path), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: the status says enough
    }
    if (!res.ok) {
      if (res.status === 401) this.onUnauthorized();
      // The fleet answers `{error: {code, message, hint?}}`.
      const body = (json ?? {}) as { error?: unknown };
      const err = (typeof body.error === 'object' && body.error !== null ? body.error : body) as { code?: unknown; message?: unknown; error?: unknown };
      const code = typeof err.code === 'string' ? err.code : `HTTP_${res.status}`;
      const message = typeof err.message === 'string' ? err.message : typeof err.error === 'string' ? err.error : res.statusText;
      throw new ApiError(res.status, code, message);
    }
    return json as T;
  }
}
