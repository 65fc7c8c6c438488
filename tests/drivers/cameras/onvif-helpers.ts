import { pino } from 'pino';
import { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import type { DriverOptions } from '../../../src/drivers/driver.js';
import { OnvifSimulator, type OnvifSimulatorOptions } from '../../../src/simulators/cameras/onvif/server.js';
import { parseTarget } from '../../../src/transports/target.js';

export const quiet = pino({ level: 'silent' });

export async function startCamera(options: Partial<OnvifSimulatorOptions> = {}): Promise<OnvifSimulator> {
  const sim = new OnvifSimulator({ host: '127.0.0.1', port: 0, log: quiet, maxHoldMs: 1000, ...options });
  await sim.start();
  return sim;
}

export function cameraDriver(sim: OnvifSimulator, opts: { password?: string; options?: DriverOptions; timeoutMs?: number } = {}): OnvifDriver {
  return new OnvifDriver({
    id: `cam-${sim.setName}`,
    target: parseTarget(sim.url),
    options: { arrivalPollMs: 40, arrivalTimeoutMs: 10_000, pullSeconds: 1, events: false, ...opts.options },
    log: quiet,
    pollIntervalMs: 60_000,
    timeoutMs: opts.timeoutMs ?? 3000,
    username: sim.username,
    password: opts.password ?? sim.password,
  });
}

export async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
