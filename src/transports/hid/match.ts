import type { Target } from '../target.js';
import type { HidDeviceInfo } from './types.js';

type HidTarget = Extract<Target, { kind: 'hid' }>;

/** Does this enumerated interface answer to the target hid:vvvv:pppp[/serial]? */
export function matchesTarget(target: HidTarget, info: HidDeviceInfo): boolean {
  if (info.vendorId !== target.vendorId || info.productId !== target.productId) return false;
  return target.serial === undefined || info.serialNumber === target.serial;
}

/** The interfaces of the target, in a stable order (by path) so the same one is picked each time. */
export function findTargetDevices(target: HidTarget, list: readonly HidDeviceInfo[]): HidDeviceInfo[] {
  return list.filter((info) => matchesTarget(target, info)).sort((a, b) => (a.path ?? '').localeCompare(b.path ?? ''));
}
