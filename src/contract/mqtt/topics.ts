/**
 * The MQTT topic contract (MQTT 3.1.1). Room root R = sc/v1/{country}/{site}/{room}; each level is a
 * stable id `[a-z0-9-]+`, never a display name.
 */
export const CONTRACT_VERSION = 'v1';
export const FLEET_STATUS_TOPIC = 'sc/v1/fleet/status';

const LEVEL = /^[a-z0-9-]+$/;

export interface RoomAddress {
  country: string;
  site: string;
  room: string;
}

export type RoomTopicKind = 'status' | 'birth' | 'state' | 'session' | 'event' | 'health' | 'cmd' | 'reply';

export function isValidLevel(level: string): boolean {
  return LEVEL.test(level) && level.length <= 64;
}

export function roomRoot(address: RoomAddress): string {
  for (const [name, level] of Object.entries(address)) {
    if (!isValidLevel(level)) throw new RangeError(`${name} "${level}" is not a valid topic level ([a-z0-9-]+)`);
  }
  return `sc/${CONTRACT_VERSION}/${address.country}/${address.site}/${address.room}`;
}

/** Every topic of one room. */
export function roomTopics(root: string) {
  return {
    status: `${root}/status`,
    birth: `${root}/birth`,
    state: (device: string) => `${root}/state/${device}`,
    stateWildcard: `${root}/state/+`,
    session: `${root}/session`,
    event: `${root}/event`,
    health: `${root}/health`,
    cmd: `${root}/cmd`,
    reply: `${root}/reply`,
  } as const;
}

export interface ParsedTopic extends RoomAddress {
  root: string;
  kind: RoomTopicKind;
  /** For `state/{device}`. */
  device?: string;
}

const KINDS = new Set<RoomTopicKind>(['status', 'birth', 'state', 'session', 'event', 'health', 'cmd', 'reply']);

/** Parses a room topic; anything else (including malformed levels) gives undefined. */
export function parseRoomTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length < 6 || parts[0] !== 'sc' || parts[1] !== CONTRACT_VERSION) return undefined;
  const [, , country = '', site = '', room = '', kind = '', device] = parts;
  if (!isValidLevel(country) || !isValidLevel(site) || !isValidLevel(room)) return undefined;
  if (!KINDS.has(kind as RoomTopicKind)) return undefined;
  if (kind === 'state') {
    if (parts.length !== 7 || device === undefined || !isValidLevel(device)) return undefined;
    return { country, site, room, root: parts.slice(0, 5).join('/'), kind, device };
  }
  if (parts.length !== 6) return undefined;
  return { country, site, room, root: parts.slice(0, 5).join('/'), kind: kind as RoomTopicKind };
}
