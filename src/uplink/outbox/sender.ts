import type { Logger } from 'pino';
import type { Outbox } from './outbox.js';
import type { OutboxRecord } from './records.js';

export interface Publisher {
  publish(topic: string, payload: string, qos: 0 | 1, retain: boolean): Promise<void>;
}

/** Marks a replayed event: `{"historical":true,...}` without parsing the stored JSON again. */
export function markHistorical(payload: string): string {
  return payload.startsWith('{"') ? `{"historical":true,${payload.slice(1)}` : payload;
}

/**
 * Sends the outbox over the current connection, in order, with up to `window` QoS 1 messages
 * awaiting their PUBACK at once: a backlog drains at link speed, not one message per round
 * trip. A record leaves the outbox only on its acknowledgement; whatever was in flight when the
 * link dropped is sent again on the next connection (the fleet drops the duplicates by id).
 */
export class OutboxSender {
  private queue: OutboxRecord[] = [];
  /** Records stored while this connection was up: sent live, not `historical`. */
  private readonly live = new Set<number>();
  private head = 0;
  private readonly inFlight = new Set<number>();
  private generation = 0;
  private online = false;
  private unsubscribe: (() => void) | undefined;
  sentCount = 0;

  constructor(
    private readonly outbox: Outbox,
    private readonly link: Publisher,
    private readonly log: Logger,
    private readonly window = 256,
  ) {}

  start(): void {
    this.unsubscribe = this.outbox.events.on('appended', (record) => {
      if (!this.online) return;
      this.live.add(record.n);
      this.queue.push(record);
      this.pump();
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.linkDown();
  }

  /** The link is up (and the birth sent): replay everything pending, then keep up with new records. */
  linkUp(): void {
    this.generation += 1;
    this.inFlight.clear();
    this.live.clear();
    this.online = true;
    this.queue = this.outbox.pending();
    this.head = 0;
    if (this.queue.length > 0) this.log.info({ backlog: this.queue.length }, 'replaying the outbox');
    this.pump();
  }

  linkDown(): void {
    this.generation += 1;
    this.online = false;
    this.inFlight.clear();
    this.live.clear();
    this.queue = [];
    this.head = 0;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private pump(): void {
    while (this.online && this.inFlight.size < this.window && this.head < this.queue.length) {
      const record = this.queue[this.head++];
      if (record === undefined || !this.outbox.has(record.n) || this.inFlight.has(record.n)) continue;
      this.send(record);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private send(record: OutboxRecord): void {
    const generation = this.generation;
    const historical = record.kind === 'event' && !this.live.has(record.n);
    const payload = historical ? markHistorical(record.payload) : record.payload;
    this.inFlight.add(record.n);
    this.link.publish(record.topic, payload, record.qos, record.retain).then(
      () => {
        this.sentCount += 1;
        this.live.delete(record.n);
        this.outbox.complete(record.n);
        if (generation !== this.generation) return;
        this.inFlight.delete(record.n);
        this.pump();
      },
      () => {
        // The link went down with it in flight: it stays in the outbox for the next connection.
        if (generation === this.generation) this.inFlight.delete(record.n);
      },
    );
  }
}
