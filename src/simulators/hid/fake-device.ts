import { EventEmitter } from 'node:events';
import type { HidBackend, HidDeviceInfo, RawHidDevice } from '../../transports/hid/types.js';

/**
 * How a fake device answers. Output reports may produce input reports (an X-keys answers
 * "generate data" with a state report); feature reports carry state (relay boards, Stream
 * Deck serial and firmware). Each hook may throw, as a real device's control transfer can fail.
 */
export interface FakeHidBehaviour {
  onWrite?(report: Buffer): Buffer[];
  onSendFeature?(report: Buffer): void;
  onGetFeature?(reportId: number, length: number): Buffer;
}

/** One plugged-in fake device: survives close and reopen, as the hardware does. */
export class FakeHidUnit {
  /** Every handle ever opened on it, newest last. */
  readonly opened: FakeHidDevice[] = [];
  /** Every output and feature report the host sent, across handles, in order. */
  readonly sent: { kind: 'write' | 'feature'; data: Buffer }[] = [];
  plugged = true;

  constructor(
    readonly info: HidDeviceInfo,
    readonly behaviour: FakeHidBehaviour,
  ) {}

  get current(): FakeHidDevice | undefined {
    const last = this.opened.at(-1);
    return last !== undefined && !last.closed ? last : undefined;
  }

  writes(): Buffer[] {
    return this.sent.filter((s) => s.kind === 'write').map((s) => s.data);
  }

  featureWrites(): Buffer[] {
    return this.sent.filter((s) => s.kind === 'feature').map((s) => s.data);
  }

  /** Sends input reports to the host through the open handle (what a key press does). */
  input(...reports: Buffer[]): void {
    const handle = this.current;
    if (handle === undefined) throw new Error(`fake HID ${this.info.path ?? ''}: nothing has it open`);
    for (const r of reports) handle.deliver(r);
  }
}

/** An open handle with node-hid's `HIDAsync` interface. */
export class FakeHidDevice extends EventEmitter implements RawHidDevice {
  closed = false;
  private paused = false;
  private pending: Buffer[] = [];

  constructor(private readonly unit: FakeHidUnit) {
    super();
  }

  deliver(report: Buffer): void {
    // Like node-hid's read thread: reports arrive asynchronously, and only while someone reads.
    setImmediate(() => {
      if (this.closed || !this.unit.plugged) return;
      if (this.paused || this.listenerCount('data') === 0) {
        this.pending.push(report);
        return;
      }
      this.emit('data', Buffer.from(report));
    });
  }

  /** Called by the unit when the cable is pulled: node-hid's read thread reports an error. */
  pulled(): void {
    if (this.closed) return;
    setImmediate(() => {
      if (!this.closed && this.listenerCount('error') > 0) this.emit('error', new Error('could not read from HID device'));
    });
  }

  private check(): void {
    if (this.closed) throw new Error('device has been closed');
    if (!this.unit.plugged) throw new Error('hid_write/read: No such device');
  }

  async write(values: number[] | Buffer): Promise<number> {
    this.check();
    const data = Buffer.from(values);
    this.unit.sent.push({ kind: 'write', data });
    for (const reply of this.unit.behaviour.onWrite?.(data) ?? []) this.deliver(reply);
    return data.length;
  }

  async sendFeatureReport(values: number[] | Buffer): Promise<number> {
    this.check();
    const data = Buffer.from(values);
    this.unit.sent.push({ kind: 'feature', data });
    this.unit.behaviour.onSendFeature?.(data);
    return data.length;
  }

  async getFeatureReport(reportId: number, length: number): Promise<Buffer> {
    this.check();
    const get = this.unit.behaviour.onGetFeature;
    if (get === undefined) throw new Error(`get feature report ${String(reportId)} not supported by this device`);
    return get(reportId, length);
  }

  async getDeviceInfo(): Promise<HidDeviceInfo> {
    return { ...this.unit.info };
  }

  async read(): Promise<Buffer | undefined> {
    this.check();
    return this.pending.shift();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const queued = this.pending.splice(0);
    for (const r of queued) this.deliver(r);
  }

  async setNonBlocking(): Promise<void> {
    this.check();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.removeAllListeners();
  }
}

/**
 * A HID backend with devices plugged in by the test: enumeration, open, unplug, replug and a
 * device whose node the user may not open. No virtual HID exists on these machines; this is
 * the seam (node-hid's own interface) where the real one is replaced.
 */
export class FakeHidBackend implements HidBackend {
  readonly name = 'fake';
  private readonly units = new Map<string, FakeHidUnit>();
  private readonly denied = new Set<string>();
  enumerations = 0;

  plug(info: HidDeviceInfo, behaviour: FakeHidBehaviour = {}): FakeHidUnit {
    const path = info.path ?? `/dev/hidraw${String(this.units.size)}`;
    const unit = new FakeHidUnit({ ...info, path }, behaviour);
    this.units.set(path, unit);
    return unit;
  }

  /** Pulls the cable: gone from enumeration, open handles report a read error. */
  unplug(path: string): FakeHidUnit {
    const unit = this.unit(path);
    unit.plugged = false;
    this.units.delete(path);
    for (const h of unit.opened) h.pulled();
    return unit;
  }

  /** Plugs a unit back in (same state, as a relay board keeps none but its serial). */
  replug(unit: FakeHidUnit): FakeHidUnit {
    unit.plugged = true;
    this.units.set(unit.info.path ?? '', unit);
    return unit;
  }

  /** The device node exists but this user may not open it (no udev rule installed). */
  deny(path: string): void {
    this.denied.add(path);
  }

  allow(path: string): void {
    this.denied.delete(path);
  }

  unit(path: string): FakeHidUnit {
    const u = this.units.get(path);
    if (u === undefined) throw new Error(`no fake HID device at ${path}`);
    return u;
  }

  async devices(): Promise<HidDeviceInfo[]> {
    this.enumerations += 1;
    return [...this.units.values()].map((u) => ({ ...u.info }));
  }

  async open(path: string): Promise<RawHidDevice> {
    const unit = this.units.get(path);
    // The same texts node-hid 3.x (hidapi hidraw backend) produces.
    if (this.denied.has(path)) throw new Error(`cannot open device with path ${path}: Failed to open a device with path '${path}': Permission denied`);
    if (unit === undefined) throw new Error(`cannot open device with path ${path}: Failed to open a device with path '${path}': No such file or directory`);
    const handle = new FakeHidDevice(unit);
    unit.opened.push(handle);
    return handle;
  }
}
