import type { HealthMessage, ReplyMessage, SessionMessage } from '../contract/mqtt/index.js';
import type { AlertRecord, AuditRecord, DeviceTransition, GapRecord, StoredEvent } from './store/types.js';
import type { DeviceView, RoomView } from './ingest/model.js';

/** What happens in the fleet, for alerts, commands and the live HTTP stream. */
export type FleetEvents = {
  /** Online/offline, birth, or a first message from a room. */
  room: { root: string; room: RoomView; change: 'online' | 'offline' | 'birth' };
  device: { root: string; device: DeviceView; previous?: DeviceView['status'] };
  session: { root: string; session: SessionMessage; previous?: SessionMessage };
  event: { event: StoredEvent };
  health: { root: string; health: HealthMessage; skewMs: number };
  reply: { root: string; reply: ReplyMessage };
  gap: { gap: GapRecord };
  transition: { transition: DeviceTransition };
  alert: { alert: AlertRecord; change: 'opened' | 'raised' | 'acknowledged' | 'resolved' };
  command: { audit: AuditRecord };
};
