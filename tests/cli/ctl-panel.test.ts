import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliBinary, startSimulatorBinary, type SimulatorProcess } from '../helpers/cli.js';

/**
 * The technician's session: `classroom simulate panel` in one shell, `classroom ctl` in another,
 * both as the built binary.
 */
describe('classroom ctl against classroom simulate panel (built binary)', () => {
  let sim: SimulatorProcess | undefined;
  let target = '';

  beforeAll(async () => {
    sim = await startSimulatorBinary(['panel', '--protocol', 'samsung-mdc', '--tcp', '0', '--set', 'id=1']);
    expect(sim.info).toMatchObject({ device: 'panel', protocol: 'samsung-mdc' });
    target = sim.info.targets[0] ?? '';
    expect(target).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  const ctl = (...args: string[]) => runCliBinary(['ctl', 'samsung-mdc', target, ...args, '--set', 'id=1'], { timeoutMs: 15_000 });

  it('reads the status of the panel in standby', async () => {
    const r = await ctl('status', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'online', power: 'off' });
  });

  it('turns it on, selects an input, sets the volume and mute, printing the state read back', async () => {
    const on = await ctl('power', 'on');
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/^status: online$/m);
    expect(on.stdout).toMatch(/^power: on$/m);
    const input = await ctl('input', 'hdmi2', '--json');
    expect(input.code).toBe(0);
    expect(JSON.parse(input.stdout)).toMatchObject({ power: 'on', input: 'hdmi2' });
    const vol = await ctl('volume', '30', '--json');
    expect(JSON.parse(vol.stdout)).toMatchObject({ volume: 30 });
    const mute = await ctl('mute', 'on', '--json');
    expect(JSON.parse(mute.stdout)).toMatchObject({ muted: true, volume: 30, input: 'hdmi2' });
  });

  it('a refused value exits 1 with SC_ERR_DEVICE_NAK naming the device and command', async () => {
    // Volume 101 is refused by the driver before sending; an input the panel lacks, by the panel.
    const r = await runCliBinary(['ctl', 'samsung-mdc', target, 'input', 'weird', '--set', 'id=1', '--set', 'profile=tests/drivers/displays/fixtures/mdc-with-bad-input.yaml'], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`SC_ERR_DEVICE_NAK: ${target.replace(/[/.]/g, '\\$&')} refused input weird: NAK with error code 0x01`));
  });

  it('a panel that does not answer (wrong ID) exits 1 naming the command and what was awaited', async () => {
    const r = await runCliBinary(['ctl', 'samsung-mdc', target, 'status', '--set', 'id=2', '--timeout', '200'], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SC_ERR_(SERIAL_TIMEOUT|LINK_DOWN): .*no reply to status query within 200 ms \(waited for an MDC ACK for status/);
  });

  it('a dead link exits 1 with SC_ERR_LINK_DOWN naming the address and the reason', async () => {
    const r = await runCliBinary(['ctl', 'samsung-mdc', 'tcp://127.0.0.1:1', 'power', 'on'], { timeoutMs: 15_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SC_ERR_LINK_DOWN: tcp:\/\/127\.0\.0\.1:1: link tcp:\/\/127\.0\.0\.1:1 is down \(Cannot connect to 127\.0\.0\.1:1: connection refused.*power on was not sent\)/);
  });
});
