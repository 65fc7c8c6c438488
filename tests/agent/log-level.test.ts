import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { hashPassword } from '../../src/core/passwords.js';
import { LogRing } from '../../src/agent/logs.js';
import { createLogger } from '../../src/core/logger.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { loadRoom, makeAgent, panelDevice, roomYaml, simPanel } from './helpers.js';

const PASSWORD = 'log-level-test-password';

describe('log level changed at run time from the technician page', () => {
  let sim: RunningPanel & { path: string };
  let agent: Agent;
  const passed: string[] = [];
  const ring = new LogRing(500, (line) => passed.push(line), 'info');

  beforeAll(async () => {
    sim = await simPanel();
    const hash = await hashPassword(PASSWORD);
    const text = roomYaml(
      panelDevice('panel', sim.path),
      '  start-class:\n    steps:\n      - { device: panel, action: power.on }\n  end-class:\n    steps:\n      - { device: panel, action: power.off }\n',
      `http:\n  technicianPasswordHash: ${hash}\n`,
    );
    agent = makeAgent(loadRoom(text), { log: createLogger({ level: 'trace', destination: ring }), logs: ring });
    await agent.start();
  });

  afterAll(async () => {
    await agent.stop();
    await sim.stop();
  });

  it('needs the technician login, refuses an unknown level by name, and reaches the child loggers of existing devices', async () => {
    expect((await agent.app.inject({ method: 'PUT', url: '/api/technician/log-level', payload: { level: 'debug' } })).statusCode).toBe(401);
    const login = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: PASSWORD } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect((await agent.app.inject({ method: 'GET', url: '/api/technician/log-level', headers: { cookie } })).json()).toEqual({ level: 'info' });

    const bad = await agent.app.inject({ method: 'PUT', url: '/api/technician/log-level', headers: { cookie }, payload: { level: 'verbose' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/level/);

    const deviceLines = () => passed.map((l) => JSON.parse(l) as { level: number; device?: string }).filter((l) => l.device === 'panel' && l.level < 30);
    await agent.app.inject({ method: 'POST', url: '/api/devices/panel/actions', payload: { action: 'volume.set', args: { level: 30 } } });
    expect(deviceLines()).toEqual([]);

    const set = await agent.app.inject({ method: 'PUT', url: '/api/technician/log-level', headers: { cookie }, payload: { level: 'trace' } });
    expect(set.json()).toEqual({ level: 'trace' });
    await agent.app.inject({ method: 'POST', url: '/api/devices/panel/actions', payload: { action: 'volume.set', args: { level: 31 } } });
    // The panel's logger was made at boot, at info; it now logs below info without a restart.
    expect(deviceLines().length).toBeGreaterThan(0);

    await agent.app.inject({ method: 'PUT', url: '/api/technician/log-level', headers: { cookie }, payload: { level: 'warn' } });
    const before = passed.length;
    await agent.app.inject({ method: 'POST', url: '/api/devices/panel/actions', payload: { action: 'volume.set', args: { level: 32 } } });
    expect(passed.slice(before).map((l) => (JSON.parse(l) as { level: number }).level).every((lv) => lv >= 40)).toBe(true);
  });
});
