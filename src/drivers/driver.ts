import type { TSchema } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { EventBus } from '../core/event-bus.js';
import { isScError, messageOf, toScError } from '../core/errors/index.js';
import type { HidBackend } from '../transports/hid/types.js';
import type { Target } from '../transports/target.js';
import type {
  Capability,
  DeviceEvent,
  HealthCapability,
  InputCapability,
  KeypadCapability,
  PowerCapability,
  PresetsCapability,
  PtzCapability,
  RecorderCapability,
  RelayCapability,
  StreamCapability,
  VolumeCapability,
} from './capabilities.js';
import { sameState, type DeviceState } from './state.js';

export type DriverOptions = Readonly<Record<string, string | number | boolean>>;

/** Everything a driver is given, in one typed object. */
export interface DriverContext {
  /** The device id in the room config (or the target, for `classroom ctl`). */
  id: string;
  target: Target;
  options: DriverOptions;
  log: Logger;
  pollIntervalMs: number;
  timeoutMs: number;
  username?: string;
  password?: string;
  /** The device profile (devices/*.yaml) when the config names one, already validated. */
  profile?: Readonly<Record<string, unknown>>;
  /** Where USB HID devices come from; node-hid when absent (tests pass a fake backend). */
  hid?: HidBackend;
}

export interface DriverEvents extends Record<string, unknown> {
  state: DeviceState;
  event: DeviceEvent;
}

/** A running device. Capabilities are present exactly when declared in `capabilities`. */
export interface Driver {
  readonly id: string;
  readonly driver: string;
  readonly capabilities: readonly Capability[];
  readonly events: EventBus<DriverEvents>;
  state(): DeviceState;
  start(): Promise<void>;
  stop(): Promise<void>;
  power?: PowerCapability;
  input?: InputCapability;
  volume?: VolumeCapability;
  ptz?: PtzCapability;
  presets?: PresetsCapability;
  stream?: StreamCapability;
  recorder?: RecorderCapability;
  keypad?: KeypadCapability;
  relay?: RelayCapability;
  health?: HealthCapability;
}

/** A `classroom ctl` action of a driver: parses its words and runs them on a started driver. */
export interface CtlAction {
  usage: string;
  run(driver: Driver, args: readonly string[], options?: CtlRunOptions): Promise<unknown>;
}

/** Options of `classroom ctl` that some actions read (e.g. how long `events` watches). */
export interface CtlRunOptions {
  seconds?: number;
}

/** How the registry, the config checker and `classroom ctl` know a driver. */
export interface DriverDescriptor {
  name: string;
  description: string;
  capabilities: readonly Capability[];
  /** Which target kinds the driver accepts. */
  targets: readonly Target['kind'][];
  /** TypeBox schema of `options` (config) and `--set key=value` (ctl). */
  optionsSchema: TSchema;
  defaultPollIntervalMs: number;
  defaultTimeoutMs: number;
  create(ctx: DriverContext): Driver;
  ctl: Readonly<Record<string, CtlAction>>;
}

/**
 * Shared lifecycle for drivers: a poll loop that reads state back from the device, status
 * `online`/`offline` (offline at the first failed poll, so within two poll intervals), and
 * `state` events only when something changed. The constructor only stores the context;
 * `stop()` removes every timer and listener it made.
 */
export abstract class BaseDriver implements Driver {
  abstract readonly driver: string;
  abstract readonly capabilities: readonly Capability[];
  readonly events: EventBus<DriverEvents>;
  protected current: DeviceState = { status: 'starting' };
  private pollTimer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> | undefined;

  constructor(protected readonly ctx: DriverContext) {
    this.events = new EventBus<DriverEvents>(ctx.log);
  }

  get id(): string {
    return this.ctx.id;
  }

  protected get log(): Logger {
    return this.ctx.log;
  }

  state(): DeviceState {
    return { ...this.current };
  }

  /** Open the link. Failure here is not fatal: the device is offline and polling retries. */
  protected abstract connect(): Promise<void>;
  protected abstract disconnect(): Promise<void>;
  /** Read the device's state; throw when it does not answer. */
  protected abstract poll(): Promise<Partial<DeviceState>>;

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.connect();
    } catch (err) {
      this.markOffline(err);
    }
    await this.pollOnce();
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    await this.polling?.catch(() => undefined);
    await this.disconnect();
    this.events.clear();
  }

  /** Poll now (after a command, or when a caller wants fresh state). */
  async refresh(): Promise<DeviceState> {
    await this.pollOnce();
    return this.state();
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      void this.pollOnce().finally(() => this.schedulePoll());
    }, this.ctx.pollIntervalMs);
    this.pollTimer.unref?.();
  }

  private pollOnce(): Promise<void> {
    // Never two polls at once: a slow device must not pile up requests.
    this.polling ??= (async () => {
      const started = Date.now();
      try {
        const partial = await this.poll();
        this.update({ ...partial, status: partial.status ?? 'online', latencyMs: Date.now() - started, reason: undefined });
      } catch (err) {
        this.markOffline(err);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /** Merges new facts into the state and emits `state` when anything changed. */
  protected update(partial: Partial<DeviceState>): void {
    const next: DeviceState = { ...this.current, ...partial };
    for (const key of Object.keys(next) as (keyof DeviceState)[]) if (next[key] === undefined) delete next[key];
    if (sameState(this.current, next)) return;
    const wasOffline = this.current.status === 'offline';
    this.current = next;
    this.events.emit('state', this.state());
    if (wasOffline && next.status === 'online') this.emitEvent('device-online');
  }

  protected markOffline(err: unknown): void {
    const error = toScError(err);
    const wasOffline = this.current.status === 'offline';
    this.update({ status: 'offline', reason: error.message, lastError: { code: error.code, message: error.message, at: Date.now() } });
    if (!wasOffline) {
      this.log.warn({ code: error.code, err: messageOf(err) }, 'device offline');
      this.emitEvent('device-offline', { reason: error.message });
    }
  }

  /** Records a refused command (NAK, E13, SOAP fault) without marking the link dead. */
  protected recordError(err: unknown): void {
    const error = toScError(err);
    this.update({ lastError: { code: error.code, message: error.message, at: Date.now() } });
  }

  /**
   * Runs one command: a refused command is recorded and rethrown; a dead link also marks the
   * device offline. Successful commands mark it online again.
   */
  protected async command<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      if (this.current.status === 'offline') this.update({ status: 'online', reason: undefined });
      return result;
    } catch (err) {
      if (isScError(err) && LINK_FAILURES.has(err.code)) this.markOffline(err);
      else this.recordError(err);
      throw err;
    }
  }

  protected emitEvent(type: DeviceEvent['type'], data?: DeviceEvent['data']): void {
    this.events.emit('event', { type, device: this.id, ts: Date.now(), ...(data === undefined ? {} : { data }) });
  }
}

const LINK_FAILURES = new Set<string>(['SC_ERR_SERIAL_TIMEOUT', 'SC_ERR_SERIAL_OPEN', 'SC_ERR_TCP_CONNECT', 'SC_ERR_LINK_DOWN', 'SC_ERR_LINK_CLOSED', 'SC_ERR_TIMEOUT']);
