import { FLEET_STATUS_TOPIC, isValidLevel, roomRoot, type RoomAddress, type RoomTopicKind } from '../../contract/mqtt/index.js';

/**
 * The access rules of the MQTT contract, in one place so that the embedded broker and the
 * Mosquitto export cannot disagree: a room publishes only its own contract topics (never `cmd`)
 * and subscribes only to its own `cmd` and to the fleet status. Wildcards are never granted.
 */
export const ROOM_PUBLISH_KINDS: readonly RoomTopicKind[] = ['status', 'birth', 'state', 'session', 'event', 'health', 'reply'];

/** Topic filters a room may publish on, as ACL lines (`+` only where a device id goes). */
export function roomPublishFilters(root: string): string[] {
  return ROOM_PUBLISH_KINDS.map((kind) => (kind === 'state' ? `${root}/state/+` : `${root}/${kind}`));
}

export function roomSubscribeFilters(root: string): string[] {
  return [`${root}/cmd`, FLEET_STATUS_TOPIC];
}

const PUBLISH_EXACT = new Set<string>(ROOM_PUBLISH_KINDS.filter((k) => k !== 'state'));

/** Checked on every publish, so without splitting the topic: the room's root, then one kind. */
export function canRoomPublish(root: string, topic: string): boolean {
  if (!topic.startsWith(root) || topic.charCodeAt(root.length) !== 0x2f) return false;
  const rest = topic.slice(root.length + 1);
  if (PUBLISH_EXACT.has(rest)) return true;
  return rest.startsWith('state/') && isValidLevel(rest.slice(6));
}

export function canRoomSubscribe(root: string, filter: string): boolean {
  // Exact topics only: `#`, `+` and `$share/...` all fail this comparison.
  return filter === `${root}/cmd` || filter === FLEET_STATUS_TOPIC;
}

/**
 * The MQTT user name of a room. Dots separate the levels because ids may contain dashes, so
 * `ke.uon.lab-1` can only mean one room (and Mosquitto accepts dots in user names).
 */
export function roomUsername(address: RoomAddress): string {
  roomRoot(address);
  return `${address.country}.${address.site}.${address.room}`;
}

export function roomFromUsername(username: string): RoomAddress | undefined {
  const parts = username.split('.');
  if (parts.length !== 3) return undefined;
  const [country = '', site = '', room = ''] = parts;
  try {
    roomRoot({ country, site, room });
  } catch {
    return undefined;
  }
  return { country, site, room };
}
