import type { DestinationStream } from 'pino';
import type { LogView } from './http/deps.js';

/**
 * A pino destination that passes every line on and keeps the last `capacity` lines for the
 * technician page, so a technician on site sees what happened without a shell.
 */
export class LogRing implements DestinationStream, LogView {
  private readonly lines: string[] = [];

  constructor(
    private readonly capacity: number,
    private readonly next?: (line: string) => void,
  ) {}

  write(line: string): void {
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
}
