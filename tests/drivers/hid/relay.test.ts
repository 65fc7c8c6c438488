import { afterEach, describe, expect, it } from 'vitest';
import { HidRelayDriver, hidRelayDescriptor } from '../../../src/drivers/hid/hid-relay.js';
import { decodeRelayReport, encodeRelayAll, encodeRelaySet, relayChannelsFromProduct } from '../../../src/drivers/hid/relay-protocol.js';
import { FakeHidBackend, RelayBoardModel, hexBytes } from '../../../src/simulators/hid/index.js';
import type { HidDeviceInfo } from '../../../src/transports/hid/types.js';
import { isScError } from '../../../src/core/errors/index.js';
import { collectEvents, hidContext, loadJson, nextEvent } from './fixtures.js';

interface RelayFixture {
  info: HidDeviceInfo;
  commands: Record<string, string>;
  reports: Record<string, { hex: string; serial: string; states: boolean[] }>;
}

const fixture = loadJson<RelayFixture>('relay-usbrelay2.json');

describe('relay protocol (golden frames from hid.md §3)', () => {
  it('encodes on/off/all exactly as recorded', () => {
    const c = fixture.commands;
    expect(encodeRelaySet(1, true)).toEqual(hexBytes(c['relay 1 on'] ?? ''));
    expect(encodeRelaySet(1, false)).toEqual(hexBytes(c['relay 1 off'] ?? ''));
    expect(encodeRelaySet(2, true)).toEqual(hexBytes(c['relay 2 on'] ?? ''));
    expect(encodeRelaySet(2, false)).toEqual(hexBytes(c['relay 2 off'] ?? ''));
    expect(encodeRelayAll(true)).toEqual(hexBytes(c['all on'] ?? ''));
    expect(encodeRelayAll(false)).toEqual(hexBytes(c['all off'] ?? ''));
    expect(() => encodeRelaySet(0, true)).toThrow(RangeError);
    expect(() => encodeRelaySet(9, true)).toThrow(RangeError);
  });

  it('decodes every recorded state report, with or without the report ID byte', () => {
    for (const [name, r] of Object.entries(fixture.reports)) {
      expect(decodeRelayReport(hexBytes(r.hex), 2), name).toEqual({ serial: r.serial, states: r.states });
    }
  });

  it('returns undefined for short or garbage answers instead of guessing', () => {
    expect(decodeRelayReport(Buffer.alloc(0), 2)).toBeUndefined();
    expect(decodeRelayReport(Buffer.from([1, 2, 3]), 2)).toBeUndefined();
    expect(decodeRelayReport(Buffer.from('ff0102030405060708', 'hex'), 2)).toBeUndefined();
    expect(decodeRelayReport(Buffer.from('00ff00ff00ff0000ff', 'hex'), 8)?.serial).toBe('?????');
  });

  it('reads the channel count from the product string only for USBRelayN', () => {
    expect(relayChannelsFromProduct('USBRelay2')).toBe(2);
    expect(relayChannelsFromProduct('USBRelay8')).toBe(8);
    expect(relayChannelsFromProduct('USBRelay9')).toBeUndefined();
    expect(relayChannelsFromProduct('LittleWire')).toBeUndefined();
    expect(relayChannelsFromProduct(undefined)).toBeUndefined();
  });

  it('the board model answers the recorded reports', () => {
    const board = new RelayBoardModel(2, 'QWERT');
    const b = board.behaviour();
    expect(b.onGetFeature?.(0, 9)).toEqual(hexBytes(fixture.reports['all off']?.hex ?? ''));
    b.onSendFeature?.(hexBytes(fixture.commands['relay 1 on'] ?? ''));
    expect(b.onGetFeature?.(0, 9)).toEqual(hexBytes(fixture.reports['relay 1 on']?.hex ?? ''));
    b.onSendFeature?.(hexBytes(fixture.commands['all on'] ?? ''));
    expect(b.onGetFeature?.(0, 9)).toEqual(hexBytes(fixture.reports['both on']?.hex ?? ''));
  });
});

describe('hid-relay driver on a fake board', () => {
  let driver: HidRelayDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  function setup(channels: 1 | 2 | 4 | 8 = 2): { backend: FakeHidBackend; board: RelayBoardModel; path: string } {
    const backend = new FakeHidBackend();
    const board = new RelayBoardModel(channels, 'QWERT');
    const info = { ...board.info('/dev/hidraw2') };
    backend.plug(info, board.behaviour());
    return { backend, board, path: '/dev/hidraw2' };
  }

  it('switches a channel, sends the recorded frame and reads the state back', async () => {
    const { backend, board, path } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    expect(driver.state()).toMatchObject({ status: 'online', relays: [false, false], model: 'USBRelay2 serial QWERT' });
    expect(driver.relay.channels).toBe(2);
    await driver.relay.set(1, true);
    expect(board.isOn(1)).toBe(true);
    expect(backend.unit(path).featureWrites().at(-1)).toEqual(hexBytes(fixture.commands['relay 1 on'] ?? ''));
    expect(driver.state().relays).toEqual([true, false]);
    await driver.relay.set(1, false);
    expect(board.isOn(1)).toBe(false);
    expect(await driver.relay.query()).toEqual([false, false]);
    const health = await driver.health.check();
    expect(health).toMatchObject({ reachable: true, serial: 'QWERT', model: 'USBRelay2' });
  });

  it('reports a state changed outside the agent (read back, not assumed)', async () => {
    const { backend, board } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    board.bits = 0b10; // someone else switched relay 2
    await nextEvent(driver, 'state', (s) => s.relays?.[1] === true, 'relay 2 read back as on');
  });

  it('rejects a channel the board does not have, without touching the board', async () => {
    const { backend, path } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    const before = backend.unit(path).featureWrites().length;
    await expect(driver.relay.set(3, true)).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_ARGUMENT' });
    expect(backend.unit(path).featureWrites().length).toBe(before);
    expect(driver.state().status).toBe('online');
  });

  it('a board that does not switch gives a NAK, not a dead link', async () => {
    const { backend, path } = setup();
    const unit = backend.unit(path);
    unit.behaviour.onSendFeature = () => undefined; // a stuck relay: accepts and ignores
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    const err: unknown = await driver.relay.set(2, true).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_DEVICE_NAK')).toBe(true);
    expect(String(err)).toMatch(/relay 2 on.*read back off/);
    expect(driver.state().status).toBe('online');
  });

  it('notices unplug and replug without a restart, and keeps working after', async () => {
    const { backend, board, path } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    const events = collectEvents(driver);
    await driver.start();
    const unit = backend.unplug(path);
    await nextEvent(driver, 'state', (s) => s.status === 'offline', 'offline after unplug');
    await expect(driver.relay.set(1, true)).rejects.toMatchObject({ code: expect.stringMatching(/SC_ERR_(DEVICE_OFFLINE|HID_NOT_FOUND|LINK_DOWN)/) });
    backend.replug(unit);
    await nextEvent(driver, 'state', (s) => s.status === 'online', 'online after replug');
    await driver.relay.set(1, true);
    expect(board.isOn(1)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['device-offline', 'device-online']));
    expect(unit.opened.length).toBe(2);
    expect(unit.opened[0]?.closed).toBe(true);
  });

  it('a board that exists but cannot be opened explains the udev rule', async () => {
    const { backend, path } = setup();
    backend.deny(path);
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    expect(driver.state().status).toBe('offline');
    expect(driver.state().lastError?.code).toBe('SC_ERR_HID_PERMISSION');
    const err: unknown = await driver.relay.query().catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_HID_PERMISSION')).toBe(true);
    if (!isScError(err)) throw new Error('expected an ScError');
    expect(err.message).toContain('permission denied on /dev/hidraw2');
    expect(err.message).toContain('ATTRS{idVendor}=="16c0", ATTRS{idProduct}=="05df", MODE="0660", GROUP="plugdev"');
    expect(err.hint).toContain('udevadm control --reload');
    // Once the rule is installed (and the device replugged), the next poll opens it.
    backend.allow(path);
    await nextEvent(driver, 'state', (s) => s.status === 'online', 'online once allowed');
  });

  it('refuses another V-USB gadget on the shared 16c0:05df id', async () => {
    const backend = new FakeHidBackend();
    backend.plug({ vendorId: 0x16c0, productId: 0x05df, path: '/dev/hidraw5', product: 'LittleWire', release: 1, interface: 0 });
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    expect(driver.state().lastError?.code).toBe('SC_ERR_HID_MODEL');
    expect(driver.state().reason).toMatch(/LittleWire/);
  });

  it('stop() closes the device and stops enumerating', async () => {
    const { backend, path } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    await driver.stop();
    expect(backend.unit(path).current).toBeUndefined();
    const n = backend.enumerations;
    await new Promise((r) => setTimeout(r, 250));
    expect(backend.enumerations).toBe(n);
    driver = undefined;
  });

  it('ctl "relay 1 on" and "relay" parse their words', async () => {
    const { backend, board } = setup();
    driver = hidRelayDescriptor.create(hidContext('hid:16c0:05df', backend)) as HidRelayDriver;
    await driver.start();
    const relay = hidRelayDescriptor.ctl.relay;
    if (relay === undefined) throw new Error('no relay action');
    expect(await relay.run(driver, ['1', 'on'])).toEqual({ 'relay 1': 'on', 'relay 2': 'off' });
    expect(board.isOn(1)).toBe(true);
    expect(await relay.run(driver, ['all', 'off'])).toEqual({ 'relay 1': 'off', 'relay 2': 'off' });
    expect(await relay.run(driver, [])).toEqual({ 'relay 1': 'off', 'relay 2': 'off' });
    await expect(relay.run(driver, ['1', 'maybe'])).rejects.toMatchObject({ code: 'SC_ERR_USAGE' });
  });
});
