import { PayloadChecker } from '../../contract/mqtt/index.js';
import type { SimRoomSpec } from './plan.js';
import { SimulatedRoom, type SimCredential } from './sim-room.js';

export interface SimulatedFleetOptions {
  /** The broker rooms connect to (mqtt://, mqtts://, ws://). */
  url: string;
  rooms: readonly SimRoomSpec[];
  /** Per-room credentials, as the fleet's provisioning issued them. */
  credentials: (root: string, spec: SimRoomSpec) => SimCredential | Promise<SimCredential>;
  /** Every room sends health once per this period (spread over it by one shared ticker). */
  healthPeriodMs?: number;
  /** Connections opened at once while starting. */
  connectConcurrency?: number;
  reconnectPeriodMs?: number;
  transitionMs?: number;
  version?: string;
  now?: () => number;
}

const TICK_MS = 250;

/**
 * Many simulated rooms on one broker: for browser tests, the demo and the ingest benchmark.
 * One interval for the whole fleet sends health round-robin, so the load is smooth and the
 * cost does not grow with timers per room.
 */
export class SimulatedFleet {
  private readonly byRoot = new Map<string, SimulatedRoom>();
  private ticker: NodeJS.Timeout | undefined;
  private cursor = 0;
  private readonly checker = new PayloadChecker();

  constructor(private readonly options: SimulatedFleetOptions) {}

  get rooms(): SimulatedRoom[] {
    return [...this.byRoot.values()];
  }

  room(root: string): SimulatedRoom {
    const room = this.byRoot.get(root);
    if (room === undefined) throw new RangeError(`no simulated room ${root}`);
    return room;
  }

  /** Connects every room (a few at a time) and starts the health ticker. */
  async start(): Promise<void> {
    const now = this.options.now ?? Date.now;
    const specs = [...this.options.rooms];
    const concurrency = Math.max(1, this.options.connectConcurrency ?? 20);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < specs.length) {
        const spec = specs[next++] as SimRoomSpec;
        const probe = `sc/v1/${spec.country}/${spec.site}/${spec.room}`;
        const credential = await this.options.credentials(probe, spec);
        const room = new SimulatedRoom(spec, {
          url: this.options.url,
          credential,
          now,
          version: this.options.version ?? 'sim-1.0.0',
          reconnectPeriodMs: this.options.reconnectPeriodMs ?? 0,
          transitionMs: this.options.transitionMs ?? 300,
          checker: this.checker,
        });
        this.byRoot.set(room.root, room);
        await room.connect();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
    this.startTicker();
  }

  private startTicker(): void {
    const period = this.options.healthPeriodMs ?? 60_000;
    if (period <= 0 || this.ticker !== undefined) return;
    this.ticker = setInterval(() => {
      const rooms = this.rooms;
      if (rooms.length === 0) return;
      // Enough rooms per tick that each one reports once per period.
      const perTick = Math.max(1, Math.ceil((rooms.length * TICK_MS) / period));
      for (let i = 0; i < perTick; i++) {
        this.cursor = (this.cursor + 1) % rooms.length;
        rooms[this.cursor]?.publishHealth();
      }
    }, TICK_MS);
    this.ticker.unref();
  }

  async stop(): Promise<void> {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    await Promise.all(this.rooms.map((r) => r.disconnect()));
  }
}
