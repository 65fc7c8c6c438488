import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.js';
import { stopChild, track } from './children.js';
import { freePort, waitForPort } from './ports.js';
import { tempDir } from './tmp.js';

export interface MosquittoBroker {
  port: number;
  url: string;
  dir: string;
  /** What mosquitto logged, for failure messages. */
  log(): string;
  close(): Promise<void>;
}

/**
 * A real Mosquitto on a free loopback port with a config of the test's own. `config` lines are
 * appended after the listener line (default: allow anonymous clients).
 */
export async function startMosquitto(options: { config?: string[] } = {}): Promise<MosquittoBroker> {
  const bin = requireBinary('mosquitto', 'mosquitto');
  const dir = tempDir('sc-mosq-');
  const port = await freePort();
  const confPath = join(dir.path, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', ...(options.config ?? ['allow_anonymous true'])];
  writeFileSync(confPath, `${lines.join('\n')}\n`);
  const child = spawn(bin, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForPort(port);
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw new Error(`mosquitto did not start: ${output}`, { cause: err });
  }
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir: dir.path,
    log: () => output,
    close: async () => {
      await stopChild(child);
      dir.remove();
    },
  };
}
