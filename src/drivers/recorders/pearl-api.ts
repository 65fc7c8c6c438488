import { ScError } from '../../core/errors/index.js';
import { HttpClient } from '../../transports/http/index.js';
import type { RecorderActivity } from '../capabilities.js';

/** Firmware from which Pearl serves /api/v2.0 (bitfocus/companion-module-epiphan-pearl, MIN_API_V2_VERSION). */
export const PEARL_V2_MIN = [4, 24, 1] as const;

/** "4.24.1" >= 4.24.1? Unparseable versions count as old, so the legacy API is used. */
export function supportsV2(version: string): boolean {
  const parts = version.split(/[.\-_ ]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < PEARL_V2_MIN.length; i++) {
    const have = parts[i];
    const want = PEARL_V2_MIN[i] ?? 0;
    if (have === undefined || Number.isNaN(have)) return false;
    if (have !== want) return have > want;
  }
  return true;
}

/**
 * A recorder's `state` to our activity. `starting` is not recording yet (a start can still end
 * in `error`); `stopping` is no longer recording. Only `started` counts as recording, as in
 * the companion module's feedback (`state === 'started'`).
 */
export function pearlActivity(state: unknown): RecorderActivity {
  if (state === 'started') return 'recording';
  if (state === 'starting') return 'starting';
  if (state === 'paused') return 'paused';
  if (state === 'stopped' || state === 'stopping') return 'stopped';
  if (state === 'error') return 'error';
  return 'unknown';
}

export interface PearlRecorder {
  id: string;
  name: string;
  multisource: boolean;
}

export interface PearlRecorderStatus {
  id: string;
  activity: RecorderActivity;
  /** Seconds into the current recording, when the firmware says. */
  duration?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the `{"status":"ok","result":...}` envelope every Pearl answer carries. */
export function unwrapEnvelope(body: unknown, device: string, command: string): unknown {
  if (!isRecord(body)) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command, detail: 'the answer is not a JSON object' });
  if (body.status !== 'ok') {
    const message = typeof body.message === 'string' ? body.message : JSON.stringify(body).slice(0, 200);
    throw new ScError('SC_ERR_RECORDER_REFUSED', { device, command, detail: `status "${String(body.status)}": ${message}` });
  }
  return body.result;
}

export function parseRecorders(result: unknown, device: string): PearlRecorder[] {
  if (!Array.isArray(result)) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command: 'GET recorders', detail: 'result is not a list' });
  return result.filter(isRecord).map((r) => ({ id: String(r.id), name: typeof r.name === 'string' ? r.name : String(r.id), multisource: r.multisource === true }));
}

export function parseRecorderStatuses(result: unknown, device: string): PearlRecorderStatus[] {
  if (!Array.isArray(result)) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command: 'GET recorders/status', detail: 'result is not a list' });
  return result.filter(isRecord).map((r) => {
    const status = isRecord(r.status) ? r.status : {};
    const duration = typeof status.duration === 'number' && Number.isFinite(status.duration) ? status.duration : undefined;
    return { id: String(r.id), activity: pearlActivity(status.state), ...(duration === undefined ? {} : { duration }) };
  });
}

export interface PearlLayout {
  id: string;
  name: string;
  active: boolean;
}

export function parseLayouts(result: unknown, device: string): PearlLayout[] {
  if (!Array.isArray(result)) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command: 'GET layouts', detail: 'result is not a list' });
  return result.filter(isRecord).map((l) => ({ id: String(l.id), name: typeof l.name === 'string' ? l.name : String(l.id), active: l.active === true }));
}

export interface PearlClientOptions {
  device: string;
  baseUrl: URL;
  username?: string;
  password?: string;
  timeoutMs: number;
  /** Pearl answers are small JSON documents; a larger answer is not a Pearl (default 1 MiB). */
  maxBytes?: number;
}

/**
 * Stateless HTTP to one Pearl through the transports' HTTP client: Basic auth on every request
 * (the API never challenges), the envelope checked on every call, and errors that tell a
 * refused request (4xx, status != ok) from a dead link (timeouts and connection errors, from
 * the client).
 */
export class PearlClient {
  apiBase = '/api';
  private readonly http: HttpClient;

  constructor(private readonly options: PearlClientOptions) {
    const { username, password } = options;
    this.http = new HttpClient({
      device: options.device,
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes ?? 1024 * 1024,
      auth: 'basic',
      ...(username === undefined ? {} : { credentials: { username, password: password ?? '' } }),
    });
  }

  /** Aborts the requests in flight (on stop). */
  close(): void {
    this.http.close();
  }

  private url(path: string, raw: boolean): URL {
    const url = new URL(this.options.baseUrl.toString());
    const prefix = url.pathname.replace(/\/+$/, '');
    const [pathname = '', search] = path.split('?', 2);
    url.pathname = `${prefix}${raw ? '' : this.apiBase}${pathname}`;
    url.search = search === undefined ? '' : `?${search}`;
    return url;
  }

  /** One API call; returns `result` from the envelope. */
  async call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    const text = await this.fetchText(method, path, body, false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.options.device, command: `${method} ${this.apiBase}${path}`, detail: `not JSON: ${text.slice(0, 80)}` });
    }
    return unwrapEnvelope(parsed, this.options.device, `${method} ${this.apiBase}${path}`);
  }

  /** A request outside the API base (the admin CGI), returning the body text. */
  raw(method: 'GET' | 'POST', path: string): Promise<string> {
    return this.fetchText(method, path, undefined, true);
  }

  private async fetchText(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, raw: boolean): Promise<string> {
    const { device } = this.options;
    const url = this.url(path, raw);
    const command = `${method} ${url.pathname}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.http.request({ method, url, command, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = res.text();
    if (res.status === 403) throw new ScError('SC_ERR_AUTH_FAILED', { device, detail: `HTTP 403 on ${command}` });
    if (res.status >= 400 && res.status < 500) {
      throw new ScError('SC_ERR_RECORDER_REFUSED', { device, command, detail: `HTTP ${String(res.status)}: ${messageFrom(text)}` });
    }
    if (res.status < 200 || res.status >= 300) {
      throw new ScError('SC_ERR_RECORDER_HTTP', { device, method, path: url.pathname, status: res.status, detail: messageFrom(text) });
    }
    return text;
  }
}

function messageFrom(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed) && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: show the start of the text
  }
  return text.slice(0, 120);
}
