import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { ConfigError } from '../../src/core/config/index.js';
import { SmpTcpServer, SmpUnit, smpOptions } from '../../src/simulators/recorders/index.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { loadRoom, log, makeAgent, record, roomYaml, simPanel, until } from './helpers.js';

/**
 * The class as the teacher lives it: a screen that does not turn on must not keep the recorder
 * from starting, and whatever fails during the class shows as `degraded` (and clears by itself).
 * Real partners: the MDC panel simulator over a PTY, the Extron SMP simulator over TCP.
 */
describe('a class with a panel and a recorder', () => {
  let panel: (RunningPanel & { path: string }) | undefined;
  let recorder: { unit: SmpUnit; server: SmpTcpServer } | undefined;
  let agent: Agent | undefined;

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await recorder?.server.stop();
    await panel?.stop();
    panel = undefined;
    recorder = undefined;
  });

  async function boot(scenes: string): Promise<Agent> {
    panel = await simPanel();
    const unit = new SmpUnit({ ...smpOptions({}), log });
    const server = new SmpTcpServer(unit, '127.0.0.1', 0);
    await server.start();
    recorder = { unit, server };
    const devices = `  - id: panel
    driver: samsung-mdc
    target: serial:${panel.path}?baud=9600
    pollIntervalMs: 500
    timeoutMs: 300
    options: { id: 1, reconnectMaxMs: 200 }
  - id: recorder
    driver: extron-smp
    target: tcp://127.0.0.1:${server.boundPort}
    pollIntervalMs: 500
    timeoutMs: 1000
`;
    agent = makeAgent(loadRoom(roomYaml(devices, scenes)));
    await agent.start();
    return agent;
  }

  const END = `  end-class:
    steps:
      - { name: Stop recording, device: recorder, action: recorder.stop, onFail: continue }
      - { name: Panel off, device: panel, action: power.off, onFail: continue }
`;

  it('starts the recording when the panel does not turn on, and skips only the panel steps after it', async () => {
    const a = await boot(`  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on, timeoutMs: 1500, onFail: abort }
      - { name: Laptop, device: panel, action: input.select, args: { input: hdmi2 }, onFail: continue }
      - { name: Record, device: recorder, action: recorder.start, timeoutMs: 4000, onFail: continue }
${END}`);
    panel!.engine.switches.disappeared = true;
    const outcome = await a.controller.startSession({ kind: 'wall-panel' });
    expect(outcome.result?.steps.map((s) => [s.name, s.status])).toEqual([
      ['Panel on', 'failed'],
      ['Laptop', 'skipped'],
      ['Record', 'ok'],
    ]);
    expect(outcome.result?.steps[1]?.error?.code).toBe('SC_ERR_SCENE_STEP_SKIPPED');
    // The recorder itself says it records.
    expect(recorder!.unit.state).toBe(1);
    expect(outcome.session.state).toBe('degraded');
    expect(outcome.session.problems?.map((p) => [p.device, p.step])).toEqual([['panel', 'Panel on']]);
  });

  it('skips a step on another device when it names the failed step in after:', async () => {
    const a = await boot(`  start-class:
    steps:
      - { id: panel-on, name: Panel on, device: panel, action: power.on, timeoutMs: 1500 }
      - { id: laptop, name: Laptop, device: panel, action: input.select, args: { input: hdmi2 } }
      - { name: Record, device: recorder, action: recorder.start, after: [laptop], onFail: continue }
${END}`);
    panel!.engine.switches.disappeared = true;
    const outcome = await a.controller.startSession({ kind: 'wall-panel' });
    // Skipped through the chain: Record needs Laptop, which was skipped because Panel on failed.
    expect(outcome.result?.steps.map((s) => s.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(outcome.result?.steps[2]?.error?.message).toContain('Laptop');
    expect(recorder!.unit.state).toBe(0);
    // The recorder that never started is a problem of the class too; the skipped panel step is not repeated.
    expect(outcome.session.problems?.map((p) => p.device)).toEqual(['panel', 'recorder']);
  });

  it('turns the class degraded when the recorder stops by itself, and live again once it records', async () => {
    const a = await boot(`  start-class:
    steps:
      - { name: Record, device: recorder, action: recorder.start, timeoutMs: 4000 }
${END}`);
    const sessions = record(a, 'session');
    const outcome = await a.controller.startSession({ kind: 'wall-panel' });
    expect(outcome.session.state).toBe('live');
    const since = outcome.session.since;
    await until(() => a.devices.info('recorder').state.recorder?.activity === 'recording', 5000, 'the recorder recording');
    recorder!.unit.stopBySelf();
    await until(() => a.controller.snapshot().session.state === 'degraded', 5000, 'the degraded session');
    const degraded = a.controller.snapshot().session;
    expect(degraded.problems).toEqual([expect.objectContaining({ device: 'recorder', code: 'SC_ERR_SESSION_NOT_RECORDING' })]);
    // The class time runs on from the start of the class.
    expect(degraded.since).toBe(since);
    // "Start recording" on the wall panel is this device action.
    await a.controller.deviceAction('recorder', 'recorder.start', {}, { kind: 'wall-panel' });
    await until(() => a.controller.snapshot().session.state === 'live', 5000, 'live again');
    expect(a.controller.snapshot().session.problems).toBeUndefined();
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live', 'degraded', 'live']);
    // A teacher who stops the recording on purpose does not make the class degraded.
    await a.controller.deviceAction('recorder', 'recorder.stop', {}, { kind: 'keypad' });
    await until(() => a.devices.info('recorder').state.recorder?.activity === 'stopped', 5000, 'the recorder stopped');
    await a.controller.deviceAction('recorder', 'recorder.start', {}, { kind: 'keypad' });
    await until(() => a.devices.info('recorder').state.recorder?.activity === 'recording', 5000, 'recording again');
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live', 'degraded', 'live']);
  });

  it('turns the class degraded when the panel stops answering mid-class, and live when it answers again', async () => {
    const a = await boot(`  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on, timeoutMs: 3000 }
      - { name: Record, device: recorder, action: recorder.start, timeoutMs: 4000 }
${END}`);
    expect((await a.controller.startSession({ kind: 'wall-panel' })).session.state).toBe('live');
    panel!.engine.switches.disappeared = true;
    await until(() => a.controller.snapshot().session.state === 'degraded', 8000, 'the degraded session');
    expect(a.controller.snapshot().session.problems).toEqual([expect.objectContaining({ device: 'panel', code: 'SC_ERR_SESSION_DEVICE_FAILED' })]);
    panel!.engine.switches.disappeared = false;
    await until(() => a.controller.snapshot().session.state === 'live', 8000, 'live again');
    // Ending the class is not a failure: the recorder stops because end-class stops it.
    const ended = await a.controller.endSession({ kind: 'wall-panel' });
    expect(ended.session.state).toBe('idle');
    expect(ended.session.problems).toBeUndefined();
  });
});

describe('after: in the room config', () => {
  it('names the line of a step whose after: is unknown, later, in its own group, or a repeated id', async () => {
    const text = roomYaml(
      `  - { id: panel, driver: samsung-mdc, target: "serial:/dev/null?baud=9600" }
`,
      `  start-class:
    steps:
      - { id: on, device: panel, action: power.on, after: [input] }
      - parallel:
          - { id: input, device: panel, action: input.select, args: { input: hdmi1 }, after: [on] }
          - { id: vol, device: panel, action: volume.set, args: { level: 20 }, after: [input] }
      - { id: on, device: panel, action: volume.unmute, after: [nowhere] }
  end-class:
    steps:
      - { device: panel, action: power.off }
`,
    );
    const err: unknown = await makeAgent(loadRoom(text)).start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^8 scenes\.start-class\.steps\[0\]\.after\[0\]: is "input", expected the id of an earlier step/),
      expect.stringMatching(/^11 scenes\.start-class\.steps\[1\]\.parallel\[1\]\.after\[0\]: is "input"/),
      expect.stringMatching(/^12 scenes\.start-class\.steps\[2\]\.id: "on" is used by another step/),
      expect.stringMatching(/^12 scenes\.start-class\.steps\[2\]\.after\[0\]: is "nowhere"/),
    ]);
  });
});
