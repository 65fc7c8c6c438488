/** What the outbox holds, in the order health < state < session < event of what is dropped first. */
export const OUTBOX_KINDS = ['health', 'state', 'session', 'event'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxInput {
  kind: OutboxKind;
  topic: string;
  /** The JSON payload as sent (events without `historical`; it is added when replayed). */
  payload: string;
  retain: boolean;
  qos: 0 | 1;
  /** When the agent made the message (ms); replay keeps it. */
  createdAt: number;
  /** The event's `seq`, so the store can give it back after a restart. */
  seq?: number;
}

export interface OutboxRecord extends OutboxInput {
  /** Position in the outbox: replay is in this order. */
  readonly n: number;
  /** Size of its frame on disk, what the byte bound counts. */
  readonly bytes: number;
  /** False when the disk refused it (full disk): it lives in memory only until sent. */
  durable: boolean;
}

interface RecordBody {
  n: number;
  k: OutboxKind;
  t: string;
  p: string;
  r: 0 | 1;
  q: 0 | 1;
  c: number;
  s?: number;
}

export function recordBody(n: number, input: OutboxInput): string {
  const body: RecordBody = { n, k: input.kind, t: input.topic, p: input.payload, r: input.retain ? 1 : 0, q: input.qos, c: input.createdAt };
  if (input.seq !== undefined) body.s = input.seq;
  return JSON.stringify(body);
}

const KIND_SET = new Set<string>(OUTBOX_KINDS);

/** Parses a record body; undefined for anything that is not one (never throws). */
export function parseRecordBody(text: string, bytes: number): OutboxRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const b = v as Partial<RecordBody>;
  if (!Number.isSafeInteger(b.n) || typeof b.k !== 'string' || !KIND_SET.has(b.k) || typeof b.t !== 'string' || typeof b.p !== 'string') return undefined;
  if (typeof b.c !== 'number' || (b.q !== 0 && b.q !== 1)) return undefined;
  const record: OutboxRecord = {
    n: b.n as number,
    kind: b.k,
    topic: b.t,
    payload: b.p,
    retain: b.r === 1,
    qos: b.q,
    createdAt: b.c,
    bytes,
    durable: true,
  };
  if (typeof b.s === 'number') record.seq = b.s;
  return record;
}

/** One frame of the ack log: records done (acknowledged, superseded or dropped) and counters. */
export interface AckBody {
  /** Every record with n <= floor is done (written when the ack log is compacted). */
  f?: number;
  a?: number[];
  /** Highest event seq ever given out, and the next outbox position. */
  seq?: number;
  next?: number;
}

export function parseAckBody(text: string): AckBody | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v !== 'object' || v === null) return undefined;
    const b = v as AckBody;
    const out: AckBody = {};
    if (Number.isSafeInteger(b.f)) out.f = b.f as number;
    if (Array.isArray(b.a)) out.a = b.a.filter((x): x is number => Number.isSafeInteger(x));
    if (Number.isSafeInteger(b.seq)) out.seq = b.seq as number;
    if (Number.isSafeInteger(b.next)) out.next = b.next as number;
    return out;
  } catch {
    return undefined;
  }
}
