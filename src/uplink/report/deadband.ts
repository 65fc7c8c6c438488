import type { DeviceStateMessage } from '../../contract/mqtt/index.js';

/**
 * Report by exception: a device's state is sent only when it changed in a way that matters.
 * Numbers move within a deadband (absolute, per field path) without being reported; everything
 * else counts at any change. `ts` never counts.
 */
export type Deadbands = Readonly<Record<string, number>>;

export const DEFAULT_DEADBANDS: Deadbands = {
  latencyMs: 250,
  'recorder.elapsedSeconds': 600,
  'recorder.remainingSeconds': 1800,
  'recorder.freeBytes': 1_000_000_000,
  'ptz.pan': 0.02,
  'ptz.tilt': 0.02,
  'ptz.zoom': 0.02,
};

/** Telemetry that rides along with other changes but is not reported on its own when data is short. */
export const OPTIONAL_TELEMETRY: readonly string[] = ['latencyMs', 'recorder.elapsedSeconds', 'recorder.remainingSeconds', 'recorder.freeBytes', 'ptz.pan', 'ptz.tilt', 'ptz.zoom'];

const IGNORED = new Set(['ts']);

function differs(a: unknown, b: unknown, path: string, deadbands: Deadbands, ignore: ReadonlySet<string>): boolean {
  if (ignore.has(path)) return false;
  if (typeof a === 'number' && typeof b === 'number') {
    const band = deadbands[path] ?? 0;
    return Math.abs(a - b) > band || (band === 0 && a !== b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return true;
    return a.some((v, i) => differs(v, b[i], `${path}[]`, deadbands, ignore));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      const child = path === '' ? key : `${path}.${key}`;
      if (path === '' && IGNORED.has(key)) continue;
      if (differs(ra[key], rb[key], child, deadbands, ignore)) return true;
    }
    return false;
  }
  return a !== b;
}

/** Whether `next` should be reported, given what was last reported (undefined: never). */
export function significantChange(
  last: DeviceStateMessage | undefined,
  next: DeviceStateMessage,
  deadbands: Deadbands = DEFAULT_DEADBANDS,
  ignore: ReadonlySet<string> = new Set(),
): boolean {
  if (last === undefined) return true;
  return differs(last, next, '', deadbands, ignore);
}
