/**
 * One open byte stream (a serial port or a TCP socket). It reports data and its own end;
 * reopening after an end is the job of StreamLink, not of the connection.
 */
export interface Connection {
  readonly kind: 'serial' | 'tcp';
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once, when the stream ends for any reason other than close(). */
  onEnd(listener: (reason: string, cause?: unknown) => void): void;
}

/** Calls the end listener once, whatever mix of close/error/end events the stream emits. */
export class EndOnce {
  private ended = false;
  private listener: ((reason: string, cause?: unknown) => void) | undefined;
  private early: { reason: string; cause?: unknown } | undefined;

  set(listener: (reason: string, cause?: unknown) => void): void {
    this.listener = listener;
    if (this.early !== undefined) listener(this.early.reason, this.early.cause);
  }

  fire(reason: string, cause?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.listener === undefined) this.early = { reason, cause };
    else this.listener(reason, cause);
  }

  /** close() was asked for: no end is reported after that. */
  silence(): void {
    this.ended = true;
  }

  get done(): boolean {
    return this.ended;
  }
}
