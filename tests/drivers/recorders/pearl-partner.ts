import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';

/**
 * An Epiphan Pearl on the legacy `/api` as recorders.md §2 describes it, written for the tests
 * without the driver's or the simulator's code: Basic auth, the `{"status":"ok","result":...}`
 * envelope, and the bodies captured from a real unit (tests/fixtures/pearl/doc-requests.json,
 * from the Companion module's `doc/requests`). Firmware older than 4.24.1 has no /api/v2.0 (404).
 * What a start reads back is scripted per test: `starting` first, then `started` or `error`.
 */
interface Capture {
  exchanges: Record<string, unknown>;
}

export function loadPearlCapture(): Capture {
  return JSON.parse(readFileSync(new URL('../../fixtures/pearl/doc-requests.json', import.meta.url), 'utf8')) as Capture;
}

export interface PearlPartnerOptions {
  user: string;
  password: string;
  /** The states `GET /api/recorders/status` reports for the recorder after a start, one per read; the last one stays. */
  afterStart: string[];
}

export class PearlPartner {
  readonly capture = loadPearlCapture();
  /** Every request as `METHOD /path`, with whether its credentials were right. */
  readonly requests: { line: string; authorized: boolean }[] = [];
  /** The captured recorder that is in both captured lists. */
  readonly recorderId = 'm1';
  private state = 'stopped';
  private script: string[] = [];
  private server: Server | undefined;
  port = 0;

  constructor(private readonly options: PearlPartnerOptions) {}

  url(user = this.options.user, password = this.options.password): string {
    return `http://${user}:${password}@127.0.0.1:${String(this.port)}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const line = `${req.method ?? 'GET'} ${path}`;
    const expected = `Basic ${Buffer.from(`${this.options.user}:${this.options.password}`).toString('base64')}`;
    const authorized = req.headers.authorization === expected;
    this.requests.push({ line, authorized });
    req.resume();
    if (!authorized) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="Pearl"', 'content-type': 'text/plain' });
      res.end('401 Unauthorized');
      return;
    }
    if (path.startsWith('/api/v2.0/')) return this.send(res, 404, { status: 'error', message: 'Not found' });
    const ex = this.capture.exchanges;
    if (line === 'GET /api/recorders') return this.send(res, 200, ex['GET /api/recorders']);
    if (line === 'GET /api/recorders/status') {
      if (this.script.length > 0) this.state = this.script.shift() ?? this.state;
      const captured = ex['GET /api/recorders/status'] as { result: { id: string; status: { state: string } }[] };
      return this.send(res, 200, { status: 'ok', result: captured.result.map((r) => (r.id === this.recorderId ? { id: r.id, status: { state: this.state } } : r)) });
    }
    const control = /^POST \/api\/recorders\/([^/]+)\/control\/(start|stop)$/.exec(line);
    if (control !== null && control[1] === this.recorderId) {
      if (control[2] === 'start') this.script = [...this.options.afterStart];
      else {
        this.script = [];
        this.state = 'stopped';
      }
      return this.send(res, 200, ex[`POST /api/recorders/<id>/control/${control[2] ?? ''}`]);
    }
    this.send(res, 404, { status: 'error', message: `no ${line}` });
  }
}
