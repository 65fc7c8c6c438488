import { ScError, messageOf, toScError } from '../../core/errors/index.js';
import type { HidDevice } from '../../transports/hid/device.js';
import { NodeHidBackend } from '../../transports/hid/node-hid-backend.js';
import { findTargetDevices, matchesTarget } from '../../transports/hid/match.js';
import { openHidDevice } from '../../transports/hid/open.js';
import { hex4, type HidBackend, type HidDeviceInfo } from '../../transports/hid/types.js';
import { HidWatcher } from '../../transports/hid/watcher.js';
import type { Target } from '../../transports/target.js';
import { BaseDriver, type DriverContext } from '../driver.js';
import type { DeviceState } from '../state.js';

type HidTarget = Extract<Target, { kind: 'hid' }>;

/** How often the bus is enumerated for plug and unplug, at most. */
const MAX_SCAN_INTERVAL_MS = 2000;

/**
 * Lifecycle shared by every HID driver: find the target's interface, open it through the
 * transport (permission problems become SC_ERR_HID_PERMISSION with the udev rule), notice
 * unplug (read error or gone from enumeration) and replug (back in enumeration) without a
 * restart, and hand the open device to the model-specific part.
 */
export abstract class HidDriverBase extends BaseDriver {
  protected device: HidDevice | undefined;
  protected deviceInfo: HidDeviceInfo | undefined;
  private watcher: HidWatcher | undefined;
  private opening: Promise<void> | undefined;
  private openError: ScError | undefined;
  private readonly backend: HidBackend;

  constructor(ctx: DriverContext) {
    super(ctx);
    this.backend = ctx.hid ?? new NodeHidBackend();
  }

  protected get target(): HidTarget {
    if (this.ctx.target.kind !== 'hid') throw new ScError('SC_ERR_TARGET_INVALID', { target: this.ctx.target.text, reason: `${this.driver} needs a hid:vvvv:pppp target` });
    return this.ctx.target;
  }

  /** Which of the target's interfaces this driver runs (a Stream Deck exposes one, some boards several). */
  protected abstract pick(candidates: HidDeviceInfo[]): HidDeviceInfo | undefined;
  /** Set the model up on a freshly opened device (library objects, listeners, restoring lights). */
  protected abstract attach(device: HidDevice, info: HidDeviceInfo): Promise<Partial<DeviceState>>;
  /** Drop the model's objects; the device itself is closed by the base. */
  protected abstract detach(): Promise<void>;
  /** Cheap check while open: read state back where the device allows it. */
  protected abstract probe(): Promise<Partial<DeviceState>>;

  protected async connect(): Promise<void> {
    const target = this.target;
    this.watcher = new HidWatcher({
      backend: this.backend,
      log: this.log,
      intervalMs: Math.min(this.ctx.pollIntervalMs, MAX_SCAN_INTERVAL_MS),
      filter: (info) => matchesTarget(target, info),
    });
    this.watcher.events.on('detached', (info) => {
      if (this.deviceInfo !== undefined && info.path === this.deviceInfo.path) void this.lose('unplugged (gone from the USB bus)');
    });
    this.watcher.events.on('attached', () => {
      if (this.device === undefined) void this.ensureOpen().catch((err: unknown) => this.markOffline(err));
    });
    await this.watcher.start();
    await this.ensureOpen();
  }

  protected async disconnect(): Promise<void> {
    await this.watcher?.stop();
    this.watcher = undefined;
    await this.opening?.catch(() => undefined);
    await this.closeDevice();
  }

  protected async poll(): Promise<Partial<DeviceState>> {
    if (this.device === undefined || this.device.isClosed) await this.ensureOpen();
    return this.probe();
  }

  /** The open device, or the error saying why there is none. */
  protected requireDevice(): HidDevice {
    const d = this.device;
    if (d === undefined || d.isClosed) {
      // The reason it could not be opened (permission, not plugged in) says more than "offline".
      if (this.openError !== undefined) throw this.openError;
      throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: this.current.reason ?? 'not connected' });
    }
    return d;
  }

  protected ensureOpen(): Promise<void> {
    this.opening ??= this.open()
      .then(
        () => {
          this.openError = undefined;
        },
        (err: unknown) => {
          this.openError = toScError(err);
          throw err;
        },
      )
      .finally(() => {
        this.opening = undefined;
      });
    return this.opening;
  }

  private async open(): Promise<void> {
    if (this.device !== undefined && !this.device.isClosed) return;
    const target = this.target;
    const list = findTargetDevices(target, await this.backend.devices());
    const info = this.pick(list);
    if (info === undefined) {
      if (list.length > 0) {
        throw new ScError('SC_ERR_HID_MODEL', { id: target.text, driver: this.driver, reason: `found ${describeList(list)} but none is a model this driver knows` });
      }
      throw new ScError('SC_ERR_HID_NOT_FOUND', { id: target.text });
    }
    const device = await openHidDevice({ backend: this.backend, info, name: this.id, log: this.log, timeoutMs: this.ctx.timeoutMs });
    device.once('gone', (reason: string) => void this.lose(`unplugged (${reason})`));
    this.device = device;
    this.deviceInfo = info;
    try {
      const facts = await this.attach(device, info);
      this.log.info({ path: info.path, product: info.product }, 'HID device opened');
      this.update({ ...facts, status: 'online', reason: undefined });
    } catch (err) {
      await this.closeDevice();
      throw err;
    }
  }

  /** The device went away: release it, go offline at once, and look for it on the bus again. */
  private async lose(reason: string): Promise<void> {
    if (this.device === undefined) return;
    await this.closeDevice();
    this.markOffline(new ScError('SC_ERR_LINK_DOWN', { device: this.id, target: this.target.text, reason }));
  }

  private async closeDevice(): Promise<void> {
    const d = this.device;
    this.device = undefined;
    this.deviceInfo = undefined;
    if (d === undefined) return;
    try {
      await this.detach();
    } catch (err) {
      this.log.debug({ err: messageOf(err) }, 'HID detach failed');
    }
    await d.close();
  }
}

function describeList(list: HidDeviceInfo[]): string {
  return list.map((i) => `${hex4(i.vendorId)}:${hex4(i.productId)} "${i.product ?? ''}" interface ${String(i.interface)}`).join(', ');
}
