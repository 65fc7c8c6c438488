import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from './atomic-file.js';

/**
 * The birth/death sequence: one more for every MQTT connection the agent opens, kept on disk so
 * a restarted agent never reuses a bdSeq (the fleet tells connections, and their wills, apart by it).
 */
export class BdSeqStore {
  private value = -1;
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'bdseq.json');
  }

  async start(): Promise<void> {
    const stored = await readJsonFile(this.path);
    const n = typeof stored === 'object' && stored !== null ? (stored as { bdSeq?: unknown }).bdSeq : undefined;
    this.value = typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : -1;
  }

  /** The bdSeq of the latest connection (0 before the first one ever). */
  get current(): number {
    return Math.max(0, this.value);
  }

  /** The bdSeq for the connection about to be opened, stored before it is used. */
  async next(): Promise<number> {
    const n = this.value + 1;
    await writeFileAtomic(this.path, `${JSON.stringify({ bdSeq: n })}\n`);
    this.value = n;
    return n;
  }
}
