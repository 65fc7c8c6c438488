import type { Logger } from 'pino';
import { Mutex } from '../../core/mutex.js';
import { ScError, toScError } from '../../core/errors/index.js';
import { withTimeout } from '../../core/with-timeout.js';
import { ACTIONS, NOTICES, type CommandMessage, type PayloadChecker, type ReplyMessage } from '../../contract/mqtt/index.js';
import type { CommandExecutor } from '../room-source.js';
import type { DedupeStore } from './dedupe-store.js';

export interface CommandHandlerContext {
  executor: CommandExecutor;
  /** The room's `remote.allow`: actions the fleet may send. */
  allow: readonly string[];
  dedupe: DedupeStore;
  checker: PayloadChecker;
  now: () => number;
  log: Logger;
  /** Actions the uplink answers itself (`rebirth`), still subject to the allow-list. */
  builtins?: Readonly<Record<string, (cmd: CommandMessage) => Promise<unknown>>>;
  maxBytes?: number;
  maxQueued?: number;
  timeoutMs?: number;
  /** Commands valid for longer than this are refused (it also bounds the dedupe store). */
  maxLifetimeMs?: number;
}

const KNOWN = new Set<string>(ACTIONS);
const MAX_MESSAGE = 300;
const MAX_DATA_BYTES = 64 * 1024;

/**
 * Turns a raw `R/cmd` payload into exactly one reply. Never throws: whatever the payload holds
 * (not JSON, wrong types, megabytes, an old or replayed command) ends as a coded error reply.
 */
export class CommandHandler {
  private readonly mutex = new Mutex();
  private queued = 0;
  okCount = 0;
  refusedCount = 0;

  constructor(private readonly ctx: CommandHandlerContext) {}

  async handle(payload: Buffer): Promise<ReplyMessage> {
    let id = '';
    try {
      const cmd = this.parse(payload, (found) => (id = found));
      const data = await this.run(cmd);
      this.okCount += 1;
      return this.okReply(cmd.id, data);
    } catch (err) {
      this.refusedCount += 1;
      const e = toScError(err);
      if (e.code === 'SC_ERR_INTERNAL') this.ctx.log.error({ err }, 'command failed unexpectedly');
      else this.ctx.log.info({ code: e.code, id }, `command refused: ${e.message.slice(0, MAX_MESSAGE)}`);
      return { id, status: 'error', error: { code: e.code, message: e.message.slice(0, MAX_MESSAGE) }, ts: this.ctx.now() };
    }
  }

  private parse(payload: Buffer, foundId: (id: string) => void): CommandMessage {
    const max = this.ctx.maxBytes ?? 16 * 1024;
    if (payload.length > max) throw new ScError('SC_ERR_CMD_TOO_LARGE', { bytes: payload.length, max });
    let value: unknown;
    try {
      value = JSON.parse(payload.toString('utf8'));
    } catch {
      throw new ScError('SC_ERR_CMD_INVALID', { detail: 'the payload is not JSON' });
    }
    // Answer with the command's id whenever it has a usable one, even if the rest is wrong.
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const maybe = (value as { id?: unknown }).id;
      if (typeof maybe === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(maybe)) foundId(maybe);
    }
    if (!this.ctx.checker.check('cmd', value)) {
      throw new ScError('SC_ERR_CMD_INVALID', { detail: this.ctx.checker.problems('cmd', value, 2).join('; ').slice(0, 200) });
    }
    const cmd = value as CommandMessage;
    const now = this.ctx.now();
    if (cmd.expires <= now) throw new ScError('SC_ERR_CMD_EXPIRED', { id: cmd.id, expires: new Date(cmd.expires).toISOString() });
    const lifetime = this.ctx.maxLifetimeMs ?? 24 * 3600_000;
    if (cmd.expires > now + lifetime) throw new ScError('SC_ERR_CMD_INVALID', { detail: `expires more than ${Math.round(lifetime / 60_000)} minutes from now` });
    if (!KNOWN.has(cmd.action)) throw new ScError('SC_ERR_CMD_UNKNOWN_ACTION', { action: cmd.action });
    if (!this.ctx.allow.includes(cmd.action) && !NOTICES.includes(cmd.action)) throw new ScError('SC_ERR_CMD_NOT_ALLOWED', { action: cmd.action });
    if (this.ctx.dedupe.has(cmd.id)) throw new ScError('SC_ERR_CMD_DUPLICATE', { id: cmd.id });
    return cmd;
  }

  private async run(cmd: CommandMessage): Promise<unknown> {
    const maxQueued = this.ctx.maxQueued ?? 32;
    if (this.queued >= maxQueued) throw new ScError('SC_ERR_CMD_BUSY', { queued: this.queued });
    this.queued += 1;
    try {
      return await this.mutex.run(async () => {
        // Checked again in the queue: the same id may have arrived twice while waiting.
        if (this.ctx.dedupe.has(cmd.id)) throw new ScError('SC_ERR_CMD_DUPLICATE', { id: cmd.id });
        if (cmd.expires <= this.ctx.now()) throw new ScError('SC_ERR_CMD_EXPIRED', { id: cmd.id, expires: new Date(cmd.expires).toISOString() });
        // The id is on disk before the command runs: a crash in the middle never runs it twice.
        await this.ctx.dedupe.add(cmd.id, cmd.expires);
        this.ctx.log.info({ id: cmd.id, action: cmd.action, device: cmd.device, by: cmd.by }, 'running remote command');
        const builtin = this.ctx.builtins?.[cmd.action];
        const work = builtin !== undefined ? builtin(cmd) : this.ctx.executor.execute(cmd);
        return await this.withTimeout(cmd, work);
      });
    } finally {
      this.queued -= 1;
    }
  }

  private withTimeout(cmd: CommandMessage, work: Promise<unknown>): Promise<unknown> {
    const ms = this.ctx.timeoutMs ?? 300_000;
    return withTimeout(work, { ms, awaited: `command ${cmd.id}`, error: () => new ScError('SC_ERR_CMD_TIMEOUT', { id: cmd.id, action: cmd.action, ms }) });
  }

  private okReply(id: string, data: unknown): ReplyMessage {
    const reply: ReplyMessage = { id, status: 'ok', ts: this.ctx.now() };
    if (data === undefined) return reply;
    let text: string | undefined;
    try {
      text = JSON.stringify(data);
    } catch {
      text = undefined;
    }
    if (text !== undefined && text.length <= MAX_DATA_BYTES) reply.data = JSON.parse(text) as unknown;
    return reply;
  }
}
