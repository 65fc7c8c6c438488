import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { ScError } from '../../src/core/errors/index.js';
import { findDriver } from '../../src/drivers/registry.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { loadRoom, makeAgent, panelDevice, record, roomYaml, simPanel, until } from './helpers.js';

const SCENES = `  start-class:
    steps:
      - parallel:
          - { name: Front on, device: panel, action: power.on, timeoutMs: 1000, onFail: continue }
          - { name: Side on, device: side, action: power.on, timeoutMs: 1000, onFail: continue }
  end-class:
    steps:
      - { name: Front off, device: panel, action: power.off, onFail: continue }
      - { name: Side off, device: side, action: power.off, onFail: continue }
  long:
    steps:
      - { name: Front on, device: panel, action: power.on }
      - { name: Pause, action: wait, args: { ms: 20000 } }
      - { name: Never, device: panel, action: power.off }
`;

describe('agent boot, device failures and stopping', () => {
  let agent: Agent | undefined;
  let sim: RunningPanel | undefined;

  afterEach(async () => {
    await agent?.stop();
    await sim?.stop();
    agent = undefined;
    sim = undefined;
  });

  it('boots with a dead device: that device is offline with its reason, the rest of the room works', async () => {
    sim = await simPanel();
    const devices = panelDevice('panel', (sim as RunningPanel & { path: string }).path) + panelDevice('side', '/dev/sc-no-such-port');
    agent = makeAgent(loadRoom(roomYaml(devices, SCENES)));
    await agent.start();
    const side = agent.devices.info('side');
    expect(side.state.status).toBe('offline');
    expect(side.state.reason).toMatch(/sc-no-such-port/);
    expect(side.state.lastError?.code).toMatch(/^SC_ERR_/);
    expect(agent.devices.info('panel').state.status).toBe('online');
    const health = (await agent.app.inject({ method: 'GET', url: '/api/health' })).json<{ devices: { online: number; offline: number } }>();
    expect(health.devices).toEqual({ online: 1, offline: 1 });
    const outcome = await agent.controller.startSession({ kind: 'wall-panel' });
    expect(outcome.session.state).toBe('degraded');
    expect(outcome.session.problems).toEqual([expect.objectContaining({ device: 'side', step: 'Side on' })]);
    expect(sim.engine.state.power).toBe(true);
    const metrics = (await agent.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('sc_device_up{device="side",driver="samsung-mdc"} 0');
  });

  it('keeps a device without a driver in this build offline instead of refusing to start', async () => {
    sim = await simPanel();
    const devices = panelDevice('panel', (sim as RunningPanel & { path: string }).path) + panelDevice('side', '/dev/null');
    // This build knows the panel's driver once; the second device asks for one it does not have.
    let calls = 0;
    agent = makeAgent(loadRoom(roomYaml(devices, SCENES)), {
      findDriver: (name) => {
        calls += 1;
        if (calls === 1) return findDriver(name);
        throw new ScError('SC_ERR_DRIVER_UNKNOWN', { driver: name, known: 'samsung-mdc' });
      },
    });
    await agent.start();
    expect(agent.devices.info('side').state).toMatchObject({ status: 'offline', lastError: { code: 'SC_ERR_DRIVER_UNKNOWN' } });
    await expect(agent.controller.deviceAction('side', 'power.on', {}, { kind: 'technician' })).rejects.toMatchObject({ code: 'SC_ERR_AGENT_DEVICE_NOT_STARTED' });
  });

  it('survives listeners that throw or reject', async () => {
    sim = await simPanel();
    const devices = panelDevice('panel', (sim as RunningPanel & { path: string }).path) + panelDevice('side', '/dev/sc-no-such-port');
    agent = makeAgent(loadRoom(roomYaml(devices, SCENES)));
    agent.bus.on('scene-progress', () => {
      throw new Error('a broken subscriber');
    });
    agent.bus.on('session', () => Promise.reject(new Error('a broken async subscriber')));
    await agent.start();
    const done = record(agent, 'scene-done');
    const outcome = await agent.controller.startSession({ kind: 'keypad' });
    expect(outcome.result?.steps).toHaveLength(2);
    expect(done).toHaveLength(1);
  });

  it('on stop during a scene, lets the step in flight finish and marks the rest interrupted', async () => {
    sim = await simPanel();
    const devices = panelDevice('panel', (sim as RunningPanel & { path: string }).path) + panelDevice('side', '/dev/sc-no-such-port');
    agent = makeAgent(loadRoom(roomYaml(devices, SCENES)), { tuning: { stopGraceMs: 200 } });
    await agent.start();
    const progress = record(agent, 'scene-progress');
    const run = agent.controller.runScene('long', { kind: 'technician' });
    await until(() => progress.some((p) => p.step.name === 'Pause' && p.step.status === 'running'), 5000, 'the pause');
    await agent.stop();
    const result = await run;
    expect(result.status).toBe('interrupted');
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['Front on', 'ok'],
      ['Pause', 'interrupted'],
      ['Never', 'interrupted'],
    ]);
    expect(sim.engine.state.power).toBe(true);
    // A stopped agent takes no new scene.
    await expect(agent.controller.runScene('long', { kind: 'technician' })).rejects.toMatchObject({ code: 'SC_ERR_AGENT_STOPPING' });
    agent = undefined;
  });
});
