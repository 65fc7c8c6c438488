import { open, readFile, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ScError, messageOf } from '../../core/errors/index.js';

/**
 * Ids of commands already executed, kept on disk until their command expires, so a command
 * the fleet re-sends (or a broker redelivers) runs at most once, even across a restart.
 * One JSON line per id; a torn last line after a power cut is skipped.
 */
export class DedupeStore {
  private readonly seen = new Map<string, number>();
  private handle: FileHandle | undefined;
  private lines = 0;
  private readonly path: string;

  constructor(
    dir: string,
    private readonly now: () => number,
    private readonly maxEntries = 100_000,
  ) {
    this.path = join(dir, 'commands-seen.jsonl');
  }

  async start(): Promise<void> {
    let text = '';
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw this.ioError(err);
    }
    const now = this.now();
    for (const line of text.split('\n')) {
      this.lines += 1;
      try {
        const v = JSON.parse(line) as { id?: unknown; exp?: unknown };
        if (typeof v.id === 'string' && typeof v.exp === 'number' && v.exp > now) this.seen.set(v.id, v.exp);
      } catch {
        // a torn line: that command was not started (its id is written before it runs)
      }
    }
    await this.rewrite();
  }

  async stop(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }

  has(id: string): boolean {
    const exp = this.seen.get(id);
    return exp !== undefined && exp > this.now();
  }

  get size(): number {
    return this.seen.size;
  }

  /** Records an id durably; resolves before the command may run. */
  async add(id: string, expires: number): Promise<void> {
    if (this.handle === undefined) throw this.ioError(new Error('the store is closed'));
    this.seen.set(id, expires);
    try {
      await this.handle.write(`${JSON.stringify({ id, exp: expires })}\n`);
      await this.handle.datasync();
    } catch (err) {
      throw this.ioError(err);
    }
    this.lines += 1;
    if (this.lines > 2 * this.seen.size + 1000 || this.seen.size > this.maxEntries) await this.rewrite();
  }

  /** Drops expired ids (and the oldest beyond the cap) and rewrites the file with the rest. */
  private async rewrite(): Promise<void> {
    const now = this.now();
    for (const [id, exp] of this.seen) if (exp <= now) this.seen.delete(id);
    while (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest === undefined) break;
      this.seen.delete(oldest);
    }
    const text = [...this.seen].map(([id, exp]) => `${JSON.stringify({ id, exp })}\n`).join('');
    try {
      await this.handle?.close();
      const tmp = `${this.path}.tmp`;
      const h = await open(tmp, 'w');
      await h.writeFile(text);
      await h.datasync();
      await h.close();
      await rename(tmp, this.path);
      this.handle = await open(this.path, 'a');
      this.lines = this.seen.size;
    } catch (err) {
      throw this.ioError(err);
    }
  }

  private ioError(err: unknown): ScError {
    return new ScError('SC_ERR_UPLINK_STATE_IO', { path: this.path, reason: messageOf(err) }, { cause: err });
  }
}
