import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { HidDevice } from '../../../src/transports/hid/device.js';
import { openHidDevice } from '../../../src/transports/hid/open.js';
import type { HidDeviceInfo, RawHidDevice } from '../../../src/transports/hid/types.js';
import { FakeHidBackend } from '../../../src/simulators/hid/index.js';

const log = pino({ level: 'silent' });
const info: HidDeviceInfo = { vendorId: 0x16c0, productId: 0x05df, path: '/dev/hidraw4', product: 'USBRelay2', release: 1, interface: 0 };

/** A raw device whose calls complete only when the test says, to observe the queue. */
class SlowRaw extends EventEmitter implements RawHidDevice {
  inFlight = 0;
  maxInFlight = 0;
  order: string[] = [];
  hang = false;
  private async op(name: string): Promise<number> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.order.push(`start ${name}`);
    await new Promise((r) => setTimeout(r, 5));
    if (this.hang) await new Promise(() => undefined);
    this.order.push(`end ${name}`);
    this.inFlight--;
    return 1;
  }
  write(v: number[] | Buffer): Promise<number> {
    return this.op(`write ${String(v[1])}`);
  }
  sendFeatureReport(v: number[] | Buffer): Promise<number> {
    return this.op(`feature ${String(v[1])}`);
  }
  async getFeatureReport(): Promise<Buffer> {
    await this.op('get');
    return Buffer.alloc(9);
  }
  async getDeviceInfo(): Promise<HidDeviceInfo> {
    return info;
  }
  async read(): Promise<Buffer | undefined> {
    return undefined;
  }
  pause(): void {}
  resume(): void {}
  async setNonBlocking(): Promise<void> {}
  closed = false;
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('HidDevice (write queue, timeouts, unplug)', () => {
  it('runs writes and feature reports one at a time, in call order', async () => {
    const raw = new SlowRaw();
    const dev = new HidDevice(raw, info, { name: 'lamp', log, timeoutMs: 1000 });
    await Promise.all([dev.write([0, 1]), dev.sendFeatureReport([0, 2]), dev.getFeatureReport(0, 9), dev.write([0, 3])]);
    expect(raw.maxInFlight).toBe(1);
    expect(raw.order).toEqual(['start write 1', 'end write 1', 'start feature 2', 'end feature 2', 'start get', 'end get', 'start write 3', 'end write 3']);
  });

  it('a hung exchange times out naming the command and what was awaited', async () => {
    const raw = new SlowRaw();
    raw.hang = true;
    const dev = new HidDevice(raw, info, { name: 'lamp', log, timeoutMs: 50 });
    const err: unknown = await dev.getFeatureReport(0, 9).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_HID_TIMEOUT')).toBe(true);
    // The hint fits a USB device, not a serial cable.
    expect((err as { hint?: string }).hint).not.toMatch(/null-modem/);
    expect(String(err)).toMatch(/lamp: no reply to get feature report 0 within 50 ms \(waited for 9 bytes of feature report 0\)/);
  });

  it('an unplug is reported once as `gone`, and later calls fail as a dead link', async () => {
    const backend = new FakeHidBackend();
    backend.plug(info, { onSendFeature: () => undefined });
    const dev = await openHidDevice({ backend, info, name: 'lamp', log, timeoutMs: 500 });
    const gone: string[] = [];
    dev.on('gone', (r: string) => gone.push(r));
    dev.on('data', () => undefined);
    backend.unplug('/dev/hidraw4');
    await new Promise((r) => setTimeout(r, 20));
    expect(gone).toEqual(['could not read from HID device']);
    expect(dev.isClosed).toBe(true);
    const err: unknown = await dev.sendFeatureReport([0, 0xff, 1]).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_LINK_DOWN')).toBe(true);
    expect(String(err)).toMatch(/lamp: link hid:16c0:05df \(USBRelay2\) is down \(unplugged\)/);
  });

  it('a write that fails at the OS becomes SC_ERR_LINK_DOWN naming the report', async () => {
    const backend = new FakeHidBackend();
    const unit = backend.plug(info, {});
    const dev = await openHidDevice({ backend, info, name: 'lamp', log, timeoutMs: 500 });
    unit.plugged = false; // pulled between enumeration and the write
    const err: unknown = await dev.write([0, 0xb1]).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_LINK_DOWN')).toBe(true);
    expect(String(err)).toMatch(/output report 00 b1 failed: .*No such device/);
  });

  it('an error nobody listens to does not throw, and close removes every listener', async () => {
    const raw = new SlowRaw();
    const dev = new HidDevice(raw, info, { name: 'lamp', log, timeoutMs: 100 });
    dev.on('data', () => undefined);
    expect(raw.listenerCount('data')).toBe(1);
    expect(() => raw.emit('error', new Error('something odd'))).not.toThrow();
    await dev.close();
    await dev.close();
    expect(raw.closed).toBe(true);
    expect(raw.listenerCount('data')).toBe(0);
    expect(raw.listenerCount('error')).toBe(0);
    await expect(dev.write([0])).rejects.toMatchObject({ code: 'SC_ERR_LINK_DOWN' });
  });

  it('forwards input reports only while someone listens', async () => {
    const backend = new FakeHidBackend();
    const unit = backend.plug(info, {});
    const dev = await openHidDevice({ backend, info, name: 'lamp', log, timeoutMs: 500 });
    const got: string[] = [];
    const onData = (d: Buffer): void => {
      got.push(d.toString('hex'));
    };
    dev.on('data', onData);
    unit.input(Buffer.from([1, 2]));
    await new Promise((r) => setTimeout(r, 10));
    dev.off('data', onData);
    expect(unit.current?.listenerCount('data')).toBe(0);
    expect(got).toEqual(['0102']);
    await dev.close();
  });
});
