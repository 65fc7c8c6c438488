import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI_BIN, REPO_ROOT } from '../helpers/cli.js';

export interface DemoReadyLine {
  ready: true;
  dashboard: string;
  mqtt: string;
  admin: { user: string; password: string };
  operator: { user: string; password: string };
  rooms: { id: string; name: string; wallPanel: string; technician: string; simulators: string }[];
  failed: number;
  startMs: number;
  rssBytes: number;
}

export interface RunningDemo {
  child: ChildProcess;
  ready: DemoReadyLine;
  stderr: () => string;
  /** Every process below the demo (workers, socat), for the no-orphans check. */
  descendants: () => number[];
  /** Ctrl-C, as a person would; resolves with the exit code. */
  interrupt: () => Promise<number | null>;
}

export function descendantsOf(pid: number): number[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of out.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p === undefined || pp === undefined) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const found: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `classroom demo --json ARGS` from dist; resolves on its ready line. */
export function startDemo(args: string[], timeoutMs = 120_000): Promise<RunningDemo> {
  const child = spawn(process.execPath, [CLI_BIN, 'demo', '--json', ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo was not ready in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${String(code)}) before it was ready: ${stderr}`));
    });
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const ready = JSON.parse(line) as DemoReadyLine;
      resolve({
        child,
        ready,
        stderr: () => stderr,
        descendants: () => descendantsOf(child.pid ?? 0),
        interrupt: async () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
  });
}
