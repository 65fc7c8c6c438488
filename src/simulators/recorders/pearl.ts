import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * A simulated Epiphan Pearl: the HTTP API as the protocol notes describe it (legacy /api and,
 * from firmware 4.24.1, /api/v2.0), Basic auth, the {"status":"ok"} envelope, recorders that
 * fill the disk while recording and stop by themselves when it is full, layouts, bookmarks and
 * the admin CGI metadata. Test hooks drop the link and stop a recording from the "front panel".
 */
export interface PearlSimOptions {
  host: string;
  port: number;
  username: string;
  password: string;
  firmware: string;
  /** Free bytes on the main storage at start. */
  freeBytes: number;
  /** How fast a running recorder fills the disk. */
  bytesPerSecond: number;
  log?: Logger;
}

type State = 'started' | 'stopped' | 'paused';

interface SimRecorder {
  id: string;
  name: string;
  multisource: boolean;
  state: State;
  /** Seconds recorded before the current run. */
  banked: number;
  runningSince?: number;
}

interface SimChannel {
  id: string;
  layouts: { id: string; name: string; active: boolean }[];
  metadata: { title: string; author: string };
  bookmarks: string[];
}

export const PEARL_SIM_DEFAULTS: Omit<PearlSimOptions, 'host' | 'port'> = {
  username: 'admin',
  password: 'admin',
  firmware: '4.24.1',
  freeBytes: 32e9,
  bytesPerSecond: 1_000_000,
};

export function servesV2(firmware: string): boolean {
  const [a = 0, b = 0, c = 0] = firmware.split('.').map((x) => Number.parseInt(x, 10) || 0);
  return a * 10000 + b * 100 + c >= 42401;
}

class ApiError extends Error {
  constructor(
    readonly http: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export class PearlSimulator {
  readonly recorders = new Map<string, SimRecorder>();
  readonly channels = new Map<string, SimChannel>();
  readonly requests: { method: string; url: string }[] = [];
  free: number;
  private app: FastifyInstance | undefined;
  private boundPort = 0;
  private lastTick = Date.now();

  constructor(readonly options: PearlSimOptions) {
    this.free = options.freeBytes;
    for (const [id, name, multi] of [['1', 'HDMI-A', false], ['2', 'Multi', false], ['m1', 'Multitrack', true]] as const) {
      this.recorders.set(id, { id, name, multisource: multi, state: 'stopped', banked: 0 });
    }
    for (const id of ['1', '2']) {
      this.channels.set(id, {
        id,
        layouts: [
          { id: '1', name: 'Default', active: true },
          { id: '2', name: 'Picture in picture', active: false },
        ],
        metadata: { title: '', author: '' },
        bookmarks: [],
      });
    }
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.options.host}:${String(this.boundPort)}`;
  }

  async start(): Promise<void> {
    const app = Fastify({ logger: false, forceCloseConnections: true });
    app.addHook('onRequest', async (req, reply) => {
      this.requests.push({ method: req.method, url: req.url });
      this.tick();
      if (!this.authorised(req)) {
        await reply.code(401).header('www-authenticate', 'Basic realm="Pearl"').send({ status: 'unauthorized', message: 'Authentication required' });
      }
    });
    app.setErrorHandler(async (err, _req, reply) => {
      if (err instanceof ApiError) return reply.code(err.http).send({ status: err.status, message: err.message });
      const message = err instanceof Error ? err.message : String(err);
      return reply.code(500).send({ status: 'internalservererror', message });
    });
    this.routes(app, '/api');
    if (servesV2(this.options.firmware)) this.routes(app, '/api/v2.0');
    app.get('/admin/channel:cid/set_params.cgi', async (req, reply) => this.setParams(req, reply));
    app.get('/admin/channel:cid/get_params.cgi', async (req, reply) => {
      const ch = this.channel((req.params as { cid: string }).cid);
      return reply.type('text/plain').send(`title = ${ch.metadata.title}\nauthor = ${ch.metadata.author}\n`);
    });
    await app.listen({ host: this.options.host, port: this.boundPort || this.options.port });
    const address = app.server.address();
    this.boundPort = typeof address === 'object' && address !== null ? address.port : this.options.port;
    this.app = app;
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.close();
  }

  /** The network goes away (cable, switch, power): every connection is cut and nothing listens. */
  async goDown(): Promise<void> {
    this.tick();
    await this.stop();
  }

  /** Back on the same port, with the recorders as they were (they kept recording meanwhile). */
  async goUp(): Promise<void> {
    await this.start();
  }

  /** Someone stopped the recorder at the unit, or the input signal was lost. */
  stopBySelf(id = '1'): void {
    this.tick();
    const r = this.recorders.get(id);
    if (r !== undefined) this.halt(r);
  }

  private authorised(req: FastifyRequest): boolean {
    const h = req.headers.authorization ?? '';
    if (!h.startsWith('Basic ')) return false;
    const [user, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
    return user === this.options.username && rest.join(':') === this.options.password;
  }

  private elapsed(r: SimRecorder): number {
    return r.banked + (r.runningSince === undefined ? 0 : (Date.now() - r.runningSince) / 1000);
  }

  private halt(r: SimRecorder): void {
    r.banked = 0;
    r.runningSince = undefined;
    r.state = 'stopped';
  }

  /** Advances the disk: running recorders use space; when none is left they all stop. */
  private tick(): void {
    const now = Date.now();
    const running = [...this.recorders.values()].filter((r) => r.state === 'started');
    this.free = Math.max(0, this.free - ((now - this.lastTick) / 1000) * this.options.bytesPerSecond * running.length);
    this.lastTick = now;
    if (this.free === 0) for (const r of running) this.halt(r);
  }

  private recorder(id: string): SimRecorder {
    const r = this.recorders.get(id);
    if (r === undefined) throw new ApiError(404, 'notfound', 'Recorder not found');
    return r;
  }

  private channel(id: string): SimChannel {
    const c = this.channels.get(id);
    if (c === undefined) throw new ApiError(404, 'notfound', `channel '${id}' not found`);
    return c;
  }

  private control(r: SimRecorder, action: string): void {
    if (action === 'start') {
      if (this.free === 0) throw new ApiError(409, 'conflict', 'No free space on storage');
      if (r.state !== 'started') {
        if (r.state === 'stopped') r.banked = 0;
        r.state = 'started';
        r.runningSince = Date.now();
      }
    } else if (action === 'stop') this.halt(r);
    else if (action === 'pause') {
      if (r.state !== 'started') throw new ApiError(409, 'conflict', `Recorder '${r.id}' is not recording`);
      r.banked = this.elapsed(r);
      r.runningSince = undefined;
      r.state = 'paused';
    } else throw new ApiError(404, 'notfound', `Unknown recorder control '${action}'`);
  }

  private setParams(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const ch = this.channel((req.params as { cid: string }).cid);
    const q = req.query as Record<string, string | undefined>;
    const rec = this.recorders.get(ch.id);
    if (rec !== undefined && rec.state !== 'stopped') return reply.code(409).type('text/plain').send('Cannot change metadata while recording');
    if (q.title !== undefined) ch.metadata.title = q.title;
    if (q.author !== undefined) ch.metadata.author = q.author;
    return reply.type('text/plain').send('OK');
  }

  private routes(app: FastifyInstance, prefix: string): void {
    const ok = (result?: unknown): Record<string, unknown> => (result === undefined ? { status: 'ok' } : { status: 'ok', result });
    app.get(`${prefix}/system/firmware/version`, async () => ok(this.options.firmware));
    app.get(`${prefix}/system/firmware`, async () => ok({ version: this.options.firmware, product_name: 'Pearl Mini' }));
    app.get(`${prefix}/system/storages/main/status`, async () => ok({ state: this.free > 0 ? 'ready' : 'full', media_type: 'sdcard', total: this.options.freeBytes, free: Math.round(this.free) }));
    app.get(`${prefix}/recorders`, async () => ok([...this.recorders.values()].map(({ id, name, multisource }) => ({ id, name, multisource }))));
    app.get(`${prefix}/recorders/status`, async () =>
      ok(
        [...this.recorders.values()].map((r) => ({
          id: r.id,
          name: r.name,
          status: r.state === 'stopped' ? { state: 'stopped' } : { state: r.state, duration: Math.floor(this.elapsed(r)), active: '1', total: '1' },
        })),
      ),
    );
    app.post(`${prefix}/recorders/:rid/control/:action`, async (req) => {
      const { rid, action } = req.params as { rid: string; action: string };
      this.control(this.recorder(rid), action);
      return ok();
    });
    app.get(`${prefix}/channels/:cid/layouts`, async (req) => ok(this.channel((req.params as { cid: string }).cid).layouts));
    app.put(`${prefix}/channels/:cid/layouts/active`, async (req) => {
      const ch = this.channel((req.params as { cid: string }).cid);
      const body = req.body as { id?: unknown } | null;
      const id = body !== null && typeof body === 'object' ? String(body.id ?? '') : '';
      if (!ch.layouts.some((l) => l.id === id)) throw new ApiError(404, 'notfound', `layout '${id}' for channel '${ch.id}' not found`);
      for (const l of ch.layouts) l.active = l.id === id;
      return ok();
    });
    app.post(`${prefix}/channels/:cid/bookmarks`, async (req) => {
      const ch = this.channel((req.params as { cid: string }).cid);
      const body = req.body as { text?: unknown } | null;
      const text = body !== null && typeof body === 'object' && typeof body.text === 'string' ? body.text : '';
      if (text === '') throw new ApiError(400, 'badrequest', 'Missing bookmark text');
      if (this.recorders.get(ch.id)?.state !== 'started') throw new ApiError(409, 'conflict', 'The channel is not being recorded');
      ch.bookmarks.push(text);
      return ok();
    });
  }
}
