import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RotatingLogFile } from '../../src/core/log-file.js';
import { createLogger } from '../../src/core/logger.js';
import { tempDir } from '../helpers/index.js';

describe('rotating log file', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('caps the disk used: rotates by size and keeps only the newest files', () => {
    const path = join(dir.path, 'logs', 'agent.log');
    const file = new RotatingLogFile({ path, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) file.write(`${JSON.stringify({ i, msg: 'x'.repeat(50) })}\n`);
    file.close();
    expect(statSync(path).size).toBeLessThanOrEqual(1000);
    expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(1000);
    expect(statSync(`${path}.2`).size).toBeLessThanOrEqual(1000);
    expect(existsSync(`${path}.3`)).toBe(false);
    // The newest line is in the current file, and rotated files hold older lines in order.
    const current = readFileSync(path, 'utf8').trim().split('\n');
    expect(JSON.parse(current.at(-1) ?? '{}')).toMatchObject({ i: 99 });
    const older = readFileSync(`${path}.1`, 'utf8').trim().split('\n');
    expect((JSON.parse(older.at(-1) ?? '{}') as { i: number }).i).toBe((JSON.parse(current[0] ?? '{}') as { i: number }).i - 1);
  });

  it('appends to an existing file after a restart, counting its size', () => {
    const path = join(dir.path, 'restart.log');
    const a = new RotatingLogFile({ path, maxBytes: 10_000, keep: 1 });
    a.write('first\n');
    a.close();
    const b = new RotatingLogFile({ path, maxBytes: 10_000, keep: 1 });
    b.write('second\n');
    b.close();
    expect(readFileSync(path, 'utf8')).toBe('first\nsecond\n');
  });

  it('is a pino destination, with redaction still applied', () => {
    const path = join(dir.path, 'pino.log');
    const log = createLogger({ file: { path, maxBytes: 100_000, keep: 3 } });
    log.info({ password: 'hunter2', device: 'panel' }, 'hello');
    const line = JSON.parse(readFileSync(path, 'utf8').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'hello', device: 'panel', password: '[redacted]' });
  });
});
