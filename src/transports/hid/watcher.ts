import type { Logger } from 'pino';
import { EventBus } from '../../core/event-bus.js';
import { messageOf } from '../../core/errors/index.js';
import { hex4, type HidBackend, type HidDeviceInfo } from './types.js';

export interface HidWatcherEvents extends Record<string, unknown> {
  attached: HidDeviceInfo;
  detached: HidDeviceInfo;
}

export interface HidWatcherOptions {
  backend: HidBackend;
  log: Logger;
  intervalMs: number;
  /** Only devices this accepts are reported (e.g. one vendor:product). */
  filter?: (info: HidDeviceInfo) => boolean;
}

/** A stable key for one HID interface: the OS path, or the ids when there is no path. */
export function hidKey(info: HidDeviceInfo): string {
  return info.path ?? `${hex4(info.vendorId)}:${hex4(info.productId)}:${info.serialNumber ?? ''}:${String(info.interface)}`;
}

/**
 * Hot-plug by periodic enumeration. libusb hot-plug events do not reach hidraw on every
 * kernel and need another native module; enumerating every second or two costs little and
 * notices plug, unplug and replug the same way on every platform node-hid supports.
 */
export class HidWatcher {
  readonly events: EventBus<HidWatcherEvents>;
  private known = new Map<string, HidDeviceInfo>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private scanning: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly options: HidWatcherOptions) {
    this.events = new EventBus<HidWatcherEvents>(options.log);
  }

  /** Enumerates once (reporting what is already plugged in as `attached`), then keeps watching. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.scan();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.scanning;
    this.events.clear();
    this.known.clear();
  }

  /** What was present at the last enumeration. */
  present(): HidDeviceInfo[] {
    return [...this.known.values()];
  }

  /** Enumerate now (tests and callers that just saw an error use this instead of waiting). */
  scan(): Promise<void> {
    this.scanning ??= this.enumerate().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.scan().finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref?.();
  }

  private async enumerate(): Promise<void> {
    let list: HidDeviceInfo[];
    try {
      list = await this.options.backend.devices();
      this.failures = 0;
    } catch (err) {
      // One failed enumeration (a hub resetting) is not an unplug: keep the last picture.
      this.failures += 1;
      if (this.failures === 1) this.options.log.warn({ err: messageOf(err) }, 'HID enumeration failed');
      return;
    }
    if (!this.running && this.known.size > 0) return;
    const filter = this.options.filter ?? (() => true);
    const next = new Map<string, HidDeviceInfo>();
    for (const info of list) if (filter(info)) next.set(hidKey(info), info);
    const previous = this.known;
    this.known = next;
    for (const [key, info] of previous) if (!next.has(key)) this.events.emit('detached', info);
    for (const [key, info] of next) if (!previous.has(key)) this.events.emit('attached', info);
  }
}
