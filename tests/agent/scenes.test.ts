import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { ConfigError } from '../../src/core/config/index.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { loadRoom, makeAgent, panelDevice, record, roomYaml, simPanel } from './helpers.js';

const END = `  end-class:
    steps:
      - { device: panel, action: power.off, onFail: continue }
`;

describe('scene engine against a real panel simulator over a PTY', () => {
  const sims: RunningPanel[] = [];
  let agent: Agent | undefined;

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    for (const s of sims.splice(0)) await s.stop();
  });

  async function boot(scenes: string, panels = 1, settings: Record<string, string> = {}, options = ''): Promise<RunningPanel[]> {
    const started: RunningPanel[] = [];
    let devices = '';
    for (let i = 0; i < panels; i++) {
      const sim = await simPanel(settings);
      sims.push(sim);
      started.push(sim);
      devices += panelDevice(i === 0 ? 'panel' : `panel${i + 1}`, sim.path, options);
    }
    agent = makeAgent(loadRoom(roomYaml(devices, scenes)));
    await agent.start();
    return started;
  }

  it('starts the class step by step: power on, wait until warm, input, read back from the panel', async () => {
    const [sim] = await boot(
      `  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on }
      - { name: Warm, device: panel, action: wait, args: { until: warm }, timeoutMs: 5000 }
      - { name: Laptop, device: panel, action: input.select, args: { input: hdmi2 } }
${END}`,
      1,
      { warmupMs: '400' },
      // The panel does not report warming up; the driver knows its warm-up time (from the profile or options).
      ', warmupMs: 400',
    );
    const progress = record(agent!, 'scene-progress');
    const sessions = record(agent!, 'session');
    const powers = record(agent!, 'device-state');
    const outcome = await agent!.controller.startSession({ kind: 'wall-panel' });
    // The wait saw the panel warming before it was on.
    expect(powers.map((c) => c.state.power)).toContain('warming');
    expect(outcome.result?.steps.map((s) => [s.name, s.status, s.attempts, s.error?.message])).toEqual([
      ['Panel on', 'ok', 1, undefined],
      ['Warm', 'ok', 1, undefined],
      ['Laptop', 'ok', 1, undefined],
    ]);
    expect(outcome.result?.status).toBe('ok');
    expect(outcome.session.state).toBe('live');
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live']);
    expect(sessions[0]?.by).toEqual({ kind: 'wall-panel' });
    // Each step announces running then its outcome, in order.
    expect(progress.map((p) => `${p.step.name}:${p.step.status}`)).toEqual(['Panel on:running', 'Panel on:ok', 'Warm:running', 'Warm:ok', 'Laptop:running', 'Laptop:ok']);
    // The simulator, not the agent's memory, says what happened; the registry shows what was read back.
    expect(sim?.engine.state.power).toBe(true);
    const state = agent!.devices.info('panel').state;
    expect(state.power).toBe('on');
    expect(state.input).toBe('hdmi2');
  });

  it('fails a step that outlives its timeout, and a silent device times out too', async () => {
    const [sim] = await boot(`  start-class:
    steps:
      - { name: Slow pause, action: wait, args: { ms: 2000 }, timeoutMs: 100, onFail: continue }
      - { name: Panel on, device: panel, action: power.on, timeoutMs: 150, onFail: continue }
${END}`);
    sim!.engine.switches.disappeared = true;
    const outcome = await agent!.controller.startSession({ kind: 'keypad' });
    const [pause, power] = outcome.result!.steps;
    expect(pause?.status).toBe('failed');
    expect(pause?.error?.code).toBe('SC_ERR_SCENE_STEP_TIMEOUT');
    expect(pause?.error?.message).toContain('100 ms');
    expect(power?.status).toBe('failed');
    expect(['SC_ERR_SCENE_STEP_TIMEOUT', 'SC_ERR_SERIAL_TIMEOUT', 'SC_ERR_TCP_TIMEOUT']).toContain(power?.error?.code);
    expect(outcome.result?.status).toBe('degraded');
    expect(outcome.session.state).toBe('degraded');
    expect(outcome.session.problems?.map((p) => p.step)).toEqual(['Slow pause', 'Panel on']);
  });

  it('retries a step whose reply was lost, and reports the attempts', async () => {
    const [sim] = await boot(`  start-class:
    steps:
      - { name: Volume, device: panel, action: volume.set, args: { level: 35 }, retries: 2 }
${END}`);
    // A set whose reply is lost (power.on first reads the power, and a lost query is asked again by the driver).
    sim!.engine.state.power = true;
    sim!.engine.switches.dropNext = 1;
    const result = await agent!.controller.runScene('start-class', { kind: 'technician' });
    expect(result.status).toBe('ok');
    expect(result.steps[0]?.attempts).toBe(2);
    expect(sim!.engine.state.volume).toBe(35);
  });

  it('gives up after the retries, aborts the scene, and skips the steps after an abort', async () => {
    const [sim] = await boot(`  start-class:
    steps:
      - { name: Panel on, device: panel, action: power.on, retries: 1, onFail: abort }
      - { name: Laptop, device: panel, action: input.select, args: { input: hdmi2 } }
${END}`);
    sim!.engine.switches.disappeared = true;
    const result = await agent!.controller.runScene('start-class', { kind: 'wall-panel' });
    expect(result.status).toBe('failed');
    expect(result.steps.map((s) => [s.status, s.attempts])).toEqual([
      ['failed', 2],
      ['skipped', 0],
    ]);
    expect(agent!.controller.snapshot().session.state).toBe('degraded');
  });

  it('runs a parallel group at the same time and finishes the group before going on', async () => {
    const sims2 = await boot(
      `  start-class:
    steps:
      - parallel:
          - { name: A on, device: panel, action: power.on }
          - { name: B on, device: panel2, action: power.on }
      - { name: After, action: wait, args: { ms: 1 } }
${END}`,
      2,
    );
    const progress = record(agent!, 'scene-progress');
    const result = await agent!.controller.runScene('start-class', { kind: 'wall-panel' });
    expect(result.status).toBe('ok');
    const order = progress.map((p) => `${p.step.name}:${p.step.status}`);
    // Both group steps were running before either finished; the next step began after both.
    expect(order.slice(0, 2).sort()).toEqual(['A on:running', 'B on:running']);
    expect(order.indexOf('After:running')).toBeGreaterThan(Math.max(order.indexOf('A on:ok'), order.indexOf('B on:ok')));
    expect(result.steps.map((s) => s.index)).toEqual(['0.0', '0.1', '1']);
    expect(sims2.every((s) => s.engine.state.power)).toBe(true);
  });

  it('joins a scene that is already running instead of starting it twice', async () => {
    await boot(`  start-class:
    steps:
      - { device: panel, action: power.on }
  lights:
    steps:
      - { action: wait, args: { ms: 150 } }
${END}`);
    const started = record(agent!, 'scene-started');
    const [a, b, c] = await Promise.all([
      agent!.controller.runScene('lights', { kind: 'wall-panel' }),
      agent!.controller.runScene('lights', { kind: 'keypad' }),
      agent!.controller.runScene('lights', { kind: 'remote' }),
    ]);
    expect(started).toHaveLength(1);
    expect(b?.runId).toBe(a?.runId);
    expect(c?.runId).toBe(a?.runId);
    // Two teachers pressing "start class" at once: one start-class run, one session.
    const sessions = record(agent!, 'session');
    const [s1, s2] = await Promise.all([agent!.controller.startSession({ kind: 'wall-panel' }), agent!.controller.startSession({ kind: 'keypad' })]);
    expect(s1.result?.runId).toBe(s2.result?.runId);
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live']);
  });

  it('reports an unknown scene as a coded error', async () => {
    await boot(`  start-class:
    steps:
      - { device: panel, action: power.on }
${END}`);
    await expect(agent!.controller.runScene('disco', { kind: 'wall-panel' })).rejects.toMatchObject({ code: 'SC_ERR_SCENE_UNKNOWN' });
  });
});

describe('scene config is checked at boot, with lines', () => {
  it('names the line of a step on an unknown device, a missing argument and a capability the device lacks', async () => {
    const text = roomYaml(
      panelDevice('panel', '/dev/null'),
      `  start-class:
    steps:
      - { device: projector, action: power.on }
      - { device: panel, action: input.select }
      - { device: panel, action: preset.goto, args: { preset: lectern } }
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
    expect(problems[0]).toMatch(/^13 scenes\.start-class\.steps\[0\]\.device: is "projector"/);
    expect(problems[1]).toMatch(/^14 scenes\.start-class\.steps\[1\]\.action: input\.select needs args\.input/);
    expect(problems[2]).toMatch(/^15 .*has no presets capability/);
  });

  it('rejects driver options the driver does not know, and a missing end-class', async () => {
    const text = roomYaml(panelDevice('panel', '/dev/null', ', bogus: 3'), `  start-class:\n    steps:\n      - { device: panel, action: power.on }\n`);
    await expect(makeAgent(loadRoom(text)).start()).rejects.toSatisfy((err: unknown) => {
      const problems = (err as ConfigError).problems.map((p) => `${p.line} ${p.field}: ${p.message}`);
      return problems.some((p) => /^9 devices\[0\]\.options\.bogus: is not a known setting/.test(p)) && problems.some((p) => /no end-class scene/.test(p));
    });
  });
});
