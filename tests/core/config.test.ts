import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, jsonSchemaFiles, loadConfigFile, parseConfig, type ConfigProblem } from '../../src/core/config/index.js';
import { isScError } from '../../src/core/errors/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/index.js';

const MINIMAL = `schemaVersion: 1
room:
  id: room-1
  country: ke
  site: site-a
devices:
  - id: panel
    driver: samsung-mdc
    target: serial:/dev/ttyUSB0
`;

function problemsOf(text: string, file = 'room.yaml', env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  try {
    parseConfig(text, file, { env });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('config loading', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('accepts both example files, fully resolved when the secrets exist', () => {
    const env = { SC_CAMERA_PASSWORD: 'c', SC_RECORDER_PASSWORD: 'r', SC_MQTT_PASSWORD: 'm', SC_WEBHOOK_SECRET: 'w' };
    const room = loadConfigFile(join(REPO_ROOT, 'config/room.example.yaml'), { env });
    expect(room.kind).toBe('room');
    const fleetText = readFileSync(join(REPO_ROOT, 'config/fleet.example.yaml'), 'utf8').replace('/etc/smart-classroom/cookie-secret', join(dir.path, 'cookie'));
    writeFileSync(join(dir.path, 'cookie'), 'long-random-cookie-secret\n');
    const fleet = parseConfig(fleetText, join(dir.path, 'fleet.yaml'), { env });
    expect(fleet.kind).toBe('fleet');
    expect((fleet.value as { http: { cookieSecret?: string } }).http.cookieSecret).toBe('long-random-cookie-secret');
  });

  it('reports a YAML syntax error with its line and column', () => {
    const problems = problemsOf('schemaVersion: 1\nroom:\n  id: [room-1\n  country: ke\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'room.yaml', field: '(YAML syntax)' });
    expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
    expect(problems[0]?.message).toMatch(/expected valid YAML/);
  });

  it('reports a wrong type at the field, saying what it is and what was expected', () => {
    const problems = problemsOf(MINIMAL.replace('    target: serial:/dev/ttyUSB0\n', '    target: serial:/dev/ttyUSB0\n    pollIntervalMs: fast\n'));
    expect(problems).toEqual([
      expect.objectContaining({ line: 10, col: 5, field: 'devices[0].pollIntervalMs', message: expect.stringMatching(/is the text "fast", expected a whole number/) }),
    ]);
  });

  it('reports an unknown key (a typo) and lists the known ones', () => {
    const problems = problemsOf(MINIMAL.replace('  site: site-a\n', '  site: site-a\n  timezon: Africa/Nairobi\n'));
    expect(problems).toEqual([
      expect.objectContaining({ line: 6, col: 3, field: 'room.timezon', message: expect.stringMatching(/not a known setting.*timezone/) }),
    ]);
  });

  it('reports a missing required field at its parent, naming what was expected', () => {
    const problems = problemsOf(MINIMAL.replace('  country: ke\n', ''));
    expect(problems).toEqual([expect.objectContaining({ line: 2, col: 1, field: 'room.country', message: expect.stringMatching(/is missing, expected the ISO 3166-1/) })]);
  });

  it('reports every problem at once, in line order, including inside scene steps', () => {
    const text = `${MINIMAL.replace('driver: samsung-mdc', 'driver: samsung')}scenes:
  start-class:
    steps:
      - device: panel
        acton: power.on
`;
    const problems = problemsOf(text);
    expect(problems.map((p) => `${p.line}:${p.field}`)).toEqual(['8:devices[0].driver', '13:scenes.start-class.steps[0].action', '14:scenes.start-class.steps[0].acton']);
    expect(problems[0]?.message).toMatch(/expected one of: samsung-mdc, lg, nec/);
  });

  it('refuses a password written in the file, and resolves ${env:NAME} and *_file instead', () => {
    const literal = problemsOf(`${MINIMAL}    password: hunter2\n`);
    expect(literal).toEqual([expect.objectContaining({ line: 10, field: 'devices[0].password', message: expect.stringMatching(/secrets may not be written in the file/) })]);

    const viaEnv = parseConfig(`${MINIMAL}    password: \${env:PANEL_PW}\n`, 'room.yaml', { env: { PANEL_PW: 's3cret' } });
    expect((viaEnv.value as { devices: { password?: string }[] }).devices[0]?.password).toBe('s3cret');

    writeFileSync(join(dir.path, 'pw'), 'from-file\n');
    const viaFile = parseConfig(`${MINIMAL}    password_file: pw\n`, join(dir.path, 'room.yaml'), { env: {} });
    expect((viaFile.value as { devices: { password?: string }[] }).devices[0]?.password).toBe('from-file');
  });

  it('names the line of an unset environment variable or unreadable secret file', () => {
    const missing = problemsOf(`${MINIMAL}    password: \${env:NOT_SET_ANYWHERE}\n`);
    expect(missing).toEqual([expect.objectContaining({ line: 10, field: 'devices[0].password', message: expect.stringMatching(/NOT_SET_ANYWHERE, which is not set/) })]);
    const noFile = problemsOf(`${MINIMAL}    password_file: /nonexistent/pw\n`);
    expect(noFile).toEqual([expect.objectContaining({ line: 10, field: 'devices[0].password_file', message: expect.stringMatching(/cannot be read/) })]);
  });

  it('freezes the loaded config so nothing changes it after boot', () => {
    const loaded = parseConfig(MINIMAL, 'room.yaml', { env: {} });
    const value = loaded.value as { room: { id: string }; devices: unknown[] };
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.room)).toBe(true);
    expect(() => {
      value.room.id = 'other';
    }).toThrow(TypeError);
  });

  it('refuses a config from a future schema version with its own code', () => {
    try {
      parseConfig(MINIMAL.replace('schemaVersion: 1', 'schemaVersion: 7'), 'room.yaml', { env: {} });
      expect.unreachable();
    } catch (err) {
      expect(isScError(err, 'SC_ERR_CONFIG_FROM_FUTURE')).toBe(true);
    }
  });

  it('says which file could not be read', () => {
    expect(() => loadConfigFile('/nonexistent/room.yaml')).toThrow(/\/nonexistent\/room.yaml cannot be read/);
  });
});

describe('JSON Schema for editors', () => {
  it('is derived from the one schema source, and the committed files are up to date (run `npm run schema` when this fails)', () => {
    for (const [name, text] of Object.entries(jsonSchemaFiles())) {
      const committed = readFileSync(join(REPO_ROOT, 'config/schema', name), 'utf8');
      expect(committed, `config/schema/${name} is stale`).toBe(text);
    }
  });
});
