import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { deviceDto } from '../../src/fleet/http/dashboard/summaries.js';
import { DeviceStatePayload } from '../../src/contract/mqtt/payloads.js';

describe('panel health and device warnings in the contract and the fleet', () => {
  const state = {
    status: 'online' as const,
    model: 'P495',
    firmware: 'R1.503',
    health: { serial: '4Y123456AB', operatingHours: 1234, temperatureC: 38, at: 1_700_000_000_000 },
    warning: { code: 'SC_ERR_CAMERA_PRESET_OFF_POSITION', message: 'cam-1 stopped away from preset "board"', at: 1_700_000_000_000 },
  };

  it('the state payload carries them as optional fields (older agents send neither)', () => {
    expect(Value.Check(DeviceStatePayload, state)).toBe(true);
    expect(Value.Check(DeviceStatePayload, { status: 'online' })).toBe(true);
    expect(Value.Check(DeviceStatePayload, { ...state, health: { operatingHours: -1 } })).toBe(false);
  });

  it('the dashboard room page gets them from the stored state', () => {
    const dto = deviceDto({ id: 'panel', driver: 'nec', capabilities: ['power'], status: 'online', state, since: 1, updatedAt: 2 });
    expect(dto).toMatchObject({ model: 'P495', firmware: 'R1.503', health: state.health, warning: state.warning });
  });
});
