import { Type } from '@sinclair/typebox';
import { NodeHIDDevice, XKeys } from 'xkeys';
import { ScError, messageOf } from '../../core/errors/index.js';
import { withTimeout } from '../../core/with-timeout.js';
import type { HidDevice } from '../../transports/hid/device.js';
import { replyTimeout } from '../../transports/timeouts.js';
import type { HidDeviceInfo } from '../../transports/hid/types.js';
import type { Capability, HealthReport, KeyLight, KeypadCapability } from '../capabilities.js';
import type { DriverContext, DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { HidDriverBase } from './base.js';
import { keypadCtl } from './keypad-ctl.js';

/**
 * P.I. Engineering X-keys through SuperFlyTV's `xkeys` (product table, report decoding,
 * backlight commands). Keys are numbered as the library numbers them: 1..N column by column,
 * 0 = the program switch. Backlights are blue/red on legacy panels (a red colour lights the
 * red LED) and full RGB on RGB panels.
 */
export class XkeysDriver extends HidDriverBase {
  readonly driver = 'xkeys';
  readonly capabilities: readonly Capability[] = ['keypad', 'health'];
  private panel: XKeys | undefined;
  private readonly lights = new Map<number, KeyLight>();
  private facts: HealthReport = { reachable: false };

  private readonly keypadCap = {
    keyCount: 0,
    setLight: (key: number, light: KeyLight) => this.command(() => this.show(key, light)),
  };

  get keypad(): KeypadCapability {
    return this.keypadCap;
  }

  readonly health = {
    check: async (): Promise<HealthReport> => ({ ...this.facts, reachable: this.panel !== undefined }),
  };

  protected pick(candidates: HidDeviceInfo[]): HidDeviceInfo | undefined {
    return candidates.find((c) => XKeys.filterDevice({ product: c.product, interface: c.interface, vendorId: c.vendorId, productId: c.productId }) !== null);
  }

  protected async attach(device: HidDevice, info: HidDeviceInfo): Promise<Partial<DeviceState>> {
    const panel = new XKeys(new NodeHIDDevice(device), { product: info.product, vendorId: info.vendorId, productId: info.productId, interface: info.interface }, info.path);
    // XKeys is an EventEmitter: an unhandled `error` would throw, so one is always attached.
    panel.on('error', (err: unknown) => this.log.warn({ err: messageOf(err) }, 'X-keys error'));
    panel.on('down', (key) => this.emitEvent('key-down', { key }));
    panel.on('up', (key) => this.emitEvent('key-up', { key }));
    const ms = this.ctx.timeoutMs;
    const awaited = 'the firmware-version and generate-data reports';
    try {
      await withTimeout(panel.init(), { ms, awaited, error: () => replyTimeout('hid', { device: this.id, command: 'X-keys init (00 D6, 00 B1)', ms, awaited }) });
    } catch (err) {
      panel.removeAllListeners();
      throw err;
    }
    this.panel = panel;
    const i = panel.info;
    this.keypadCap.keyCount = i.colCount * i.rowCount;
    this.facts = { reachable: true, model: i.name, firmware: String(i.firmwareVersion), extra: { unitId: i.unitId, keys: this.keypadCap.keyCount } };
    for (const [key, light] of this.lights) this.paint(key, light);
    await panel.flush();
    return { model: i.name, firmware: String(i.firmwareVersion) };
  }

  protected async detach(): Promise<void> {
    const panel = this.panel;
    this.panel = undefined;
    // The HID device is closed by the base; XKeys.close() would close it a second time.
    panel?.removeAllListeners();
    panel?.on('error', () => undefined);
  }

  protected async probe(): Promise<Partial<DeviceState>> {
    this.requireDevice();
    return {};
  }

  private requirePanel(): XKeys {
    this.requireDevice();
    if (this.panel === undefined) throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not opened yet' });
    return this.panel;
  }

  private async show(key: number, light: KeyLight): Promise<void> {
    if (!Number.isInteger(key) || key < 1 || (this.keypadCap.keyCount > 0 && key > this.keypadCap.keyCount)) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'key', detail: `key ${String(key)} is not 1-${String(this.keypadCap.keyCount)}` });
    }
    this.lights.set(key, light);
    const panel = this.requirePanel();
    this.paint(key, light);
    await panel.flush();
  }

  private paint(key: number, light: KeyLight): void {
    const panel = this.requirePanel();
    if ('off' in light) panel.setBacklight(key, false);
    else if ('on' in light) panel.setBacklight(key, light.on);
    else panel.setBacklight(key, light.color);
  }
}

export const xkeysDescriptor: DriverDescriptor = {
  name: 'xkeys',
  description: 'P.I. Engineering X-keys keypads (every model the xkeys library knows) with key backlights',
  capabilities: ['keypad', 'health'],
  targets: ['hid'],
  optionsSchema: Type.Object({}, { additionalProperties: false }),
  defaultPollIntervalMs: 5000,
  defaultTimeoutMs: 2000,
  create: (ctx: DriverContext) => new XkeysDriver(ctx),
  ctl: { light: keypadCtl.light!, listen: keypadCtl.listen!, status: keypadCtl.status! },
};
