import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/cli.js';
import { runCliInProcess, tempDir, type TempDir } from '../helpers/index.js';

function config(dir: string): string {
  const file = join(dir, 'fleet.yaml');
  writeFileSync(
    file,
    [
      'schemaVersion: 1',
      'fleet:',
      '  name: cli test',
      `dataDir: ${dir}/data`,
      'broker:',
      '  mode: embedded',
      '  host: 127.0.0.1',
      '  mqttPort: 0',
      '  publicUrl: mqtts://fleet.example.org:8883',
      '  username: fleet',
      '  password: ${env:SC_FLEET_BROKER_PASSWORD}',
      'http:',
      '  host: 127.0.0.1',
      '  port: 0',
      '',
    ].join('\n'),
  );
  return file;
}

/** Runs `classroom fleet --config F` until it printed its ports, then stops it with SIGTERM. */
function runFleet(file: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, 'fleet', '--config', file], { env: { PATH: process.env.PATH ?? '', SC_FLEET_BROKER_PASSWORD: 'x' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('fleet running')) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (!stdout.includes('fleet running')) reject(new Error(`fleet did not start: ${stderr}`));
      else resolve({ stdout, code });
    });
  });
}

describe('classroom fleet on the command line', () => {
  let dir: TempDir;
  let file: string;
  const env = { SC_FLEET_BROKER_PASSWORD: 'fleet-broker-password', SC_NEW_PASSWORD: 'technician-pw-1' };

  beforeAll(() => {
    dir = tempDir('sc-fleet-cli-');
    file = config(dir.path);
  });
  afterAll(() => dir.remove());

  it('adds a site and a room, printing the credentials once and the uplink config', async () => {
    expect((await runCliInProcess(['fleet', 'site', 'add', 'ke/uon', '--name', 'University of Nairobi', '--config', file], { env })).code).toBe(0);
    const added = await runCliInProcess(['fleet', 'room', 'add', 'ke/uon/lecture-hall-1', '--json', '--config', file], { env });
    expect(added.code, added.stderr).toBe(0);
    const cred = JSON.parse(added.stdout) as { username: string; password: string; uplinkYaml: string };
    expect(cred.username).toBe('ke.uon.lecture-hall-1');
    expect(cred.uplinkYaml).toContain('url: mqtts://fleet.example.org:8883');
    const again = await runCliInProcess(['fleet', 'room', 'add', 'ke/uon/lecture-hall-1', '--config', file], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('SC_ERR_FLEET_EXISTS');
    const bad = await runCliInProcess(['fleet', 'room', 'add', 'ke/UoN/x', '--config', file], { env });
    expect(bad.stderr).toContain('SC_ERR_FLEET_NAME_INVALID');
  });

  it('exports the Mosquitto password and ACL files', async () => {
    const out = join(dir.path, 'mosquitto');
    const res = await runCliInProcess(['fleet', 'export-acl', '--format', 'mosquitto', '--out', out, '--config', file], { env });
    expect(res.code, res.stderr).toBe(0);
    const passwords = readFileSync(join(out, 'passwords'), 'utf8');
    expect(passwords).toMatch(/^ke\.uon\.lecture-hall-1:\$7\$\d+\$[^$]+\$[^$]+$/m);
    expect(passwords).toMatch(/^fleet:\$7\$/m);
    expect(statSync(join(out, 'passwords')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(out, 'acl'), 'utf8')).toContain('topic read sc/v1/ke/uon/lecture-hall-1/cmd');
    const wrong = await runCliInProcess(['fleet', 'export-acl', '--format', 'emqx', '--config', file], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('SC_ERR_FLEET_EXPORT_FORMAT');
  });

  it('adds users with the password from the environment only', async () => {
    const ok = await runCliInProcess(['fleet', 'user', 'add', 'wanjiru', '--role', 'technician', '--site', 'ke/uon', '--config', file], { env });
    expect(ok.code, ok.stderr).toBe(0);
    const missing = await runCliInProcess(['fleet', 'user', 'add', 'otieno', '--role', 'viewer', '--config', file], { env: { SC_FLEET_BROKER_PASSWORD: 'x' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('SC_NEW_PASSWORD');
    expect((await runCliInProcess(['fleet', '--config', join(dir.path, 'nope.yaml')], { env })).code).toBe(2);
  });

  it('runs, printing a random admin password on the first start only, and stops on SIGTERM', async () => {
    // a fresh data directory: no users yet
    const fresh = tempDir('sc-fleet-cli-run-');
    try {
      const f = config(fresh.path);
      const first = await runFleet(f);
      expect(first.code).toBe(0);
      const password = /password:\s+(\S+)/.exec(first.stdout)?.[1] ?? '';
      expect(password.length).toBeGreaterThanOrEqual(20);
      const second = await runFleet(f);
      expect(second.stdout).not.toContain('password');
      expect(second.stdout).not.toContain(password);
    } finally {
      fresh.remove();
    }
  });
});
