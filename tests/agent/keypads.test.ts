import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { hashPassword } from '../../src/core/passwords.js';
import { ConfigError } from '../../src/core/config/index.js';
import { checkRoomConfig } from '../../src/agent/check.js';
import { FakeHidBackend, RelayBoardModel, checkRecording, replayBehaviour, sequence } from '../../src/simulators/hid/index.js';
import { loadRoom, makeAgent } from './helpers.js';

const PASSWORD = 'keys and lights';
const xk24 = checkRecording(JSON.parse(readFileSync('tests/fixtures/hid/xkeys-xk24.json', 'utf8')) as unknown, 'xkeys-xk24.json');

function room(keypads: string, hash = ''): string {
  return `schemaVersion: 1
room: { id: test-room, country: ke, site: test-site }
devices:
  - { id: keys, driver: xkeys, target: "hid:05f3:0405", pollIntervalMs: 60000 }
  - { id: relay, driver: hid-relay, target: "hid:16c0:05df", pollIntervalMs: 60000 }
scenes:
  start-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
  end-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
keypads:
${keypads}${hash === '' ? '' : `http:\n  technicianPasswordHash: ${hash}\n`}`;
}

const KEYS = `  - device: keys
    keys:
      "1":
        action: relay.set
        device: relay
        args: { channel: 2, on: true }
        label: SCREEN
        icon: screen
        lights:
          - { when: { recording: true }, color: red }
          - { when: { session: live }, color: green }
      "7": { action: relay.toggle, device: relay, args: { channel: 1 }, label: LAMP, icon: light }
      "2": { scene: start-class, lights: [ { when: { session: [live, degraded] }, color: "#00ff00", label: LIVE } ] }
`;

const agents: Agent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.stop();
});

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 8000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('keypads configured in the room file', () => {
  it('a key with arguments runs its action with them; lights follow the rules; the layout is served to the technician', async () => {
    const backend = new FakeHidBackend();
    const keys = backend.plug(xk24.info, replayBehaviour(xk24));
    const board = new RelayBoardModel(2);
    backend.plug(board.info('/dev/hidraw9'), board.behaviour());
    const agent = makeAgent(loadRoom(room(KEYS, await hashPassword(PASSWORD))), { hid: backend });
    agents.push(agent);
    await agent.start();
    const login = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    // Key 1: relay.set with channel 2 on, from the args in the file.
    keys.input(...sequence(xk24, 'press-release-key-1'));
    await until(() => board.isOn(2), 'relay channel 2 on');
    expect(board.isOn(1)).toBe(false);
    // Key 7: relay.toggle channel 1, twice.
    keys.input(...sequence(xk24, 'press-key-7'), ...sequence(xk24, 'release-all'));
    await until(() => board.isOn(1), 'relay channel 1 toggled on');
    keys.input(...sequence(xk24, 'press-key-7'), ...sequence(xk24, 'release-all'));
    await until(() => !board.isOn(1), 'relay channel 1 toggled off');

    const layout = async (): Promise<{ device: string; keyCount?: number; keys: { key: number; binding: Record<string, unknown>; look: { light: Record<string, unknown>; label?: string; icon?: string } }[] }[]> => {
      const res = await agent.app.inject({ method: 'GET', url: '/api/technician/keypads', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const before = await layout();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ device: 'keys', keyCount: 24 });
    const key1 = before[0]?.keys.find((k) => k.key === 1);
    expect(key1).toMatchObject({ binding: { action: 'relay.set', device: 'relay', args: { channel: 2, on: true }, label: 'SCREEN', icon: 'screen' }, look: { label: 'SCREEN', icon: 'screen' } });
    expect(key1?.look.light).not.toEqual({ color: '#00a000' });

    await agent.app.inject({ method: 'POST', url: '/api/session/start', headers: { cookie }, payload: {} });
    await until(() => agent.controller.snapshot().session.state === 'live', 'the class to be live');
    const after = await layout();
    expect(after[0]?.keys.find((k) => k.key === 1)?.look.light).toEqual({ color: '#00a000' });
    expect(after[0]?.keys.find((k) => k.key === 2)?.look).toEqual({ light: { color: '#00ff00' }, label: 'LIVE' });
    const unauthenticated = await agent.app.inject({ method: 'GET', url: '/api/technician/keypads' });
    expect(unauthenticated.statusCode).toBe(401);
  });

  it('schema and cross-checks name file, line and field: unknown icon, bad colour, missing argument, unknown device in a rule', () => {
    const bad = `  - device: keys
    keys:
      "1": { action: relay.set, device: relay, args: { on: true }, icon: rocket }
      "2": { scene: start-class, lights: [ { when: { session: live }, color: "#12" } ] }
`;
    let err: unknown;
    try {
      loadRoom(room(bad), 'rooms/a.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const schema = (err as ConfigError).problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`);
    expect(schema).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rooms\/a\.yaml:12 keypads\[0\]\.keys\[1\]\.icon: is the text "rocket", expected one of: record, stop/),
        expect.stringMatching(/^rooms\/a\.yaml:13 keypads\[0\]\.keys\[2\]\.lights\[0\]\.color: .*expected a colour: off, white, red/),
      ]),
    );
    const crossed = `  - device: keys
    keys:
      "1": { action: relay.set, device: relay, args: { on: true } }
      "2": { scene: start-class, lights: [ { when: { recording: recorder-9 }, color: red } ] }
      "3": { scene: start-class, args: { channel: 1 } }
`;
    let checked: unknown;
    try {
      checkRoomConfig(loadRoom(room(crossed), 'rooms/b.yaml'));
    } catch (e) {
      checked = e;
    }
    expect(checked).toBeInstanceOf(ConfigError);
    const lines = (checked as ConfigError).problems.map((p) => `${p.file}:${p.line} ${p.field}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rooms\/b\.yaml:12 keypads\[0\]\.keys(\[1\]|\.1)\.action: relay\.set needs args\.channel \(number\)/),
        expect.stringMatching(/^rooms\/b\.yaml:13 keypads\[0\]\.keys(\[2\]|\.2)\.lights\[0\]\.when\.recording: is "recorder-9", expected true, false or one of the devices: keys, relay/),
        expect.stringMatching(/^rooms\/b\.yaml:14 keypads\[0\]\.keys(\[3\]|\.3)\.args: are given without an action/),
      ]),
    );
  });
});
