import { Value } from '@sinclair/typebox/value';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import type { RoomLoadedConfig } from '../../src/agent/config.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { BirthPayload, ReplyPayload, SessionPayload, StatusPayload } from '../../src/contract/mqtt/payloads.js';
import { startAedes, tempDir, type AedesBroker } from '../helpers/index.js';
import { makeAgent, panelDevice, roomYaml, simPanel, until } from './helpers.js';

const ROOT = 'sc/v1/ke/test-site/test-room';

/** A room config whose uplink password comes from the environment, as the schema requires. */
function withPassword(text: string): RoomLoadedConfig {
  return parseConfig<RoomConfig>(text, 'room.yaml', { kind: 'room', env: { SC_MQTT_PASSWORD: 'room-password' } });
}

interface Seen {
  topic: string;
  payload: Record<string, unknown>;
  retain: boolean;
}

/** An observer on the broker, as the fleet would be: every message of the room, parsed. */
async function observe(url: string): Promise<{ client: MqttClient; seen: Seen[]; last: (topic: string) => Record<string, unknown> | undefined }> {
  const client = await connectAsync(url, { clientId: 'observer', protocolVersion: 4 });
  const seen: Seen[] = [];
  client.on('message', (topic, payload, packet) => {
    seen.push({ topic, payload: JSON.parse(payload.toString('utf8')) as Record<string, unknown>, retain: packet.retain });
  });
  await client.subscribeAsync(`${ROOT}/#`, { qos: 1 });
  return { client, seen, last: (topic) => seen.filter((s) => s.topic === topic).at(-1)?.payload };
}

const SCENES = `  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on, timeoutMs: 3000, retries: 1 }
  end-class:
    steps:
      - { name: Panel off, device: panel, action: power.off, onFail: continue }
`;

describe('the agent with an uplink', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('publishes birth, state and session, and runs a session.start command from the fleet', async () => {
    const broker: AedesBroker = await startAedes();
    cleanups.push(() => broker.close());
    const panel = await simPanel();
    cleanups.push(() => panel.stop());
    const dir = tempDir('sc-agent-uplink-');
    cleanups.push(() => dir.remove());
    const config = withPassword(
      roomYaml(
        panelDevice('panel', panel.path),
        SCENES,
        `uplink: { url: "${broker.url}", username: ke-test-site-test-room, password: "\${env:SC_MQTT_PASSWORD}", keepaliveSeconds: 30 }\nremote: { allow: [session.start, session.end] }\n`,
      ),
    );
    const fleet = await observe(broker.url);
    cleanups.push(() => fleet.client.endAsync());
    const agent: Agent = makeAgent(config, { dataDir: dir.path, uplink: { fsync: false } });
    cleanups.push(() => agent.stop());
    await agent.start();

    await until(() => fleet.last(`${ROOT}/birth`) !== undefined && fleet.last(`${ROOT}/session`) !== undefined, 10_000, 'the birth');
    expect(fleet.last(`${ROOT}/status`)).toMatchObject({ online: true });
    expect(Value.Check(StatusPayload, fleet.last(`${ROOT}/status`))).toBe(true);
    const birth = fleet.last(`${ROOT}/birth`);
    expect(Value.Errors(BirthPayload, birth).First()).toBeUndefined();
    expect(birth).toMatchObject({ devices: [{ id: 'panel', driver: 'samsung-mdc' }], remoteAllow: ['session.start', 'session.end'] });
    await until(() => fleet.last(`${ROOT}/state/panel`)?.status === 'online', 10_000, 'the panel online on the broker');
    expect(fleet.last(`${ROOT}/session`)).toMatchObject({ state: 'idle' });

    const health = await agent.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ ok: true, uplink: { connected: true, connects: 1, url: broker.url } });

    await fleet.client.publishAsync(`${ROOT}/cmd`, JSON.stringify({ id: 'cmd-start-0001', action: 'session.start', args: { course: 'Physics 101' }, expires: Date.now() + 60_000, by: 'ops@fleet' }), { qos: 1 });
    await until(() => fleet.last(`${ROOT}/reply`) !== undefined, 15_000, 'the reply');
    const reply = fleet.last(`${ROOT}/reply`);
    expect(Value.Check(ReplyPayload, reply)).toBe(true);
    expect(reply).toMatchObject({ id: 'cmd-start-0001', status: 'ok', data: { session: 'live', problems: [] } });
    // The panel really turned on (read back from the simulator), and the fleet heard of it.
    expect(panel.engine.state.power).toBe(true);
    await until(() => fleet.last(`${ROOT}/session`)?.state === 'live', 10_000, 'the live session on the broker');
    const session = fleet.last(`${ROOT}/session`);
    expect(Value.Check(SessionPayload, session)).toBe(true);
    expect(session).toMatchObject({ state: 'live', by: { kind: 'remote', name: 'ops@fleet' }, course: 'Physics 101' });
    await until(() => fleet.last(`${ROOT}/state/panel`)?.power === 'on', 10_000, 'the panel power on the broker');

    // A command the room does not allow is refused, with a coded error.
    await fleet.client.publishAsync(`${ROOT}/cmd`, JSON.stringify({ id: 'cmd-help-0002', action: 'help', expires: Date.now() + 60_000, by: 'ops@fleet' }), { qos: 1 });
    await until(() => fleet.last(`${ROOT}/reply`)?.id === 'cmd-help-0002', 10_000, 'the refusal');
    expect(fleet.last(`${ROOT}/reply`)).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_NOT_ALLOWED' } });

    // Stopping says offline (retained) before the link closes.
    await agent.stop();
    await until(() => fleet.last(`${ROOT}/status`)?.online === false, 5000, 'the offline status');
  });

  it('starts and serves without a reachable broker, and says so in its health', async () => {
    const dir = tempDir('sc-agent-uplink-');
    cleanups.push(() => dir.remove());
    const config = withPassword(`schemaVersion: 1
room: { id: test-room, country: ke, site: test-site }
devices: []
scenes:
  start-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
  end-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
uplink: { url: "mqtt://127.0.0.1:1", username: u, password: "\${env:SC_MQTT_PASSWORD}" }
`);
    const agent = makeAgent(config, { dataDir: dir.path, uplink: { fsync: false } });
    cleanups.push(() => agent.stop());
    await agent.start();
    const outcome = await agent.controller.startSession({ kind: 'wall-panel' });
    expect(outcome.session.state).toBe('live');
    const health = await agent.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ ok: true, session: 'live', uplink: { connected: false, url: 'mqtt://127.0.0.1:1' } });
    // The session change waits in the outbox for the link.
    await until(() => (agent.uplink?.health()?.outboxDepth ?? 0) > 0, 5000, 'the outbox to hold the session');
  });
});
