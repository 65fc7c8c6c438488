import { ScError, messageOf } from '../../core/errors/index.js';
import type { HidBackend, HidDeviceInfo, RawHidDevice } from './types.js';

type NodeHidModule = typeof import('node-hid');

/**
 * The real backend. node-hid is a native module: it is loaded on first use, so that a
 * machine where the binding cannot load still runs everything that does not need HID, and
 * says why HID is missing instead of failing at start-up.
 */
export class NodeHidBackend implements HidBackend {
  readonly name = 'node-hid';
  private loaded: Promise<NodeHidModule> | undefined;

  private load(): Promise<NodeHidModule> {
    this.loaded ??= import('node-hid').catch((err: unknown) => {
      this.loaded = undefined;
      throw new ScError('SC_ERR_HID_UNAVAILABLE', { reason: messageOf(err) }, { cause: err });
    });
    return this.loaded;
  }

  async devices(): Promise<HidDeviceInfo[]> {
    const hid = await this.load();
    return hid.devicesAsync();
  }

  async open(path: string): Promise<RawHidDevice> {
    const hid = await this.load();
    return hid.HIDAsync.open(path);
  }
}
