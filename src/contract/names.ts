/**
 * The words of the contract: every value a status, a kind or an event name can take. Pure data
 * with no imports at all, so the pages may import it at run time (it costs the bundle a few
 * strings); the schemas next to it build their unions from these lists.
 */

/** What the agent's drivers can do; the UI, scenes and MQTT come from this, never from driver names. */
export const CAPABILITIES = ['power', 'input', 'volume', 'ptz', 'presets', 'stream', 'recorder', 'keypad', 'relay', 'events', 'health'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DEVICE_STATUSES = ['starting', 'online', 'offline', 'degraded'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

export const POWER_STATES = ['on', 'off', 'standby', 'warming', 'cooling', 'unknown'] as const;
export type PowerState = (typeof POWER_STATES)[number];

/**
 * What the recorder says it does. `starting`: a start was accepted and the recorder is not yet
 * recording (Pearl reads back `starting` before `started`); `error`: the recorder reports a fault
 * and is not recording. Only `recording` means the class is being recorded.
 */
export const RECORDER_ACTIVITIES = ['stopped', 'starting', 'recording', 'paused', 'error', 'unknown'] as const;
export type RecorderActivity = (typeof RECORDER_ACTIVITIES)[number];

/** Events a device raises by itself (camera motion, a recorder that stopped, a key press). */
export const DEVICE_EVENT_TYPES = ['motion', 'tamper', 'video-loss', 'recorder-stopped', 'key-down', 'key-up', 'device-offline', 'device-online'] as const;
export type DeviceEventType = (typeof DEVICE_EVENT_TYPES)[number];

export const SESSION_STATES = ['idle', 'starting', 'live', 'ending', 'degraded'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** Who or what asked for something: the wall panel, a keypad, the timetable, the fleet, a technician. */
export const ACTORS = ['wall-panel', 'keypad', 'timetable', 'remote', 'technician', 'system'] as const;
export type ActorKind = (typeof ACTORS)[number];

export const STEP_STATUSES = ['pending', 'running', 'retrying', 'ok', 'failed', 'skipped', 'interrupted'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What a failed step does to its scene. */
export const ON_FAIL = ['abort', 'continue'] as const;
export type OnFail = (typeof ON_FAIL)[number];

export const SCENE_STATUSES = ['ok', 'degraded', 'failed', 'interrupted'] as const;
export type SceneStatus = (typeof SCENE_STATUSES)[number];

/** What the technician's discovery looks for: ONVIF cameras (WS-Discovery), serial ports, USB HID devices. */
export const DISCOVERY_KINDS = ['onvif', 'serial', 'hid'] as const;
export type DiscoveryKind = (typeof DISCOVERY_KINDS)[number];

/** Actions a command (or the wall panel) may ask for; rooms allow a subset remotely. */
export const ACTIONS = ['session.start', 'session.end', 'scene.run', 'device.action', 'rebirth', 'help', 'help.ack'] as const;

/**
 * Commands that only tell the room what happened at the fleet and change nothing in it but what
 * the wall panel shows: not subject to `remote.allow`, and sent by the fleet itself, never by an
 * operator. `help.ack` `{state: acknowledged | resolved}`: someone acknowledged (or resolved) the
 * room's help alert.
 */
export const NOTICES: readonly string[] = ['help.ack'];

/** Everything the room announces on its bus; the agent's live feed sends each under this name. */
export const ROOM_EVENT_NAMES = ['device-state', 'device-event', 'scene-started', 'scene-progress', 'scene-done', 'command-done', 'session', 'help', 'help-state', 'timetable'] as const;
export type RoomEventName = (typeof ROOM_EVENT_NAMES)[number];

/** The agent's live feed (`GET /api/events`): a `snapshot` of the room first, then the room events. */
export const LIVE_EVENT_NAMES = ['snapshot', ...ROOM_EVENT_NAMES] as const;
