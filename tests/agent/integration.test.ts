import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findDriver } from '../../src/drivers/registry.js';
import { startOnvif } from '../../src/simulators/cameras/onvif/descriptor.js';
import { SmpTcpServer, SmpUnit, smpOptions } from '../../src/simulators/recorders/index.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { parseTarget } from '../../src/transports/index.js';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/index.js';
import { log, simPanel } from './helpers.js';

interface Room {
  panel: RunningPanel & { path: string };
  camera: Awaited<ReturnType<typeof startOnvif>>;
  recorder: { unit: SmpUnit; server: SmpTcpServer };
  preset: string;
  stop(): Promise<void>;
}

/** The three simulated devices of a classroom: a panel over a PTY, an ONVIF camera, an Extron recorder. */
async function startRoom(recorderSettings: Record<string, string> = {}): Promise<Room> {
  const panel = await simPanel({ warmupMs: '500' });
  const camera = await startOnvif({ host: '127.0.0.1', port: 0, log, settings: {} });
  const unit = new SmpUnit({ ...smpOptions({ password: 'rec-secret', ...recorderSettings }), log });
  const server = new SmpTcpServer(unit, '127.0.0.1', 0);
  await server.start();
  // The preset names come from the camera itself, as a technician would read them.
  const probe = findDriver('onvif').create({ id: 'probe', target: parseTarget(camera.targets[0] ?? ''), options: { events: false }, log, pollIntervalMs: 3_600_000, timeoutMs: 3000, username: 'admin', password: 'classroom' });
  await probe.start();
  const presets = (await probe.presets?.list()) ?? [];
  await probe.stop();
  const preset = presets[1]?.name ?? presets[0]?.name ?? '';
  return {
    panel,
    camera,
    recorder: { unit, server },
    preset,
    stop: async () => {
      await server.stop();
      await camera.stop();
      await panel.stop();
    },
  };
}

function roomConfig(room: Room, extraScenes = ''): string {
  return `schemaVersion: 1
room: { id: lecture-hall-1, country: ke, site: uon-chiromo, timezone: Africa/Nairobi }
devices:
  - id: panel
    driver: samsung-mdc
    target: serial:${room.panel.path}?baud=9600
    timeoutMs: 500
    pollIntervalMs: 2000
    options: { id: 1, warmupMs: 500, reconnectMaxMs: 500 }
  - id: camera
    driver: onvif
    target: ${room.camera.targets[0] ?? ''}
    username: admin
    password: \${env:SC_CAMERA_PASSWORD}
    pollIntervalMs: 5000
    options: { events: false }
  - id: recorder
    driver: extron-smp
    target: tcp://127.0.0.1:${room.recorder.server.boundPort}
    password: \${env:SC_RECORDER_PASSWORD}
    pollIntervalMs: 2000
scenes:
  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on, timeoutMs: 5000, retries: 1 }
      - parallel:
          - { name: Panel warm, device: panel, action: wait, args: { until: warm }, timeoutMs: 10000 }
          - { name: Camera to the lectern, device: camera, action: preset.goto, args: { preset: "${room.preset}" }, timeoutMs: 20000, onFail: continue }
      - { name: Lectern PC, device: panel, action: input.select, args: { input: hdmi2 }, onFail: continue }
      - { name: Record, device: recorder, action: recorder.start, timeoutMs: 5000, onFail: continue }
  end-class:
    steps:
      - { name: Stop recording, device: recorder, action: recorder.stop, onFail: continue }
      - { name: Panel off, device: panel, action: power.off, onFail: continue }
${extraScenes}`;
}

interface RunningAgent {
  child: ChildProcess;
  url: string;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

async function startAgent(configText: string): Promise<RunningAgent> {
  const dir = tempDir('sc-agent-').path;
  const file = join(dir, 'room.yaml');
  writeFileSync(file, configText);
  const child = spawn(process.execPath, [CLI_BIN, 'agent', '--config', file, '--host', '127.0.0.1', '--port', '0', '--data-dir', join(dir, 'data')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', SC_CAMERA_PASSWORD: 'classroom', SC_RECORDER_PASSWORD: 'rec-secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed: Record<string, unknown>[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      try {
        parsed.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        parsed.push({ raw: line });
      }
    }
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const listening = parsed.find((l) => l.msg === 'agent listening');
    if (listening !== undefined) return { child, url: String(listening.url), lines: () => parsed, exited };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`agent did not start (exit ${String(child.exitCode)}): ${stderr}\n${parsed.map((l) => JSON.stringify(l)).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function api<T>(agent: RunningAgent, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${agent.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, json: (await res.json()) as T };
}

interface StateReply {
  session: { state: string; problems?: { device?: string; code: string; message: string }[] };
  devices: { id: string; state: { status: string; power?: string; input?: string; preset?: string; recorder?: { activity: string }; reason?: string } }[];
}

describe('classroom agent as a process, against simulated panel, camera and recorder', () => {
  let room: Room | undefined;
  let agent: RunningAgent | undefined;

  afterEach(async () => {
    if (agent !== undefined && agent.child.exitCode === null) {
      agent.child.kill('SIGKILL');
      await agent.exited;
    }
    agent = undefined;
    await room?.stop();
    room = undefined;
  });

  it('starts the class through the HTTP API, reads the live state back, ends it, and stops on SIGTERM', async () => {
    room = await startRoom();
    agent = await startAgent(roomConfig(room));
    const start = await api<{ session: { state: string }; result: { status: string; steps: { name: string; status: string; error?: { message: string } }[] } }>(agent, 'POST', '/api/session/start', { course: 'BIO 201' });
    expect(start.status).toBe(200);
    expect(start.json.result.steps.map((s) => [s.name, s.status, s.error?.message])).toEqual([
      ['Panel on', 'ok', undefined],
      ['Panel warm', 'ok', undefined],
      ['Camera to the lectern', 'ok', undefined],
      ['Lectern PC', 'ok', undefined],
      ['Record', 'ok', undefined],
    ]);
    expect(start.json.session.state).toBe('live');
    // What the devices are doing, from the simulators themselves...
    expect(room.panel.engine.state.power).toBe(true);
    expect(room.recorder.unit.state).toBe(1);
    // ...and what the agent read back from them.
    const state = await api<StateReply>(agent, 'GET', '/api/state');
    const byId = Object.fromEntries(state.json.devices.map((d) => [d.id, d.state]));
    expect(byId.panel).toMatchObject({ status: 'online', power: 'on', input: 'hdmi2' });
    expect(byId.camera).toMatchObject({ status: 'online', preset: room.preset });
    expect(byId.recorder?.recorder?.activity).toBe('recording');
    const end = await api<{ session: { state: string }; result: { status: string } }>(agent, 'POST', '/api/session/end');
    expect(end.json).toMatchObject({ session: { state: 'idle' }, result: { status: 'ok' } });
    expect(room.panel.engine.state.power).toBe(false);
    expect(room.recorder.unit.state).toBe(0);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect(agent.lines().some((l) => l.msg === 'agent stopped')).toBe(true);
  }, 60_000);

  it('still starts the class with the recorder broken: the session is degraded with the recorder error', async () => {
    room = await startRoom({ freeKb: '0' });
    agent = await startAgent(roomConfig(room));
    const start = await api<{ session: StateReply['session'] }>(agent, 'POST', '/api/session/start');
    expect(start.status).toBe(200);
    expect(start.json.session.state).toBe('degraded');
    expect(start.json.session.problems).toHaveLength(1);
    expect(start.json.session.problems?.[0]).toMatchObject({ device: 'recorder', code: expect.stringMatching(/^SC_ERR_/) });
    expect(room.panel.engine.state.power).toBe(true);
    const state = await api<StateReply>(agent, 'GET', '/api/state');
    expect(state.json.session.state).toBe('degraded');
    expect(state.json.devices.find((d) => d.id === 'panel')?.state).toMatchObject({ power: 'on', input: 'hdmi2' });
  }, 60_000);

  it('on SIGTERM during a scene, lets the step in flight finish, marks the rest interrupted, and exits 0', async () => {
    room = await startRoom();
    agent = await startAgent(
      roomConfig(
        room,
        `  long:
    steps:
      - { name: Panel on, device: panel, action: power.on }
      - { name: Long pause, action: wait, args: { ms: 30000 } }
      - { name: Never, device: panel, action: input.select, args: { input: hdmi2 } }
`,
      ),
    );
    const accepted = await api<{ accepted: boolean }>(agent, 'POST', '/api/scenes/long/run', { wait: false });
    expect(accepted.status).toBe(202);
    const deadline = Date.now() + 10_000;
    while (!agent.lines().some((l) => l.msg === 'command done' && l.device === 'panel')) {
      if (Date.now() > deadline) throw new Error('the scene did not reach the pause');
      await new Promise((r) => setTimeout(r, 50));
    }
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    const finished = agent.lines().find((l) => l.msg === 'scene finished' && l.scene === 'long');
    expect(finished?.status).toBe('interrupted');
    expect(agent.lines().some((l) => l.msg === 'agent stopped')).toBe(true);
    expect(room.panel.engine.state.power).toBe(true);
  }, 60_000);
});
