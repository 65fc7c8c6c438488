import { randomBytes } from 'node:crypto';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { EventBus } from '../../core/event-bus.js';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { ACTIONS, NOTICES, CommandPayload, roomTopics, type CommandMessage, type ReplyMessage } from '../../contract/mqtt/index.js';
import type { FleetBus } from '../broker/bus.js';
import type { FleetEvents } from '../events.js';
import type { FleetModel } from '../ingest/model.js';
import type { FleetMetrics } from '../metrics.js';
import type { AuditRepo } from '../store/store.js';
import type { AuditRecord } from '../store/types.js';

export interface CommandRequest {
  action: string;
  device?: string;
  args?: Record<string, string | number | boolean>;
  /** Seconds until the room must drop the command unexecuted. */
  expiresInSeconds?: number;
}

export interface CommandOutcome {
  id: string;
  /** `pending`: no reply within the wait; the audit record is updated when it comes. */
  status: 'ok' | 'error' | 'pending';
  expires: number;
  reply?: ReplyMessage;
}

export interface CommandServiceContext {
  bus: FleetBus;
  events: EventBus<FleetEvents>;
  audit: AuditRepo;
  model: FleetModel;
  log: Logger;
  metrics: FleetMetrics;
  defaultExpirySeconds: number;
  replyWaitMs: number;
  now?: () => number;
}

interface Pending {
  root: string;
  expires: number;
  waiters: ((reply: ReplyMessage | undefined) => void)[];
  expiryTimer: NodeJS.Timeout;
}

const checkCommand = TypeCompiler.Compile(CommandPayload);

/**
 * Remote commands: each gets an id and an expiry, is audited before it is sent (who, what,
 * which room, when), and the room's reply settles the audit record and answers the sender.
 */
export class CommandService {
  private readonly pending = new Map<string, Pending>();
  private off: (() => void) | undefined;

  constructor(private readonly ctx: CommandServiceContext) {}

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  async start(): Promise<void> {
    this.off = this.ctx.events.on('reply', ({ root, reply }) => this.onReply(root, reply));
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = undefined;
    for (const p of this.pending.values()) {
      clearTimeout(p.expiryTimer);
      for (const w of p.waiters) w(undefined);
    }
    this.pending.clear();
  }

  async send(root: string, request: CommandRequest, user: string): Promise<CommandOutcome> {
    const room = this.ctx.model.get(root);
    if (room === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
    if (!(ACTIONS as readonly string[]).includes(request.action) || request.action === 'help' || NOTICES.includes(request.action)) {
      throw new ScError('SC_ERR_CMD_INVALID', { detail: `action must be one of ${ACTIONS.filter((a) => a !== 'help' && !NOTICES.includes(a)).join(', ')}` });
    }
    // The room enforces its own list too; checking here answers the operator at once.
    if (room.birth !== undefined && !room.remoteAllow.includes(request.action)) throw new ScError('SC_ERR_CMD_NOT_ALLOWED', { action: request.action });
    if (request.action === 'device.action' && request.device === undefined) throw new ScError('SC_ERR_CMD_INVALID', { detail: 'device.action needs a device' });
    if (request.device !== undefined && room.birth !== undefined && !room.devices.has(request.device)) {
      throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'device', id: request.device });
    }
    return this.dispatch(root, request, user);
  }

  /**
   * Tells a room what happened at the fleet (a NOTICES action such as help.ack): audited and
   * replied to like any command, but not subject to the room's remote.allow.
   */
  async notice(root: string, request: CommandRequest, user: string): Promise<CommandOutcome> {
    if (this.ctx.model.get(root) === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
    if (!NOTICES.includes(request.action)) throw new ScError('SC_ERR_CMD_INVALID', { detail: `a notice is one of ${NOTICES.join(', ')}` });
    return this.dispatch(root, request, user);
  }

  private async dispatch(root: string, request: CommandRequest, user: string): Promise<CommandOutcome> {
    const now = this.now();
    const expires = now + (request.expiresInSeconds ?? this.ctx.defaultExpirySeconds) * 1000;
    const command: CommandMessage = {
      id: `c${randomBytes(12).toString('base64url')}`,
      action: request.action,
      ...(request.device === undefined ? {} : { device: request.device }),
      ...(request.args === undefined ? {} : { args: request.args }),
      expires,
      by: user,
    };
    if (!checkCommand.Check(command)) {
      const first = checkCommand.Errors(command).First();
      throw new ScError('SC_ERR_CMD_INVALID', { detail: `${first?.path ?? ''} ${first?.message ?? ''}`.trim() });
    }
    const audit = await this.ctx.audit.add({
      at: now,
      user,
      action: command.action,
      root,
      ...(command.device === undefined ? {} : { device: command.device }),
      ...(command.args === undefined ? {} : { args: command.args }),
      cmdId: command.id,
      result: 'pending',
    });
    this.ctx.events.emit('command', { audit });
    const pending: Pending = {
      root,
      expires,
      waiters: [],
      expiryTimer: setTimeout(() => void this.expire(command.id, audit), Math.max(0, expires - now)),
    };
    this.pending.set(command.id, pending);
    const replied = new Promise<ReplyMessage | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), Math.min(this.ctx.replyWaitMs, Math.max(0, expires - now)));
      pending.waiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    try {
      await this.ctx.bus.publish(roomTopics(root).cmd, JSON.stringify(command), { qos: 1, retain: false });
    } catch (err) {
      this.ctx.log.error({ err: messageOf(err), room: root }, 'command publish failed');
      this.onReply(root, { id: command.id, status: 'error', error: { code: 'SC_ERR_MQTT_CONNECT', message: messageOf(err) } });
    }
    const reply = await replied;
    this.ctx.metrics.inc('sc_fleet_commands_total', { result: reply?.status ?? 'pending' });
    return { id: command.id, status: reply?.status ?? 'pending', expires, ...(reply === undefined ? {} : { reply }) };
  }

  private onReply(root: string, reply: ReplyMessage): void {
    const pending = this.pending.get(reply.id);
    // A reply must come from the room the command went to.
    if (pending === undefined || pending.root !== root) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.expiryTimer);
    for (const w of pending.waiters) w(reply);
    const patch = { result: reply.status, repliedAt: this.now(), ...(reply.error === undefined ? {} : { error: reply.error }) } as const;
    this.ctx.audit.settle(reply.id, patch).then(
      () => this.emitSettled(reply.id),
      (err: unknown) => this.ctx.log.error({ err, cmd: reply.id }, 'audit update failed'),
    );
  }

  private async expire(id: string, audit: AuditRecord): Promise<void> {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    for (const w of pending.waiters) w(undefined);
    try {
      await this.ctx.audit.settle(id, { result: 'expired', error: { code: 'SC_ERR_CMD_EXPIRED', message: `no reply before ${new Date(pending.expires).toISOString()}` } });
      this.ctx.events.emit('command', { audit: { ...audit, result: 'expired' } });
    } catch (err) {
      this.ctx.log.error({ err, cmd: id }, 'audit update failed');
    }
  }

  private async emitSettled(id: string): Promise<void> {
    const record = await this.ctx.audit.byCommand(id);
    if (record !== undefined) this.ctx.events.emit('command', { audit: record });
  }
}
