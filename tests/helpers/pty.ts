import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries.js';
import { stopChild, track } from './children.js';
import { tempDir } from './tmp.js';

export interface PtyPair {
  /** Stable symlinks to the two ends; open one with serialport, the device side with the other. */
  a: string;
  b: string;
  /** The real /dev/pts/N behind each end. */
  realA: string;
  realB: string;
  /** Kills socat: both ends disappear, like a cable pulled out. */
  close(): Promise<void>;
}

/**
 * A connected pair of pseudo-terminals made by socat, in raw mode without echo, so bytes
 * written on one end arrive unchanged on the other, as over a null-modem cable.
 */
export async function startPtyPair(options: { dir?: string; names?: [string, string] } = {}): Promise<PtyPair> {
  const socat = requireBinary('socat', 'socat');
  const dir = options.dir ?? tempDir('sc-pty-').path;
  const [na, nb] = options.names ?? ['a', 'b'];
  const a = join(dir, na);
  const b = join(dir, nb);
  const child: ChildProcess = spawn(socat, ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 5000;
  while (!(existsSync(a) && existsSync(b) && /starting data transfer loop/.test(stderr))) {
    if (child.exitCode !== null) throw new Error(`socat exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create the PTY pair in 5 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { a, b, realA: realpathSync(a), realB: realpathSync(b), close: () => stopChild(child) };
}
