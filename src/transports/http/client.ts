import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ScError, messageOf } from '../../core/errors/index.js';
import { redactText } from '../../core/secrets.js';
import { withTimeout } from '../../core/with-timeout.js';
import { replyTimeout } from '../timeouts.js';
import { answerChallenge, basicAuthorization, type AuthScheme, type HttpCredentials } from './auth.js';

/**
 * The one HTTP client of the product, for talking to devices (ONVIF SOAP, the Pearl API, camera
 * snapshots) and other small exchanges. What a device may not do to us is decided here once:
 *
 * - no answer in time: SC_ERR_HTTP_TIMEOUT naming the request and whether headers or the rest of
 *   the body were awaited; the socket is destroyed;
 * - a body over `maxBytes` (declared or streamed): SC_ERR_HTTP_TOO_LARGE, reading stops;
 * - a redirect is never followed (SC_ERR_HTTP_REDIRECT): a device must not send us elsewhere;
 * - a 401 is answered once with the credentials (Digest preferred, else Basic), and a second
 *   401 is SC_ERR_AUTH_FAILED; other statuses are the caller's to judge;
 * - unreachable: SC_ERR_TCP_CONNECT; cut off or closed by close(): SC_ERR_LINK_CLOSED.
 */
export interface HttpClientOptions {
  /** Who is asked, in every error: the device id. */
  device: string;
  timeoutMs: number;
  maxBytes: number;
  credentials?: HttpCredentials;
  /**
   * `challenge` (default): send no credentials until a 401 asks, then answer its challenge once;
   * `basic`: send Basic with every request (APIs that never challenge, e.g. Epiphan Pearl).
   */
  auth?: 'challenge' | 'basic';
  /** Which challenges may be answered (default both; ONVIF SOAP answers Digest only). */
  schemes?: readonly AuthScheme[];
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: URL;
  headers?: Readonly<Record<string, string | number>>;
  body?: string | Buffer;
  /** What the request does, in errors ("GetStatus", "GET /api/recorders"); method and path when absent. */
  command?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
}

interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  challenges: string[];
  body: Buffer;
}

export class HttpClient {
  private readonly inFlight = new Map<ClientRequest, string>();
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {}

  /** Aborts every request in flight; later ones fail at once with SC_ERR_LINK_CLOSED. */
  close(): void {
    this.closed = true;
    for (const req of this.inFlight.keys()) req.destroy();
    this.inFlight.clear();
  }

  /** Aborts the requests of one command (a long event pull, when stopping). */
  abort(command: string): void {
    for (const [req, name] of this.inFlight) if (name === command) req.destroy();
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { device, credentials } = this.options;
    const method = req.method ?? 'GET';
    const path = `${req.url.pathname}${req.url.search}`;
    const command = req.command ?? `${method} ${req.url.pathname}`;
    const headers: Record<string, string | number> = { ...req.headers };
    if (credentials !== undefined && this.options.auth === 'basic') headers.Authorization = basicAuthorization(credentials);
    let res = await this.exchange(req, method, command, headers);
    if (res.status === 401 && headers.Authorization === undefined) {
      if (credentials === undefined) throw new ScError('SC_ERR_AUTH_FAILED', { device, detail: `${command}: the device asks for credentials and none are configured` });
      const answer = answerChallenge(res.challenges, credentials, { method, path }, this.options.schemes);
      if ('refused' in answer) throw new ScError('SC_ERR_AUTH_FAILED', { device, detail: `${command}: ${answer.refused}` });
      res = await this.exchange(req, method, command, { ...headers, Authorization: answer.authorization });
    }
    if (res.status === 401) throw new ScError('SC_ERR_AUTH_FAILED', { device, detail: `HTTP 401 on ${command} for user "${credentials?.username ?? ''}"` });
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      const location = res.headers.location;
      throw new ScError('SC_ERR_HTTP_REDIRECT', { device, command, status: res.status, location: location === undefined ? '(no Location)' : redactText(location) });
    }
    const body = res.body;
    return { status: res.status, headers: res.headers, body, text: () => body.toString('utf8') };
  }

  private exchange(req: HttpRequest, method: string, command: string, headers: Record<string, string | number>): Promise<Exchange> {
    const { device } = this.options;
    const ms = req.timeoutMs ?? this.options.timeoutMs;
    const where = `${method} ${req.url.protocol}//${req.url.host}${req.url.pathname}`;
    let phase = `the response headers of ${where}`;
    let sent: ClientRequest | undefined;
    const work = new Promise<Exchange>((resolve, reject) => {
      if (this.closed) {
        reject(new ScError('SC_ERR_LINK_CLOSED', { device, awaited: `the answer to ${command} (the client is closed)` }));
        return;
      }
      const body = req.body;
      const all: Record<string, string | number> = { ...headers };
      if (body !== undefined) all['Content-Length'] = Buffer.byteLength(body);
      const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const r = send(req.url, { method, headers: all, agent: false });
      sent = r;
      this.inFlight.set(r, command);
      r.setNoDelay(true);
      r.on('error', (err: NodeJS.ErrnoException) => reject(this.failure(err, req.url, command, phase)));
      r.on('response', (res: IncomingMessage) => {
        phase = `the body of ${where}`;
        this.readBody(res, req.maxBytes ?? this.options.maxBytes, command, (err, buf) => {
          if (err !== undefined) {
            r.destroy();
            reject(err);
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, challenges: challengesOf(res.rawHeaders), body: buf });
        });
      });
      r.end(body);
    });
    return withTimeout(work, {
      ms,
      awaited: phase,
      error: () => replyTimeout('http', { device, command, ms, awaited: phase }),
      onTimeout: () => sent?.destroy(),
    }).finally(() => {
      if (sent !== undefined) this.inFlight.delete(sent);
    });
  }

  private readBody(res: IncomingMessage, max: number, command: string, done: (err: ScError | undefined, body: Buffer) => void): void {
    const { device } = this.options;
    const declared = Number(res.headers['content-length'] ?? 0);
    if (declared > max) {
      // Settled before the socket is destroyed: the destroy's own errors then come too late.
      done(new ScError('SC_ERR_HTTP_TOO_LARGE', { device, command, max }), Buffer.alloc(0));
      res.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let finished = false;
    const finish = (err: ScError | undefined): void => {
      if (finished) return;
      finished = true;
      done(err, err === undefined ? Buffer.concat(chunks, length) : Buffer.alloc(0));
    };
    res.on('data', (chunk: Buffer) => {
      if (finished) return;
      length += chunk.length;
      if (length > max) {
        finish(new ScError('SC_ERR_HTTP_TOO_LARGE', { device, command, max }));
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', (err) => finish(new ScError('SC_ERR_LINK_CLOSED', { device, awaited: `the rest of the answer to ${command} (${err.message})` }, { cause: err })));
    res.on('aborted', () => finish(new ScError('SC_ERR_LINK_CLOSED', { device, awaited: `the rest of the answer to ${command} (cut off after ${length} bytes)` })));
    res.on('end', () => finish(undefined));
  }

  private failure(err: NodeJS.ErrnoException, url: URL, command: string, phase: string): ScError {
    const code = err.code ?? '';
    if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
      return new ScError('SC_ERR_TCP_CONNECT', { host: url.hostname, port, reason: `${command}: ${err.message}` }, { cause: err });
    }
    const reason = this.closed ? 'the client was closed' : messageOf(err);
    return new ScError('SC_ERR_LINK_CLOSED', { device: this.options.device, awaited: `${phase} (${reason})` }, { cause: err });
  }
}

function challengesOf(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'www-authenticate') out.push(rawHeaders[i + 1] ?? '');
  }
  return out;
}
