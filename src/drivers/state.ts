import type { PowerState, PtzVector, RecorderStatus } from './capabilities.js';

export type DeviceStatus = 'starting' | 'online' | 'offline' | 'degraded';

export interface DeviceError {
  code: string;
  message: string;
  at: number;
}

/**
 * What is known of a device, read back from it (never assumed from what was sent).
 * Fields exist only for the capabilities the driver has.
 */
export interface DeviceState {
  status: DeviceStatus;
  /** Why the device is offline or degraded. */
  reason?: string;
  lastError?: DeviceError;
  latencyMs?: number;
  power?: PowerState;
  input?: string;
  volume?: number;
  muted?: boolean;
  ptz?: PtzVector;
  preset?: string;
  recorder?: RecorderStatus;
  relays?: boolean[];
  firmware?: string;
  model?: string;
}

/** Shallow equality over state fields, so unchanged polls publish nothing. */
export function sameState(a: DeviceState, b: DeviceState): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof DeviceState>;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (typeof x === 'object' && typeof y === 'object' && JSON.stringify(x) === JSON.stringify(y)) continue;
    return false;
  }
  return true;
}
