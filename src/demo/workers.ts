import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { ScError } from '../core/errors/index.js';
import { waitAtMost, withTimeout } from '../core/with-timeout.js';
import type { DemoRoomReady } from './demo-room.js';
import { isFromWorker, type FromWorker, type ToWorker, type WorkerJob } from './protocol.js';

/** The compiled worker entry (dist/src/demo/worker-main.js), also when this module runs from src/. */
export function workerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'worker-main.js');
  return existsSync(beside) ? beside : join(resolve(here, '..', '..'), 'dist', 'src', 'demo', 'worker-main.js');
}

export interface WorkerReady {
  rooms: DemoRoomReady[];
  failed: { root: string; error: string }[];
  probeUrl: string;
  rssBytes: number;
  pid: number;
}

/** One forked worker process, tracked from fork to exit. */
class WorkerProcess {
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;

  constructor(entry: string, onMessage: (m: FromWorker) => void) {
    // Its own process group: Ctrl-C in the terminal reaches the demo, which stops the workers in order.
    this.child = fork(entry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], detached: true, serialization: 'advanced' });
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
    this.child.on('message', (m: unknown) => {
      if (isFromWorker(m)) onMessage(m);
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  send(m: ToWorker): void {
    if (this.child.connected) this.child.send(m);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal);
  }
}

/** The demo's worker processes: rooms split among them, started together, stopped together. */
export class WorkerPool {
  private readonly workers: WorkerProcess[] = [];

  constructor(private readonly ctx: { log: Logger; onProgress?: (started: number) => void }) {}

  /** Starts one worker per job; resolves when every one reports its rooms (or fails). */
  async start(jobs: WorkerJob[], timeoutMs: number): Promise<WorkerReady[]> {
    const entry = workerEntry();
    if (!existsSync(entry)) throw new ScError('SC_ERR_INTERNAL', { detail: `the demo worker ${entry} is not built: run npm run build` });
    const counts = new Array<number>(jobs.length).fill(0);
    const readies = jobs.map(
      (job, i) =>
        new Promise<WorkerReady>((resolveReady, reject) => {
          const worker = new WorkerProcess(entry, (m) => {
            if (m.type === 'ready') resolveReady({ rooms: m.rooms, failed: m.failed, probeUrl: m.probeUrl, rssBytes: m.rssBytes, pid: worker.pid });
            else if (m.type === 'error') reject(new ScError('SC_ERR_INTERNAL', { detail: `demo worker ${i + 1}: ${m.error}` }));
            else if (m.type === 'progress') {
              counts[i] = m.started;
              this.ctx.onProgress?.(counts.reduce((a, b) => a + b, 0));
            }
          });
          this.workers.push(worker);
          void worker.exited.then(() => reject(new ScError('SC_ERR_INTERNAL', { detail: `demo worker ${i + 1} exited before it was ready` })));
          worker.send({ type: 'start', job });
        }),
    );
    return withTimeout(Promise.all(readies), { ms: timeoutMs, awaited: 'the demo rooms to start' });
  }

  /** Asks every worker to stop; kills the ones that do not exit in time. */
  async stop(graceMs = 20_000): Promise<void> {
    for (const w of this.workers) w.send({ type: 'stop' });
    const all = Promise.all(this.workers.map((w) => w.exited));
    if (!(await waitAtMost(all, graceMs)).done) {
      this.ctx.log.warn('demo workers did not stop in time: killing them');
      for (const w of this.workers) w.kill('SIGKILL');
      await all;
    }
    this.workers.length = 0;
  }

  pids(): number[] {
    return this.workers.map((w) => w.pid);
  }
}
