import { Type } from '@sinclair/typebox';
import { ScError } from '../../core/errors/index.js';
import type { HidDevice } from '../../transports/hid/device.js';
import type { HidDeviceInfo } from '../../transports/hid/types.js';
import type { Capability, HealthReport, RelayCapability } from '../capabilities.js';
import type { Driver, DriverContext, DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { HidDriverBase } from './base.js';
import { RELAY_REPORT_LENGTH, decodeRelayReport, encodeRelayAll, encodeRelaySet, relayChannelsFromProduct } from './relay-protocol.js';

/**
 * A USB HID relay board: an ON AIR lamp that follows the recorder, a screen lift, a door
 * light. The board never acknowledges a command, so every change is read back from it.
 */
export class HidRelayDriver extends HidDriverBase {
  readonly driver = 'hid-relay';
  readonly capabilities: readonly Capability[] = ['relay', 'health'];
  private boardSerial = '';

  private readonly relayCap = {
    channels: 0,
    set: (channel: number, on: boolean) => this.command(() => this.set(channel, on)),
    query: () => this.command(() => this.read()),
  };

  readonly health = {
    check: (): Promise<HealthReport> => this.command(() => this.check()),
  };

  get relay(): RelayCapability {
    return this.relayCap;
  }

  protected pick(candidates: HidDeviceInfo[]): HidDeviceInfo | undefined {
    const forced = this.ctx.options.channels;
    return candidates.find((c) => typeof forced === 'number' || relayChannelsFromProduct(c.product) !== undefined);
  }

  protected async attach(_device: HidDevice, info: HidDeviceInfo): Promise<Partial<DeviceState>> {
    const forced = this.ctx.options.channels;
    this.relayCap.channels = typeof forced === 'number' ? forced : (relayChannelsFromProduct(info.product) ?? 1);
    const states = await this.read();
    return { relays: states, model: `${info.product ?? 'USB relay'} serial ${this.boardSerial}` };
  }

  protected async detach(): Promise<void> {}

  protected async probe(): Promise<Partial<DeviceState>> {
    return { relays: await this.read() };
  }

  private async read(): Promise<boolean[]> {
    const device = this.requireDevice();
    const buf = await device.getFeatureReport(0, RELAY_REPORT_LENGTH);
    const decoded = decodeRelayReport(buf, this.relayCap.channels);
    if (decoded === undefined) {
      throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: this.id, command: 'get feature report 0', detail: `${String(buf.length)} bytes: ${buf.toString('hex')}` });
    }
    this.boardSerial = decoded.serial;
    this.update({ relays: decoded.states });
    return decoded.states;
  }

  private async set(channel: number, on: boolean): Promise<void> {
    const device = this.requireDevice();
    if (!Number.isInteger(channel) || channel < 1 || channel > this.relayCap.channels) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'relay', detail: `channel ${String(channel)} is not 1-${String(this.relayCap.channels)}` });
    }
    await device.sendFeatureReport(encodeRelaySet(channel, on));
    const states = await this.read();
    if (states[channel - 1] !== on) {
      throw new ScError('SC_ERR_DEVICE_NAK', { device: this.id, command: `relay ${String(channel)} ${on ? 'on' : 'off'}`, reason: `read back ${on ? 'off' : 'on'}` });
    }
  }

  async setAll(on: boolean): Promise<boolean[]> {
    return this.command(async () => {
      await this.requireDevice().sendFeatureReport(encodeRelayAll(on));
      return this.read();
    });
  }

  private async check(): Promise<HealthReport> {
    const started = Date.now();
    await this.read();
    return { reachable: true, latencyMs: Date.now() - started, model: this.deviceInfo?.product ?? 'USB relay', serial: this.boardSerial };
  }
}

function asRelay(driver: Driver): HidRelayDriver {
  if (!(driver instanceof HidRelayDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: 'hid-relay ctl on another driver' });
  return driver;
}

function onOff(word: string | undefined): boolean {
  if (word === 'on' || word === '1' || word === 'true') return true;
  if (word === 'off' || word === '0' || word === 'false') return false;
  throw new ScError('SC_ERR_USAGE', { detail: `expected on or off, not "${String(word)}"` });
}

function relayTable(states: boolean[]): Record<string, string> {
  return Object.fromEntries(states.map((on, i) => [`relay ${String(i + 1)}`, on ? 'on' : 'off']));
}

export const hidRelayDescriptor: DriverDescriptor = {
  name: 'hid-relay',
  description: 'USB HID relay boards (16c0:05df "USBRelayN"): ON AIR lamps, screen lifts, door lights',
  capabilities: ['relay', 'health'],
  targets: ['hid'],
  optionsSchema: Type.Object(
    {
      channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 8, description: 'relay count, when the product string does not say (USBRelayN)' })),
    },
    { additionalProperties: false },
  ),
  defaultPollIntervalMs: 5000,
  defaultTimeoutMs: 1000,
  create: (ctx: DriverContext) => new HidRelayDriver(ctx),
  ctl: {
    relay: {
      usage: '[<channel>|all on|off]',
      async run(driver, args) {
        const d = asRelay(driver);
        const [which, state] = args;
        if (which === undefined) return relayTable(await d.relay.query());
        if (which === 'all') return relayTable(await d.setAll(onOff(state)));
        const channel = Number(which);
        if (!Number.isInteger(channel)) throw new ScError('SC_ERR_USAGE', { detail: `relay channel must be a number or "all", not "${which}"` });
        if (state === undefined) {
          const states = await d.relay.query();
          return { [`relay ${which}`]: states[channel - 1] === true ? 'on' : 'off' };
        }
        await d.relay.set(channel, onOff(state));
        return relayTable(await d.relay.query());
      },
    },
    status: {
      usage: '',
      async run(driver) {
        const d = asRelay(driver);
        const health = await d.health.check();
        return { ...health, ...relayTable(await d.relay.query()) };
      },
    },
  },
};
