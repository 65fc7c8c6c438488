import { createLogger } from '../core/logger.js';
import { messageOf } from '../core/errors/index.js';
import { isToWorker, type FromWorker } from './protocol.js';
import { DemoWorker } from './worker.js';

/**
 * Entry of a demo worker process (forked by the demo with an IPC channel). It stops when told
 * to, and also when the channel closes: a demo killed hard leaves no worker behind.
 */
function send(m: FromWorker): void {
  if (process.connected) process.send?.(m);
}

let worker: DemoWorker | undefined;
let exiting = false;

async function shutdown(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  // A stop that hangs (a device that never closes) must not keep the process alive.
  setTimeout(() => process.exit(code), 15_000).unref();
  await worker?.stop();
  send({ type: 'stopped' });
  process.exit(code);
}

// Ctrl-C reaches the whole terminal process group: the demo decides when its workers stop.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void shutdown(0));
process.on('disconnect', () => void shutdown(0));
process.on('message', (m: unknown) => {
  if (!isToWorker(m)) return;
  if (m.type === 'stop') {
    void shutdown(0);
    return;
  }
  if (worker !== undefined) return;
  const log = createLogger({ level: m.job.logLevel, file: { path: m.job.logFile, maxBytes: 20 * 1024 * 1024, keep: 2 }, name: 'demo-worker' });
  worker = new DemoWorker({ job: m.job, log, send });
  worker.start().catch((err: unknown) => {
    send({ type: 'error', error: messageOf(err) });
    void shutdown(1);
  });
});
