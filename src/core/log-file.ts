import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LogFileSettings {
  path: string;
  /** Rotate when the file would grow past this many bytes. */
  maxBytes: number;
  /** Rotated files kept besides the current one: path.1 (newest) … path.N. */
  keep: number;
}

/**
 * A pino destination that writes to a file and rotates it by size, so a mini-PC that runs for
 * years without a technician never fills its disk with logs. Writes are synchronous, like pino's
 * default destination: a line is on disk when the call returns, also just before a crash.
 */
export class RotatingLogFile {
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly settings: LogFileSettings) {}

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.fd === undefined) this.open();
    if (this.size > 0 && this.size + bytes > this.settings.maxBytes) this.rotate();
    writeSync(this.fd as number, line);
    this.size += bytes;
    return true;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(): void {
    mkdirSync(dirname(this.settings.path), { recursive: true });
    this.fd = openSync(this.settings.path, 'a', 0o640);
    this.size = statSync(this.settings.path).size;
  }

  private rotate(): void {
    this.close();
    const { path, keep } = this.settings;
    if (keep <= 0) {
      rmSync(path, { force: true });
    } else {
      rmSync(`${path}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      renameSync(path, `${path}.1`);
    }
    this.open();
  }
}
