import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI_BIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `classroom ARGS` in this process (fast; for argument and output tests). */
export async function runCliInProcess(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    env: options.env ?? {},
    cwd: options.cwd ?? REPO_ROOT,
    isTty: false,
    exitCode: 0,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Runs the built `classroom` binary as a technician would (needs `npm run build`). */
export function runCliBinary(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface SimulatorProcess {
  /** What `classroom simulate ... --json` printed: where it listens. */
  info: { device: string; protocol: string; targets: string[] };
  stop(): Promise<void>;
}

/** `classroom simulate ARGS --json` as the built binary, as a technician runs it in another shell. */
export async function startSimulatorBinary(args: string[]): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [CLI_BIN, 'simulate', ...args, '--json'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' } });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(out.slice(0, nl));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`simulate exited ${String(code)}: ${err}`)));
  });
  return {
    info: JSON.parse(line) as SimulatorProcess['info'],
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
