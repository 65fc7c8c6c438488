import { open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ScError, messageOf } from '../../core/errors/index.js';

/**
 * Replaces a small file so that after a power cut it holds either the old or the new content,
 * never a mix: write a temporary file, fsync it, rename it over, fsync the directory.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch (err) {
    throw new ScError('SC_ERR_UPLINK_STATE_IO', { path, reason: messageOf(err) }, { cause: err });
  }
}

/** The parsed JSON of a file, or undefined when it does not exist or is not JSON (a torn write). */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ScError('SC_ERR_UPLINK_STATE_IO', { path, reason: messageOf(err) }, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
