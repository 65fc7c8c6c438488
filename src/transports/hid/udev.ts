import { hex4 } from './types.js';

/**
 * The USB devices the agent drives over HID, as udev needs them. A vendor entry without a
 * product covers every model of that maker (new Stream Deck and X-keys models keep working
 * without a rules update); the relay entry names its product because 16c0:05df is the shared
 * V-USB id that other hobby devices use too.
 */
export interface UdevEntry {
  comment: string;
  vendorId: number;
  productId?: number;
}

export const UDEV_ENTRIES: readonly UdevEntry[] = [
  { comment: 'Elgato Stream Deck (every model)', vendorId: 0x0fd9 },
  { comment: 'Corsair Galleon K100 SD (Stream Deck keys)', vendorId: 0x1b1c, productId: 0x2b18 },
  { comment: 'P.I. Engineering X-keys (every model)', vendorId: 0x05f3 },
  { comment: 'USB HID relay boards (V-USB "USBRelayN")', vendorId: 0x16c0, productId: 0x05df },
];

export const UDEV_GROUP = 'plugdev';
export const UDEV_RULES_PATH = 'scripts/udev/50-smart-classroom.rules';

function attrs(vendorId: number, productId: number | undefined): string {
  const product = productId === undefined ? '' : `, ATTRS{idProduct}=="${hex4(productId)}"`;
  return `ATTRS{idVendor}=="${hex4(vendorId)}"${product}`;
}

/** The two lines for one device: hidraw (node-hid's default on Linux) and raw USB (libusb). */
export function udevLines(vendorId: number, productId?: number): string[] {
  const who = attrs(vendorId, productId);
  return [
    `SUBSYSTEM=="usb", ${who}, MODE="0660", GROUP="${UDEV_GROUP}"`,
    `KERNEL=="hidraw*", ${who}, MODE="0660", GROUP="${UDEV_GROUP}"`,
  ];
}

/** The whole rules file, as installed into /etc/udev/rules.d/ (and kept in scripts/udev/). */
export function renderUdevRules(): string {
  const out = [
    '# Smart Classroom agent: let the service user (group plugdev) open USB HID keypads and relays.',
    '# Install: sudo cp 50-smart-classroom.rules /etc/udev/rules.d/ && sudo udevadm control --reload && sudo udevadm trigger',
    '# then: sudo usermod -aG plugdev <service user>, and restart the agent.',
    '# Generated from src/transports/hid/udev.ts; edit there, then: SC_WRITE_UDEV=1 npx vitest run tests/transports/hid/udev.test.ts',
    '',
  ];
  for (const e of UDEV_ENTRIES) out.push(`# ${e.comment}`, ...udevLines(e.vendorId, e.productId), '');
  return out.join('\n');
}

/** The rule a technician needs for one device, for error messages. */
export function udevAdvice(vendorId: number, productId: number): string {
  const known = UDEV_ENTRIES.find((e) => e.vendorId === vendorId && (e.productId === undefined || e.productId === productId));
  const line = udevLines(vendorId, known === undefined ? productId : known.productId)[1] ?? '';
  return `install ${UDEV_RULES_PATH} into /etc/udev/rules.d/ (it contains: ${line}), run \`sudo udevadm control --reload && sudo udevadm trigger\`, replug the device and add the service user to the ${UDEV_GROUP} group`;
}
