import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../core/errors/index.js';
import { Mutex } from '../../core/mutex.js';
import { withTimeout } from '../../core/with-timeout.js';
import { replyTimeout } from '../timeouts.js';
import { describeHid, type HidDeviceInfo, type RawHidDevice } from './types.js';

/** hidapi's messages when the device went away under an open handle. */
const UNPLUGGED = /could not read|read error|disconnected|no such device|ENODEV|EIO|input\/output error/i;

export interface HidDeviceOptions {
  /** Label used in errors and logs (the device id in the room config). */
  name: string;
  log: Logger;
  /** Bound on one write or feature-report exchange. */
  timeoutMs: number;
}

/**
 * Our small device interface over one open HID device. It has node-hid's `HIDAsync` shape,
 * so the Stream Deck and X-keys libraries can run on it unchanged, and adds what a room
 * needs: one write queue for output and feature reports (a relay board must never see two
 * control transfers interleaved), a timeout on every exchange that names what it waited for,
 * typed errors, and a single `gone` event when the device is unplugged.
 */
export class HidDevice extends EventEmitter implements RawHidDevice {
  private readonly queue = new Mutex();
  private closed = false;
  private lost = false;
  private readonly onData = (data: Buffer): void => {
    this.emit('data', data);
  };
  private readonly onError = (err: unknown): void => this.handleError(err);

  constructor(
    private readonly raw: RawHidDevice,
    readonly info: HidDeviceInfo,
    private readonly options: HidDeviceOptions,
  ) {
    super();
    raw.on('error', this.onError);
    // node-hid starts its read thread when a `data` listener appears: attach only when ours does.
    this.on('newListener', (event: string) => {
      if (event === 'data' && this.listenerCount('data') === 0 && !this.closed) raw.on('data', this.onData);
    });
    this.on('removeListener', (event: string) => {
      if (event === 'data' && this.listenerCount('data') === 0) raw.removeListener('data', this.onData);
    });
  }

  get id(): string {
    return describeHid(this.info);
  }

  /** True once the device was closed or unplugged; every call then fails with SC_ERR_LINK_DOWN. */
  get isClosed(): boolean {
    return this.closed || this.lost;
  }

  write(values: number[] | Buffer): Promise<number> {
    return this.exchange(`output report ${hexHead(values)}`, 'the write to complete', () => this.raw.write(values));
  }

  sendFeatureReport(data: number[] | Buffer): Promise<number> {
    return this.exchange(`feature report ${hexHead(data)}`, 'the feature report to be accepted', () => this.raw.sendFeatureReport(data));
  }

  getFeatureReport(reportId: number, reportLength: number): Promise<Buffer> {
    return this.exchange(`get feature report ${String(reportId)}`, `${String(reportLength)} bytes of feature report ${String(reportId)}`, () =>
      this.raw.getFeatureReport(reportId, reportLength),
    );
  }

  getDeviceInfo(): Promise<HidDeviceInfo> {
    return Promise.resolve({ ...this.info });
  }

  read(timeOut?: number): Promise<Buffer | undefined> {
    return this.raw.read(timeOut);
  }

  pause(): void {
    this.raw.pause();
  }

  resume(): void {
    this.raw.resume();
  }

  setNonBlocking(noBlock: boolean): Promise<void> {
    return this.raw.setNonBlocking(noBlock);
  }

  /** Closes the handle and removes every listener this wrapper put on it. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.raw.removeListener('data', this.onData);
    try {
      await this.raw.close();
    } catch (err) {
      // An unplugged device cannot be closed cleanly; the handle is gone either way.
      this.options.log.debug({ err: messageOf(err) }, 'HID close failed');
    } finally {
      this.raw.removeListener('error', this.onError);
      this.removeAllListeners();
    }
  }

  private handleError(err: unknown): void {
    if (this.closed) return;
    const text = messageOf(err);
    if (UNPLUGGED.test(text) && !this.lost) {
      this.lost = true;
      this.options.log.warn({ err: text }, 'HID device unplugged');
      this.emit('gone', text);
    }
    // EventEmitter throws on an `error` nobody listens to: only forward when someone does.
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  private exchange<T>(command: string, awaited: string, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      if (this.isClosed) throw this.downError(this.lost ? 'unplugged' : 'closed');
      const { name: device, timeoutMs: ms } = this.options;
      try {
        return await withTimeout(fn(), { ms, awaited, error: () => replyTimeout('hid', { device, command, ms, awaited }) });
      } catch (err) {
        if (err instanceof ScError) throw err;
        // A failed control transfer or write on HID means the device went away or hung.
        const text = messageOf(err);
        if (UNPLUGGED.test(text)) this.handleError(err);
        throw new ScError('SC_ERR_LINK_DOWN', { device: this.options.name, target: this.id, reason: `${command} failed: ${text}` }, { cause: err });
      }
    });
  }

  private downError(reason: string): ScError {
    return new ScError('SC_ERR_LINK_DOWN', { device: this.options.name, target: this.id, reason });
  }
}

function hexHead(data: number[] | Buffer): string {
  const bytes = Array.from(data.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return data.length > 4 ? `${bytes} ...` : bytes;
}
