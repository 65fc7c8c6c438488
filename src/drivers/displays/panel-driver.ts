import { Type, type TObject } from '@sinclair/typebox';
import { ScError, isScError } from '../../core/errors/index.js';
import { openChannel, parseTarget, type Channel, type Target } from '../../transports/index.js';
import type { Capability, HealthCapability, InputCapability, PowerCapability, PowerState, VolumeCapability } from '../capabilities.js';
import { BaseDriver, type DriverContext } from '../driver.js';
import type { DeviceState } from '../state.js';
import { PanelHealthReader } from './panel-health.js';
import type { InputTable, PanelOps, PanelProtocol } from './panel-protocol.js';
import { loadProfile } from './profiles.js';
import type { PanelProfile } from './profile-schema.js';

const CAPABILITIES: readonly Capability[] = ['power', 'input', 'volume', 'health'];

/** Options every panel driver takes, besides the protocol's own. */
export const COMMON_OPTIONS = {
  profile: Type.Optional(Type.String({ description: 'a model profile: a name in devices/ or a path to a .yaml file' })),
  warmupMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 120_000, description: 'ms after power on during which input changes are refused' })),
  warmupRetryMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 30_000, description: 'pause between input retries while warming up' })),
  minGapMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000, description: 'quiet ms between two exchanges (NEC default 120)' })),
  reconnectMaxMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 300_000, description: 'longest pause between reconnect attempts' })),
  healthIntervalMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 86_400_000, description: 'how often operating hours and temperature are read, one fact per poll (default 600000)' })),
};

export function panelOptionsSchema(protocol: PanelProtocol): TObject {
  return Type.Object({ ...COMMON_OPTIONS, ...protocol.optionsSchema.properties }, { additionalProperties: false });
}

/** Serial defaults from the profile where the target does not say (an explicit ?baud= wins). */
function withProfileSerial(target: Target, profile: PanelProfile | undefined): Target {
  if (target.kind !== 'serial' || profile?.serial === undefined || /[?&]baud(Rate)?=/.test(target.text)) return target;
  const s = profile.serial;
  const q = new URLSearchParams();
  if (s.baud !== undefined) q.set('baud', String(s.baud));
  if (s.dataBits !== undefined) q.set('dataBits', String(s.dataBits));
  if (s.parity !== undefined) q.set('parity', s.parity);
  if (s.stopBits !== undefined) q.set('stopBits', String(s.stopBits));
  const rest = target.text.includes('?') ? `&${target.text.split('?')[1] ?? ''}` : '';
  return parseTarget(`serial:${target.path}?${q.toString()}${rest}`);
}

/**
 * A display on RS-232 or LAN: power, input, volume/mute and health through one protocol.
 * State is read back from the panel on every poll; commands are followed by a read-back.
 */
export class PanelDriver extends BaseDriver {
  readonly capabilities = CAPABILITIES;
  readonly driver: string;
  readonly power: PowerCapability;
  readonly input: InputCapability;
  readonly volume: VolumeCapability;
  readonly health: HealthCapability;
  private channel: Channel | undefined;
  private ops: PanelOps | undefined;
  private healthReader: PanelHealthReader | undefined;
  private warmUntil = 0;
  private lastPollError: ScError | undefined;
  private readonly offLink: (() => void)[] = [];
  private profileCache: { profile?: PanelProfile; inputs: InputTable } | undefined;

  constructor(
    ctx: DriverContext,
    private readonly protocol: PanelProtocol,
  ) {
    super(ctx);
    this.driver = protocol.name;
    this.power = { on: () => this.setPower(true), off: () => this.setPower(false), query: async () => (await this.refresh()).power ?? 'unknown' };
    this.input = { list: () => [...this.inputs().keys()], select: (name) => this.selectInput(name), query: async () => (await this.refresh()).input ?? 'unknown' };
    this.volume = {
      set: (level) => this.setVolume(level),
      step: async (delta) => this.setVolume(Math.max(0, Math.min(100, ((await this.refresh()).volume ?? 0) + delta))),
      mute: (on) => this.run(`mute ${on ? 'on' : 'off'}`, (ops) => ops.setMute(on), { muted: on }),
      query: async () => {
        const s = await this.refresh();
        return { level: s.volume ?? 0, muted: s.muted ?? false };
      },
    };
    this.health = {
      check: async () => {
        const s = await this.refresh();
        const extra: Record<string, number> = {};
        if (s.health?.operatingHours !== undefined) extra.operatingHours = s.health.operatingHours;
        if (s.health?.temperatureC !== undefined) extra.temperatureC = s.health.temperatureC;
        return {
          reachable: s.status === 'online',
          ...(s.latencyMs === undefined ? {} : { latencyMs: s.latencyMs }),
          ...(s.model === undefined ? {} : { model: s.model }),
          ...(s.firmware === undefined ? {} : { firmware: s.firmware }),
          ...(s.health?.serial === undefined ? {} : { serial: s.health.serial }),
          ...(Object.keys(extra).length === 0 ? {} : { extra }),
        };
      },
    };
  }

  /** The validated profile: from the room config, or `--set profile=NAME`. */
  profile(): PanelProfile | undefined {
    return this.loadProfileOnce().profile;
  }

  inputs(): InputTable {
    return this.loadProfileOnce().inputs;
  }

  private loadProfileOnce(): { profile?: PanelProfile; inputs: InputTable } {
    if (this.profileCache !== undefined) return this.profileCache;
    let profile = this.ctx.profile as PanelProfile | undefined;
    const named = this.ctx.options.profile;
    let file = 'the room config profile';
    if (profile === undefined && typeof named === 'string' && named !== '') ({ file, profile } = loadProfile(named));
    if (profile !== undefined && profile.protocol !== this.protocol.name) {
      throw new ScError('SC_ERR_PROFILE_INVALID', { file, detail: `it describes a ${profile.protocol} panel (${profile.model}); use the ${profile.protocol} driver, not ${this.protocol.name}` });
    }
    const inputs = new Map(Object.entries(profile?.inputs ?? this.protocol.defaultInputs));
    this.profileCache = profile === undefined ? { inputs } : { profile, inputs };
    return this.profileCache;
  }

  private option(key: string): string | number | boolean | undefined {
    return this.ctx.options[key] ?? this.profile()?.options?.[key];
  }

  private warmupMs(): number {
    const v = this.option('warmupMs');
    return typeof v === 'number' ? v : (this.profile()?.warmupMs ?? 0);
  }

  /** A missing or wrong profile is a configuration error: fail start() instead of going offline. */
  override async start(): Promise<void> {
    this.loadProfileOnce();
    await super.start();
  }

  protected async connect(): Promise<void> {
    const profile = this.profile();
    const options = { ...(profile?.options ?? {}), ...this.ctx.options };
    const reconnectMax = typeof options.reconnectMaxMs === 'number' ? options.reconnectMaxMs : Math.max(1000, Math.min(30_000, this.ctx.pollIntervalMs));
    const channel = openChannel({
      target: withProfileSerial(this.ctx.target, profile),
      device: this.id,
      log: this.log,
      framer: this.protocol.framerFor?.(profile) ?? this.protocol.framer,
      timeoutMs: this.ctx.timeoutMs,
      minGapMs: typeof options.minGapMs === 'number' ? options.minGapMs : (this.protocol.minGapMs ?? 0),
      reconnect: { initialMs: Math.min(500, reconnectMax), maxMs: reconnectMax },
    });
    this.channel = channel;
    this.ops = this.protocol.create({ device: this.id, queue: channel.queue, options, inputs: this.inputs(), log: this.log, ...(profile === undefined ? {} : { profile }) });
    const healthMs = typeof options.healthIntervalMs === 'number' ? options.healthIntervalMs : 600_000;
    this.healthReader = this.ops.healthReads === undefined ? undefined : new PanelHealthReader(this.ops.healthReads, healthMs, this.log);
    this.offLink.push(
      channel.link.events.on('down', ({ error }) => this.markOffline(error)),
      // Back after a reboot or a replugged cable: read the state now rather than at the next poll.
      channel.link.events.on('up', () => {
        this.healthReader?.reset();
        void this.refresh();
      }),
    );
    await channel.link.open();
  }

  protected async disconnect(): Promise<void> {
    for (const off of this.offLink.splice(0)) off();
    await this.channel?.close();
    this.channel = undefined;
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    try {
      const s = await this.opsOrThrow().status();
      this.lastPollError = undefined;
      // Health facts only from a panel that is on: some answer nothing else in standby.
      const health = s.power === 'on' ? await this.healthReader?.step() : undefined;
      return { ...s, ...health, ...(s.power === undefined ? {} : { power: this.shownPower(s.power) }) };
    } catch (err) {
      this.lastPollError = isScError(err) ? err : undefined;
      throw err;
    }
  }

  /** Fresh state, or the error that made the device offline (for `classroom ctl ... status`). */
  async status(): Promise<DeviceState> {
    const s = await this.refresh();
    if (s.status === 'offline' && this.lastPollError !== undefined) throw this.lastPollError;
    return s;
  }

  private opsOrThrow(): PanelOps {
    if (this.ops === undefined) throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not started' });
    return this.ops;
  }

  /**
   * Runs a set and reads back what it changed: nothing more where the set's own reply confirmed
   * the value (`setsConfirm`), else the whole state. Paced protocols (NEC: > 600 ms a packet)
   * make every exchange count.
   */
  private async run(command: string, fn: (ops: PanelOps) => Promise<void>, confirmed: Partial<DeviceState>): Promise<void> {
    const ops = this.opsOrThrow();
    await this.command(() => fn(ops));
    this.log.info({ command }, 'command done');
    if (ops.setsConfirm === true) this.update(confirmed);
    else await this.refresh();
  }

  private shownPower(power: PowerState): PowerState {
    return power === 'on' && Date.now() < this.warmUntil ? 'warming' : power;
  }

  /** One narrow read, or undefined when the protocol has none or the panel did not answer it. */
  private async peek<T>(what: string, read: (() => Promise<T>) | undefined): Promise<T | undefined> {
    if (read === undefined) return undefined;
    try {
      return await read();
    } catch (err) {
      // Not fatal: the change is sent anyway and its own reply (or timeout) is the news.
      this.log.debug({ what, err: err instanceof Error ? err.message : String(err) }, 'could not read the current value first');
      return undefined;
    }
  }

  /** A power change the panel already reports is not sent: a start-class scene stays quick. */
  private async setPower(on: boolean): Promise<void> {
    const command = `power ${on ? 'on' : 'off'}`;
    const ops = this.opsOrThrow();
    const now = await this.peek('power', ops.readPower?.bind(ops));
    if (now !== undefined && (on ? now === 'on' : now === 'off' || now === 'standby')) {
      this.update({ power: this.shownPower(now) });
      this.log.info({ command, power: now }, 'the panel already reports it; nothing sent');
      return;
    }
    await this.command(() => ops.setPower(on));
    this.warmUntil = on ? Date.now() + this.warmupMs() : 0;
    this.log.info({ command }, 'command done');
    const after = await this.peek('power', ops.readPower?.bind(ops));
    if (after === undefined) await this.refresh();
    else this.update({ power: this.shownPower(after) });
  }

  private async setVolume(level: number): Promise<void> {
    if (!Number.isInteger(level) || level < 0 || level > 100) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'volume', detail: `${String(level)} is not a whole number from 0 to 100` });
    }
    await this.run(`volume ${level}`, (ops) => ops.setVolume(level), { volume: level });
  }

  /**
   * The technician page's byte console: `bytes` as typed, and the first whole frame the panel
   * sends back. Goes through the request queue, so it never interleaves with a poll.
   */
  rawExchange(bytes: Buffer, timeoutMs: number): Promise<Buffer> {
    const channel = this.channel;
    if (channel === undefined) return Promise.reject(new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not started' }));
    return channel.queue.request({ command: 'raw bytes', bytes, awaited: 'any reply', match: (frame) => frame, timeoutMs });
  }

  private async selectInput(name: string): Promise<void> {
    const key = name.toLowerCase();
    const code = this.inputs().get(key);
    if (code === undefined) throw new ScError('SC_ERR_DISPLAY_INPUT_UNKNOWN', { device: this.id, input: name, known: [...this.inputs().keys()].join(', ') });
    // A panel that is still warming up ignores or refuses input changes: wait, then retry on NAK.
    const wait = this.warmUntil - Date.now();
    if (wait > 0) {
      this.log.info({ waitMs: wait }, 'panel warming up; input change waits');
      await new Promise((r) => setTimeout(r, wait));
    }
    const ops = this.opsOrThrow();
    if (ops.readInput !== undefined && this.current.power !== 'off' && this.current.power !== 'standby') {
      const now = await this.peek('input', ops.readInput.bind(ops));
      if (now === key) {
        this.update({ input: key });
        this.log.info({ command: `input ${key}` }, 'the panel is already on this input; nothing sent');
        return;
      }
    }
    const retryMs = Number(this.option('warmupRetryMs') ?? 1000);
    const retryUntil = Date.now() + Math.max(this.warmupMs(), retryMs);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.command(() => ops.setInput(key, code));
        this.log.info({ command: `input ${key}` }, 'command done');
        const after = ops.setsConfirm === true ? key : await this.peek('input', ops.readInput?.bind(ops));
        if (after === undefined) await this.refresh();
        else this.update({ input: after });
        return;
      } catch (err) {
        if (!isScError(err, 'SC_ERR_DEVICE_NAK') || this.warmupMs() === 0 || Date.now() + retryMs > retryUntil) throw err;
        this.log.info({ attempt, err: err.message }, 'input refused, retrying while the panel warms up');
        await new Promise((r) => setTimeout(r, retryMs));
      }
    }
  }
}
