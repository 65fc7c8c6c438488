import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from '../helpers/binaries.js';
import { stopChild, track } from '../helpers/children.js';
import { freePort, waitForPort } from '../helpers/ports.js';
import { tempDir } from '../helpers/tmp.js';

/** A Mosquitto that can be killed (SIGKILL) and started again on the same port. */
export class KillableMosquitto {
  private child: ChildProcess | undefined;
  private readonly dir = tempDir('sc-mosq-kill-');

  private constructor(readonly port: number) {}

  static async start(): Promise<KillableMosquitto> {
    const m = new KillableMosquitto(await freePort());
    await m.up();
    return m;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const conf = join(this.dir.path, 'mosquitto.conf');
    writeFileSync(conf, `listener ${this.port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n`);
    const child = spawn(requireBinary('mosquitto', 'mosquitto'), ['-c', conf], { stdio: 'ignore' });
    track(child);
    this.child = child;
    await waitForPort(this.port);
  }

  async kill(): Promise<void> {
    if (this.child !== undefined) await stopChild(this.child, 'SIGKILL');
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.kill();
    this.dir.remove();
  }
}
