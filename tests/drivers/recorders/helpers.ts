import { pino } from 'pino';
import type { Driver, DriverContext, DriverEvents } from '../../../src/drivers/driver.js';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import { parseTarget } from '../../../src/transports/target.js';

export const quietLog = pino({ level: 'silent' });

export function recorderContext(target: string, extra: Partial<DriverContext> = {}): DriverContext {
  const t = parseTarget(target);
  return {
    id: 'rec-1',
    target: t,
    options: {},
    log: quietLog,
    pollIntervalMs: 100,
    timeoutMs: 1000,
    ...(t.kind === 'http' && t.username !== undefined ? { username: t.username } : {}),
    ...(t.kind === 'http' && t.password !== undefined ? { password: t.password } : {}),
    ...extra,
  };
}

export function nextEvent<K extends keyof DriverEvents>(driver: Driver, kind: K, accept: (p: DriverEvents[K]) => boolean, what: string, ms = 8000): Promise<DriverEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
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
  driver.events.on('event', (e) => void seen.push(e));
  return seen;
}
