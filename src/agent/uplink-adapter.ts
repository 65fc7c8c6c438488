import type { EventBus } from '../core/event-bus.js';
import { ScError } from '../core/errors/index.js';
import { NOTICES, TIMETABLE_SLOTS_MAX, type CommandMessage, type SessionMessage, type TimetableSlotMessage } from '../contract/mqtt/index.js';
import type { CommandExecutor, RoomChanges, RoomEvent, RoomSnapshot, RoomSource, Unsubscribe } from '../uplink/room-source.js';
import type { StepArgs } from './config.js';
import type { RoomController } from './controller.js';
import type { Actor, RoomEvents, SessionSnapshot, TimetableSlot } from './events.js';

export interface UplinkAdapterContext {
  controller: RoomController;
  bus: EventBus<RoomEvents>;
  /**
   * How often the next timetable slots are compared with the last ones sent (default 60 s): a
   * slot that ends drops out of them without any room event. Only a difference is published.
   */
  timetableCheckMs?: number;
}

const TIMETABLE_CHECK_MS = 60_000;

/** The next slots as the MQTT contract carries them (no UID or location: the dashboard needs times, course, teacher). */
export function timetableMessage(slots: readonly TimetableSlot[]): TimetableSlotMessage[] {
  return slots.slice(0, TIMETABLE_SLOTS_MAX).map((t) => ({
    start: t.start,
    end: t.end,
    ...(t.course === undefined ? {} : { course: t.course }),
    ...(t.teacher === undefined ? {} : { teacher: t.teacher }),
  }));
}

/** The session as the MQTT contract carries it (the slot stays local: course and teacher say enough). */
function sessionMessage(s: SessionSnapshot, timetable: TimetableSlotMessage[]): SessionMessage {
  return {
    state: s.state,
    since: s.since,
    by: s.by,
    ...(s.scene === undefined ? {} : { scene: s.scene }),
    ...(s.course === undefined ? {} : { course: s.course }),
    ...(s.teacher === undefined ? {} : { teacher: s.teacher }),
    ...(s.problems === undefined ? {} : { problems: s.problems }),
    timetable,
  };
}

/**
 * The room runtime as the uplink sees it (issue 8's RoomSource and CommandExecutor): remote
 * commands go through the same controller as the wall panel, after the room's remote.allow.
 */
export class UplinkAdapter implements RoomSource, CommandExecutor {
  constructor(private readonly ctx: UplinkAdapterContext) {}

  snapshot(): RoomSnapshot {
    const s = this.ctx.controller.snapshot();
    return {
      room: {
        ...(s.room.name === undefined ? {} : { name: s.room.name }),
        ...(s.room.timezone === undefined ? {} : { timezone: s.room.timezone }),
        ...(s.room.language === undefined ? {} : { language: s.room.language }),
      },
      devices: s.devices.map((d) => ({ id: d.id, driver: d.driver, ...(d.name === undefined ? {} : { name: d.name }), capabilities: [...d.capabilities], state: { ...d.state } })),
      scenes: s.scenes.map((sc) => ({ id: sc.id, ...(sc.label === undefined ? {} : { label: sc.label }) })),
      session: sessionMessage(s.session, timetableMessage(s.upcoming)),
    };
  }

  onState(listener: (change: RoomChanges['state']) => void): Unsubscribe {
    return this.ctx.bus.on('device-state', (c) => listener({ device: c.device, state: { ...c.state, ts: c.ts } }));
  }

  /**
   * Every session transition, and the session again when the next timetable slots differ from
   * the ones last sent (a reload of the feed, a slot that ended): report by exception.
   */
  onSession(listener: (session: SessionMessage) => void): Unsubscribe {
    const { controller, bus } = this.ctx;
    let sent = JSON.stringify(timetableMessage(controller.snapshot().upcoming));
    const send = (s: SessionSnapshot): void => {
      const timetable = timetableMessage(controller.snapshot().upcoming);
      sent = JSON.stringify(timetable);
      listener(sessionMessage(s, timetable));
    };
    const check = (): void => {
      const snap = controller.snapshot();
      if (JSON.stringify(timetableMessage(snap.upcoming)) !== sent) send(snap.session);
    };
    const offs = [bus.on('session', (s) => send(s)), bus.on('timetable', check)];
    const timer = setInterval(check, this.ctx.timetableCheckMs ?? TIMETABLE_CHECK_MS);
    timer.unref();
    return () => {
      clearInterval(timer);
      for (const off of offs) off();
    };
  }

  onEvent(listener: (event: RoomEvent) => void): Unsubscribe {
    const offs = [
      this.ctx.bus.on('device-event', (e) => listener({ type: e.type, device: e.device, ts: e.ts, ...(e.data === undefined ? {} : { data: e.data }) })),
      this.ctx.bus.on('scene-done', (r) =>
        listener({
          type: 'scene.done',
          by: r.by,
          ts: r.finishedAt,
          data: { scene: r.scene, status: r.status, durationMs: r.durationMs, failed: r.steps.filter((s) => s.status === 'failed').map((s) => ({ step: s.name, device: s.device, code: s.error?.code })) },
        }),
      ),
      this.ctx.bus.on('help', (h) => listener({ type: 'help', by: h.by, ts: h.ts, data: { id: h.id, ...(h.message === undefined ? {} : { message: h.message }), room: h.room } })),
      this.ctx.bus.on('timetable', (t) => {
        if (t.error !== undefined) listener({ type: 'timetable.error', ts: t.ts, data: { source: t.source, code: t.error.code, message: t.error.message } });
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  async execute(command: CommandMessage): Promise<unknown> {
    const { controller } = this.ctx;
    if (!NOTICES.includes(command.action)) controller.assertRemoteAllowed(command.action);
    const by: Actor = { kind: 'remote', name: command.by };
    const args: StepArgs = command.args ?? {};
    switch (command.action) {
      case 'session.start': {
        const outcome = await controller.startSession(by, {
          ...(typeof args.course === 'string' ? { course: args.course } : {}),
          ...(typeof args.teacher === 'string' ? { teacher: args.teacher } : {}),
        });
        return { session: outcome.session.state, problems: outcome.session.problems ?? [] };
      }
      case 'session.end':
        return { session: (await controller.endSession(by)).session.state };
      case 'scene.run': {
        const result = await controller.runScene(String(args.scene ?? ''), by);
        return { scene: result.scene, status: result.status, steps: result.steps.map((s) => ({ name: s.name, status: s.status, ...(s.error === undefined ? {} : { error: s.error }) })) };
      }
      case 'device.action': {
        const { action, ...rest } = args;
        if (command.device === undefined || typeof action !== 'string') throw new ScError('SC_ERR_CMD_INVALID', { detail: 'device.action needs device and args.action' });
        return { device: command.device, state: await controller.deviceAction(command.device, action, rest, by) };
      }
      case 'help':
        return { help: controller.help(by, typeof args.message === 'string' ? args.message : undefined).id };
      case 'help.ack': {
        const change = args.state === 'resolved' ? 'resolved' : args.state === 'acknowledged' || args.state === undefined ? 'acknowledged' : undefined;
        if (change === undefined) throw new ScError('SC_ERR_CMD_INVALID', { detail: `help.ack args.state is ${JSON.stringify(args.state)}, expected acknowledged or resolved` });
        return { help: controller.helpFromFleet(change, command.by) ?? null };
      }
      case 'rebirth':
        return this.snapshot();
      default:
        throw new ScError('SC_ERR_CMD_INVALID', { detail: `unknown action ${command.action}` });
    }
  }
}
