import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import type { RoomEvents } from '../../src/agent/events.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { startFleet } from '../fleet/fleet.js';
import { tempDir } from '../helpers/index.js';
import { makeAgent, record, until } from './helpers.js';

interface Alert {
  id: number;
  kind: string;
  state: string;
}

/**
 * The help button's whole round trip through a real fleet and its embedded broker: the teacher
 * calls, the fleet raises the alert, a person acknowledges it in the fleet, and the wall panel's
 * state (GET /api/state, the `help-state` event) says so.
 */
describe('help acknowledged at the fleet reaches the room', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('shows the call, then "acknowledged", then nothing once resolved', async () => {
    const dir = tempDir('sc-help-ack-');
    cleanups.push(() => dir.remove());
    const fleet = await startFleet(`${dir.path}/fleet`, { commands: { replyWaitSeconds: 5 } });
    cleanups.push(() => fleet.close());
    const app = fleet.service.http;
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: fleet.started.firstAdmin?.password } });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0] ?? '', 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { country: 'ke', site: 'uon' } });
    const cred = (await app.inject({ method: 'POST', url: '/api/rooms', headers, payload: { country: 'ke', site: 'uon', room: 'room-a' } })).json() as { username: string; password: string };

    // remote.allow is empty: help.ack is a notice, not a remote action the room must allow.
    const config = parseConfig<RoomConfig>(
      `schemaVersion: 1
room: { id: room-a, country: ke, site: uon }
devices: []
scenes:
  start-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
  end-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
uplink: { url: "${fleet.mqttUrl}", username: ${cred.username}, password: "\${env:SC_MQTT_PASSWORD}", keepaliveSeconds: 30 }
`,
      'room.yaml',
      { kind: 'room', env: { SC_MQTT_PASSWORD: cred.password } },
    );
    const agent: Agent = makeAgent(config, { dataDir: `${dir.path}/agent`, uplink: { fsync: false } });
    cleanups.push(() => agent.stop());
    await agent.start();
    const states: RoomEvents['help-state'][] = record(agent, 'help-state');
    await until(() => fleet.service.model.get('sc/v1/ke/uon/room-a')?.birth !== undefined, 10_000, 'the birth at the fleet');

    const call = await agent.app.inject({ method: 'POST', url: '/api/help', payload: {} });
    expect(call.statusCode).toBe(202);
    const roomState = async (): Promise<{ help?: { id: string; calls: number; acknowledged?: { at: number } } }> => (await agent.app.inject({ method: 'GET', url: '/api/state' })).json();
    expect((await roomState()).help).toMatchObject({ id: (call.json() as { id: string }).id, calls: 1 });
    expect((await roomState()).help?.acknowledged).toBeUndefined();

    let alert: Alert | undefined;
    const deadline = Date.now() + 10_000;
    while (alert === undefined) {
      const list = (await app.inject({ method: 'GET', url: '/api/alerts?state=open', headers })).json() as Alert[];
      alert = list.find((a) => a.kind === 'help-requested');
      if (alert === undefined && Date.now() > deadline) throw new Error('no help alert at the fleet');
      if (alert === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    const ack = await app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/ack`, headers });
    expect(ack.statusCode).toBe(200);
    await until(() => states.some((s) => s.help?.acknowledged !== undefined), 10_000, 'the acknowledgement in the room');
    expect((await roomState()).help?.acknowledged?.at).toEqual(expect.any(Number));

    // The notice is audited at the fleet like any remote action, and the room answered it.
    const audited = async (): Promise<Record<string, unknown> | undefined> =>
      ((await app.inject({ method: 'GET', url: '/api/audit', headers })).json() as Record<string, unknown>[]).find((a) => a.action === 'help.ack');
    const deadline2 = Date.now() + 10_000;
    while ((await audited())?.result !== 'ok') {
      if (Date.now() > deadline2) throw new Error(`help.ack not answered: ${JSON.stringify(await audited())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await audited()).toMatchObject({ user: 'admin', root: 'sc/v1/ke/uon/room-a', args: { state: 'acknowledged' } });

    // An operator cannot send the notice by hand: it comes from the alert only.
    const byHand = await app.inject({ method: 'POST', url: '/api/rooms/ke/uon/room-a/commands', headers, payload: { action: 'help.ack' } });
    expect(byHand.statusCode).toBe(400);

    const resolved = await app.inject({ method: 'POST', url: `/api/alerts/${alert.id}/resolve`, headers });
    expect(resolved.statusCode).toBe(200);
    await until(() => states.at(-1)?.help === undefined && states.length >= 3, 10_000, 'the call over in the room');
    expect((await roomState()).help).toBeUndefined();
  });
});
