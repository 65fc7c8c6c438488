import { afterEach, describe, expect, it } from 'vitest';
import { XkeysDriver, xkeysDescriptor } from '../../../src/drivers/hid/xkeys.js';
import { FakeHidBackend, replayBehaviour, sequence, type FakeHidUnit } from '../../../src/simulators/hid/index.js';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import { collectEvents, hidContext, loadRecording, nextEvent, until } from './fixtures.js';

const rec = loadRecording('xkeys-xk24.json');
const PATH = rec.info.path ?? '';

function setup(): { backend: FakeHidBackend; unit: FakeHidUnit } {
  const backend = new FakeHidBackend();
  return { backend, unit: backend.plug(rec.info, replayBehaviour(rec)) };
}

function keyEvents(events: DeviceEvent[]): string[] {
  return events.filter((e) => e.type === 'key-down' || e.type === 'key-up').map((e) => `${e.type} ${String(e.data?.key)}`);
}

describe('X-keys XK-24 through the xkeys library on the fake HID device', () => {
  let driver: XkeysDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  async function open(backend: FakeHidBackend, timeoutMs = 1000): Promise<XkeysDriver> {
    driver = xkeysDescriptor.create(hidContext('hid:05f3:0405', backend, { timeoutMs })) as XkeysDriver;
    await driver.start();
    return driver;
  }

  it('initialises with the recorded version and generate-data replies', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    expect(d.state()).toMatchObject({ status: 'online', model: 'XK-24', firmware: '10' });
    expect(d.keypad.keyCount).toBe(24);
    const sent = unit.writes().map((w) => w.subarray(0, 2).toString('hex'));
    expect(sent).toEqual(expect.arrayContaining(['00d6', '00b1']));
    expect(unit.writes().every((w) => w.length === 36)).toBe(true);
  });

  it('turns recorded button reports into key events (program switch = key 0)', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    const events = collectEvents(d);
    unit.input(...sequence(rec, 'special-report-ignored'));
    unit.input(...sequence(rec, 'press-release-key-1'));
    unit.input(...sequence(rec, 'press-key-7'), ...sequence(rec, 'release-all'));
    unit.input(...sequence(rec, 'program-switch'));
    await until(() => keyEvents(events).length >= 6, 'six key events');
    expect(keyEvents(events)).toEqual(['key-down 1', 'key-up 1', 'key-down 7', 'key-up 7', 'key-down 0', 'key-up 0']);
  });

  it('lights keys with the backlight command (00 B5 led state bank; red LEDs at +32 on the XK-24)', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    const before = unit.writes().length;
    await d.keypad.setLight(1, { color: '#ff0000' });
    await d.keypad.setLight(7, { on: true });
    await d.keypad.setLight(7, { off: true });
    const sent = unit.writes().slice(before).map((w) => w.subarray(0, 5).toString('hex'));
    expect(sent).toEqual([
      '00b5000001', '00b5200101', // key 1: blue off, red on
      '00b5080101', '00b5280001', // key 7 = column 2, row 1: LED (col-1)*8+row-1 = 8, red 8+32; blue on, red off
      '00b5080001', '00b5280001',
    ]);
    await expect(d.keypad.setLight(25, { on: true })).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_ARGUMENT' });
  });

  it('times out naming what it awaited when the panel never answers init', async () => {
    const backend = new FakeHidBackend();
    backend.plug(rec.info, {}); // a panel that ignores 00 D6 / 00 B1
    const d = await open(backend, 200);
    expect(d.state().status).toBe('offline');
    expect(d.state().reason).toMatch(/X-keys init .* within 200 ms \(waited for the firmware-version and generate-data reports\)/);
  });

  it('handles unplug and replug and restores the backlights', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    await d.keypad.setLight(1, { color: '#ff0000' });
    backend.unplug(PATH);
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline after unplug');
    const before = unit.writes().length;
    backend.replug(unit);
    await nextEvent(d, 'state', (s) => s.status === 'online', 'online after replug');
    await until(() => unit.writes().length > before + 2, 'writes after replug');
    const again = unit.writes().slice(before).map((w) => w.subarray(0, 5).toString('hex'));
    expect(again).toEqual(expect.arrayContaining(['00b5200101']));
    const events = collectEvents(d);
    unit.input(...sequence(rec, 'press-key-7'));
    await until(() => keyEvents(events).includes('key-down 7'), 'key press after replug');
  });

  it('a panel that cannot be opened gives the permission message', async () => {
    const { backend } = setup();
    backend.deny(PATH);
    const d = await open(backend);
    expect(d.state().lastError?.code).toBe('SC_ERR_HID_PERMISSION');
    expect(d.state().reason).toContain('ATTRS{idVendor}=="05f3"');
  });
});
