import { pino } from 'pino';
import { SerialPort } from 'serialport';
import { delimiterFramer } from '../../src/transports/index.js';
import type { Request } from '../../src/transports/index.js';
import { ScError } from '../../src/core/errors/index.js';

export const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });

/** A line protocol for link tests: "CMD\r" answered by "OK:CMD\r" or "NG:CMD\r". */
export const lineFramer = delimiterFramer({ end: 0x0d, name: 'line' });

export function lineRequest(cmd: string, timeoutMs = 400, retries = 0): Request<string> {
  return {
    command: cmd,
    bytes: Buffer.from(`${cmd}\r`),
    awaited: `OK:${cmd}`,
    timeoutMs,
    retries,
    match: (frame) => {
      // Noise may precede a reply inside the same CR-delimited frame: look at its tail.
      const text = /(OK|NG):[^\r]*/.exec(frame.toString('latin1'))?.[0] ?? '';
      if (text === `NG:${cmd}`) throw new ScError('SC_ERR_DEVICE_NAK', { device: 'test-device', command: cmd, reason: 'NG' });
      return text.startsWith(`OK:${cmd}`) ? text : undefined;
    },
  };
}

export function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}

export function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
