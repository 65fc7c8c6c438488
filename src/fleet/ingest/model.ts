import type { BirthMessage, DeviceStateMessage, HealthMessage, SessionMessage, TimetableSlotMessage } from '../../contract/mqtt/index.js';
import type { DeviceSnapshot, DeviceStatus, RoomRecord, RoomSnapshot } from '../store/types.js';

export interface DeviceView {
  id: string;
  driver?: string;
  name?: string;
  capabilities: string[];
  status: DeviceStatus;
  state: DeviceStateMessage;
  /** When the status last changed (fleet clock). */
  since: number;
  updatedAt: number;
}

export interface RoomView {
  root: string;
  country: string;
  site: string;
  room: string;
  name?: string;
  online: boolean;
  bdSeq: number;
  /** Last message of any kind (fleet clock); 0 = never. */
  lastSeen: number;
  /** Since when the room is offline (fleet clock), while it is. */
  offlineSince?: number;
  version?: string;
  skewMs: number;
  birth?: BirthMessage;
  session?: SessionMessage;
  /** The room's next timetable slots as its agent last reported them (agent's calendar times); absent when it never did. */
  timetable?: TimetableSlotMessage[];
  health?: HealthMessage;
  remoteAllow: string[];
  devices: Map<string, DeviceView>;
}

/**
 * The state of every room in memory: what the dashboard shows at a glance, and what ingest
 * compares new messages with. Rebuilt from the store's snapshots at start.
 */
export class FleetModel {
  readonly rooms = new Map<string, RoomView>();

  addRoom(r: RoomRecord, now: number): RoomView {
    const existing = this.rooms.get(r.root);
    if (existing !== undefined) return existing;
    const view: RoomView = {
      root: r.root,
      country: r.country,
      site: r.site,
      room: r.room,
      ...(r.name === undefined ? {} : { name: r.name }),
      online: false,
      bdSeq: 0,
      lastSeen: 0,
      offlineSince: now,
      skewMs: 0,
      remoteAllow: [],
      devices: new Map(),
    };
    this.rooms.set(r.root, view);
    return view;
  }

  /**
   * Restores stored state. Every room starts offline (since `now`): a room that is really
   * connected says so again at once (its retained status, or a birth on the fleet status).
   */
  restore(rooms: readonly RoomSnapshot[], devices: readonly DeviceSnapshot[], now: number): void {
    for (const s of rooms) {
      const view = this.rooms.get(s.root);
      if (view === undefined) continue;
      Object.assign(view, {
        online: false,
        offlineSince: now,
        bdSeq: s.bdSeq,
        lastSeen: s.lastSeen,
        skewMs: s.skewMs,
        ...(s.version === undefined ? {} : { version: s.version }),
        ...(s.birth === undefined ? {} : { birth: s.birth, remoteAllow: [...s.birth.remoteAllow] }),
        ...(s.session === undefined ? {} : { session: s.session }),
        ...(s.session?.timetable === undefined ? {} : { timetable: s.session.timetable }),
        ...(s.health === undefined ? {} : { health: s.health }),
      });
    }
    for (const d of devices) {
      const view = this.rooms.get(d.root);
      if (view === undefined) continue;
      const described = view.birth?.devices.find((x) => x.id === d.device);
      view.devices.set(d.device, {
        id: d.device,
        ...(described === undefined ? {} : { driver: described.driver, ...(described.name === undefined ? {} : { name: described.name }) }),
        capabilities: described?.capabilities ?? [],
        status: d.status,
        state: d.state,
        since: d.since,
        updatedAt: d.updatedAt,
      });
    }
  }

  get(root: string): RoomView | undefined {
    return this.rooms.get(root);
  }

  snapshot(view: RoomView, parts: { birth?: boolean; session?: boolean; health?: boolean } = {}): RoomSnapshot {
    return {
      root: view.root,
      online: view.online,
      bdSeq: view.bdSeq,
      lastSeen: view.lastSeen,
      skewMs: view.skewMs,
      ...(view.version === undefined ? {} : { version: view.version }),
      ...(parts.birth === true && view.birth !== undefined ? { birth: view.birth } : {}),
      ...(parts.session === true && view.session !== undefined ? { session: view.session } : {}),
      ...(parts.health === true && view.health !== undefined ? { health: view.health } : {}),
    };
  }
}

/** A room as JSON for the HTTP API (devices as an array). */
export function roomJson(view: RoomView): Record<string, unknown> {
  const { devices, birth, ...rest } = view;
  return {
    ...rest,
    scenes: birth?.scenes ?? [],
    devices: [...devices.values()],
  };
}
