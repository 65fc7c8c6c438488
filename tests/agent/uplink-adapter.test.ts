import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { UplinkAdapter } from '../../src/agent/uplink-adapter.js';
import { Value } from '@sinclair/typebox/value';
import { BirthPayload, SessionPayload } from '../../src/uplink/contract/payloads.js';
import { loadRoom, makeAgent } from './helpers.js';

const ROOM = `schemaVersion: 1
room: { id: remote-room, country: ke, site: test, name: Room 2 }
devices: []
scenes:
  start-class: { label: Start class, steps: [ { action: wait, args: { ms: 1 } } ] }
  end-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
  exam: { steps: [ { action: wait, args: { ms: 1 } } ] }
remote:
  allow: [session.start, scene.run]
`;

describe('the agent as the uplink sees it', () => {
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });

  it('runs allowed remote commands through the room controller and refuses the others', async () => {
    agent = makeAgent(loadRoom(ROOM));
    await agent.start();
    const adapter = new UplinkAdapter({ controller: agent.controller, bus: agent.bus });
    const sessions: unknown[] = [];
    const events: { type: string }[] = [];
    const off1 = adapter.onSession((s) => sessions.push(s));
    const off2 = adapter.onEvent((e) => events.push(e));
    const cmd = { id: 'cmd-00000001', expires: Date.now() + 60_000, by: 'ops@fleet' };
    expect(await adapter.execute({ ...cmd, action: 'session.start' })).toEqual({ session: 'live', problems: [] });
    expect(await adapter.execute({ ...cmd, action: 'scene.run', args: { scene: 'exam' } })).toMatchObject({ scene: 'exam', status: 'ok' });
    await expect(adapter.execute({ ...cmd, action: 'session.end' })).rejects.toMatchObject({ code: 'SC_ERR_CMD_NOT_ALLOWED' });
    await expect(adapter.execute({ ...cmd, action: 'scene.run', args: { scene: 'nope' } })).rejects.toMatchObject({ code: 'SC_ERR_SCENE_UNKNOWN' });
    expect(agent.controller.snapshot().session).toMatchObject({ state: 'live', by: { kind: 'remote', name: 'ops@fleet' } });
    // What goes out fits the MQTT contract.
    for (const s of sessions) expect(Value.Check(SessionPayload, s)).toBe(true);
    const birth = { bdSeq: 1, ts: Date.now(), version: 'test', ...adapter.snapshot(), remoteAllow: [] };
    expect(Value.Errors(BirthPayload, birth).First()).toBeUndefined();
    expect(events.map((e) => e.type)).toContain('scene.done');
    off1();
    off2();
    expect(agent.bus.listenerCount('session')).toBe(0);
  });
});
