import { describe, expect, it } from 'vitest';
import { DeviceHistory } from '../../src/agent/http/device-history.js';
import { EventBus } from '../../src/core/event-bus.js';
import type { RoomEvents } from '../../src/agent/events.js';
import { suggestId } from '../../src/ui/technician/ids.js';
import { pino } from 'pino';

describe('"Add to config" fills in an id', () => {
  it('from what the driver drives, and one the room does not use yet', () => {
    expect(suggestId({ kind: 'onvif', drivers: ['onvif'] }, ['panel', 'recorder'])).toBe('camera');
    expect(suggestId({ kind: 'onvif', drivers: ['onvif'] }, ['camera', 'camera-2'])).toBe('camera-3');
    expect(suggestId({ kind: 'serial', drivers: ['samsung-mdc', 'nec'] }, ['panel'])).toBe('panel-2');
    expect(suggestId({ kind: 'hid', drivers: ['xkeys'] }, [])).toBe('keypad');
    expect(suggestId({ kind: 'serial' }, [])).toBe('device');
    for (const id of ['camera-3', 'panel-2', 'device']) expect(id).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
  });
});

describe('device history for the technician page', () => {
  it('groups an error repeated at every poll into one line with its count, first and last time', () => {
    const bus = new EventBus<RoomEvents>(pino({ level: 'silent' }));
    const history = new DeviceHistory();
    history.attach(bus);
    const at = [1000, 2000, 3000];
    let previous: RoomEvents['device-state']['previous'] = { status: 'online' };
    for (const ts of at) {
      const state = { status: 'offline' as const, lastError: { code: 'SC_ERR_SERIAL_TIMEOUT', message: `no reply at ${ts}`, at: ts } };
      bus.emit('device-state', { device: 'panel', state, previous, ts });
      previous = state;
    }
    bus.emit('command-done', { device: 'panel', action: 'power.on', ok: false, latencyMs: 5, error: { code: 'SC_ERR_DEVICE_NAK', message: 'refused' }, ts: 4000 });
    const { groups, errors } = history.of('panel');
    expect(errors).toHaveLength(4);
    expect(groups).toEqual([
      { code: 'SC_ERR_DEVICE_NAK', message: 'refused', action: 'power.on', count: 1, first: 4000, last: 4000 },
      { code: 'SC_ERR_SERIAL_TIMEOUT', message: 'no reply at 3000', count: 3, first: 1000, last: 3000 },
    ]);
    history.detach();
  });
});
