import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { UplinkAdapter } from '../../src/agent/uplink-adapter.js';
import { Value } from '@sinclair/typebox/value';
import { BirthPayload, SessionPayload, type SessionMessage } from '../../src/contract/mqtt/payloads.js';
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

  it('sends the next timetable slots with the session, and the session again only when they change', async () => {
    agent = makeAgent(loadRoom(ROOM));
    await agent.start();
    const controller = agent.controller;
    const real = controller.snapshot.bind(controller);
    const slot = { id: 'u1@1', uid: 'u1', start: Date.now() + 3_600_000, end: Date.now() + 7_200_000, course: 'Physics 101', teacher: 'Dr Achieng', location: 'Hall 1' };
    let upcoming = [slot];
    vi.spyOn(controller, 'snapshot').mockImplementation(() => ({ ...real(), upcoming }));
    const adapter = new UplinkAdapter({ controller, bus: agent.bus, timetableCheckMs: 20 });
    expect(adapter.snapshot().session.timetable).toEqual([{ start: slot.start, end: slot.end, course: 'Physics 101', teacher: 'Dr Achieng' }]);
    const sessions: SessionMessage[] = [];
    const off = adapter.onSession((s) => sessions.push(s));
    await new Promise((r) => setTimeout(r, 80));
    expect(sessions).toEqual([]);
    // The feed reloaded with the same slots: nothing to say.
    agent.bus.emit('timetable', { source: 'cache', slots: 1, ts: Date.now() });
    expect(sessions).toEqual([]);
    // The slot is gone (it ended, or the feed changed): the session goes out again with the new list.
    upcoming = [];
    await new Promise((r) => setTimeout(r, 80));
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ state: 'idle', timetable: [] });
    for (const s of sessions) expect(Value.Check(SessionPayload, s)).toBe(true);
    off();
    expect(agent.bus.listenerCount('timetable')).toBe(0);
    vi.restoreAllMocks();
  });
});
