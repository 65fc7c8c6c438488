import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliBinary, runCliInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/index.js';

const SUBCOMMANDS = ['agent', 'fleet', 'demo', 'ctl', 'discover', 'doctor', 'simulate', 'bench', 'config'];

describe('classroom command line', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('`classroom --help` lists every subcommand of the architecture', async () => {
    const run = await runCliBinary(['--help']);
    expect(run.code).toBe(0);
    for (const cmd of SUBCOMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${cmd}\\b`, 'm'));
  });

  it.each(SUBCOMMANDS)('`classroom %s --help` explains the subcommand and exits 0', async (cmd) => {
    const run = await runCliInProcess([cmd, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`Usage: classroom ${cmd}`));
  });

  it('`classroom config check` passes the example files (exit 0) as the installed binary', async () => {
    const run = await runCliBinary(['config', 'check', 'config/room.example.yaml', 'config/fleet.example.yaml']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('config/room.example.yaml: ok (room config for sc/v1/ke/uon-chiromo/lecture-hall-1, 3 device(s))');
    expect(run.stdout).toContain('config/fleet.example.yaml: ok (fleet config)');
  });

  it('prints each problem as FILE:LINE:COL field: message and exits 2', async () => {
    const file = join(dir.path, 'bad.yaml');
    writeFileSync(file, 'schemaVersion: 1\nroom:\n  id: Room One\n  country: ke\n  site: s\ndevices:\n  - id: p\n    driver: samsung-mdc\n    target: serial:/dev/ttyUSB0\n    colour: red\n');
    const run = await runCliBinary(['config', 'check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:3:3 room.id: the text "Room One" is not valid, expected an id of lower-case letters, digits and dashes`);
    expect(run.stderr).toContain(`${file}:10:5 devices[0].colour: is not a known setting`);
    expect(run.stderr).toContain('SC_ERR_CONFIG_INVALID: 2 problem(s)');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('checks what the agent checks at start: required scenes, devices named by steps, driver options', async () => {
    const file = join(dir.path, 'scenes.yaml');
    writeFileSync(
      file,
      'schemaVersion: 1\nroom:\n  id: r\n  country: ke\n  site: s\ndevices:\n  - id: panel\n    driver: samsung-mdc\n    target: tcp://127.0.0.1:1515\n    options:\n      id: 999\nscenes:\n  start-class:\n    steps:\n      - device: projector\n        action: power.on\n',
    );
    const run = await runCliInProcess(['config', 'check', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/:1\d:\d+ devices\[0\]\.options\.id: /);
    expect(run.stderr).toMatch(/:12:1 scenes: has no end-class scene/);
    expect(run.stderr).toMatch(/:15:9 scenes\.start-class\.steps\[0\]\.device: is "projector", expected one of the devices: panel/);
  });

  it('checks secrets only with --resolve, naming the variable', async () => {
    const loose = await runCliInProcess(['config', 'check', 'config/room.example.yaml']);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toMatch(/note: uses the environment variable SC_CAMERA_PASSWORD/);
    const strict = await runCliInProcess(['config', 'check', '--resolve', 'config/room.example.yaml']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/config\/room.example.yaml:\d+:\d+ devices\[1\].password: uses the environment variable SC_CAMERA_PASSWORD, which is not set/);
  });

  it('exits 2 on a usage error and on a missing file, with a code and no stack trace', async () => {
    const unknown = await runCliBinary(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const missing = await runCliBinary(['config', 'check', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^SC_ERR_CONFIG_NOT_FOUND: Config file .*nope.yaml cannot be read/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack trace only with --debug', async () => {
    const run = await runCliBinary(['--debug', 'config', 'migrate', 'x.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^SC_ERR_CONFIG_NOT_FOUND/);
    expect(run.stderr).toMatch(/\n\s+at /);
    const plain = await runCliBinary(['config', 'migrate', 'x.yaml']);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
  });

  it('`classroom bench config --json` prints one JSON object with its figures; unknown names exit 2', async () => {
    const run = await runCliBinary(['bench', 'config', '--json', '--quick']);
    expect(run.code).toBe(0);
    const figures = JSON.parse(run.stdout) as Record<string, number>;
    expect(figures.name).toBe('config');
    expect(figures.load_ms).toBeGreaterThan(0);
    expect(figures.overhead_ratio).toBeGreaterThan(0);
    const table = await runCliInProcess(['bench', 'config', '--quick']);
    expect(table.stdout).toMatch(/^config\n {2}load_ms +\d/m);
    const unknown = await runCliInProcess(['bench', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/SC_ERR_BENCH_UNKNOWN.*Available benchmarks: .*config/s);
  });
});
