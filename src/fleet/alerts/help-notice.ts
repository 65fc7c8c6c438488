import type { EventBus } from '../../core/event-bus.js';
import { messageOf } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import type { CommandOutcome, CommandRequest } from '../commands/commands.js';
import type { FleetEvents } from '../events.js';

export interface HelpNoticeContext {
  events: EventBus<FleetEvents>;
  commands: { notice(root: string, request: CommandRequest, user: string): Promise<CommandOutcome> };
  log: Logger;
  /** How long the room may take to hear of it (it may be offline); default 1 h. */
  expiresInSeconds?: number;
}

/**
 * Tells the room when a person acknowledges or resolves its help alert, so the wall panel can
 * say "acknowledged": an `R/cmd` `help.ack` notice, audited like any command. A room that is
 * offline until the notice expires misses it (its panel keeps saying "technician called").
 */
export class HelpNotice {
  private off: (() => void) | undefined;

  constructor(private readonly ctx: HelpNoticeContext) {}

  start(): void {
    this.off = this.ctx.events.on('alert', ({ alert, change }) => {
      if (alert.kind !== 'help-requested') return;
      const state = change === 'acknowledged' ? 'acknowledged' : change === 'resolved' && alert.resolvedBy !== undefined && alert.resolvedBy !== 'system' ? 'resolved' : undefined;
      if (state === undefined) return;
      const user = (state === 'acknowledged' ? alert.ackedBy : alert.resolvedBy) ?? 'fleet';
      // Not awaited: acknowledging in the dashboard does not wait for the room to answer.
      this.ctx.commands.notice(alert.root, { action: 'help.ack', args: { state }, expiresInSeconds: this.ctx.expiresInSeconds ?? 3600 }, user).then(
        (outcome) => this.ctx.log.info({ room: alert.root, alert: alert.id, state, status: outcome.status }, 'help notice sent to the room'),
        (err: unknown) => this.ctx.log.warn({ room: alert.root, alert: alert.id, err: messageOf(err) }, 'help notice not sent'),
      );
    });
  }

  stop(): void {
    this.off?.();
    this.off = undefined;
  }
}
