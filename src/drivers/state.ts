import type { DeviceState } from '../contract/device-state.js';

/** The state schema is the contract's, shared with the agent's API, MQTT, the fleet and the pages. */
export type { DeviceError, DeviceHealth, DeviceState } from '../contract/device-state.js';
export type { DeviceStatus } from '../contract/names.js';

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
