import { pino } from 'pino';
import { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import type { DriverOptions } from '../../../src/drivers/driver.js';
import { parseTarget } from '../../../src/transports/target.js';
import { CaptureCamera, capture, type CaptureVendor } from './capture-camera.js';
import { soapFields } from './soap-fields.js';

const quiet = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });

export function driverFor(url: string, options: DriverOptions = {}): OnvifDriver {
  return new OnvifDriver({
    id: 'cam-1',
    target: parseTarget(url),
    options: { events: false, pullSeconds: 1, arrivalPollMs: 20, arrivalTimeoutMs: 3000, ...options },
    log: quiet,
    pollIntervalMs: 3_600_000,
    timeoutMs: 3000,
    username: 'admin',
    password: 'secret',
  });
}

/**
 * After the first captured PullMessages reply, later pulls wait a little and come back without
 * notifications, as a camera holding the pull open would: no busy loop, no repeated events.
 */
export function holdLaterPulls(cam: CaptureCamera, holdMs = 150): void {
  const xml = capture(cam.vendor, 'events', 'PullMessages', 'Response');
  if (xml === undefined) return;
  const empty = xml.replace(/<(\w+:)?NotificationMessage[\s>][\s\S]*?<\/(\w+:)?NotificationMessage>/g, '');
  let pulls = 0;
  cam.script.set('PullMessages', async () => {
    pulls += 1;
    if (pulls === 1) return { status: 200, xml };
    await new Promise((r) => setTimeout(r, holdMs));
    return { status: 200, xml: empty };
  });
}

/** Tokens a camera's own captured replies offer (profiles, presets), to check the ones we send. */
export function offeredTokens(vendor: CaptureVendor): Set<string> {
  const out = new Set<string>();
  for (const [service, op] of [['media', 'GetProfiles'], ['ptz', 'GetPresets']] as const) {
    const xml = capture(vendor, service, op, 'Response');
    if (xml === undefined) continue;
    for (const f of soapFields(xml).body) if (/\/@\{\}token$/.test(f.path)) out.add(f.value);
  }
  return out;
}
