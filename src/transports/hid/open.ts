import type { Logger } from 'pino';
import { ScError } from '../../core/errors/index.js';
import { HidDevice } from './device.js';
import { diagnoseOpenError, fsPermissionProbe, type PermissionProbe } from './permission.js';
import { describeHid, type HidBackend, type HidDeviceInfo } from './types.js';

export interface OpenHidOptions {
  backend: HidBackend;
  info: HidDeviceInfo;
  name: string;
  log: Logger;
  timeoutMs: number;
  probe?: PermissionProbe;
}

/** Opens one enumerated interface; a failure comes back as the error that says what to do. */
export async function openHidDevice(options: OpenHidOptions): Promise<HidDevice> {
  const { backend, info } = options;
  if (info.path === undefined || info.path === '') throw new ScError('SC_ERR_HID_OPEN', { id: describeHid(info), reason: 'the system gave no path for it' });
  let raw;
  try {
    raw = await backend.open(info.path);
  } catch (err) {
    throw await diagnoseOpenError(info, err, options.probe ?? fsPermissionProbe);
  }
  return new HidDevice(raw, info, { name: options.name, log: options.log, timeoutMs: options.timeoutMs });
}
