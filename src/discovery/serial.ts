import { listSerialPorts, portLabel } from '../transports/index.js';
import type { DiscoveredDevice, DiscoveryOptions, DiscoveryResult } from './types.js';

const PANEL_DRIVERS = ['samsung-mdc', 'lg', 'nec', 'philips-sicp', 'newline', 'profile'];

/** Serial ports on this machine, as targets a technician can paste into `classroom ctl`. */
export async function discoverSerial(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const { ports, notes } = await listSerialPorts();
  options.log.debug({ count: ports.length }, 'serial ports listed');
  const devices: DiscoveredDevice[] = ports.map((p) => {
    const details: Record<string, string> = { device: p.device, source: p.source };
    if (p.vendorId !== undefined) details.vendorId = p.vendorId;
    if (p.productId !== undefined) details.productId = p.productId;
    if (p.serialNumber !== undefined) details.serialNumber = p.serialNumber;
    return { kind: 'serial', target: `serial:${p.path}?baud=9600`, description: portLabel(p), drivers: PANEL_DRIVERS, details };
  });
  if (devices.length === 0) notes.push('No serial ports found: plug in the USB-RS232 adapter and check `dmesg | tail` for ttyUSB or ttyACM.');
  return { devices, notes };
}
