import type { DestinationStream } from 'pino';
import type { LogView } from './http/deps.js';

export const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

const LEVEL_FIELD = /"level":(\d+)/;

/**
 * A pino destination that passes lines at or above the current level on, and keeps the last
 * `capacity` of them for the technician page. The level is applied here, not in pino, because
 * pino's child loggers (one per device) copy their level when made: a technician who turns on
 * debug logging for a misbehaving panel must reach every existing child at once.
 */
export class LogRing implements DestinationStream, LogView {
  private readonly lines: string[] = [];
  private threshold: number;

  constructor(
    private readonly capacity: number,
    private readonly next?: (line: string) => void,
    level: LogLevelName = 'info',
  ) {
    this.threshold = LOG_LEVELS[level];
  }

  write(line: string): void {
    const match = LEVEL_FIELD.exec(line.slice(0, 40));
    if (match !== null && Number(match[1]) < this.threshold) return;
    this.next?.(line);
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  recent(limit: number): unknown[] {
    return this.lines.slice(-limit).map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return l;
      }
    });
  }

  level(): LogLevelName {
    return (Object.keys(LOG_LEVELS) as LogLevelName[]).find((k) => LOG_LEVELS[k] === this.threshold) ?? 'info';
  }

  setLevel(level: LogLevelName): void {
    this.threshold = LOG_LEVELS[level];
  }
}
