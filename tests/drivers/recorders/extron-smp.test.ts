import { afterEach, describe, expect, it } from 'vitest';
import { ExtronSmpDriver, extronSmpDescriptor } from '../../../src/drivers/recorders/extron-smp.js';
import { SMP_SIM_DEFAULTS, SmpSerialPort, SmpTcpServer, SmpUnit, type SmpSimOptions } from '../../../src/simulators/recorders/index.js';
import { isScError } from '../../../src/core/errors/index.js';
import { runCliInProcess, startPtyPair, tempDir, type PtyPair } from '../../helpers/index.js';
import { collectEvents, nextEvent, recorderContext } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tcpUnit(opts: Partial<SmpSimOptions> = {}): Promise<{ unit: SmpUnit; server: SmpTcpServer; target: string }> {
  const unit = new SmpUnit({ ...SMP_SIM_DEFAULTS, ...opts });
  const server = new SmpTcpServer(unit, '127.0.0.1', 0);
  await server.start();
  cleanups.push(() => server.stop());
  return { unit, server, target: `tcp://127.0.0.1:${String(server.boundPort)}` };
}

async function startDriver(target: string, options: Record<string, string> = {}): Promise<ExtronSmpDriver> {
  const d = extronSmpDescriptor.create(recorderContext(target, { options, pollIntervalMs: 150, timeoutMs: 800 })) as ExtronSmpDriver;
  cleanups.push(() => d.stop());
  await d.start();
  return d;
}

describe('extron-smp over Telnet (real TCP on 127.0.0.1)', () => {
  it('logs in with the right password, refuses Telnet options, sets verbose mode and runs every command', async () => {
    const { unit, server, target } = await tcpUnit({ password: 'extron' });
    const d = await startDriver(target, { password: 'extron' });
    expect(d.state()).toMatchObject({ status: 'online', recorder: { activity: 'stopped' } });
    expect(d.role).toBe('administrator');
    const session = server.sessions[0];
    expect(session?.telnetReplies.map((b) => b.toString('hex'))).toEqual(['fffe01', 'fffc1f']);
    await d.recorder.setMetadata({ title: 'Physics 101', presenter: 'Dr. Amina Yusuf' });
    expect(unit.metadata.get(13)).toBe('Physics 101');
    expect(unit.metadata.get(2)).toBe('Dr. Amina Yusuf');
    await d.recorder.start();
    expect(unit.state).toBe(1);
    await d.recorder.chapter();
    expect(unit.chapters).toBe(1);
    await d.extend(15);
    await d.recorder.pause();
    expect(unit.state).toBe(2);
    const paused = await d.recorder.status();
    expect(paused.activity).toBe('paused');
    expect(paused.remainingSeconds).toBeGreaterThan(0);
    expect(paused.freeBytes).toBeGreaterThan(0);
    await d.recorder.stop();
    expect(unit.state).toBe(0);
    expect(await d.health.check()).toMatchObject({ reachable: true, model: 'SMP 351' });
  });

  it('a wrong password is SC_ERR_AUTH_FAILED and the device stays offline', async () => {
    const { server, target } = await tcpUnit({ password: 'extron' });
    const d = await startDriver(target, { password: 'wrong' });
    expect(d.state().status).toBe('offline');
    expect(d.state().lastError?.code).toBe('SC_ERR_AUTH_FAILED');
    expect(d.state().reason).toMatch(/password was refused/);
    expect(server.sessions[0]?.badPasswords).toBe(1);
  });

  it('no password configured when the unit asks for one says so', async () => {
    const { target } = await tcpUnit({ password: 'extron' });
    const d = await startDriver(target);
    expect(d.state().reason).toMatch(/asks for a password and none is configured/);
  });

  it('an E## reply is a typed refusal; the link stays up', async () => {
    const { target } = await tcpUnit();
    const d = await startDriver(target);
    const err: unknown = await d.recorder.pause().catch((e: unknown) => e); // pause while stopped
    expect(isScError(err, 'SC_ERR_SIS_ERROR')).toBe(true);
    expect(String(err)).toMatch(/refused record pause \(Esc Y2RCDR\): E14 \(not valid for this configuration\)/);
    expect(d.state().status).toBe('online');
    await d.recorder.start();
    await expect(d.recorder.setMetadata({ title: 'late' })).rejects.toMatchObject({ code: 'SC_ERR_RECORDER_METADATA_LOCKED' });
    expect((await d.recorder.status()).activity).toBe('recording');
  });

  it('a recording stopped at the unit is raised as an event (front panel), and a full disk says disk-full', async () => {
    const { unit, target } = await tcpUnit({ freeKb: 1_000_000, kbPerSecond: 10 });
    const d = await startDriver(target);
    await d.recorder.start();
    const first = nextEvent(d, 'event', (e) => e.type === 'recorder-stopped', 'recorder-stopped');
    unit.stopBySelf();
    expect((await first).data).toMatchObject({ reason: 'stopped-by-device', was: 'recording' });
    unit.freeKb = 300; // about 30 s of recording left, then 0
    unit.options.kbPerSecond = 1000;
    await d.recorder.start().catch(() => undefined);
    const second = await nextEvent(d, 'event', (e) => e.type === 'recorder-stopped', 'disk-full stop');
    expect(second.data?.reason).toBe('disk-full');
  });

  it('a link dropped mid-recording comes back and the state is read back, not assumed', async () => {
    const { unit, server, target } = await tcpUnit({ password: 'extron' });
    const d = await startDriver(target, { password: 'extron' });
    const events = collectEvents(d);
    await d.recorder.start();
    await server.stop();
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline after the drop');
    unit.stopBySelf(); // stopped at the unit while the link was down
    await server.start();
    const back = await nextEvent(d, 'state', (s) => s.status === 'online', 'online again (new login)');
    expect(back.recorder?.activity).toBe('stopped');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['device-offline', 'recorder-stopped', 'device-online']));
    expect(server.sessions.length).toBe(2);
    await d.recorder.start();
    expect(unit.state).toBe(1);
  });
});

describe('extron-smp over RS-232 (serialport on a socat PTY pair)', () => {
  it('runs commands, logs in when the unit asks, and reconnects after the cable is pulled', async () => {
    const dir = tempDir('sc-smp-test-').path;
    let pair: PtyPair = await startPtyPair({ dir, names: ['host', 'unit'] });
    const unit = new SmpUnit({ ...SMP_SIM_DEFAULTS, password: 'extron', serialLogin: true });
    let device = new SmpSerialPort(unit, pair.b);
    await device.start();
    cleanups.push(async () => {
      await device.stop();
      await pair.close();
    });
    const d = await startDriver(`serial:${pair.a}?baud=9600`, { password: 'extron' });
    expect(d.state()).toMatchObject({ status: 'online', recorder: { activity: 'stopped' } });
    await d.recorder.start();
    expect(unit.state).toBe(1);
    const err: unknown = await d.recorder.setMetadata({ title: 'x' }).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_RECORDER_METADATA_LOCKED')).toBe(true);
    // Pull the cable: the PTY pair disappears; then a new one at the same path.
    await device.stop();
    await pair.close();
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline after the pull');
    pair = await startPtyPair({ dir, names: ['host', 'unit'] });
    device = new SmpSerialPort(unit, pair.b);
    await device.start();
    const back = await nextEvent(d, 'state', (s) => s.status === 'online', 'online after re-plug', 15_000);
    expect(back.recorder?.activity).toBe('recording');
    await d.recorder.stop();
    expect(unit.state).toBe(0);
  });
});

describe('classroom ctl extron-smp', () => {
  it('record start | status | stop over tcp://, with --set password', async () => {
    const { unit, target } = await tcpUnit({ password: 'extron' });
    const start = await runCliInProcess(['ctl', 'extron-smp', target, 'record', 'start', '--set', 'password=extron']);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/recorder: recording/);
    expect(unit.state).toBe(1);
    const status = await runCliInProcess(['ctl', 'extron-smp', target, 'record', 'status', '--set', 'password=extron', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ recorder: 'recording' });
    const stop = await runCliInProcess(['ctl', 'extron-smp', target, 'record', 'stop', '--set', 'password=extron']);
    expect(stop.stdout).toMatch(/recorder: stopped/);
    const bad = await runCliInProcess(['ctl', 'extron-smp', target, 'record', 'status', '--set', 'password=nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SC_ERR_AUTH_FAILED/);
  });
});
