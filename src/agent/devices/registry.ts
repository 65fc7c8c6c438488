import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import { waitAtMost } from '../../core/with-timeout.js';
import { ScError, messageOf, toScError } from '../../core/errors/index.js';
import type { DeviceInfo } from '../../contract/device-state.js';
import type { Driver } from '../../drivers/driver.js';
import type { DeviceState } from '../../drivers/state.js';
import type { RoomEvents } from '../events.js';
import { notStarted, type DevicePlan } from './build.js';

export type { DeviceInfo };

export interface DeviceRegistryContext {
  plans: readonly DevicePlan[];
  bus: EventBus<RoomEvents>;
  log: Logger;
  /** A device whose start takes longer is left to come up by itself; the agent goes on. */
  startTimeoutMs: number;
  stopTimeoutMs: number;
}

interface Entry {
  plan: DevicePlan;
  state: DeviceState;
  off: (() => void)[];
}

/**
 * The live state of every device, as the devices report it (the drivers read it back), and
 * the room bus events when it changes. A device without a driver, or whose start failed,
 * is `offline` with the reason; the others are unaffected.
 */
export class DeviceRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ctx: DeviceRegistryContext) {}

  async start(): Promise<void> {
    for (const plan of this.ctx.plans) {
      const reason = plan.error?.message ?? (plan.driver === undefined ? 'no driver' : undefined);
      const state: DeviceState =
        plan.driver === undefined
          ? { status: 'offline', reason: reason ?? 'no driver', ...(plan.error === undefined ? {} : { lastError: { code: plan.error.code, message: plan.error.message, at: Date.now() } }) }
          : plan.driver.state();
      this.entries.set(plan.config.id, { plan, state, off: [] });
    }
    await Promise.all([...this.entries.values()].map((e) => this.startOne(e)));
  }

  private async startOne(entry: Entry): Promise<void> {
    const driver = entry.plan.driver;
    if (driver === undefined) {
      this.ctx.log.warn({ device: entry.plan.config.id, reason: entry.state.reason }, 'device has no driver; offline');
      return;
    }
    entry.off.push(
      driver.events.on('state', (state) => this.setState(entry, state)),
      driver.events.on('event', (event) => this.ctx.bus.emit('device-event', event)),
    );
    try {
      const outcome = await waitAtMost(driver.start(), this.ctx.startTimeoutMs);
      if (!outcome.done) this.ctx.log.warn({ device: driver.id, ms: this.ctx.startTimeoutMs }, 'device still starting; going on without it');
    } catch (err) {
      // Drivers are meant to treat a failed first connect as offline; one that throws is offline too.
      const error = toScError(err);
      this.setState(entry, { ...driver.state(), status: 'offline', reason: error.message, lastError: { code: error.code, message: error.message, at: Date.now() } });
    }
    this.setState(entry, driver.state());
  }

  private setState(entry: Entry, state: DeviceState): void {
    const previous = entry.state;
    entry.state = { ...state };
    if (JSON.stringify(previous) === JSON.stringify(entry.state)) return;
    this.ctx.bus.emit('device-state', { device: entry.plan.config.id, state: { ...entry.state }, previous, ts: Date.now() });
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].map(async (entry) => {
        for (const off of entry.off.splice(0)) off();
        const driver = entry.plan.driver;
        if (driver === undefined) return;
        try {
          const stopped = await waitAtMost(driver.stop(), this.ctx.stopTimeoutMs);
          if (!stopped.done) this.ctx.log.warn({ device: driver.id, ms: this.ctx.stopTimeoutMs }, 'device did not stop in time; going on without it');
        } catch (err) {
          this.ctx.log.warn({ device: driver.id, err: messageOf(err) }, 'device did not stop cleanly');
        }
      }),
    );
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  info(id: string): DeviceInfo {
    const entry = this.entry(id);
    const { config, descriptor, driver } = entry.plan;
    return {
      id,
      ...(config.name === undefined ? {} : { name: config.name }),
      ...(config.names === undefined ? {} : { names: { ...config.names } as Record<string, string> }),
      driver: config.driver,
      capabilities: [...(driver?.capabilities ?? descriptor?.capabilities ?? [])],
      state: { ...entry.state },
    };
  }

  list(): DeviceInfo[] {
    return this.ids().map((id) => this.info(id));
  }

  /** The running driver, or the coded reason it is not there. */
  driver(id: string): Driver {
    const entry = this.entry(id);
    if (entry.plan.driver === undefined) throw notStarted(id, entry.state.reason ?? 'no driver');
    return entry.plan.driver;
  }

  plan(id: string): DevicePlan {
    return this.entry(id).plan;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (entry === undefined) throw new ScError('SC_ERR_AGENT_DEVICE_UNKNOWN', { device: id, known: this.ids().join(', ') || '(none)' });
    return entry;
  }
}
