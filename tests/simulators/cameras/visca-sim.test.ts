import { createSocket } from 'node:dgram';
import { Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { encodeIp, encodeIpMessage, resetSequence, visca } from '../../../src/drivers/cameras/visca/codec.js';
import { ViscaDriver } from '../../../src/drivers/cameras/visca/driver.js';
import { startVisca, type RunningViscaSimulator } from '../../../src/simulators/cameras/visca/descriptor.js';
import { parseTarget } from '../../../src/transports/index.js';

const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });
const hex = (b: Buffer): string => b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
// Fast head so moves finish in well under a second.
const FAST = { panRate: '2000', tiltRate: '2000', zoomRate: '100000', powerOnMs: '50', execMs: '10' };

describe('VISCA simulator with the VISCA driver', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function sim(where: { port?: number; tcpPort?: number; pty?: boolean }, settings: Record<string, string> = {}): Promise<RunningViscaSimulator> {
    const s = await startVisca({ host: '127.0.0.1', log, settings: { ...FAST, ...settings }, ...where });
    cleanup.push(() => s.stop());
    return s;
  }

  async function driver(target: string, options: Record<string, string | number | boolean> = {}): Promise<ViscaDriver> {
    const d = new ViscaDriver({ id: 'cam', target: parseTarget(target), options: { completionTimeoutMs: 5000, ...options }, log, pollIntervalMs: 3_600_000, timeoutMs: 400 });
    await d.start();
    cleanup.push(() => d.stop());
    return d;
  }

  for (const kind of ['udp', 'udp-raw', 'tcp', 'pty'] as const) {
    it(`${kind}: power, zoom, absolute move, presets, home, drive and inquiries`, async () => {
      const s = await sim(kind === 'tcp' ? { tcpPort: 0 } : kind === 'pty' ? { pty: true } : { port: 0 }, { power: 'off', ...(kind === 'udp-raw' ? { header: 'off' } : {}) });
      const d = await driver(s.targets[0] ?? '', kind === 'udp-raw' ? { header: false } : {});
      expect(d.state()).toMatchObject({ status: 'online', power: 'standby' });
      const refused: unknown = await d.zoomTo(0.5).catch((e: unknown) => e);
      expect(isScError(refused, 'SC_ERR_VISCA_NOT_EXECUTABLE')).toBe(true);
      expect(d.state().status).toBe('online');
      await d.power.on();
      expect(await d.power.query()).toBe('on');
      await d.zoomTo(0.5);
      await d.moveTo({ pan: 0.5, tilt: -0.25 });
      expect(await d.position()).toEqual({ pan: 1224, tilt: -324, zoom: 8192 });
      await d.presets.save('3');
      await d.ptz.home();
      expect((await d.ptz.status()).position).toEqual({ pan: 0, tilt: 0, zoom: 0.5 });
      await d.presets.goto('3');
      expect((await d.ptz.status()).position).toEqual({ pan: 0.5, tilt: -0.25, zoom: 0.5 });
      expect(d.state().preset).toBe('3');
      await d.panTiltDrive('right', 'up');
      const p1 = await d.position();
      for (let i = 0; i < 100 && (await d.position()).pan === p1.pan; i += 1) await new Promise((r) => setTimeout(r, 10));
      await d.ptz.stop();
      const stopped = await d.position();
      expect(stopped.pan).toBeGreaterThan(1224);
      expect(stopped.tilt).toBeGreaterThanOrEqual(-324);
      expect(await d.position()).toEqual(stopped);
      await d.power.off();
      expect(await d.power.query()).toBe('standby');
    });
  }

  it('UDP: a lost reply is retransmitted with the same sequence number and not executed twice', async () => {
    const s = await sim({ port: 0 });
    const d = await driver(s.targets[0] ?? '');
    const before = s.camera.stats.messages;
    s.camera.switches.dropNext = 1;
    await d.presets.save('5');
    expect(s.camera.stats.retransmits).toBe(1);
    expect(s.camera.stats.messages).toBe(before + 1);
    s.camera.switches.dropNext = 1;
    expect(await d.power.query()).toBe('on');
    expect(s.camera.stats.retransmits).toBe(2);
  });

  it('UDP: after another controller moves the sequence on, the driver gets 0F 01, resets and carries on', async () => {
    const s = await sim({ port: 0 });
    const d = await driver(s.targets[0] ?? '');
    await d.power.query();
    await d.power.query();
    const other = createSocket('udp4');
    cleanup.push(() => new Promise<void>((r) => other.close(() => r())));
    await new Promise<void>((r) => other.bind(0, '127.0.0.1', () => r()));
    const port = Number(new URL(s.targets[0] ?? '').port);
    const replies: Buffer[] = [];
    other.on('message', (m) => replies.push(m));
    other.send(resetSequence(), port, '127.0.0.1');
    other.send(encodeIpMessage(1, visca.powerInquiry()), port, '127.0.0.1');
    for (let i = 0; i < 200 && replies.length < 2; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(replies.map(hex)).toEqual(['02 01 00 01 00 00 00 00 01', '01 11 00 04 00 00 00 01 90 50 02 FF']);
    // Our driver is at sequence 3 now, the camera expects 2: sequence error, reset, resend.
    const resets = s.camera.stats.resets;
    expect(await d.power.query()).toBe('on');
    expect(s.camera.stats.sequenceErrors).toBe(1);
    expect(s.camera.stats.resets).toBe(resets + 1);
    // The camera answered the out-of-sequence message with the control reply 0F 01.
    other.send(encodeIp(0x0110, 99, visca.powerInquiry()), port, '127.0.0.1');
    for (let i = 0; i < 200 && replies.length < 3; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(hex(replies[2] ?? Buffer.alloc(0))).toBe('02 01 00 02 00 00 00 63 0F 01');
  });

  it('garbage before every reply on UDP, TCP and PTY does not disturb the driver', async () => {
    const s = await sim({ port: 0, tcpPort: 0, pty: true }, { garbage: 'on' });
    for (const target of s.targets) {
      const d = await driver(target);
      expect(await d.power.query()).toBe('on');
      await d.zoomTo(0.25);
      expect((await d.ptz.status()).position.zoom).toBe(0.25);
    }
  });

  it('a silent camera times out naming the command and marks the device offline; a refused command does not', async () => {
    const s = await sim({ tcpPort: 0 });
    const d = await driver(s.targets[0] ?? '', { completionTimeoutMs: 300 });
    const refused: unknown = await d.presets.goto('999').catch((e: unknown) => e);
    expect(isScError(refused, 'SC_ERR_CAMERA_PRESET_UNKNOWN')).toBe(true);
    s.camera.switches.silent = true;
    const err: unknown = await d.ptz.home().catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_TCP_TIMEOUT')).toBe(true);
    expect(String(err)).toMatch(/cam: no reply to home within 300 ms \(waited for ACK \(90 4y FF\) to 81 01 06 04 FF\)/);
    expect(d.state().status).toBe('offline');
    s.camera.switches.silent = false;
    await d.ptz.home();
    expect(d.state().status).toBe('online');
  });

  it('answers syntax errors, buffer full when flooded, and ACK then completion per socket (raw TCP)', async () => {
    const s = await sim({ tcpPort: 0 }, { execMs: '200' });
    const url = new URL(s.targets[0] ?? '');
    const socket = new Socket();
    cleanup.push(async () => {
      socket.destroy();
    });
    const got: Buffer[] = [];
    socket.on('data', (d: Buffer) => got.push(d));
    await new Promise<void>((r) => socket.connect(Number(url.port), '127.0.0.1', () => r()));
    const all = (): string => hex(Buffer.concat(got));
    socket.write(Buffer.concat([Buffer.from([0x81, 0x01, 0x04, 0x99, 0xff]), visca.zoomStop(), visca.zoomStop(), visca.zoomStop()]));
    for (let i = 0; i < 300 && all().split('FF').length < 6; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(all()).toBe('90 60 02 FF 90 41 FF 90 42 FF 90 60 03 FF 90 51 FF 90 52 FF');
  });
});
