import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { ScError } from '../../core/errors/index.js';

export interface PtyPair {
  /** The path a driver opens, like the port a USB-serial adapter would give. */
  driverEnd: string;
  /** The path the simulated device serves. */
  deviceEnd: string;
  /** Ends socat (both ends disappear, like a pulled cable) and removes the links. */
  stop(): Promise<void>;
}

/**
 * A null-modem cable made of two pseudo-terminals by socat (raw, no echo), with stable symlink
 * names in a fresh folder. Every simulator that listens on `--pty` uses this.
 */
export async function makePtyPair(prefix: string, driverName: string): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), `sc-${prefix}-`));
  const driverEnd = join(dir, driverName);
  const deviceEnd = join(dir, 'device');
  let child: ChildProcess;
  try {
    child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${driverEnd}`, `pty,raw,echo=0,link=${deviceEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new ScError('SC_ERR_MISSING_BINARY', { binary: 'socat', package: 'socat' }, { cause: err });
  }
  let stderr = '';
  let spawnError: Error | undefined;
  child.on('error', (err) => (spawnError = err));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 5000;
  while (!(existsSync(driverEnd) && existsSync(deviceEnd) && /starting data transfer loop/.test(stderr))) {
    if (spawnError !== undefined) throw new ScError('SC_ERR_MISSING_BINARY', { binary: 'socat', package: 'socat' }, { cause: spawnError });
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new ScError('SC_ERR_INTERNAL', { detail: `socat did not create a PTY pair: ${stderr.trim()}` });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    driverEnd,
    deviceEnd,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the device end of a PTY (or a real port) for a simulator to serve. */
export function openDevicePort(path: string, baudRate = 9600): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    // A simulator outlives its cable being pulled: errors end the port, never the process.
    port.on('error', () => undefined);
    port.open((err) => (err ? reject(new ScError('SC_ERR_SERIAL_OPEN', { path, reason: err.message })) : resolve(port)));
  });
}
