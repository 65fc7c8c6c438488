import { ScError, isScError } from '../../../core/errors/index.js';
import type { Capability, HealthReport, PresetsCapability, PtzCapability, PtzStatus, PtzVector, StreamCapability, HealthCapability } from '../../capabilities.js';
import { BaseDriver, type DriverContext } from '../../driver.js';
import type { DeviceState } from '../../state.js';
import { OnvifClient } from './client.js';
import { PullPoint, mapTopic, type OnvifNotification } from './events.js';
import * as ops from './operations.js';
import { OnvifPresets } from './presets.js';
import { SnapshotFetcher } from './snapshot.js';

export interface OnvifOptions {
  profile?: string;
  auth: 'auto' | 'ws-security' | 'digest';
  events: boolean;
  pullSeconds: number;
  arrivalTimeoutMs: number;
  arrivalPollMs: number;
  maxReplyBytes: number;
}

export function onvifOptions(ctx: DriverContext): OnvifOptions {
  const o = ctx.options;
  const auth = o.auth === 'ws-security' || o.auth === 'digest' ? o.auth : 'auto';
  return {
    ...(typeof o.profile === 'string' ? { profile: o.profile } : {}),
    auth,
    events: o.events !== false,
    pullSeconds: typeof o.pullSeconds === 'number' ? o.pullSeconds : 10,
    arrivalTimeoutMs: typeof o.arrivalTimeoutMs === 'number' ? o.arrivalTimeoutMs : 30_000,
    arrivalPollMs: typeof o.arrivalPollMs === 'number' ? o.arrivalPollMs : 300,
    maxReplyBytes: typeof o.maxReplyBytes === 'number' ? o.maxReplyBytes : 2 * 1024 * 1024,
  };
}

/** An ONVIF Profile S/T camera through the `onvif` library, behind our capability types. */
export class OnvifDriver extends BaseDriver {
  readonly driver = 'onvif';
  readonly capabilities: readonly Capability[] = ['ptz', 'presets', 'stream', 'events', 'health'];
  readonly options: OnvifOptions;
  private client: OnvifClient | undefined;
  private connecting: Promise<OnvifClient> | undefined;
  private pullPoint: PullPoint | undefined;
  private profileList: ops.OnvifProfile[] = [];
  private info: ops.OnvifDeviceInfo | undefined;
  private readonly presetBook: OnvifPresets;
  private snapshotFetcher: SnapshotFetcher | undefined;

  readonly ptz: PtzCapability;
  readonly presets: PresetsCapability;
  readonly stream: StreamCapability;
  readonly health: HealthCapability;

  constructor(ctx: DriverContext) {
    super(ctx);
    this.options = onvifOptions(ctx);
    const ptzProfile = (): Promise<[OnvifClient, string]> => this.ptzProfile();
    this.presetBook = new OnvifPresets({
      device: ctx.id,
      profile: ptzProfile,
      options: this.options,
      run: (fn) => this.command(fn),
      onArrived: (preset, position, off) => {
        if (off !== undefined) this.log.warn({ preset, code: off.code, detail: off.message }, 'camera stopped away from the preset position');
        this.update({ preset, ptz: position, warning: off === undefined ? undefined : { code: off.code, message: off.message, at: Date.now() } });
      },
    });
    const withPtz = <T>(fn: (c: OnvifClient, token: string) => Promise<T>): Promise<T> =>
      this.command(async () => {
        const [c, token] = await this.ptzProfile();
        return fn(c, token);
      });
    this.ptz = {
      continuousMove: (v: PtzVector) => withPtz((c, t) => ops.continuousMove(c, t, v)),
      relativeMove: (v: PtzVector) => withPtz((c, t) => ops.relativeMove(c, t, v)),
      absoluteMove: (v: PtzVector) => withPtz((c, t) => ops.absoluteMove(c, t, v)),
      stop: () => withPtz((c, t) => ops.stopMove(c, t)),
      home: () => withPtz((c, t) => ops.gotoHome(c, t)),
      status: (): Promise<PtzStatus> => withPtz((c, t) => ops.ptzStatus(c, t)),
    };
    this.presets = this.presetBook;
    const snapshotUri = (profile?: string): Promise<string> => this.command(async () => ops.snapshotUri(await this.connected(), this.mediaProfile(profile).token));
    this.stream = {
      streamUri: (profile?: string) => this.command(async () => ops.streamUri(await this.connected(), this.mediaProfile(profile).token)),
      snapshotUri,
      // A failed picture says so without marking the camera offline: its control link may be fine.
      snapshot: (profile?: string) => this.snapshots().fetch(() => snapshotUri(profile)),
    };
    this.health = { check: () => this.checkHealth() };
  }

  /** Device information as the camera reports it (connects first if needed). */
  deviceInfo(): Promise<ops.OnvifDeviceInfo> {
    return this.command(async () => {
      const c = await this.connected();
      this.info = await ops.deviceInformation(c);
      return this.info;
    });
  }

  mediaProfiles(): Promise<ops.OnvifProfile[]> {
    return this.command(async () => {
      await this.connected();
      return [...this.profileList];
    });
  }

  /** Starts the PullPoint loop if it is not running (the agent starts it with the driver). */
  watchEvents(): void {
    if (this.pullPoint !== undefined || this.client === undefined) return;
    if (this.client.cam.uri?.events === undefined) {
      this.log.info('camera offers no event service; no motion or tamper events');
      return;
    }
    this.pullPoint = new PullPoint({
      client: this.client,
      log: this.log,
      pullSeconds: this.options.pullSeconds,
      retry: { initialMs: Math.min(500, this.ctx.pollIntervalMs), maxMs: Math.max(1000, Math.min(30_000, this.ctx.pollIntervalMs * 4)) },
      onNotification: (n) => this.onNotification(n),
    });
    this.pullPoint.start();
  }

  protected async connect(): Promise<void> {
    await this.connected();
    if (this.options.events) this.watchEvents();
  }

  private snapshots(): SnapshotFetcher {
    const target = this.ctx.target;
    if (target.kind !== 'http') throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: this.id, reason: 'the camera is not reached over http://' });
    const { username, password } = this.ctx;
    this.snapshotFetcher ??= new SnapshotFetcher({
      device: this.id,
      cameraHost: target.url.hostname.replace(/^\[|\]$/g, ''),
      ...(username === undefined ? {} : { credentials: { username, password: password ?? '' } }),
    });
    return this.snapshotFetcher;
  }

  protected async disconnect(): Promise<void> {
    this.snapshotFetcher?.close();
    this.snapshotFetcher = undefined;
    await this.pullPoint?.stop();
    this.pullPoint = undefined;
    this.client?.close();
    this.client = undefined;
    this.connecting = undefined;
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    const c = await this.connected();
    await c.measureClock();
    const state: Partial<DeviceState> = {};
    if (this.info !== undefined) {
      state.model = this.info.model;
      state.firmware = this.info.firmware;
    }
    const ptzToken = this.profileList.find((p) => p.ptz)?.token;
    if (ptzToken !== undefined && c.cam.uri?.ptz !== undefined) {
      const status = await ops.ptzStatus(c, this.options.profile ?? ptzToken).catch((err: unknown) => {
        // A camera that refuses GetStatus is still online.
        if (isScError(err, 'SC_ERR_ONVIF_FAULT')) return undefined;
        throw err;
      });
      if (status !== undefined) state.ptz = status.position;
    }
    if (this.pullPoint === undefined && this.options.events) this.watchEvents();
    return state;
  }

  private async checkHealth(): Promise<HealthReport> {
    const started = Date.now();
    try {
      const c = await this.connected();
      await c.measureClock();
      return {
        reachable: true,
        latencyMs: Date.now() - started,
        ...(c.clockSkewMs === undefined ? {} : { clockSkewMs: Math.round(c.clockSkewMs) }),
        ...(this.info === undefined ? {} : { model: this.info.model, firmware: this.info.firmware, serial: this.info.serial }),
      };
    } catch (err) {
      const error = isScError(err) ? err : undefined;
      return { reachable: false, extra: { error: error?.code ?? 'SC_ERR_INTERNAL', message: error?.message ?? String(err) } };
    }
  }

  /** The client once connected: clock measured, services and profiles known. */
  private connected(): Promise<OnvifClient> {
    if (this.client !== undefined) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<OnvifClient> {
    const target = this.ctx.target;
    if (target.kind !== 'http') throw new ScError('SC_ERR_TARGET_INVALID', { target: target.text, reason: 'ONVIF cameras are reached over http://' });
    const secure = target.url.protocol === 'https:';
    const client = new OnvifClient({
      device: this.id,
      hostname: target.url.hostname.replace(/^\[|\]$/g, ''),
      port: target.url.port === '' ? (secure ? 443 : 80) : Number(target.url.port),
      path: target.url.pathname === '/' ? '/onvif/device_service' : target.url.pathname,
      secure,
      ...(this.ctx.username === undefined ? {} : { username: this.ctx.username }),
      ...(this.ctx.password === undefined ? {} : { password: this.ctx.password }),
      timeoutMs: this.ctx.timeoutMs,
      maxReplyBytes: this.options.maxReplyBytes,
      auth: this.options.auth,
      log: this.log,
    });
    try {
      await client.measureClock();
      await client.call('connect', 'connect');
      this.profileList = await ops.profiles(client);
      this.info = await ops.deviceInformation(client);
    } catch (err) {
      client.close();
      throw err;
    }
    this.client = client;
    this.update({ model: this.info.model, firmware: this.info.firmware });
    this.log.info({ model: this.info.model, profiles: this.profileList.length, skewMs: client.clockSkewMs }, 'camera connected');
    return client;
  }

  private mediaProfile(wanted?: string): ops.OnvifProfile {
    const name = wanted ?? this.options.profile;
    const found = name === undefined ? this.profileList[0] : this.profileList.find((p) => p.token === name || p.name === name);
    if (found === undefined) throw new ScError('SC_ERR_ONVIF_NO_PROFILE', { device: this.id, profile: name ?? '(any)' });
    return found;
  }

  private async ptzProfile(): Promise<[OnvifClient, string]> {
    const c = await this.connected();
    const wanted = this.options.profile;
    const profile = wanted === undefined ? this.profileList.find((p) => p.ptz) : this.mediaProfile(wanted);
    if (c.cam.uri?.ptz === undefined || profile === undefined || !profile.ptz) {
      throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device: this.id, capability: 'PTZ (no PTZ service or no profile with a PTZ configuration)' });
    }
    return [c, profile.token];
  }

  private onNotification(n: OnvifNotification): void {
    const mapped = mapTopic(n);
    if (mapped === undefined) {
      this.log.debug({ topic: n.topic }, 'camera event not mapped');
      return;
    }
    const data: Record<string, string | number | boolean> = { active: mapped.active, topic: n.topic, ...n.source };
    if (n.utcTime !== undefined) data.utcTime = n.utcTime;
    this.emitEvent(mapped.type, data);
  }
}
