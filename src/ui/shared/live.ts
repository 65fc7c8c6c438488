/**
 * The live feed from the agent (server-sent events), kept open for as long as the page lives.
 * When the agent restarts or the LAN drops, the feed reconnects by itself with a growing pause;
 * the agent's first event on every connection is a full `snapshot`, so nothing is missed.
 */
export type LiveStatus = 'connecting' | 'open' | 'lost';

export interface LiveFeedOptions {
  url: string;
  /** The event names to listen for (EventSource has no "any event" listener). */
  events: readonly string[];
  onEvent(name: string, data: unknown): void;
  onStatus(status: LiveStatus): void;
  /** Pauses between reconnect attempts, in ms (the last one repeats). */
  backoffMs?: readonly number[];
}

const DEFAULT_BACKOFF = [500, 1000, 2000, 3000];

export class LiveFeed {
  private source: EventSource | undefined;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly options: LiveFeedOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.source?.close();
    this.source = undefined;
  }

  private connect(): void {
    if (this.stopped) return;
    this.options.onStatus(this.attempt === 0 ? 'connecting' : 'lost');
    const source = new EventSource(this.options.url);
    this.source = source;
    source.onopen = () => {
      this.attempt = 0;
      this.options.onStatus('open');
    };
    // EventSource retries on its own only in some cases and with its own pause; closing and
    // reopening here makes every failure (refused, reset, 5xx) behave the same way.
    source.onerror = () => {
      source.close();
      if (this.source !== source || this.stopped) return;
      this.source = undefined;
      this.options.onStatus('lost');
      const pauses = this.options.backoffMs ?? DEFAULT_BACKOFF;
      const pause = pauses[Math.min(this.attempt, pauses.length - 1)] ?? 1000;
      this.attempt++;
      this.retry = setTimeout(() => this.connect(), pause);
    };
    for (const name of this.options.events) {
      source.addEventListener(name, (event) => {
        const data = (event as MessageEvent<string>).data;
        try {
          this.options.onEvent(name, JSON.parse(data) as unknown);
        } catch {
          // a malformed line is dropped; the next snapshot repairs the view
        }
      });
    }
  }
}
