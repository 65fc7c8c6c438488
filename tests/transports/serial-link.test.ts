import type { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../src/core/errors/index.js';
import { RequestQueue, StreamLink, parseTarget } from '../../src/transports/index.js';
import { startPtyPair, tempDir, type PtyPair } from '../helpers/index.js';
import { closePort, lineFramer, lineRequest, log, openPort, until } from './helpers.js';

/** The device end: collects every byte, answers each CR-terminated line with `reply(line)`. */
async function lineDevice(path: string, reply: (line: string) => Buffer | undefined) {
  const port = await openPort(path);
  const received: Buffer[] = [];
  let pending = '';
  port.on('data', (chunk: Buffer) => {
    received.push(chunk);
    pending += chunk.toString('latin1');
    let cr: number;
    while ((cr = pending.indexOf('\r')) !== -1) {
      const line = pending.slice(0, cr);
      pending = pending.slice(cr + 1);
      const out = reply(line);
      if (out !== undefined) port.write(out);
    }
  });
  return { port, received: () => Buffer.concat(received).toString('latin1') };
}

describe('StreamLink + RequestQueue over serialport and a socat PTY pair', () => {
  let pair: PtyPair | undefined;
  const ports: SerialPort[] = [];
  const links: StreamLink[] = [];

  afterEach(async () => {
    for (const l of links.splice(0)) await l.close();
    for (const p of ports.splice(0)) await closePort(p);
    await pair?.close();
  });

  async function setup(reply: (line: string) => Buffer | undefined) {
    pair = await startPtyPair();
    const device = await lineDevice(pair.b, reply);
    ports.push(device.port);
    const link = new StreamLink({ target: parseTarget(`serial:${pair.a}?baud=9600`), device: 'test-device', log, framer: lineFramer, reconnect: { initialMs: 50, maxMs: 200 } });
    links.push(link);
    const queue = new RequestQueue(link, { device: 'test-device', log, timeoutMs: 400 });
    await link.open();
    return { device, link, queue };
  }

  it('matches a reply, skipping garbage bytes before it', async () => {
    const { queue } = await setup((line) => Buffer.concat([Buffer.from([0x00, 0xff, 0x7f]), Buffer.from(`junk\rOK:${line}\r`)]));
    expect(await queue.request(lineRequest('POWER'))).toBe('OK:POWER');
    expect(await queue.request(lineRequest('VOL'))).toBe('OK:VOL');
  });

  it('turns a NAK into a typed error and the link stays usable', async () => {
    const { queue, link } = await setup((line) => Buffer.from(line === 'BAD' ? `NG:${line}\r` : `OK:${line}\r`));
    const err: unknown = await queue.request(lineRequest('BAD')).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_DEVICE_NAK')).toBe(true);
    expect(link.isUp).toBe(true);
    expect(await queue.request(lineRequest('GOOD'))).toBe('OK:GOOD');
  });

  it('times out on a silent device with an error naming the command and what was awaited', async () => {
    const { queue, device } = await setup(() => undefined);
    const err: unknown = await queue.request(lineRequest('POWER', 150, 1)).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_SERIAL_TIMEOUT')).toBe(true);
    expect(String(err)).toMatch(/test-device: no reply to POWER within 150 ms \(waited for OK:POWER\)/);
    // One retry: the command was written twice.
    expect(device.received()).toBe('POWER\rPOWER\r');
  });

  it('never interleaves the bytes of two concurrent callers', async () => {
    const order: string[] = [];
    const { queue, device } = await setup((line) => {
      order.push(line);
      return Buffer.from(`OK:${line}\r`);
    });
    const long = (tag: string) => `${tag}${'x'.repeat(200)}`;
    const results = await Promise.all([queue.request(lineRequest(long('A'))), queue.request(lineRequest(long('B'))), queue.request(lineRequest(long('C')))]);
    expect(results).toEqual([`OK:${long('A')}`, `OK:${long('B')}`, `OK:${long('C')}`]);
    expect(device.received()).toBe(`${long('A')}\r${long('B')}\r${long('C')}\r`);
    expect(order.map((l) => l[0])).toEqual(['A', 'B', 'C']);
  });

  it('second request is written only after the first reply arrived', async () => {
    const seen: string[] = [];
    let answer: (() => void) | undefined;
    const { queue, device } = await setup((line) => {
      seen.push(line);
      if (line === 'SLOW') {
        answer = () => device.port.write(Buffer.from('OK:SLOW\r'));
        return undefined;
      }
      return Buffer.from(`OK:${line}\r`);
    });
    const slow = queue.request(lineRequest('SLOW', 2000));
    const fast = queue.request(lineRequest('FAST', 2000));
    await until(() => answer !== undefined, 3000, 'SLOW at the device');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(['SLOW']);
    answer?.();
    expect(await slow).toBe('OK:SLOW');
    expect(await fast).toBe('OK:FAST');
    expect(seen).toEqual(['SLOW', 'FAST']);
  });

  it('reports the link down when the PTY pair dies and reopens it when it comes back', async () => {
    const dir = tempDir('sc-link-');
    pair = await startPtyPair({ dir: dir.path });
    let device = await lineDevice(pair.b, (line) => Buffer.from(`OK:${line}\r`));
    ports.push(device.port);
    const link = new StreamLink({ target: parseTarget(`serial:${pair.a}`), device: 'test-device', log, framer: lineFramer, reconnect: { initialMs: 50, maxMs: 200 } });
    links.push(link);
    const queue = new RequestQueue(link, { device: 'test-device', log, timeoutMs: 300, dropAfterTimeouts: 2 });
    const events: string[] = [];
    link.events.on('up', () => void events.push('up'));
    link.events.on('down', () => void events.push('down'));
    await link.open();
    expect(await queue.request(lineRequest('PING'))).toBe('OK:PING');

    await closePort(device.port);
    await pair.close();
    // Without a controlling terminal the hang-up shows as EIO on the next write, or as silence.
    for (let i = 0; i < 3 && link.isUp; i++) {
      const err: unknown = await queue.request(lineRequest('PING')).catch((e: unknown) => e);
      expect(isScError(err)).toBe(true);
    }
    await until(() => !link.isUp, 3000, 'link down');
    expect(events).toContain('down');
    const downErr: unknown = await queue.request(lineRequest('PING')).catch((e: unknown) => e);
    expect(isScError(downErr, 'SC_ERR_LINK_DOWN')).toBe(true);

    pair = await startPtyPair({ dir: dir.path });
    device = await lineDevice(pair.b, (line) => Buffer.from(`OK:${line}\r`));
    ports.push(device.port);
    await link.whenUp(5000);
    expect(await queue.request(lineRequest('PING'))).toBe('OK:PING');
    expect(events.filter((e) => e === 'up').length).toBeGreaterThanOrEqual(1);
  });

  it('names the port when it cannot be opened', async () => {
    const link = new StreamLink({ target: parseTarget('serial:/dev/does-not-exist-sc'), device: 'test-device', log, framer: lineFramer });
    links.push(link);
    const err: unknown = await link.open().catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_SERIAL_OPEN')).toBe(true);
    expect(String(err)).toMatch(/does-not-exist-sc/);
  });
});
