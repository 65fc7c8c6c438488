import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { parseTarget } from '../../../src/transports/target.js';
import type { Driver, DriverContext, DriverDescriptor, DriverEvents } from '../../../src/drivers/driver.js';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import { checkRecording, type HidRecording } from '../../../src/simulators/hid/index.js';
import type { HidBackend } from '../../../src/transports/hid/types.js';

export function loadRecording(name: string): HidRecording {
  const url = new URL(`../../fixtures/hid/${name}`, import.meta.url);
  return checkRecording(JSON.parse(readFileSync(url, 'utf8')) as unknown, name);
}

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/hid/${name}`, import.meta.url), 'utf8')) as T;
}

export const quietLog = pino({ level: 'silent' });

export function hidContext(target: string, hid: HidBackend, extra: Partial<DriverContext> = {}): DriverContext {
  return { id: 'keys-1', target: parseTarget(target), options: {}, log: quietLog, pollIntervalMs: 100, timeoutMs: 1000, hid, ...extra };
}

export function startDriver(descriptor: DriverDescriptor, ctx: DriverContext): Driver {
  return descriptor.create(ctx);
}

/** Resolves with the next event the predicate accepts (rejects after 5 s, naming what was awaited). */
export function nextEvent<K extends keyof DriverEvents>(driver: Driver, kind: K, accept: (p: DriverEvents[K]) => boolean, what: string): Promise<DriverEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, 5000);
    const off = driver.events.on(kind, (p) => {
      if (!accept(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

export function collectEvents(driver: Driver): DeviceEvent[] {
  const seen: DeviceEvent[] = [];
  driver.events.on('event', (e) => {
    seen.push(e);
  });
  return seen;
}

export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
