import type { TSchema } from '@sinclair/typebox';
import type { Logger } from 'pino';
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { EventBus } from '../core/event-bus.js';
import { messageOf, toScError, type ScError } from '../core/errors/index.js';
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
import { LoginBackoff, formatDelay, type LoginBackoffSettings } from './login-backoff.js';
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
  /** Time and timers of the poll loop and the login backoff; the system clock when absent. */
  clock?: Clock;
  /** How long to wait after the device refuses the credentials (DEFAULT_LOGIN_BACKOFF when absent). */
  loginBackoff?: LoginBackoffSettings;
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
 *
 * What a failure does follows the error's catalog `kind`: `link` marks the device offline;
 * `credentials` marks it offline and holds every further login (polls and commands) for a
 * backoff that grows to several minutes, because a device asked again and again with a wrong
 * password may lock the account; anything else is recorded and the device stays as it was.
 */
export abstract class BaseDriver implements Driver {
  abstract readonly driver: string;
  abstract readonly capabilities: readonly Capability[];
  readonly events: EventBus<DriverEvents>;
  protected current: DeviceState = { status: 'starting' };
  private pollTimer: TimerHandle | undefined;
  private running = false;
  private polling: Promise<void> | undefined;
  protected readonly clock: Clock;
  private readonly logins: LoginBackoff;

  constructor(protected readonly ctx: DriverContext) {
    this.events = new EventBus<DriverEvents>(ctx.log);
    this.clock = ctx.clock ?? systemClock;
    this.logins = new LoginBackoff(ctx.loginBackoff);
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
      this.failed(err);
    }
    await this.pollOnce();
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pollTimer?.cancel();
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

  /** The login hold after refused credentials, as the driver reports it (undefined: none). */
  loginHold(): { refusals: number; retryInMs: number } | undefined {
    return this.logins.hold(this.clock.now());
  }

  private schedulePoll(): void {
    if (!this.running) return;
    const hold = this.logins.hold(this.clock.now());
    const delay = Math.max(this.ctx.pollIntervalMs, hold?.retryInMs ?? 0);
    this.pollTimer = this.clock.after(delay, () => {
      void this.pollOnce().finally(() => this.schedulePoll());
    });
  }

  private pollOnce(): Promise<void> {
    // While the device refuses our credentials, no poll asks it again before the hold ends.
    if (this.logins.hold(this.clock.now()) !== undefined) return Promise.resolve();
    // Never two polls at once: a slow device must not pile up requests.
    this.polling ??= (async () => {
      const started = Date.now();
      try {
        const partial = await this.poll();
        this.logins.accepted();
        this.update({ ...partial, status: partial.status ?? 'online', latencyMs: Date.now() - started, reason: undefined });
      } catch (err) {
        this.failed(err);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /** A failed connect or poll: offline, and held back from logging in again after refused credentials. */
  private failed(err: unknown): void {
    const error = toScError(err);
    if (error.kind === 'credentials') this.refused(error);
    else this.markOffline(error);
  }

  private refused(error: ScError): void {
    const { refusals, delayMs } = this.logins.refused(error, this.clock.now());
    this.log.warn({ code: error.code, refusals, retryInMs: delayMs }, 'device refused the credentials; holding further logins');
    this.markOffline(error, `${error.message}; next login attempt in ${formatDelay(delayMs)} (refused ${refusals} time${refusals === 1 ? '' : 's'} in a row)`);
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

  protected markOffline(err: unknown, reason?: string): void {
    const error = toScError(err);
    const wasOffline = this.current.status === 'offline';
    this.update({ status: 'offline', reason: reason ?? error.message, lastError: { code: error.code, message: error.message, at: Date.now() } });
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
   * device offline. Successful commands mark it online again. While a login hold runs the
   * device is not asked at all: the command fails at once with the refusal that caused it.
   */
  protected async command<T>(fn: () => Promise<T>): Promise<T> {
    const held = this.logins.heldError(this.clock.now());
    if (held !== undefined) throw held;
    try {
      const result = await fn();
      this.logins.accepted();
      if (this.current.status === 'offline') this.update({ status: 'online', reason: undefined });
      return result;
    } catch (err) {
      const error = toScError(err);
      if (error.kind === 'credentials') this.refused(error);
      else if (error.kind === 'link') this.markOffline(error);
      else this.recordError(error);
      throw err;
    }
  }

  protected emitEvent(type: DeviceEvent['type'], data?: DeviceEvent['data']): void {
    this.events.emit('event', { type, device: this.id, ts: Date.now(), ...(data === undefined ? {} : { data }) });
  }
}
