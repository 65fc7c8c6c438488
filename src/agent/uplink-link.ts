import type { Logger } from 'pino';
import type { EventBus } from '../core/event-bus.js';
import { redactText } from '../core/secrets.js';
import type { RoomConfig } from '../core/config/index.js';
import { messageOf } from '../core/errors/index.js';
import { uplinkSettings } from '../uplink/settings.js';
import { Uplink } from '../uplink/uplink.js';
import type { RoomController } from './controller.js';
import type { RoomEvents } from './events.js';
import { UplinkAdapter } from './uplink-adapter.js';

/** What the uplink looks like in the agent's health. */
export interface UplinkHealth {
  url: string;
  connected: boolean;
  connects: number;
  bdSeq: number;
  outboxDepth: number;
  outboxDropped: number;
  budgetMode: string;
  commandsOk: number;
  commandsRefused: number;
  error?: { code: string; message: string };
}

/** Knobs for hosts that run many rooms (the demo) or tests; a real room keeps the defaults. */
export interface UplinkTuning {
  /** fdatasync every outbox append (default true: a power cut loses nothing). */
  fsync?: boolean;
  /** Overrides the config's reconnect ceiling, in seconds. */
  reconnectMaxSeconds?: number;
}

export interface AgentUplinkContext {
  room: RoomConfig['room'];
  section: NonNullable<RoomConfig['uplink']>;
  remoteAllow: readonly string[];
  controller: RoomController;
  bus: EventBus<RoomEvents>;
  dataDir: string;
  version: string;
  log: Logger;
  tuning?: UplinkTuning;
}

/**
 * The room's MQTT uplink inside the running agent: the room controller, through the adapter, is
 * the uplink's room source and command executor, so a fleet command runs the same code as the
 * wall panel.
 */
export class AgentUplink {
  private uplink: Uplink | undefined;

  constructor(private readonly ctx: AgentUplinkContext) {}

  async start(): Promise<void> {
    const { room, section, tuning } = this.ctx;
    const settings = uplinkSettings(section);
    if (tuning?.reconnectMaxSeconds !== undefined) settings.reconnectMaxSeconds = tuning.reconnectMaxSeconds;
    const adapter = new UplinkAdapter({ controller: this.ctx.controller, bus: this.ctx.bus });
    const uplink = new Uplink({
      room: { country: room.country, site: room.site, room: room.id },
      settings,
      dataDir: this.ctx.dataDir,
      source: adapter,
      executor: adapter,
      remoteAllow: this.ctx.remoteAllow,
      version: this.ctx.version,
      log: this.ctx.log,
      ...(tuning?.fsync === undefined ? {} : { fsync: tuning.fsync }),
    });
    this.uplink = uplink;
    // Start does not wait for the broker: a room with no WAN still starts its classes.
    await uplink.start();
  }

  async stop(): Promise<void> {
    const uplink = this.uplink;
    this.uplink = undefined;
    if (uplink === undefined) return;
    try {
      await uplink.stop();
    } catch (err) {
      this.ctx.log.warn({ err: messageOf(err) }, 'the uplink did not stop cleanly');
    }
  }

  /** The uplink's figures for `GET /api/health` (undefined before start). */
  health(): UplinkHealth | undefined {
    const s = this.uplink?.stats();
    if (s === undefined) return undefined;
    return {
      // The loader already moved any user:password@ out of the URL; redacted again as a last guard.
      url: redactText(this.ctx.section.url),
      connected: s.connected,
      connects: s.connects,
      bdSeq: s.bdSeq,
      outboxDepth: s.outboxDepth,
      outboxDropped: s.outboxDropped,
      budgetMode: s.budgetMode,
      commandsOk: s.commandsOk,
      commandsRefused: s.commandsRefused,
      ...(s.outboxError === undefined ? {} : { error: { code: s.outboxError.code, message: s.outboxError.message } }),
    };
  }
}
