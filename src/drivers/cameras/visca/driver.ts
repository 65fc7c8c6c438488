import { ScError } from '../../../core/errors/index.js';
import type { Capability, HealthCapability, PowerCapability, PowerState, Preset, PresetsCapability, PtzCapability, PtzStatus, PtzVector } from '../../capabilities.js';
import { BaseDriver, type DriverContext } from '../../driver.js';
import type { DeviceState } from '../../state.js';
import { decodePanTilt, decodePower, decodeZoom, visca, type PanDirection, type TiltDirection } from './codec.js';
import { IpPort } from './ip-port.js';
import { viscaOptions, type ViscaOptions } from './options.js';
import type { ViscaPort, ViscaRequest } from './replies.js';
import { StreamPort } from './stream-port.js';

/** Raw camera units, as the camera reports them. */
export interface ViscaPosition {
  pan: number;
  tilt: number;
  zoom: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round = (v: number): number => Math.round(v * 10_000) / 10_000;

/**
 * A Sony VISCA camera over serial (RS-232/RS-422), raw TCP or UDP (Sony VISCA-over-IP or raw).
 * Positions are normalised for the capability (pan/tilt -1..1, zoom 0..1) with the configured
 * end stops; presets are the camera's memory numbers, named "1".."N" or as configured.
 */
export class ViscaDriver extends BaseDriver {
  readonly driver = 'visca';
  readonly capabilities: readonly Capability[] = ['power', 'ptz', 'presets', 'health'];
  readonly options: ViscaOptions;
  readonly power: PowerCapability;
  readonly ptz: PtzCapability;
  readonly presets: PresetsCapability;
  readonly health: HealthCapability;
  private port: ViscaPort | undefined;
  /** VISCA has no "moving" inquiry: a drive is moving until it is stopped. */
  private driving = false;

  constructor(ctx: DriverContext) {
    super(ctx);
    this.options = viscaOptions(ctx);
    const a = this.options.address;
    this.power = {
      on: () => this.send('power on', visca.powerOn(a)),
      off: () => this.send('power standby', visca.powerStandby(a)),
      query: () => this.powerState(),
    };
    this.ptz = {
      continuousMove: (v) => this.drive(v),
      relativeMove: async (d) => {
        const now = await this.ptz.status();
        await this.moveTo({ pan: now.position.pan + d.pan, tilt: now.position.tilt + d.tilt, zoom: now.position.zoom + d.zoom });
      },
      absoluteMove: (v) => this.moveTo(v),
      stop: () => this.stopAll(),
      home: () => this.send('home', visca.home(a)),
      status: async (): Promise<PtzStatus> => ({ position: this.normalise(await this.position()), moving: this.driving }),
    };
    this.presets = {
      list: () => Promise.resolve(this.presetList()),
      goto: async (name) => {
        const n = this.presetNumber(name);
        await this.send(`preset recall ${n}`, visca.presetRecall(a, n));
        this.update({ preset: this.presetName(n) });
      },
      save: async (name) => {
        const n = this.presetNumber(name);
        await this.send(`preset set ${n}`, visca.presetSet(a, n));
        return { token: String(n), name: this.presetName(n) };
      },
      remove: async (name) => {
        const n = this.presetNumber(name);
        await this.send(`preset reset ${n}`, visca.presetReset(a, n));
      },
    };
    this.health = {
      check: async () => {
        const started = Date.now();
        try {
          const power = await this.powerState();
          return { reachable: true, latencyMs: Date.now() - started, extra: { power, target: this.target().text } };
        } catch (err) {
          if (err instanceof ScError && err.code.startsWith('SC_ERR_VISCA_')) return { reachable: true, latencyMs: Date.now() - started };
          return { reachable: false };
        }
      },
    };
  }

  private target(): DriverContext['target'] {
    return this.ctx.target;
  }

  protected async connect(): Promise<void> {
    await this.portFor().open();
  }

  protected async disconnect(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    await port?.close();
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    const power = await this.inquire('power inquiry', visca.powerInquiry(this.options.address), 1).then((d) => toPowerState(decodePower(d)));
    if (power !== 'on') return { power };
    const raw = await this.readPosition();
    return { power, ptz: this.normalise(raw) };
  }

  /** Power as the camera reports it. */
  powerState(): Promise<PowerState> {
    return this.command(async () => toPowerState(decodePower(await this.inquire('power inquiry', visca.powerInquiry(this.options.address), 1))));
  }

  /** Pan, tilt and zoom in camera units. */
  position(): Promise<ViscaPosition> {
    return this.command(() => this.readPosition());
  }

  /** Zoom to a level 0..1 (zoom direct). */
  zoomTo(level: number): Promise<void> {
    const raw = Math.round(clamp(level, 0, 1) * this.options.zoomLimit);
    return this.send(`zoom direct ${raw}`, visca.zoomDirect(this.options.address, raw));
  }

  /** Zoom in (tele), out (wide) at the configured speed, or stop. */
  zoomDrive(direction: 'in' | 'out' | 'stop'): Promise<void> {
    const { address, zoomSpeed } = this.options;
    if (direction === 'stop') return this.send('zoom stop', visca.zoomStop(address));
    return direction === 'in' ? this.send('zoom tele', visca.zoomTele(address, zoomSpeed)) : this.send('zoom wide', visca.zoomWide(address, zoomSpeed));
  }

  /** Pan-tilt drive in a direction at the configured speeds (scaled by 0..1), until stopped. */
  async panTiltDrive(pan: PanDirection, tilt: TiltDirection, scale = 1): Promise<void> {
    const { address, panSpeed, tiltSpeed } = this.options;
    const ps = clamp(Math.round(panSpeed * scale), 1, 0x18);
    const ts = clamp(Math.round(tiltSpeed * scale), 1, 0x14);
    await this.send(`pan-tilt drive ${pan}/${tilt}`, visca.panTiltDrive(address, pan, tilt, ps, ts));
    this.driving = pan !== 'stop' || tilt !== 'stop';
  }

  /** Absolute pan/tilt (-1..1) and, when given, zoom (0..1). Resolves when the camera completes. */
  async moveTo(v: { pan: number; tilt: number; zoom?: number }): Promise<void> {
    const { address, panSpeed, tiltSpeed, panLimit, tiltLimit } = this.options;
    const pan = Math.round(clamp(v.pan, -1, 1) * panLimit);
    const tilt = Math.round(clamp(v.tilt, -1, 1) * tiltLimit);
    await this.send(`pan-tilt absolute ${pan} ${tilt}`, visca.panTiltAbsolute(address, pan, tilt, panSpeed, tiltSpeed));
    if (v.zoom !== undefined) await this.zoomTo(v.zoom);
  }

  presetList(): Preset[] {
    const out: Preset[] = [];
    for (let n = 1; n <= this.options.presetMax; n += 1) out.push({ token: String(n), name: this.presetName(n) });
    return out;
  }

  private presetName(n: number): string {
    return this.options.presetNames.get(n) ?? String(n);
  }

  /** A preset by configured name, or by number 0..presetMax (0 is a real memory on many cameras). */
  presetNumber(name: string): number {
    for (const [n, configured] of this.options.presetNames) if (configured === name || configured.toLowerCase() === name.toLowerCase()) return n;
    const n = Number(name);
    if (/^\d+$/.test(name.trim()) && n >= 0 && n <= this.options.presetMax) return n;
    const known = this.presetList().map((p) => p.name);
    throw new ScError('SC_ERR_CAMERA_PRESET_UNKNOWN', { device: this.id, preset: name, known: `0-${this.options.presetMax}${known.some((k) => !/^\d+$/.test(k)) ? `, ${known.filter((k) => !/^\d+$/.test(k)).join(', ')}` : ''}` });
  }

  private async drive(v: PtzVector): Promise<void> {
    const pan: PanDirection = v.pan < 0 ? 'left' : v.pan > 0 ? 'right' : 'stop';
    const tilt: TiltDirection = v.tilt > 0 ? 'up' : v.tilt < 0 ? 'down' : 'stop';
    await this.panTiltDrive(pan, tilt, Math.max(Math.abs(v.pan), Math.abs(v.tilt)));
    if (v.zoom !== 0) {
      const speed = clamp(Math.round(Math.abs(v.zoom) * 7), 0, 7);
      const a = this.options.address;
      await this.send(v.zoom > 0 ? 'zoom tele' : 'zoom wide', v.zoom > 0 ? visca.zoomTele(a, speed) : visca.zoomWide(a, speed));
    }
  }

  private async stopAll(): Promise<void> {
    await this.panTiltDrive('stop', 'stop');
    await this.zoomDrive('stop');
  }

  private normalise(raw: ViscaPosition): PtzVector {
    const { panLimit, tiltLimit, zoomLimit } = this.options;
    return { pan: round(clamp(raw.pan / panLimit, -1, 1)), tilt: round(clamp(raw.tilt / tiltLimit, -1, 1)), zoom: round(clamp(raw.zoom / zoomLimit, 0, 1)) };
  }

  private async readPosition(): Promise<ViscaPosition> {
    const a = this.options.address;
    const pt = decodePanTilt(await this.inquire('pan-tilt position inquiry', visca.panTiltInquiry(a), 8));
    const zoom = decodeZoom(await this.inquire('zoom position inquiry', visca.zoomInquiry(a), 4));
    if (pt === undefined || zoom === undefined) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.id, command: 'position inquiry', detail: 'wrong data length' });
    return { pan: pt.pan, tilt: pt.tilt, zoom };
  }

  private send(command: string, bytes: Buffer): Promise<void> {
    return this.command(async () => {
      await this.exchange({ command, bytes, kind: 'command' });
    });
  }

  private inquire(command: string, bytes: Buffer, replyLength: number): Promise<Buffer> {
    return this.exchange({ command, bytes, kind: 'inquiry', replyLength });
  }

  private exchange(req: ViscaRequest): Promise<Buffer> {
    return this.portFor().exchange(req);
  }

  private portFor(): ViscaPort {
    if (this.port !== undefined) return this.port;
    const { target, id, log } = this.ctx;
    const { replyTimeoutMs, completionTimeoutMs, address } = this.options;
    if (target.kind === 'udp') {
      this.port = new IpPort({ target, device: id, log, header: this.options.header, replyTimeoutMs, completionTimeoutMs, retries: this.options.retries });
    } else if (target.kind === 'serial' || target.kind === 'tcp') {
      this.port = new StreamPort({ target, device: id, log, address, replyTimeoutMs, completionTimeoutMs });
    } else {
      throw new ScError('SC_ERR_TARGET_INVALID', { target: target.text, reason: 'VISCA runs over serial:, tcp:// or udp://' });
    }
    return this.port;
  }
}

function toPowerState(p: ReturnType<typeof decodePower>): PowerState {
  return p === 'on' ? 'on' : p === 'standby' ? 'standby' : 'unknown';
}
