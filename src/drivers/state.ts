import type { PowerState, PtzVector, RecorderStatus } from './capabilities.js';

export type DeviceStatus = 'starting' | 'online' | 'offline' | 'degraded';

export interface DeviceError {
  code: string;
  message: string;
  at: number;
}

/** What a device tells about itself at a slow pace (panels: serial number, hours, temperature). */
export interface DeviceHealth {
  serial?: string;
  /** Total operating hours as the device counts them. */
  operatingHours?: number;
  /** The device's own temperature sensor, °C. */
  temperatureC?: number;
  /** When the last of these facts was read, ms since the epoch. */
  at?: number;
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
  health?: DeviceHealth;
  /** Something to look at that is not a failure (a camera idle away from its preset position). */
  warning?: DeviceError;
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
