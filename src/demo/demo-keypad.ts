import type { FakeHidBehaviour } from '../simulators/hid/fake-device.js';
import { FakeHidBackend, type FakeHidUnit } from '../simulators/hid/fake-device.js';
import { replayBehaviour, sequence, type HidRecording } from '../simulators/hid/recording.js';
import type { RoomPlan } from './plan.js';

/** The keypad's target in the room config and its keys (X-keys numbering: 1..N column by column). */
export const DEMO_KEYPAD_TARGET = 'hid:05f3:0405';
export const DEMO_KEYS = { startClass: 1, endClass: 2 } as const;

/** Every third room has a keypad by the door (rooms 2, 5, 8, ...). */
export function hasKeypad(plan: RoomPlan): boolean {
  return plan.index % 3 === 2;
}

/**
 * The XK-24 the demo plugs in: enumeration, init replies and the key-1 press are those of
 * tests/fixtures/hid/xkeys-xk24.json (a test keeps them equal); the key-2 press is built with the
 * same layout (button bits from byte 2, 6 bits per byte, so key 2 is bit 1 of byte 2).
 */
export const DEMO_XK24: HidRecording = {
  description: 'P.I. Engineering XK-24 (05f3:0405), 24 keys in 4 columns x 6 rows, blue/red backlights',
  source: 'tests/fixtures/hid/xkeys-xk24.json; press-release-key-2 from the same report layout',
  info: {
    vendorId: 0x05f3,
    productId: 0x0405,
    path: '/dev/hidraw1',
    serialNumber: '',
    manufacturer: 'P. I. Engineering',
    product: 'XK-24 HID',
    release: 256,
    interface: 0,
    usagePage: 12,
    usage: 1,
  },
  reportLength: 32,
  replies: [
    { write: '00 d6', reply: ['00 d6 00 00 00 00 00 00 00 00 0a 05 04'] },
    { write: '00 b1', reply: ['00 02 00 00 00 00 00 01 e2 40'] },
  ],
  sequences: {
    'press-release-key-1': ['00 00 01 00 00 00 00 01 e3 00', '00 00 00 00 00 00 00 01 e3 80'],
    'press-release-key-2': ['00 00 02 00 00 00 00 01 e4 00', '00 00 00 00 00 00 00 01 e4 80'],
  },
};

/** XK-24 backlights: blue LED index (col-1)*8 + row-1, red LED 32 above it (the xkeys library's legacy layout). */
const ROWS = 6;
const RED_OFFSET = 32;

export interface KeyLeds {
  blue: boolean;
  red: boolean;
}

/**
 * The simulated keypad of one room: a fake HID backend holding one XK-24 that replays the
 * recording, remembers the backlights the driver sets (`00 b5 led state`), and presses keys by
 * sending the recorded input reports.
 */
export class DemoKeypad {
  readonly backend = new FakeHidBackend();
  readonly unit: FakeHidUnit;
  private readonly leds = new Map<number, boolean>();

  constructor() {
    const replay = replayBehaviour(DEMO_XK24);
    const behaviour: FakeHidBehaviour = {
      ...replay,
      onWrite: (report) => {
        if (report[0] === 0 && report[1] === 0xb5 && report.length >= 4) this.leds.set(report[2] ?? -1, report[3] !== 0);
        return replay.onWrite?.(report) ?? [];
      },
    };
    this.unit = this.backend.plug(DEMO_XK24.info, behaviour);
  }

  /** Presses and releases a key: throws when the agent does not have the keypad open. */
  press(key: number): void {
    this.unit.input(...sequence(DEMO_XK24, `press-release-key-${String(key)}`));
  }

  /** The key's backlight as the hardware shows it. */
  light(key: number): KeyLeds {
    const col = Math.floor((key - 1) / ROWS);
    const row = (key - 1) % ROWS;
    const blue = col * 8 + row;
    return { blue: this.leds.get(blue) === true, red: this.leds.get(blue + RED_OFFSET) === true };
  }

  probe(): Record<string, unknown> {
    return { open: this.unit.current !== undefined, keys: { [DEMO_KEYS.startClass]: this.light(DEMO_KEYS.startClass), [DEMO_KEYS.endClass]: this.light(DEMO_KEYS.endClass) } };
  }
}
