import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { PayloadChecker, parseRoomTopic, FLEET_STATUS_TOPIC, type PayloadKind, type RoomAddress } from '../../src/contract/mqtt/index.js';
import { MemoryRoom, classroomDevices } from '../../src/uplink/memory-room.js';
import { UPLINK_DEFAULTS, type UplinkSettings } from '../../src/uplink/settings.js';
import { Uplink, type UplinkContext } from '../../src/uplink/uplink.js';
import { memoryLogger, waitFor } from './helpers.js';

export const ROOM: RoomAddress = { country: 'ke', site: 'uon-chiromo', room: 'lh-1' };
export const ROOT = 'sc/v1/ke/uon-chiromo/lh-1';

export interface Seen {
  topic: string;
  kind: PayloadKind | 'unknown';
  device?: string;
  payload: Record<string, unknown>;
  retain: boolean;
  raw: string;
}

/**
 * The fleet's side of the wire for tests: subscribes to everything, checks every payload against
 * the contract's schema for its topic, and records what arrived in order.
 */
export class Watcher {
  readonly seen: Seen[] = [];
  readonly invalid: string[] = [];
  private readonly checker = new PayloadChecker();

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => this.take(topic, payload.toString(), packet.retain));
  }

  static async start(url: string, topics: string[] = ['sc/v1/#']): Promise<Watcher> {
    const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 500, clientId: `watcher-${Math.random().toString(16).slice(2)}`, clean: true });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const w = new Watcher(client);
    client.on('connect', () => void client.subscribeAsync(topics, { qos: 1 }));
    await client.subscribeAsync(topics, { qos: 1 });
    return w;
  }

  private take(topic: string, raw: string, retain: boolean): void {
    let payload: Record<string, unknown> = {};
    try {
      payload = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      this.invalid.push(`${topic}: not JSON: ${raw.slice(0, 80)}`);
    }
    let kind: PayloadKind | 'unknown' = 'unknown';
    let device: string | undefined;
    if (topic === FLEET_STATUS_TOPIC) kind = 'fleet-status';
    else {
      const parsed = parseRoomTopic(topic);
      if (parsed === undefined) this.invalid.push(`${topic}: not a contract topic`);
      else {
        kind = parsed.kind;
        device = parsed.device;
      }
    }
    if (kind !== 'unknown' && !this.checker.check(kind, payload)) this.invalid.push(`${topic}: ${this.checker.problems(kind, payload).join('; ')}`);
    this.seen.push({ topic, kind, payload, retain, raw, ...(device === undefined ? {} : { device }) });
  }

  of(kind: PayloadKind): Seen[] {
    return this.seen.filter((s) => s.kind === kind);
  }

  events(): Record<string, unknown>[] {
    return this.of('event').map((s) => s.payload);
  }

  async until(check: (w: Watcher) => boolean, timeoutMs = 15_000, what = 'messages'): Promise<void> {
    await waitFor(() => check(this), timeoutMs, what);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/**
 * Events the fleet would keep: duplicates removed by id and by (bdSeq, seq), as the contract
 * says. Returns them in arrival order, and the duplicates it removed.
 */
export function dedupeEvents(events: Record<string, unknown>[]): { kept: Record<string, unknown>[]; duplicates: number } {
  const ids = new Set<string>();
  const keys = new Set<string>();
  const kept: Record<string, unknown>[] = [];
  let duplicates = 0;
  for (const e of events) {
    const key = `${String(e.bdSeq)}/${String(e.seq)}`;
    if (ids.has(String(e.id)) || keys.has(key)) {
      duplicates += 1;
      continue;
    }
    ids.add(String(e.id));
    keys.add(key);
    kept.push(e);
  }
  return { kept, duplicates };
}

export interface TestUplink {
  uplink: Uplink;
  room: MemoryRoom;
  log: Logger;
  lines: () => Record<string, unknown>[];
}

export function makeUplink(
  url: string,
  dataDir: string,
  options: { settings?: Partial<UplinkSettings>; allow?: string[]; room?: MemoryRoom; extra?: Partial<UplinkContext> } = {},
): TestUplink {
  const { log, lines } = memoryLogger('info');
  const room = options.room ?? new MemoryRoom(classroomDevices());
  const settings: UplinkSettings = {
    ...UPLINK_DEFAULTS,
    url,
    keepaliveSeconds: 5,
    reconnectMinSeconds: 0.1,
    reconnectMaxSeconds: 1,
    healthIntervalSeconds: 3600,
    ...options.settings,
  };
  const uplink = new Uplink({
    room: ROOM,
    settings,
    dataDir,
    source: room,
    executor: room,
    remoteAllow: options.allow ?? ['session.start', 'session.end', 'scene.run', 'rebirth', 'help'],
    version: '0.1.0-test',
    log,
    fsync: false,
    ...options.extra,
  });
  return { uplink, room, log, lines };
}

/** Sends a command as the fleet would and resolves with its reply. */
export async function sendCommand(client: MqttClient, body: Record<string, unknown> | string, replies: Watcher, id?: string): Promise<Record<string, unknown>> {
  const before = replies.of('reply').length;
  await client.publishAsync(`${ROOT}/cmd`, typeof body === 'string' ? body : JSON.stringify(body), { qos: 1 });
  await replies.until((w) => w.of('reply').slice(before).some((r) => id === undefined || r.payload.id === id), 10_000, `reply ${id ?? ''}`);
  const found = replies.of('reply').slice(before).find((r) => id === undefined || r.payload.id === id);
  return found?.payload ?? {};
}
