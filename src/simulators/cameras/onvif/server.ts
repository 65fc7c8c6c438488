import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { messageOf } from '../../../core/errors/index.js';
import { CameraAuth } from './auth.js';
import { PresetStore, PtzHead, type Subscription } from './camera-state.js';
import { defaultFixturesDir, loadFixtureSet, serviceOf, type RenderContext } from './fixtures.js';
import { SNAPSHOT_PATH, handle, makeEvent, type CameraContext } from './handlers.js';
import { snapshotJpeg } from './snapshot-jpeg.js';
import { MALFORMED, fault, hostileReply, notAuthorized, type SoapReply } from './soap.js';
import { operationOf, parseRequest } from './xml.js';

export type ReplyMode = 'normal' | 'slow' | 'silent' | 'malformed' | 'hostile';

export interface OnvifSimulatorOptions {
  host: string;
  port: number;
  log: Logger;
  /** mockup (default), hikvision-fixed or trendnet. */
  set?: string;
  fixturesDir?: string;
  username?: string;
  password?: string;
  auth?: 'ws+digest' | 'digest' | 'none';
  /** Camera clock minus real time; default: the clock of the capture set (the mockup's is 2014). */
  clockOffsetMs?: number;
  toleranceMs?: number;
  /** PTZ head speed in position units per second. */
  ptzSpeed?: number;
  /** Give fixed-camera vendor sets a PTZ head; the mockup always has one. */
  ptz?: boolean;
  maxHoldMs?: number;
  slowMs?: number;
  /** How far the clock jumps on a simulated reboot. */
  rebootClockJumpMs?: number;
  mode?: ReplyMode;
}

/** A simulated ONVIF camera: HTTP SOAP on host:port, state that moves, switches for failures. */
export class OnvifSimulator {
  mode: ReplyMode;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private clockOffsetMs: number;
  private readonly auth: CameraAuth;
  private readonly ctx: CameraContext;
  private closeAll: () => void = () => undefined;
  readonly username: string;
  readonly password: string;

  constructor(private readonly o: OnvifSimulatorOptions) {
    const set = loadFixtureSet(o.fixturesDir ?? defaultFixturesDir(), o.set ?? 'mockup');
    this.mode = o.mode ?? 'normal';
    this.clockOffsetMs = o.clockOffsetMs ?? set.captureClock.getTime() - Date.now();
    this.username = o.username ?? 'admin';
    this.password = o.password ?? 'classroom';
    this.auth = new CameraAuth({ username: this.username, password: this.password, mode: o.auth ?? 'ws+digest', toleranceMs: o.toleranceMs ?? 30_000, realm: `${set.name} simulator` });
    const render: RenderContext = { hostname: o.host, port: o.port, pullPointUrl: '/onvif/subscription/none', now: () => new Date(Date.now() + this.clockOffsetMs) };
    this.ctx = {
      set,
      render,
      head: new PtzHead(o.ptzSpeed ?? 1),
      presets: new PresetStore(set.vendor ? [] : set.presets),
      ptz: !set.vendor || o.ptz === true,
      subscriptions: new Map<string, Subscription>(),
      maxHoldMs: o.maxHoldMs ?? 60_000,
      closing: new Promise<void>((resolve) => (this.closeAll = resolve)),
    };
  }

  get setName(): string {
    return this.ctx.set.name;
  }

  get url(): string {
    return `http://${this.ctx.render.hostname}:${this.ctx.render.port}/onvif/device_service`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, () => resolve());
    });
    const address = server.address();
    if (address !== null && typeof address === 'object') this.ctx.render.port = address.port;
    this.server = server;
  }

  async stop(): Promise<void> {
    this.closeAll();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
    this.server = undefined;
  }

  /** The camera's clock now. */
  cameraNow(): Date {
    return this.ctx.render.now();
  }

  setClockOffset(ms: number): void {
    this.clockOffsetMs = ms;
  }

  /** A reboot: subscriptions are gone, nonces forgotten, and the clock jumps (no RTC battery, then NTP). */
  reboot(): void {
    for (const sub of this.ctx.subscriptions.values()) sub.waiter?.();
    this.ctx.subscriptions.clear();
    this.auth.reset();
    this.clockOffsetMs += this.o.rebootClockJumpMs ?? 30 * 24 * 3600_000;
    this.o.log.info({ cameraClock: this.cameraNow().toISOString() }, 'simulated camera rebooted');
  }

  /** Queues an event on every subscription. */
  raise(type: 'motion' | 'tamper' | 'video-loss', active = true): number {
    const event = makeEvent(this.ctx, type, active);
    for (const sub of this.ctx.subscriptions.values()) {
      sub.queue.push(event);
      if (sub.queue.length > 100) sub.queue.shift();
      sub.waiter?.();
    }
    return this.ctx.subscriptions.size;
  }

  get subscriptionCount(): number {
    return this.ctx.subscriptions.size;
  }

  ptzPosition(): { pan: number; tilt: number; zoom: number } {
    return this.ctx.head.position();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = req.url ?? '/';
      if (path.startsWith('/simulator/')) return this.control(path, res);
      if (req.method === 'GET' && path.split('?')[0] === SNAPSHOT_PATH) return this.snapshot(path, req, res);
      if (req.method !== 'POST') return this.send(res, { status: 405, body: 'ONVIF expects SOAP over POST\n', headers: { 'Content-Type': 'text/plain' } });
      const body = await readBody(req, 1024 * 1024);
      if (this.mode === 'silent') return; // accepted, never answered: the socket stays open until the client gives up
      if (this.mode === 'slow') await new Promise((r) => setTimeout(r, this.o.slowMs ?? 3000));
      if (this.mode === 'malformed') return this.send(res, { status: 200, body: MALFORMED });
      if (this.mode === 'hostile') return this.send(res, { status: 200, body: hostileReply() });
      this.send(res, await this.answer(body, path, req));
    } catch (err) {
      this.o.log.warn({ err: messageOf(err) }, 'simulated camera could not answer');
      if (!res.headersSent) this.send(res, fault(this.ctx.set, 'Sender', ['ter:InvalidArgVal'], `Bad request: ${messageOf(err)}`));
    }
  }

  private async answer(body: string, path: string, req: IncomingMessage): Promise<SoapReply> {
    const op = operationOf(body);
    if (op === undefined) return fault(this.ctx.set, 'Sender', ['ter:InvalidArgVal'], 'No SOAP body');
    const doc = parseRequest(body);
    const service = path.includes('/subscription/') ? 'events' : serviceOf(op.ns);
    if (op.name !== 'GetSystemDateAndTime') {
      const verdict = this.auth.check(doc, req.headers.authorization, req.method ?? 'POST', path, this.cameraNow());
      if (!verdict.ok) {
        this.o.log.info({ operation: op.name, why: verdict.why }, 'request not authorized');
        if (verdict.why === 'missing' || verdict.why === 'digest-required') return { status: 401, body: '', headers: { 'WWW-Authenticate': this.auth.challenge() } };
        if (req.headers.authorization !== undefined) return { status: 401, body: '', headers: { 'WWW-Authenticate': this.auth.challenge() } };
        return notAuthorized(this.ctx.set, verdict.detail);
      }
    }
    return handle(this.ctx, service, op.name, doc, path);
  }

  /** GET /snapshot.jpg: a JPEG of where the head points, behind HTTP digest like a real camera. */
  private snapshot(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (this.mode === 'silent') return;
    const verdict = this.auth.check({}, req.headers.authorization, 'GET', path, this.cameraNow());
    if (!verdict.ok) {
      this.o.log.info({ why: verdict.why }, 'snapshot not authorized');
      return this.send(res, { status: 401, body: '', headers: { 'WWW-Authenticate': this.auth.challenge(), 'Content-Type': 'text/plain' } });
    }
    const jpeg = snapshotJpeg(this.ptzPosition());
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store' });
    res.end(jpeg);
  }

  private control(path: string, res: ServerResponse): void {
    const [, , action = '', arg = ''] = path.split('?')[0]?.split('/') ?? [];
    let result: Record<string, unknown>;
    if (action === 'reboot') {
      this.reboot();
      result = { rebooted: true, clock: this.cameraNow().toISOString() };
    } else if (action === 'mode' && ['normal', 'slow', 'silent', 'malformed', 'hostile'].includes(arg)) {
      this.mode = arg as ReplyMode;
      result = { mode: this.mode };
    } else if (action === 'event' && (arg === 'motion' || arg === 'tamper' || arg === 'video-loss')) {
      result = { raised: arg, subscriptions: this.raise(arg) };
    } else if (action === 'state') {
      result = { set: this.ctx.set.name, mode: this.mode, clock: this.cameraNow().toISOString(), ptz: this.ptzPosition(), moving: this.ctx.head.moving(), subscriptions: this.subscriptionCount };
    } else {
      this.send(res, { status: 404, body: 'known: /simulator/state, /simulator/reboot, /simulator/mode/{normal|slow|silent|malformed|hostile}, /simulator/event/{motion|tamper|video-loss}\n', headers: { 'Content-Type': 'text/plain' } });
      return;
    }
    this.send(res, { status: 200, body: `${JSON.stringify(result)}\n`, headers: { 'Content-Type': 'application/json' } });
  }

  private send(res: ServerResponse, reply: SoapReply): void {
    res.writeHead(reply.status, { 'Content-Type': 'application/soap+xml; charset=utf-8', ...reply.headers });
    res.end(reply.body);
  }
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
