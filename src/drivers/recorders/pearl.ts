import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { ScError } from '../../core/errors/index.js';
import type { Capability, HealthReport, RecorderActivity, RecorderCapability, RecorderStatus } from '../capabilities.js';
import { BaseDriver, type Driver, type DriverContext, type DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { PearlClient, parseLayouts, parseRecorderStatuses, parseRecorders, supportsV2, type PearlLayout, type PearlRecorder } from './pearl-api.js';
import { recorderCtl } from './recorder-ctl.js';
import { RecorderWatch } from './watch.js';

/**
 * Epiphan Pearl (Pearl-2, Mini, Nano, Nexus) over its HTTP API. Stateless: every poll reads
 * the recorder's state from `recorders/status`, which is the truth; commands are followed by a
 * read-back. The API base (/api/v2.0 or legacy /api) is chosen from the firmware version.
 */
export class PearlDriver extends BaseDriver {
  readonly driver = 'pearl';
  readonly capabilities: readonly Capability[] = ['recorder', 'health'];
  private client: PearlClient | undefined;
  private recorders: PearlRecorder[] = [];
  private firmware: string | undefined;
  private readonly watch = new RecorderWatch();
  /** Aborts a start that is still waiting for `started` when the driver stops. */
  private settling = new AbortController();

  readonly recorder: RecorderCapability = {
    start: () => this.command(() => this.control('start', 'recording')),
    stop: () => this.command(() => this.control('stop', 'stopped')),
    pause: () => this.command(() => this.control('pause', 'paused')),
    status: () => this.command(() => this.readStatus()),
    setMetadata: (meta) => this.command(() => this.setMetadata(meta)),
    chapter: () => this.command(() => this.chapter()),
  };

  readonly health = {
    check: (): Promise<HealthReport> => this.command(() => this.check()),
  };

  private get api(): PearlClient {
    if (this.client === undefined) throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not connected' });
    return this.client;
  }

  /** The recorder this device entry drives (option `recorder`, else the first one). */
  get recorderId(): string {
    const opt = this.ctx.options.recorder;
    if (opt !== undefined) return String(opt);
    return this.recorders[0]?.id ?? '1';
  }

  /** The channel for layouts and bookmarks: option `channel`, else the recorder's own id. */
  get channelId(): string {
    const opt = this.ctx.options.channel;
    return opt === undefined ? this.recorderId : String(opt);
  }

  protected async connect(): Promise<void> {
    const t = this.ctx.target;
    if (t.kind !== 'http') throw new ScError('SC_ERR_TARGET_INVALID', { target: t.text, reason: 'pearl needs an http:// or https:// target' });
    this.client = new PearlClient({
      device: this.id,
      baseUrl: t.url,
      ...(this.ctx.username === undefined ? {} : { username: this.ctx.username }),
      ...(this.ctx.password === undefined ? {} : { password: this.ctx.password }),
      timeoutMs: this.ctx.timeoutMs,
    });
    this.settling = new AbortController();
    await this.discover();
  }

  protected async disconnect(): Promise<void> {
    // HTTP keeps no session: abort what is in flight (requests, a start being awaited) and forget the client.
    this.settling.abort();
    this.client?.close();
    this.client = undefined;
  }

  private option(name: string, fallback: number): number {
    const v = this.ctx.options[name];
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
  }

  /**
   * Every API request goes through here. A refusal of the credentials (401/403) is the driver
   * base's to handle: it holds every further request, polls and commands alike, for a login
   * backoff (a Pearl, or the directory behind it, may lock the account after repeated failures).
   */
  private call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<unknown> {
    return this.api.call(method, path, body);
  }

  /** Chooses the API by firmware, then learns the recorders and checks the configured one exists. */
  private async discover(): Promise<void> {
    const api = this.api;
    api.apiBase = '/api/v2.0';
    let version: string | undefined;
    try {
      const v = await this.call('GET', '/system/firmware/version');
      version = typeof v === 'string' ? v : undefined;
    } catch (err) {
      // Older firmware has no v2.0 at all (404): fall back to the legacy API. Anything else is real.
      if (!(err instanceof ScError && err.code === 'SC_ERR_RECORDER_REFUSED')) throw err;
    }
    api.apiBase = version !== undefined && supportsV2(version) ? '/api/v2.0' : '/api';
    this.firmware = version;
    this.recorders = parseRecorders(await this.call('GET', '/recorders'), this.id);
    const wanted = this.ctx.options.recorder;
    if (wanted !== undefined && !this.recorders.some((r) => r.id === String(wanted))) {
      throw new ScError('SC_ERR_RECORDER_UNKNOWN', { device: this.id, recorder: String(wanted), known: this.recorders.map((r) => `${r.id} (${r.name})`).join(', ') || 'none' });
    }
    this.log.info({ api: api.apiBase, firmware: version, recorders: this.recorders.length }, 'Pearl connected');
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    if (this.recorders.length === 0) await this.discover();
    const status = await this.readStatus();
    return { recorder: status, ...(this.firmware === undefined ? {} : { firmware: this.firmware }), model: 'Epiphan Pearl' };
  }

  private async readStatus(): Promise<RecorderStatus> {
    const all = parseRecorderStatuses(await this.call('GET', '/recorders/status'), this.id);
    const mine = all.find((s) => s.id === this.recorderId);
    if (mine === undefined) {
      const known = this.recorders.length > 0 ? this.recorders.map((r) => `${r.id} (${r.name})`) : all.map((s) => s.id);
      throw new ScError('SC_ERR_RECORDER_UNKNOWN', { device: this.id, recorder: this.recorderId, known: known.join(', ') || 'none' });
    }
    const freeBytes = await this.freeBytes();
    const status: RecorderStatus = {
      activity: mine.activity,
      ...(mine.duration === undefined ? {} : { elapsedSeconds: mine.duration }),
      ...(freeBytes === undefined ? {} : { freeBytes }),
    };
    const stop = this.watch.observe(status);
    if (stop !== undefined) {
      this.log.warn({ reason: stop.reason, was: stop.was }, 'recording stopped by itself');
      this.emitEvent('recorder-stopped', { reason: stop.reason, was: stop.was, ...(stop.elapsedSeconds === undefined ? {} : { elapsedSeconds: stop.elapsedSeconds }) });
    }
    this.update({ recorder: status });
    return status;
  }

  /** Free space on the main storage (v2.0 only; older firmware does not say). */
  private async freeBytes(): Promise<number | undefined> {
    if (this.api.apiBase !== '/api/v2.0') return undefined;
    try {
      const r = await this.call('GET', '/system/storages/main/status');
      const free = typeof r === 'object' && r !== null && 'free' in r ? r.free : undefined;
      return typeof free === 'number' ? free : undefined;
    } catch (err) {
      if (err instanceof ScError && err.code === 'SC_ERR_RECORDER_REFUSED') return undefined;
      throw err;
    }
  }

  private async control(action: 'start' | 'stop' | 'pause', want: RecorderActivity): Promise<void> {
    this.watch.expect(want);
    await this.call('POST', `/recorders/${encodeURIComponent(this.recorderId)}/control/${action}`);
    let status = await this.readStatus();
    if (action === 'start') status = await this.settleStart(status);
    if (status.activity !== want) {
      throw new ScError('SC_ERR_RECORDER_REFUSED', { device: this.id, command: `recorder ${action}`, detail: `accepted, but the recorder reads back "${status.activity}"` });
    }
  }

  /**
   * A start reads back `starting` first: the state says so, and the start is done only once the
   * recorder reads back `started`. It fails when the recorder ends in `error` (or stopped), or is
   * still starting after `startTimeoutMs`.
   */
  private async settleStart(first: RecorderStatus): Promise<RecorderStatus> {
    const limitMs = this.option('startTimeoutMs', 15_000);
    const deadline = Date.now() + limitMs;
    let status = first;
    while (status.activity === 'starting' && Date.now() < deadline) {
      await sleep(this.option('settlePollMs', 500), undefined, { signal: this.settling.signal, ref: false }).catch(() => undefined);
      if (this.settling.signal.aborted) break;
      status = await this.readStatus();
    }
    if (status.activity === 'recording') return status;
    const detail = status.activity === 'starting' ? `still starting after ${String(limitMs)} ms` : 'after it accepted the start';
    throw new ScError('SC_ERR_RECORDER_START_FAILED', { device: this.id, state: status.activity, detail });
  }

  private async setMetadata(meta: { title?: string; presenter?: string }): Promise<void> {
    const status = await this.readStatus();
    if (status.activity === 'recording' || status.activity === 'paused') {
      throw new ScError('SC_ERR_RECORDER_METADATA_LOCKED', { device: this.id, field: meta.title !== undefined ? 'title' : 'presenter' });
    }
    const q = new URLSearchParams();
    if (meta.title !== undefined) q.set('title', meta.title);
    if (meta.presenter !== undefined) q.set('author', meta.presenter);
    if ([...q.keys()].length === 0) return;
    // Channel metadata lives in the admin CGI on every firmware (no v2.0 endpoint for it).
    await this.api.raw('GET', `/admin/channel${encodeURIComponent(this.channelId)}/set_params.cgi?${q.toString()}`);
  }

  private async chapter(text = 'Chapter'): Promise<void> {
    await this.call('POST', `/channels/${encodeURIComponent(this.channelId)}/bookmarks`, { text });
  }

  async bookmark(text: string): Promise<void> {
    await this.command(() => this.chapter(text));
  }

  async listRecorders(): Promise<PearlRecorder[]> {
    return this.command(async () => parseRecorders(await this.call('GET', '/recorders'), this.id));
  }

  async layouts(): Promise<PearlLayout[]> {
    return this.command(async () => parseLayouts(await this.call('GET', `/channels/${encodeURIComponent(this.channelId)}/layouts`), this.id));
  }

  async selectLayout(id: string): Promise<PearlLayout[]> {
    return this.command(async () => {
      await this.call('PUT', `/channels/${encodeURIComponent(this.channelId)}/layouts/active`, { id });
      const after = parseLayouts(await this.call('GET', `/channels/${encodeURIComponent(this.channelId)}/layouts`), this.id);
      if (!after.some((l) => l.id === id && l.active)) {
        throw new ScError('SC_ERR_RECORDER_REFUSED', { device: this.id, command: `layout ${id}`, detail: 'accepted, but another layout reads back as active' });
      }
      return after;
    });
  }

  get apiBase(): string | undefined {
    return this.client?.apiBase;
  }

  private async check(): Promise<HealthReport> {
    const started = Date.now();
    const status = await this.readStatus();
    return {
      reachable: true,
      latencyMs: Date.now() - started,
      model: 'Epiphan Pearl',
      ...(this.firmware === undefined ? {} : { firmware: this.firmware }),
      extra: { api: this.api.apiBase, recorder: this.recorderId, activity: status.activity },
    };
  }
}

function asPearl(driver: Driver): PearlDriver {
  if (!(driver instanceof PearlDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: `pearl ctl on ${driver.driver}` });
  return driver;
}

export const pearlDescriptor: DriverDescriptor = {
  name: 'pearl',
  description: 'Epiphan Pearl family (Pearl-2, Mini, Nano, Nexus) over the HTTP API, /api/v2.0 or legacy /api by firmware',
  capabilities: ['recorder', 'health'],
  targets: ['http'],
  optionsSchema: Type.Object(
    {
      recorder: Type.Optional(Type.String({ minLength: 1, description: 'recorder id on the Pearl (GET /api/recorders), e.g. 1 or m1; default the first' })),
      channel: Type.Optional(Type.String({ minLength: 1, description: 'channel id for layouts, bookmarks and metadata; default the recorder id' })),
      startTimeoutMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000, description: 'how long a start may read back `starting` before it counts as failed (default 15000)' })),
      settlePollMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 10_000, description: 'pause between status reads while a start settles (default 500)' })),
    },
    { additionalProperties: false },
  ),
  defaultPollIntervalMs: 3000,
  defaultTimeoutMs: 3000,
  create: (ctx: DriverContext) => new PearlDriver(ctx),
  ctl: {
    ...recorderCtl,
    recorders: {
      usage: '',
      async run(driver) {
        const list = await asPearl(driver).listRecorders();
        return Object.fromEntries(list.map((r) => [r.id, `${r.name}${r.multisource ? ' (multi-source)' : ''}`]));
      },
    },
    layout: {
      usage: '[<layout id>]',
      async run(driver, args) {
        const d = asPearl(driver);
        const list = args[0] === undefined ? await d.layouts() : await d.selectLayout(args[0]);
        return Object.fromEntries(list.map((l) => [l.id, `${l.name}${l.active ? ' (active)' : ''}`]));
      },
    },
  },
};
