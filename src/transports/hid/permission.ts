import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { ScError, messageOf } from '../../core/errors/index.js';
import { describeHid, type HidDeviceInfo } from './types.js';
import { udevAdvice } from './udev.js';

const PERMISSION = /permission denied|EACCES|access denied|operation not permitted|EPERM/i;
const GONE = /no such (file|device)|ENOENT|ENODEV|device not found|not connected/i;

export interface PermissionProbe {
  /** Resolves when this process may read and write the node; rejects with the errno error otherwise. */
  access(path: string): Promise<void>;
  /** Owner, group and mode of the node, for the message. */
  describe(path: string): Promise<string | undefined>;
}

export const fsPermissionProbe: PermissionProbe = {
  access: (path) => access(path, constants.R_OK | constants.W_OK),
  async describe(path) {
    try {
      const s = await stat(path);
      return `uid ${String(s.uid)} gid ${String(s.gid)} mode ${(s.mode & 0o777).toString(8).padStart(4, '0')}`;
    } catch {
      return undefined;
    }
  },
};

/**
 * Turns a failed open into the error a technician can act on. hidapi's own message does not
 * always say "permission denied" (older versions only say "cannot open device"), so a
 * /dev/hidraw node is checked directly as well.
 */
export async function diagnoseOpenError(info: HidDeviceInfo, err: unknown, probe: PermissionProbe = fsPermissionProbe): Promise<ScError> {
  const id = describeHid(info);
  const text = messageOf(err);
  const path = info.path ?? '';
  let denied = PERMISSION.test(text);
  let node = '';
  if (path.startsWith('/dev/')) {
    try {
      await probe.access(path);
    } catch (accessErr) {
      if (PERMISSION.test(messageOf(accessErr))) denied = true;
    }
    if (denied) node = (await probe.describe(path)) ?? '';
  }
  if (denied) {
    const where = path === '' ? '' : ` on ${path}${node === '' ? '' : ` (${node})`}`;
    return new ScError('SC_ERR_HID_PERMISSION', { id, reason: `permission denied${where}; ${udevAdvice(info.vendorId, info.productId)}` }, { cause: err });
  }
  if (GONE.test(text)) return new ScError('SC_ERR_HID_NOT_FOUND', { id }, { cause: err });
  return new ScError('SC_ERR_HID_OPEN', { id, reason: text }, { cause: err });
}
