import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config/index.js';
import { migrateConfigText } from '../../src/core/config/migrate.js';
import { isScError } from '../../src/core/errors/index.js';
import { REPO_ROOT, runCliInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/index.js';

const V0 = `# Lecture hall config, before versions existed
room:
  id: Hall-1 # the big one
  country: KE
  site: uon
devices: []
`;

describe('config migrate', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('upgrades a version-0 file, says what changed, keeps comments, and the result passes the check', () => {
    const result = migrateConfigText(V0, 'old.yaml');
    expect(result).toMatchObject({ from: 0, to: 1 });
    expect(result.changes).toEqual([
      'v0->v1 room.country: "KE" -> "ke" (ids are lower case: they are MQTT topic levels)',
      'v0->v1 room.id: "Hall-1" -> "hall-1" (ids are lower case: they are MQTT topic levels)',
      'v0->v1 schemaVersion: added, set to 1',
    ]);
    expect(result.text).toContain('# the big one');
    expect(result.text).toContain('# Lecture hall config');
    expect(() => parseConfig(result.text, 'old.yaml', { env: {} })).not.toThrow();
  });

  it('leaves a current file untouched', () => {
    const text = readFileSync(join(REPO_ROOT, 'config/room.example.yaml'), 'utf8');
    expect(migrateConfigText(text, 'room.yaml')).toMatchObject({ from: 1, to: 1, changes: [], text });
  });

  it('refuses a file from a future version', () => {
    try {
      migrateConfigText('schemaVersion: 9\nroom: {}\n', 'new.yaml');
      expect.unreachable();
    } catch (err) {
      expect(isScError(err, 'SC_ERR_CONFIG_FROM_FUTURE')).toBe(true);
      expect((err as Error).message).toBe('new.yaml has schemaVersion 9, but this version of classroom understands up to 1');
    }
  });

  it('`classroom config migrate --write` rewrites the file and keeps a backup; without it, a dry run', async () => {
    const file = join(dir.path, 'room.yaml');
    writeFileSync(file, V0);
    const dry = await runCliInProcess(['config', 'migrate', file]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('(dry run: add --write to change the file)');
    expect(readFileSync(file, 'utf8')).toBe(V0);
    const wet = await runCliInProcess(['config', 'migrate', '--write', file]);
    expect(wet.code).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(V0);
    expect(readFileSync(file, 'utf8')).toMatch(/^schemaVersion: 1$/m);
    const again = await runCliInProcess(['config', 'migrate', file]);
    expect(again.stdout).toContain('already at schema version 1');
  });
});
