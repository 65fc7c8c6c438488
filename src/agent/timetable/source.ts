import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../core/errors/index.js';
import { writeFileAtomic } from './files.js';

export interface LoadedTimetable {
  text: string;
  from: 'network' | 'cache' | 'file';
  at: number;
  /** Why the feed was not used, when the cache stood in for it. */
  error?: ScError;
}

export interface TimetableSourceContext {
  url?: string;
  file?: string;
  /** Where the last good feed is kept for when the link is down. */
  cacheFile: string;
  log: Logger;
  fetchTimeoutMs: number;
  /** Checks a text before it replaces the cache (a broken feed must not wipe a good one). */
  validate(text: string): void;
  fetch?: typeof fetch;
}

/** The iCal text, from the feed URL (cached on disk), the cache while the feed is unreachable, or a file. */
export class TimetableSource {
  constructor(private readonly ctx: TimetableSourceContext) {}

  get description(): string {
    return this.ctx.url ?? this.ctx.file ?? '(none)';
  }

  async load(): Promise<LoadedTimetable> {
    if (this.ctx.file !== undefined) {
      try {
        const text = readFileSync(this.ctx.file, 'utf8');
        this.ctx.validate(text);
        return { text, from: 'file', at: Date.now() };
      } catch (err) {
        throw err instanceof ScError ? err : new ScError('SC_ERR_TIMETABLE_FETCH', { source: this.ctx.file, reason: messageOf(err) }, { cause: err });
      }
    }
    const url = this.ctx.url ?? '';
    try {
      const text = await this.fetchFeed(url);
      this.ctx.validate(text);
      writeFileAtomic(this.ctx.cacheFile, text);
      return { text, from: 'network', at: Date.now() };
    } catch (err) {
      const error = err instanceof ScError ? err : new ScError('SC_ERR_TIMETABLE_FETCH', { source: url, reason: messageOf(err) }, { cause: err });
      const cached = this.readCache();
      if (cached === undefined) throw error;
      this.ctx.log.warn({ code: error.code, err: error.message, cachedAt: new Date(cached.at).toISOString() }, 'timetable feed unavailable; using the cached copy');
      return { ...cached, error };
    }
  }

  private async fetchFeed(url: string): Promise<string> {
    const doFetch = this.ctx.fetch ?? fetch;
    const response = await doFetch(url, { signal: AbortSignal.timeout(this.ctx.fetchTimeoutMs), headers: { accept: 'text/calendar' } });
    if (!response.ok) throw new ScError('SC_ERR_TIMETABLE_FETCH', { source: url, reason: `HTTP ${response.status}` });
    return response.text();
  }

  private readCache(): { text: string; from: 'cache'; at: number } | undefined {
    try {
      const text = readFileSync(this.ctx.cacheFile, 'utf8');
      return { text, from: 'cache', at: statSync(this.ctx.cacheFile).mtimeMs };
    } catch {
      return undefined;
    }
  }
}
