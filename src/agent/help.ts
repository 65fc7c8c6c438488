import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../core/event-bus.js';
import type { Clock } from '../core/clock.js';
import type { DeviceRegistry } from './devices/registry.js';
import type { Actor, HelpRequest, HelpState, RoomEvents, SessionSnapshot } from './events.js';

export interface HelpDeskContext {
  bus: EventBus<RoomEvents>;
  log: Logger;
  clock: Clock;
  session: () => SessionSnapshot;
  devices: DeviceRegistry;
  /** A call nobody resolved is forgotten after this long (default 4 h): the panel does not say "called" forever. */
  maxAgeMs?: number;
}

const MAX_AGE_MS = 4 * 3_600_000;

/**
 * The help button's state. A call raises a `help` event (the fleet turns it into an alert); the
 * fleet tells the room when someone acknowledges or resolves that alert. Calls made while one
 * is open count on it, as the fleet's alert does. The call is over when the fleet resolves it,
 * when the class ends, or after `maxAgeMs`. Kept in memory: a restarted agent has no open call.
 */
export class HelpDesk {
  private current: HelpState | undefined;

  constructor(private readonly ctx: HelpDeskContext) {}

  /** The class ended: a call made during it is over (the next class starts without one). */
  classEnded(): void {
    this.clear('the class ended');
  }

  state(): HelpState | undefined {
    if (this.current !== undefined && this.ctx.clock.now() - this.current.ts > (this.ctx.maxAgeMs ?? MAX_AGE_MS)) this.current = undefined;
    return this.current === undefined ? undefined : structuredClone(this.current);
  }

  /** A call for the site technician, with the room's state attached so they know what they walk into. */
  call(by: Actor, message?: string): HelpRequest {
    const request: HelpRequest = {
      id: randomUUID(),
      ts: this.ctx.clock.now(),
      by,
      ...(message === undefined ? {} : { message }),
      room: {
        session: this.ctx.session(),
        devices: this.ctx.devices.list().map((d) => ({ id: d.id, status: d.state.status, ...(d.state.reason === undefined ? {} : { reason: d.state.reason }) })),
      },
    };
    const open = this.state();
    this.current = {
      id: request.id,
      ts: request.ts,
      calls: (open?.calls ?? 0) + 1,
      by,
      ...(open?.acknowledged === undefined ? {} : { acknowledged: open.acknowledged }),
    };
    this.ctx.log.warn({ by, message, help: request.id, calls: this.current.calls }, 'help requested');
    this.ctx.bus.emit('help', request);
    this.announce();
    return request;
  }

  /** The fleet says someone acknowledged (is on the way) or resolved the call. */
  fromFleet(change: 'acknowledged' | 'resolved', by: string): HelpState | undefined {
    const open = this.state();
    if (open === undefined) {
      this.ctx.log.info({ change, by }, 'help update from the fleet, but no call is open');
      return undefined;
    }
    if (change === 'resolved') {
      this.clear(`resolved by ${by}`);
      return undefined;
    }
    this.current = { ...open, acknowledged: { at: this.ctx.clock.now(), by } };
    this.ctx.log.info({ help: open.id, by }, 'help acknowledged at the fleet');
    this.announce();
    return this.state();
  }

  private clear(why: string): void {
    if (this.current === undefined) return;
    this.ctx.log.info({ help: this.current.id, why }, 'help call over');
    this.current = undefined;
    this.announce();
  }

  private announce(): void {
    const help = this.state();
    this.ctx.bus.emit('help-state', { ...(help === undefined ? {} : { help }), ts: this.ctx.clock.now() });
  }
}
