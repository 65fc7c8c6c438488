import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../helpers/index.js';

function open(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

function readBytes(port: SerialPort, count: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= count) {
        port.off('data', onData);
        resolve(got);
      }
    };
    port.on('data', onData);
  });
}

describe('socat PTY pair', () => {
  let pair: PtyPair | undefined;
  const ports: SerialPort[] = [];
  afterEach(async () => {
    for (const p of ports.splice(0)) if (p.isOpen) await new Promise((r) => p.close(r));
    await pair?.close();
  });

  it('carries every byte value both ways through serialport, unchanged', async () => {
    pair = await startPtyPair();
    const host = await open(pair.a);
    const device = await open(pair.b);
    ports.push(host, device);
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const atDevice = readBytes(device, 256);
    host.write(all);
    expect(await atDevice).toEqual(all);
    const reply = Buffer.from([0xaa, 0xff, 0x01, 0x03, 0x41, 0x11, 0x01, 0x56]);
    const atHost = readBytes(host, reply.length);
    device.write(reply);
    expect(await atHost).toEqual(reply);
  });

  it('closing the pair ends the link, as a pulled cable does', async () => {
    pair = await startPtyPair();
    const host = await open(pair.a);
    ports.push(host);
    // Without a controlling terminal (a service, a test worker) Linux reports the hang-up only
    // when the next write fails with EIO, not as a close: drivers must handle both.
    const ended = new Promise<string>((resolve) => {
      host.once('close', () => resolve('closed'));
      host.once('error', (err) => resolve(`error: ${err.message}`));
    });
    await pair.close();
    host.write(Buffer.from([0x01]), () => undefined);
    expect(await ended).toMatch(/closed|EIO|i\/o error|bad file descriptor/i);
  });
});
