import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/passwords.js';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.js';
import { runCliBinary } from '../helpers/index.js';

function passwd(input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, 'passwd'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('classroom agent and classroom passwd on the command line', () => {
  it('prints a scrypt hash that the agent accepts, and refuses a short password', async () => {
    const run = await passwd('lab-technician-42\n');
    expect(run.code).toBe(0);
    const hash = run.stdout.trim();
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('lab-technician-42', hash)).toBe(true);
    const short = await passwd('abc\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/SC_ERR_PASSWORD_WEAK.*too-short.*at least 10/);
    // Long enough, but among the first guesses: the same policy as the fleet's (tests/core/passwords.test.ts).
    const common = await passwd('password12345\n');
    expect(common.code).toBe(2);
    expect(common.stderr).toMatch(/SC_ERR_PASSWORD_WEAK.*common/);
  });

  it('explains a missing --config and a config with problems, with exit code 2', async () => {
    const none = await runCliBinary(['agent']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--config/);
    const missing = await runCliBinary(['agent', '--config', '/nonexistent/room.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/SC_ERR_CONFIG_NOT_FOUND/);
  });

  it('still accepts the example room config', async () => {
    const check = await runCliBinary(['config', 'check', 'config/room.example.yaml']);
    expect(check.code).toBe(0);
  });
});
