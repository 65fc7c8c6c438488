import { describe, expect, it } from 'vitest';
import { catalog, catalogParts } from '../../src/core/errors/catalog/index.js';
import { ScError, isScError, messageOf, toScError } from '../../src/core/errors/index.js';

describe('error catalog', () => {
  it('defines every code once, each SC_ERR_ in upper case with a message', () => {
    const seen = new Map<string, number>();
    for (const part of catalogParts) for (const code of Object.keys(part)) seen.set(code, (seen.get(code) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([c]) => c);
    expect(twice).toEqual([]);
    expect(seen.size).toBe(Object.keys(catalog).length);
    for (const [code, spec] of Object.entries(catalog)) {
      expect(code).toMatch(/^SC_ERR_[A-Z0-9_]+$/);
      expect(spec.message.length).toBeGreaterThan(3);
    }
  });

  it('renders the message and hint from the parameters, and keeps unknown placeholders visible', () => {
    const err = new ScError('SC_ERR_SERIAL_TIMEOUT', { device: 'panel', command: 'power on', ms: 1000, awaited: 'ACK AA FF 01 03 41 11' });
    expect(err.message).toBe('panel: no reply to power on within 1000 ms (waited for ACK AA FF 01 03 41 11)');
    expect(err.code).toBe('SC_ERR_SERIAL_TIMEOUT');
    expect(err.status).toBe(504);
    expect(err.exitCode).toBe(1);
    expect(err.hint).toMatch(/cable/);
    expect(new ScError('SC_ERR_TCP_CONNECT', { host: 'x' }).message).toBe('Cannot connect to x:{port}: {reason}');
  });

  it('serialises to the wire form {code, message, hint}', () => {
    const json = JSON.parse(JSON.stringify(new ScError('SC_ERR_CMD_NOT_ALLOWED', { action: 'power.off' }))) as Record<string, string>;
    expect(json).toEqual({
      code: 'SC_ERR_CMD_NOT_ALLOWED',
      message: 'Action `power.off` may not be sent remotely to this room',
      hint: 'Add it to remote.allow in the room config if it should be.',
    });
  });

  it('wraps foreign errors as SC_ERR_INTERNAL with the cause, and leaves coded errors alone', () => {
    const boom = new TypeError('x is undefined');
    const wrapped = toScError(boom);
    expect(wrapped.code).toBe('SC_ERR_INTERNAL');
    expect(wrapped.cause).toBe(boom);
    const coded = new ScError('SC_ERR_USAGE', { detail: 'd' });
    expect(toScError(coded)).toBe(coded);
    expect(isScError(coded, 'SC_ERR_USAGE')).toBe(true);
    expect(isScError(coded, 'SC_ERR_INTERNAL')).toBe(false);
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf({ a: 1 })).toBe('{"a":1}');
  });

  it('gives usage and config errors exit code 2 and runtime errors 1', () => {
    expect(new ScError('SC_ERR_USAGE', { detail: '' }).exitCode).toBe(2);
    expect(new ScError('SC_ERR_CONFIG_NOT_FOUND', {}).exitCode).toBe(2);
    expect(new ScError('SC_ERR_DEVICE_NAK', {}).exitCode).toBe(1);
  });
});

describe('docs/errors.md', () => {
  it('lists the catalog as it is (run `npm run docs:errors` when this fails)', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { errorsMarkdown } = await import('../../src/core/errors/markdown.js');
    const { REPO_ROOT } = await import('../helpers/cli.js');
    expect(readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8')).toBe(errorsMarkdown());
  });
});
