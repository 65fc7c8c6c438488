import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_SCHEMAS, PayloadChecker, TIMETABLE_SLOTS_MAX, mqttSchemaFiles } from '../../src/contract/mqtt/index.js';
import { REPO_ROOT } from '../helpers/cli.js';

const DIR = join(REPO_ROOT, 'docs', 'mqtt', 'schemas');

describe('MQTT payload JSON Schemas', () => {
  it('are derived from the TypeBox contract, and the committed files are up to date (run `npm run docs:mqtt` when this fails)', () => {
    const files = mqttSchemaFiles();
    expect(Object.keys(files).sort()).toEqual(Object.keys(PAYLOAD_SCHEMAS).map((k) => `${k}.schema.json`).sort());
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(DIR, name), 'utf8'), `docs/mqtt/schemas/${name} is stale`).toBe(text);
  });

  it('are what the tests check messages against: the committed schema and the checker agree', () => {
    const checker = new PayloadChecker();
    for (const kind of Object.keys(PAYLOAD_SCHEMAS) as (keyof typeof PAYLOAD_SCHEMAS)[]) {
      const file = JSON.parse(readFileSync(join(DIR, `${kind}.schema.json`), 'utf8')) as Record<string, unknown>;
      const { $id: _a, ...source } = JSON.parse(JSON.stringify(PAYLOAD_SCHEMAS[kind])) as Record<string, unknown>;
      const { $schema: _b, $id: _c, title: _d, ...committed } = file;
      expect(committed).toEqual(source);
      expect(checker.check(kind, 'not an object')).toBe(false);
    }
    expect(checker.check('cmd', { id: 'cmd-00000001', action: 'session.start', expires: 1, by: 'x' })).toBe(true);
    expect(checker.check('cmd', { id: 'cmd-00000001', action: 'session.start', expires: 1, by: 'x', extra: 1 })).toBe(false);
  });

  it('let a session carry the next timetable slots, and still accept one without them (older agents)', () => {
    const checker = new PayloadChecker();
    const session = { state: 'idle', since: 1, by: { kind: 'system' } };
    expect(checker.check('session', session)).toBe(true);
    const slot = { start: 1_000, end: 2_000, course: 'Physics 101', teacher: 'Dr Achieng' };
    expect(checker.check('session', { ...session, timetable: [] })).toBe(true);
    expect(checker.check('session', { ...session, timetable: [slot, { start: 3_000, end: 4_000 }] })).toBe(true);
    expect(checker.check('session', { ...session, timetable: Array.from({ length: TIMETABLE_SLOTS_MAX + 1 }, () => slot) })).toBe(false);
    expect(checker.check('session', { ...session, timetable: [{ ...slot, uid: 'x' }] })).toBe(false);
    expect(checker.check('session', { ...session, timetable: [{ start: 1_000 }] })).toBe(false);
  });
});
