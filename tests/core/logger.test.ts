import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, deviceLogger } from '../../src/core/logger.js';
import { redactText as redactUrl } from '../../src/core/secrets.js';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('logger', () => {
  it('writes pino JSON lines with level, time and message', () => {
    const out = capture();
    createLogger({ destination: out.stream }).info({ room: 'r1' }, 'started');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 30, msg: 'started', room: 'r1' });
    expect(typeof line?.time).toBe('number');
  });

  it('redacts passwords, tokens and keys at any common depth', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.info({ password: 'hunter2', uplink: { password: 'mqtt-secret', token: 'tok' }, a: { b: { secret: 's3' } }, cookie: 'sid=1' }, 'config');
    const text = JSON.stringify(out.lines());
    for (const secret of ['hunter2', 'mqtt-secret', 'tok"', 's3', 'sid=1']) expect(text).not.toContain(secret);
    expect(text).toContain('[redacted]');
  });

  it('redacts credentials inside URLs in fields and in the message', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.warn({ target: 'http://admin:Pa55w0rd@10.0.0.7/onvif/device_service' }, 'cannot reach rtsp://viewer:abc123@10.0.0.7:554/stream1');
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('Pa55w0rd');
    expect(text).not.toContain('abc123');
    expect(text).toContain('http://admin:[redacted]@10.0.0.7/onvif/device_service');
    expect(redactUrl('mqtts://room:p@ss@fleet:8883')).not.toContain('p@ss');
  });

  it('gives each device a child logger whose lines name the device and driver', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream, level: 'debug' });
    deviceLogger(log, 'panel', 'samsung-mdc').debug('poll');
    expect(out.lines()[0]).toMatchObject({ device: 'panel', driver: 'samsung-mdc', msg: 'poll', level: 20 });
  });
});
