import { afterEach, describe, expect, it } from 'vitest';
import { StreamDeckDriver, streamDeckDescriptor } from '../../../src/drivers/hid/streamdeck.js';
import { keyLooks, triggerFor, type Keymap, type RoomView } from '../../../src/drivers/hid/keymap.js';
import { FakeHidBackend, replayBehaviour, sequence, type FakeHidUnit } from '../../../src/simulators/hid/index.js';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import { collectEvents, hidContext, loadRecording, nextEvent, until } from './fixtures.js';

const rec = loadRecording('streamdeck-mk2.json');
const PATH = rec.info.path ?? '';

function setup(): { backend: FakeHidBackend; unit: FakeHidUnit } {
  const backend = new FakeHidBackend();
  const unit = backend.plug(rec.info, replayBehaviour(rec));
  return { backend, unit };
}

function keyEvents(events: DeviceEvent[]): string[] {
  return events.filter((e) => e.type === 'key-down' || e.type === 'key-up').map((e) => `${e.type} ${String(e.data?.key)}`);
}

/** Gen2 key-image reports (hid.md §1.3): 02 07 key last len(LE16) part(LE16), 1024 bytes each. */
function imageReports(unit: FakeHidUnit, key: number): Buffer[] {
  return unit.writes().filter((w) => w[0] === 0x02 && w[1] === 0x07 && w[2] === key);
}

describe('Stream Deck MK.2 through @elgato-stream-deck on the fake HID device', () => {
  let driver: StreamDeckDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  async function open(backend: FakeHidBackend): Promise<StreamDeckDriver> {
    driver = streamDeckDescriptor.create(hidContext('hid:0fd9:0080', backend)) as StreamDeckDriver;
    await driver.start();
    return driver;
  }

  it('opens, reads firmware and serial from the recorded feature reports', async () => {
    const { backend } = setup();
    const d = await open(backend);
    expect(d.state()).toMatchObject({ status: 'online', model: 'Stream Deck MK.2', firmware: '1.00.008' });
    expect(d.keypad.keyCount).toBe(15);
    expect(await d.health.check()).toMatchObject({ reachable: true, serial: 'A00SA3172513', firmware: '1.00.008' });
    expect(d.keySize(0)).toBe(72);
  });

  it('turns recorded key reports into key-down/up events, ignoring noise', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    const events = collectEvents(d);
    unit.input(...sequence(rec, 'noise'));
    unit.input(...sequence(rec, 'press-key-0'), ...sequence(rec, 'release-all'));
    unit.input(...sequence(rec, 'press-release-key-4'));
    unit.input(...sequence(rec, 'press-key-14'), ...sequence(rec, 'release-all'));
    unit.input(...sequence(rec, 'chord-0-and-5'));
    await until(() => keyEvents(events).length >= 10, 'ten key events');
    expect(keyEvents(events)).toEqual([
      'key-down 0', 'key-up 0',
      'key-down 4', 'key-up 4',
      'key-down 14', 'key-up 14',
      'key-down 0', 'key-down 5', 'key-up 0', 'key-up 5',
    ]);
  });

  it('key presses become scene and action triggers through the keymap', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    const map: Keymap = { device: 'keys-1', keys: { '0': { scene: 'start-class' }, '4': { action: 'recorder.start', device: 'rec-1' } } };
    const triggers: unknown[] = [];
    d.events.on('event', (e) => {
      if (e.type !== 'key-down') return;
      const t = triggerFor(map, Number(e.data?.key));
      if (t !== undefined) triggers.push(t);
    });
    unit.input(...sequence(rec, 'press-key-0'), ...sequence(rec, 'release-all'), ...sequence(rec, 'press-release-key-4'), ...sequence(rec, 'press-key-14'));
    await until(() => triggers.length >= 2, 'two triggers');
    await new Promise((r) => setTimeout(r, 20));
    expect(triggers).toEqual([
      { kind: 'scene', key: 0, scene: 'start-class' },
      { kind: 'action', key: 4, device: 'rec-1', action: 'recorder.start' },
    ]);
  });

  it('state changes become key colours (feature report 03 06 key r g b) and labelled images', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    const map: Keymap = { device: 'keys-1', keys: { '0': { scene: 'start-class' }, '1': { action: 'recorder.start', device: 'rec-1', label: 'REC' } } };
    const view: RoomView = { session: 'live', devices: { 'rec-1': { status: 'online', recorder: 'recording' } } };
    for (const [key, look] of keyLooks(map, view)) {
      if (look.label !== undefined) await d.keypad.setLabel?.(key, look.label, 'color' in look.light ? look.light.color : '#000000');
      else await d.keypad.setLight(key, look.light);
    }
    expect(unit.featureWrites().map((w) => w.toString('hex'))).toContain('030600' + '00a000');
    const parts = imageReports(unit, 1);
    expect(parts.length).toBeGreaterThan(0);
    const last = parts.at(-1);
    expect(last?.[3]).toBe(1); // last-part flag
    expect(parts.every((p) => p.length === 1024)).toBe(true);
    // The payload is a JPEG (gen2): starts with FF D8 after the 8-byte header.
    expect(parts[0]?.subarray(8, 10)).toEqual(Buffer.from([0xff, 0xd8]));
    await d.keypad.setLight(0, { off: true });
    // MK.2 supports RGB key fill, so clearing is a black fill by feature report.
    expect(unit.featureWrites().at(-1)?.toString('hex')).toBe('030600000000');
  });

  it('rejects a key the deck does not have', async () => {
    const { backend } = setup();
    const d = await open(backend);
    await expect(d.keypad.setLight(15, { color: '#ff0000' })).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_ARGUMENT' });
    await expect(d.setImage(0, Buffer.alloc(10))).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_ARGUMENT' });
  });

  it('handles unplug and replug: offline, back online, lights repainted, keys work', async () => {
    const { backend, unit } = setup();
    const d = await open(backend);
    await d.keypad.setLight(3, { color: '#ff0000' });
    backend.unplug(PATH);
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline after unplug');
    expect(d.state().reason).toMatch(/unplugged/);
    // A light set while unplugged is remembered and shown on return.
    await expect(d.keypad.setLight(7, { color: '#0000ff' })).rejects.toMatchObject({ code: expect.stringMatching(/SC_ERR_/) });
    const before = unit.featureWrites().length;
    backend.replug(unit);
    await nextEvent(d, 'state', (s) => s.status === 'online', 'online after replug');
    const repainted = unit.featureWrites().slice(before).map((w) => w.toString('hex'));
    expect(repainted).toEqual(expect.arrayContaining(['030603ff0000', '03060700' + '00ff']));
    const events = collectEvents(d);
    unit.input(...sequence(rec, 'press-key-0'));
    await until(() => keyEvents(events).includes('key-down 0'), 'key press after replug');
  });

  it('a deck that cannot be opened gives the permission message', async () => {
    const { backend } = setup();
    backend.deny(PATH);
    const d = await open(backend);
    expect(d.state().status).toBe('offline');
    expect(d.state().lastError?.code).toBe('SC_ERR_HID_PERMISSION');
    expect(d.state().reason).toContain('ATTRS{idVendor}=="0fd9", MODE="0660", GROUP="plugdev"');
    await expect(d.keypad.setLight(0, { on: true })).rejects.toMatchObject({ code: 'SC_ERR_HID_PERMISSION' });
  });

  it('says clearly when no deck is plugged in', async () => {
    const backend = new FakeHidBackend();
    const d = await open(backend);
    expect(d.state().lastError?.code).toBe('SC_ERR_HID_NOT_FOUND');
    backend.plug(rec.info, replayBehaviour(rec));
    await nextEvent(d, 'state', (s) => s.status === 'online', 'online once plugged in');
  });
});
