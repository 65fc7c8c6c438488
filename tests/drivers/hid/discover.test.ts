import { describe, expect, it } from 'vitest';
import { discoverHidWith } from '../../../src/discovery/hid.js';
import { hidDriversFor } from '../../../src/drivers/hid/match.js';
import { FakeHidBackend, RelayBoardModel, replayBehaviour } from '../../../src/simulators/hid/index.js';
import { runCliInProcess } from '../../helpers/index.js';
import { loadRecording, quietLog } from './fixtures.js';

describe('classroom discover --hid', () => {
  it('runs on this machine (no HID devices) and says so without crashing', async () => {
    const run = await runCliInProcess(['discover', '--hid']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^hid:\n/);
    expect(run.stdout).toMatch(/nothing found/);
    expect(run.stdout).toMatch(/No USB HID devices are connected to this machine/);
  });

  it('--json gives the same facts as data', async () => {
    const run = await runCliInProcess(['discover', '--hid', '--json']);
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as { hid: { devices: unknown[]; notes: string[] } };
    expect(parsed.hid.devices).toEqual([]);
    expect(parsed.hid.notes[0]).toMatch(/No USB HID devices/);
  });

  it('lists what we can drive, why one cannot be opened, and devices we do not drive', async () => {
    const backend = new FakeHidBackend();
    const deck = loadRecording('streamdeck-mk2.json');
    backend.plug({ vendorId: 0x046d, productId: 0xc52b, path: '/dev/hidraw9', product: 'USB Receiver', manufacturer: 'Logitech', release: 1, interface: 2 });
    backend.plug(deck.info, replayBehaviour(deck));
    const relay = new RelayBoardModel(4);
    backend.plug(relay.info('/dev/hidraw3'), relay.behaviour());
    backend.deny('/dev/hidraw3');
    const result = await discoverHidWith(backend, { log: quietLog, timeoutMs: 100 }, hidDriversFor);
    expect(result.devices.map((d) => [d.target, d.drivers])).toEqual([
      ['hid:0fd9:0080/A00SA3172513', ['streamdeck']],
      ['hid:16c0:05df', ['hid-relay']],
      ['hid:046d:c52b', []],
    ]);
    expect(result.devices[0]?.problem).toBeUndefined();
    expect(result.devices[1]?.description).toMatch(/4-channel USB relay/);
    expect(result.devices[1]?.problem).toMatch(/permission denied on \/dev\/hidraw3.*50-smart-classroom\.rules/);
    expect(result.devices[2]?.description).toMatch(/not driven by the agent/);
    // The deck was opened once to check, and closed again.
    expect(backend.unit('/dev/hidraw0').opened.every((h) => h.closed)).toBe(true);
    // A device we do not drive is never opened.
    expect(backend.unit('/dev/hidraw9').opened).toHaveLength(0);
  });

  it('an enumeration failure becomes a note, not a crash', async () => {
    const backend = new FakeHidBackend();
    backend.devices = () => Promise.reject(new Error('hid_enumerate failed'));
    const result = await discoverHidWith(backend, { log: quietLog, timeoutMs: 100 }, hidDriversFor);
    expect(result.devices).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/hid_enumerate failed/);
  });

  it('ctl hid-relay on a machine without the board says it is not found', async () => {
    const run = await runCliInProcess(['ctl', 'hid-relay', 'hid:16c0:05df', 'relay', '1', 'on']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No HID device matches hid:16c0:05df/);
  });
});
