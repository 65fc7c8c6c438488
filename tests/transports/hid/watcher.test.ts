import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { HidWatcher } from '../../../src/transports/hid/watcher.js';
import { FakeHidBackend } from '../../../src/simulators/hid/index.js';

const log = pino({ level: 'silent' });

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('HidWatcher (hot-plug by periodic enumeration)', () => {
  let watcher: HidWatcher | undefined;
  afterEach(async () => {
    await watcher?.stop();
  });

  it('reports present devices, then plug, unplug and replug', async () => {
    const backend = new FakeHidBackend();
    backend.plug({ vendorId: 0x0fd9, productId: 0x0080, path: '/dev/hidraw0', release: 1, interface: 0 });
    watcher = new HidWatcher({ backend, log, intervalMs: 20 });
    const seen: string[] = [];
    watcher.events.on('attached', (i) => void seen.push(`+${i.path ?? ''}`));
    watcher.events.on('detached', (i) => void seen.push(`-${i.path ?? ''}`));
    await watcher.start();
    expect(seen).toEqual(['+/dev/hidraw0']);
    const relay = backend.plug({ vendorId: 0x16c0, productId: 0x05df, path: '/dev/hidraw1', release: 1, interface: 0 });
    await until(() => seen.length === 2, 'plug');
    backend.unplug('/dev/hidraw1');
    await until(() => seen.length === 3, 'unplug');
    backend.replug(relay);
    await until(() => seen.length === 4, 'replug');
    expect(seen).toEqual(['+/dev/hidraw0', '+/dev/hidraw1', '-/dev/hidraw1', '+/dev/hidraw1']);
    expect(watcher.present().map((i) => i.path).sort()).toEqual(['/dev/hidraw0', '/dev/hidraw1']);
  });

  it('filters, and a failed enumeration is not an unplug', async () => {
    const backend = new FakeHidBackend();
    backend.plug({ vendorId: 0x05f3, productId: 0x0405, path: '/dev/hidraw3', release: 1, interface: 0 });
    backend.plug({ vendorId: 0x046d, productId: 0xc52b, path: '/dev/hidraw4', release: 1, interface: 0 });
    watcher = new HidWatcher({ backend, log, intervalMs: 10, filter: (i) => i.vendorId === 0x05f3 });
    const seen: string[] = [];
    watcher.events.on('detached', (i) => void seen.push(`-${i.path ?? ''}`));
    await watcher.start();
    expect(watcher.present().map((i) => i.path)).toEqual(['/dev/hidraw3']);
    const real = backend.devices.bind(backend);
    backend.devices = () => Promise.reject(new Error('hid_enumerate: hub reset'));
    const n = backend.enumerations;
    await new Promise((r) => setTimeout(r, 60));
    expect(seen).toEqual([]);
    backend.devices = real;
    await until(() => backend.enumerations > n, 'enumeration resumes');
    expect(seen).toEqual([]);
  });

  it('stop() ends the enumeration timer', async () => {
    const backend = new FakeHidBackend();
    watcher = new HidWatcher({ backend, log, intervalMs: 10 });
    await watcher.start();
    await watcher.stop();
    const n = backend.enumerations;
    await new Promise((r) => setTimeout(r, 50));
    expect(backend.enumerations).toBe(n);
  });
});
