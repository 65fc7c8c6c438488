import { Type, type Static } from '@sinclair/typebox';
import { Ms, literals, openString } from './fields.js';
import { CAPABILITIES, DEVICE_STATUSES, POWER_STATES, RECORDER_ACTIVITIES, type DeviceEventType } from './names.js';

/**
 * What is known of a device, read back from it (never assumed from what was sent), defined once:
 * the drivers fill it, the agent's HTTP API and live feed, the MQTT `state` and `birth`
 * payloads, the fleet and the pages all read this shape. Fields exist only for the capabilities
 * the driver has.
 */
export const DeviceStatusSchema = literals(DEVICE_STATUSES);

export const DeviceErrorSchema = Type.Object({ code: Type.String(), message: Type.String(), at: Ms });
export type DeviceError = Static<typeof DeviceErrorSchema>;

/** Normalised PTZ vector: pan and tilt in -1..1, zoom in 0..1 (absolute) or -1..1 (speed). */
export const PtzVectorSchema = Type.Object({ pan: Type.Number(), tilt: Type.Number(), zoom: Type.Number() });
export type PtzVector = Static<typeof PtzVectorSchema>;

export const RecorderStatusSchema = Type.Object({
  activity: openString(RECORDER_ACTIVITIES),
  elapsedSeconds: Type.Optional(Type.Number()),
  remainingSeconds: Type.Optional(Type.Number()),
  freeBytes: Type.Optional(Type.Number()),
});
export type RecorderStatus = Static<typeof RecorderStatusSchema>;

/** What a device tells about itself at a slow pace (panels: MDC, NEC, SICP); absent from older agents. */
export const DeviceHealthSchema = Type.Object({
  serial: Type.Optional(Type.String()),
  /** Total operating hours as the device counts them. */
  operatingHours: Type.Optional(Type.Number({ minimum: 0 })),
  /** The device's own temperature sensor, °C. */
  temperatureC: Type.Optional(Type.Number()),
  /** When the last of these facts was read. */
  at: Type.Optional(Ms),
});
export type DeviceHealth = Static<typeof DeviceHealthSchema>;

export const DeviceStateSchema = Type.Object({
  status: DeviceStatusSchema,
  /** Why the device is offline or degraded. */
  reason: Type.Optional(Type.String()),
  lastError: Type.Optional(DeviceErrorSchema),
  latencyMs: Type.Optional(Type.Number({ minimum: 0 })),
  power: Type.Optional(openString(POWER_STATES)),
  input: Type.Optional(Type.String()),
  volume: Type.Optional(Type.Number()),
  muted: Type.Optional(Type.Boolean()),
  ptz: Type.Optional(PtzVectorSchema),
  preset: Type.Optional(Type.String()),
  recorder: Type.Optional(RecorderStatusSchema),
  relays: Type.Optional(Type.Array(Type.Boolean())),
  firmware: Type.Optional(Type.String()),
  model: Type.Optional(Type.String()),
  health: Type.Optional(DeviceHealthSchema),
  /** Something to look at that is not a failure (a camera idle away from its preset position); absent from older agents. */
  warning: Type.Optional(DeviceErrorSchema),
});
export type DeviceState = Static<typeof DeviceStateSchema>;

/** A device as the agent lists it: what it is, what it can do, its state. */
export const DeviceInfoSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  /** What teachers see, per language (from the room config); absent from older agents. */
  names: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'what teachers see, per language' })),
  driver: Type.String(),
  capabilities: Type.Array(openString(CAPABILITIES)),
  state: DeviceStateSchema,
});
export type DeviceInfo = Static<typeof DeviceInfoSchema>;

/** An event a device raised by itself (the room bus and live feed carry it as `device-event`). */
export interface DeviceEvent {
  type: DeviceEventType;
  device: string;
  ts: number;
  data?: Record<string, string | number | boolean>;
}
