import type { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { visca } from '../../../src/drivers/cameras/visca/codec.js';
import { StreamPort } from '../../../src/drivers/cameras/visca/stream-port.js';
import { parseTarget } from '../../../src/transports/index.js';
import { startPtyPair } from '../../helpers/index.js';
import { closePort, openPort } from '../../transports/helpers.js';
import { ScriptedTcpCamera, bytes, hex, log } from './visca-helpers.js';

const powerOn = (a = 1) => ({ command: 'power on', bytes: visca.powerOn(a), kind: 'command' as const });
const zoomInq = { command: 'zoom position inquiry', bytes: visca.zoomInquiry(), kind: 'inquiry' as const, replyLength: 4 };

describe('raw VISCA over TCP: scripted camera', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(timeouts = { reply: 400, completion: 1500 }) {
    const cam = await new ScriptedTcpCamera().start();
    cleanup.push(() => cam.stop());
    const port = new StreamPort({ target: parseTarget(`tcp://127.0.0.1:${cam.port}`), device: 'cam-tcp', log, address: 1, replyTimeoutMs: timeouts.reply, completionTimeoutMs: timeouts.completion });
    cleanup.push(() => port.close());
    await port.open();
    return { cam, port };
  }

  it('sends the exact frame and finishes on the completion in the ACK socket, not another socket', async () => {
    const { cam, port } = await setup();
    let done = false;
    const on = port.exchange(powerOn()).then((d) => {
      done = true;
      return d;
    });
    await cam.expect('81 01 04 00 02 FF');
    // ACK in socket 2, then a completion for socket 1 (someone else's): not the end yet.
    cam.reply('90 42 FF 90 51 FF');
    const inq = port.exchange(zoomInq);
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    cam.reply('00 13 37 90 52 FF');
    expect((await on).length).toBe(0);
    await cam.expect('81 09 04 47 FF');
    // A stray command completion and a short answer are not the 4-byte zoom answer.
    cam.reply('90 51 FF 90 50 02 FF 90 50 01 02 03 04 FF');
    expect(hex(await inq)).toBe('01 02 03 04');
  });

  it('a refusal is a coded error and the link stays up; a closed socket is a dead link', async () => {
    const { cam, port } = await setup();
    const bad = port.exchange({ command: 'zoom direct', bytes: visca.zoomDirect(1, 0x4000), kind: 'command' }).catch((e: unknown) => e);
    await cam.expect('81 01 04 47 04 00 00 00 FF');
    cam.reply('90 60 02 FF');
    const err = await bad;
    expect(isScError(err, 'SC_ERR_VISCA_SYNTAX')).toBe(true);
    expect(String(err)).toMatch(/cam-tcp refused zoom direct: VISCA syntax error \(90 60 02 FF\) for 81 01 04 47 04 00 00 00 FF/);
    const inq = port.exchange(zoomInq);
    await cam.expect('81 09 04 47 FF');
    cam.reply('90 50 00 00 00 00 FF');
    expect(hex(await inq)).toBe('00 00 00 00');
    const dead = port.exchange(powerOn()).catch((e: unknown) => e);
    await cam.expect('81 01 04 00 02 FF');
    cam.socket?.destroy();
    const gone = await dead;
    expect(isScError(gone, 'SC_ERR_LINK_CLOSED') || isScError(gone, 'SC_ERR_LINK_DOWN')).toBe(true);
  });

  it('a timeout says whether the ACK had come', async () => {
    const { cam, port } = await setup({ reply: 200, completion: 300 });
    const before = await port.exchange(powerOn()).catch((e: unknown) => e);
    expect(isScError(before, 'SC_ERR_TCP_TIMEOUT')).toBe(true);
    expect(String(before)).toMatch(/cam-tcp: no reply to power on within 300 ms \(waited for ACK \(90 4y FF\) to 81 01 04 00 02 FF\)/);
    await cam.expect('81 01 04 00 02 FF');
    const after = port.exchange(powerOn()).catch((e: unknown) => e);
    await cam.expect('81 01 04 00 02 FF');
    cam.reply('90 41 FF');
    expect(String(await after)).toMatch(/waited for completion \(90 51 FF\) in socket 1; ACK was received/);
  });
});

describe('VISCA over serial: a socat PTY pair', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('camera 2 on the bus: exact frames, garbage before replies, replies from camera 1 ignored', async () => {
    const pair = await startPtyPair();
    cleanup.push(() => pair.close());
    const device: SerialPort = await openPort(pair.b);
    cleanup.push(() => closePort(device));
    const received: Buffer[] = [];
    device.on('data', (d: Buffer) => received.push(d));
    const port = new StreamPort({ target: parseTarget(`serial:${pair.a}?baud=9600`), device: 'cam-bus', log, address: 2, replyTimeoutMs: 500, completionTimeoutMs: 2000 });
    cleanup.push(() => port.close());
    await port.open();
    const until = async (want: string): Promise<void> => {
      for (let i = 0; i < 250 && hex(Buffer.concat(received)) !== want; i += 1) await new Promise((r) => setTimeout(r, 20));
      expect(hex(Buffer.concat(received))).toBe(want);
      received.length = 0;
    };
    const on = port.exchange(powerOn(2));
    await until('82 01 04 00 02 FF');
    // Camera 1's ACK and completion (90 ..) are not ours; camera 2 answers with A0.
    device.write(bytes('00 FF 13 90 41 FF 90 51 FF A0 41 FF 55 A0 51 FF'));
    expect((await on).length).toBe(0);
    const inq = port.exchange({ command: 'power inquiry', bytes: visca.powerInquiry(2), kind: 'inquiry', replyLength: 1 });
    await until('82 09 04 00 FF');
    // A frame cut in two writes, after a frame with no terminator within 16 bytes.
    device.write(bytes('A0 ' + '01 '.repeat(17) + 'A0 50'));
    await new Promise((r) => setTimeout(r, 30));
    device.write(bytes('02 FF'));
    expect(hex(await inq)).toBe('02');
  });
});
