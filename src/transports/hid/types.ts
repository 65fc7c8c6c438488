import type { EventEmitter } from 'node:events';

/** One HID interface as node-hid's `devices()` describes it. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  serialNumber?: string | undefined;
  manufacturer?: string | undefined;
  product?: string | undefined;
  release: number;
  interface: number;
  usagePage?: number | undefined;
  usage?: number | undefined;
}

/**
 * An open HID device with the shape of node-hid's `HIDAsync`: what the Stream Deck and
 * X-keys libraries consume, what the fake device in tests implements, and what our own
 * `HidDevice` wrapper offers. Events: `data` (Buffer, one input report with its report ID
 * when the device uses numbered reports) and `error`.
 */
export interface RawHidDevice extends EventEmitter {
  close(): Promise<void>;
  pause(): void;
  resume(): void;
  read(timeOut?: number): Promise<Buffer | undefined>;
  write(values: number[] | Buffer): Promise<number>;
  sendFeatureReport(data: number[] | Buffer): Promise<number>;
  getFeatureReport(reportId: number, reportLength: number): Promise<Buffer>;
  setNonBlocking(noBlock: boolean): Promise<void>;
  getDeviceInfo(): Promise<HidDeviceInfo>;
}

/**
 * Where HID devices come from: node-hid on a real machine, a fake backend in tests.
 * Everything above the transport asks this interface, never node-hid directly.
 */
export interface HidBackend {
  readonly name: string;
  devices(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<RawHidDevice>;
}

/** vvvv:pppp in lower-case hex, the form used in targets and udev rules. */
export function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

export function describeHid(info: Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'serialNumber' | 'path' | 'product'>): string {
  const id = `hid:${hex4(info.vendorId)}:${hex4(info.productId)}${info.serialNumber ? `/${info.serialNumber}` : ''}`;
  return info.product ? `${id} (${info.product})` : id;
}
