import { readdir } from 'node:fs/promises';
import { messageOf, toScError } from '../core/errors/index.js';
import { NodeHidBackend } from '../transports/hid/node-hid-backend.js';
import { openHidDevice } from '../transports/hid/open.js';
import { hex4, type HidBackend, type HidDeviceInfo } from '../transports/hid/types.js';
import type { DiscoveredDevice, DiscoveryOptions, DiscoveryResult, HidDriverMatcher } from './types.js';

function target(info: HidDeviceInfo): string {
  return `hid:${hex4(info.vendorId)}:${hex4(info.productId)}${info.serialNumber ? `/${info.serialNumber}` : ''}`;
}

async function hidrawNodes(): Promise<string[]> {
  try {
    return (await readdir('/dev')).filter((n) => n.startsWith('hidraw'));
  } catch {
    return [];
  }
}

/**
 * Lists HID interfaces with the driver that can run each, and for those we drive, opens them
 * once to say whether the agent could (a missing udev rule is the usual problem on Linux).
 * Devices we do not drive (keyboards, mice) are listed but never opened.
 */
export async function discoverHidWith(backend: HidBackend, options: DiscoveryOptions, driversFor: HidDriverMatcher): Promise<DiscoveryResult> {
  let list: HidDeviceInfo[];
  try {
    list = await backend.devices();
  } catch (err) {
    const e = toScError(err);
    return { devices: [], notes: [e.message, ...(e.hint === undefined ? [] : [e.hint])] };
  }
  const devices: DiscoveredDevice[] = [];
  for (const info of list) {
    const drivers = driversFor(info);
    const name = [info.manufacturer, info.product].filter(Boolean).join(' ') || 'unnamed HID device';
    const found: DiscoveredDevice = {
      kind: 'hid',
      target: target(info),
      description: drivers.length > 0 ? `${drivers[0]?.model ?? name} (${name})` : `${name} (not driven by the agent)`,
      drivers: drivers.map((d) => d.driver),
      details: {
        path: info.path ?? '',
        interface: info.interface,
        ...(info.usagePage === undefined ? {} : { usagePage: info.usagePage }),
        ...(info.usage === undefined ? {} : { usage: info.usage }),
      },
    };
    if (drivers.length > 0) {
      try {
        const device = await openHidDevice({ backend, info, name: found.target, log: options.log, timeoutMs: 1000 });
        await device.close();
      } catch (err) {
        const e = toScError(err);
        found.problem = `${e.message}${e.hint === undefined ? '' : ` ${e.hint}`}`;
        options.log.debug({ err: messageOf(err) }, 'HID open failed during discovery');
      }
    }
    devices.push(found);
  }
  // Devices we can drive first, then the rest, so the useful lines are at the top.
  devices.sort((a, b) => Number((b.drivers?.length ?? 0) > 0) - Number((a.drivers?.length ?? 0) > 0));
  const notes: string[] = [];
  if (list.length === 0) {
    const nodes = await hidrawNodes();
    notes.push(
      nodes.length > 0
        ? `No USB HID device could be listed, although ${nodes.map((n) => `/dev/${n}`).join(', ')} exist: this user may not read /sys or the device nodes; install scripts/udev/50-smart-classroom.rules.`
        : 'No USB HID devices are connected to this machine (no keypads, X-keys or relay boards were found). Plug one in and run this again.',
    );
  } else if (!devices.some((d) => (d.drivers?.length ?? 0) > 0)) {
    notes.push('None of the HID devices present is a Stream Deck, an X-keys or a USB relay board.');
  }
  return { devices, notes };
}

export function discoverHid(options: DiscoveryOptions, driversFor: HidDriverMatcher): Promise<DiscoveryResult> {
  return discoverHidWith(new NodeHidBackend(), options, driversFor);
}
