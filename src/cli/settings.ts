import { ScError } from '../core/errors/index.js';

/** `--set key=value` words into a record; a word without `=` is a usage error. */
export function parseSettings(words: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) throw new ScError('SC_ERR_USAGE', { detail: `--set expects key=value, got "${word}"` });
    out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}
