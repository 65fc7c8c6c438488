import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SerialPort } from 'serialport';
import { messageOf } from '../../core/errors/index.js';

export interface SerialPortInfo {
  /** The stable name when one exists (/dev/serial/by-id/...), else /dev/ttyUSB0. */
  path: string;
  /** The kernel device (/dev/ttyUSB0). */
  device: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** Where the list came from: udev (serialport's lister) or the /dev and /sys fallback. */
  source: 'udev' | 'sysfs';
}

export interface ListOptions {
  /** Roots, for tests. */
  devDir?: string;
  sysDir?: string;
  /** Whether udevadm may be used (defaults to "found on PATH"). */
  useUdev?: boolean;
}

/** Whether a program is on PATH, without spawning a child that could fail asynchronously. */
export function hasProgram(name: string, pathEnv = process.env.PATH ?? ''): boolean {
  return pathEnv.split(':').some((dir) => dir !== '' && existsSync(join(dir, name)));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The USB device directory above a tty in sysfs holds idVendor/idProduct/serial. */
function usbAttributes(sysTty: string): Pick<SerialPortInfo, 'manufacturer' | 'serialNumber' | 'vendorId' | 'productId'> {
  let dir: string;
  try {
    dir = realpathSync(join(sysTty, 'device'));
  } catch {
    return {};
  }
  for (let i = 0; i < 5 && dir !== '/'; i++) {
    const vendorId = readText(join(dir, 'idVendor'));
    if (vendorId !== undefined) {
      const out: Pick<SerialPortInfo, 'manufacturer' | 'serialNumber' | 'vendorId' | 'productId'> = { vendorId };
      const productId = readText(join(dir, 'idProduct'));
      const manufacturer = readText(join(dir, 'manufacturer'));
      const serialNumber = readText(join(dir, 'serial'));
      if (productId !== undefined) out.productId = productId;
      if (manufacturer !== undefined) out.manufacturer = manufacturer;
      if (serialNumber !== undefined) out.serialNumber = serialNumber;
      return out;
    }
    dir = join(dir, '..');
  }
  return {};
}

/** Ports the kernel shows: /sys/class/tty entries backed by a real device, plus by-id names. */
export function listFromSysfs(options: ListOptions = {}): SerialPortInfo[] {
  const devDir = options.devDir ?? '/dev';
  const sysDir = options.sysDir ?? '/sys/class/tty';
  const byId = new Map<string, string>();
  const byIdDir = join(devDir, 'serial', 'by-id');
  if (existsSync(byIdDir)) {
    for (const name of readdirSync(byIdDir)) {
      try {
        byId.set(realpathSync(join(byIdDir, name)), join(byIdDir, name));
      } catch {
        // a dangling link: the adapter was just unplugged
      }
    }
  }
  const out: SerialPortInfo[] = [];
  const names = existsSync(sysDir) ? readdirSync(sysDir) : [];
  for (const name of names.sort()) {
    // Virtual consoles and legacy 8250 ports without hardware have no device/ link or are ttyS with no driver.
    if (!/^tty(USB|ACM|S|AMA|XRUSB|WCH)\d+$/.test(name)) continue;
    const sysTty = join(sysDir, name);
    if (!existsSync(join(sysTty, 'device'))) continue;
    if (name.startsWith('ttyS') && readText(join(sysTty, 'type')) === '0') continue;
    const device = join(devDir, name);
    const stable = byId.get(device);
    out.push({ path: stable ?? device, device, source: 'sysfs', ...usbAttributes(sysTty) });
    byId.delete(device);
  }
  // by-id links whose tty was not in /sys (containers): still worth showing.
  for (const [device, stable] of byId) out.push({ path: stable, device, source: 'sysfs' });
  return out;
}

async function listFromUdev(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => {
    const info: SerialPortInfo = { path: p.pnpId !== undefined ? `/dev/serial/by-id/${p.pnpId}` : p.path, device: p.path, source: 'udev' };
    if (p.manufacturer !== undefined) info.manufacturer = p.manufacturer;
    if (p.serialNumber !== undefined) info.serialNumber = p.serialNumber;
    if (p.vendorId !== undefined) info.vendorId = p.vendorId;
    if (p.productId !== undefined) info.productId = p.productId;
    if (info.path !== info.device && !existsSync(info.path)) info.path = info.device;
    return info;
  });
}

export interface SerialListResult {
  ports: SerialPortInfo[];
  notes: string[];
}

/**
 * Lists serial ports. serialport's own lister spawns `udevadm`; where that is missing the
 * spawn error used to crash the process, so udevadm is looked for first and the /dev and /sys
 * fallback is used without it (or when udev fails).
 */
export async function listSerialPorts(options: ListOptions = {}): Promise<SerialListResult> {
  const notes: string[] = [];
  const useUdev = options.useUdev ?? (options.devDir === undefined && hasProgram('udevadm') && spawnSync('udevadm', ['--version']).status === 0);
  if (useUdev) {
    try {
      return { ports: await listFromUdev(), notes };
    } catch (err) {
      notes.push(`udev listing failed (${messageOf(err)}); listed from /dev/serial/by-id and /sys/class/tty instead`);
    }
  } else {
    notes.push('udevadm is not installed; listed from /dev/serial/by-id and /sys/class/tty (manufacturer names may be missing)');
  }
  return { ports: listFromSysfs(options), notes };
}

export function portLabel(p: SerialPortInfo): string {
  const who = [p.manufacturer, p.vendorId !== undefined && p.productId !== undefined ? `${p.vendorId}:${p.productId}` : undefined, p.serialNumber]
    .filter((x) => x !== undefined)
    .join(' ');
  return who === '' ? basename(p.device) : `${basename(p.device)} (${who})`;
}
