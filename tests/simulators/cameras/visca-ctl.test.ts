import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliBinary, startSimulatorBinary, type SimulatorProcess } from '../../helpers/cli.js';

/** The technician's session: `classroom simulate camera --visca` in one shell, `classroom ctl visca` in another. */
describe('classroom ctl visca against classroom simulate camera --visca (built binary)', () => {
  let sim: SimulatorProcess | undefined;
  let targets: string[] = [];

  beforeAll(async () => {
    sim = await startSimulatorBinary(['camera', '--visca', '--port', '0', '--tcp', '0', '--pty', '--set', 'panRate=2000', '--set', 'tiltRate=2000', '--set', 'powerOnMs=50']);
    expect(sim.info).toMatchObject({ device: 'camera', protocol: 'visca' });
    targets = sim.info.targets;
    expect(targets[0]).toMatch(/^udp:\/\/127\.0\.0\.1:\d+$/);
    expect(targets[1]).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(targets[2]).toMatch(/^serial:\//);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const ctl = async (target: string, ...args: string[]): Promise<unknown> => {
    const r = await runCliBinary(['ctl', 'visca', target, ...args, '--json'], { timeoutMs: 15_000 });
    if (r.code !== 0) return { code: r.code, stderr: r.stderr };
    return JSON.parse(r.stdout) as unknown;
  };

  it('every action over UDP, with --json', async () => {
    const udp = targets[0] ?? '';
    expect(await ctl(udp, 'power', 'off')).toEqual({ power: 'standby' });
    const refused = (await ctl(udp, 'zoom', '0.5')) as { code: number; stderr: string };
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^SC_ERR_VISCA_NOT_EXECUTABLE: .* refused zoom direct 8192: VISCA command not executable/m);
    expect(await ctl(udp, 'power', 'on')).toEqual({ power: 'on' });
    expect(await ctl(udp, 'zoom', '0.5')).toEqual({ zoom: 0.5 });
    expect(await ctl(udp, 'move', '0.5', '-0.25')).toEqual({ position: { pan: 0.5, tilt: -0.25, zoom: 0.5 } });
    expect(await ctl(udp, 'preset.save', '3')).toEqual({ token: '3', name: '3' });
    expect(await ctl(udp, 'home')).toEqual({ position: { pan: 0, tilt: 0, zoom: 0.5 } });
    expect(await ctl(udp, 'preset.goto', '3')).toEqual({ arrived: '3', position: { pan: 0.5, tilt: -0.25, zoom: 0.5 } });
    expect(await ctl(udp, 'move', 'left')).toEqual({ drive: 'left' });
    expect(await ctl(udp, 'status')).toMatchObject({ status: 'online', power: 'on', ptz: { zoom: 0.5 }, raw: { zoom: 8192 } });
  });

  it('the same camera over raw TCP and over the PTY', async () => {
    expect(await ctl(targets[1] ?? '', 'move', 'stop')).toEqual({ drive: 'stop' });
    for (const target of [targets[1] ?? '', targets[2] ?? '']) {
      expect(await ctl(target, 'zoom', '0.25')).toEqual({ zoom: 0.25 });
      expect(await ctl(target, 'status')).toMatchObject({ status: 'online', power: 'on', ptz: { zoom: 0.25 } });
    }
  });

  it('unknown presets and bad values are usage errors naming the device', async () => {
    const udp = targets[0] ?? '';
    const r = (await ctl(udp, 'preset.goto', '300')) as { code: number; stderr: string };
    expect(r.stderr).toMatch(/SC_ERR_CAMERA_PRESET_UNKNOWN: udp:\/\/127\.0\.0\.1:\d+ has no preset "300"/);
    const m = (await ctl(udp, 'move', 'sideways')) as { code: number; stderr: string };
    expect(m.stderr).toMatch(/SC_ERR_DEVICE_ARGUMENT: .*invalid value for move: PAN \(or a direction/);
  });
});
