import { Type, type Static } from '@sinclair/typebox';
import { DeviceInfoSchema } from './device-state.js';
import { literals } from './fields.js';
import { DISCOVERY_KINDS } from './names.js';

/**
 * What the agent's technician routes answer (`/api/technician/...`), defined once for the routes'
 * response schemas and the technician page.
 */
export const TechnicianMeSchema = Type.Object({ technician: Type.Boolean(), loginEnabled: Type.Boolean() });
export type TechnicianMe = Static<typeof TechnicianMeSchema>;

/** One poll or command of a device, for the sparkline. */
export const HistorySampleSchema = Type.Object({
  ts: Type.Number(),
  /** Round trip of the poll or command, when the device answered. */
  latencyMs: Type.Optional(Type.Number()),
  status: Type.String(),
});
export type HistorySample = Static<typeof HistorySampleSchema>;

export const ErrorRecordSchema = Type.Object({
  ts: Type.Number(),
  code: Type.String(),
  message: Type.String(),
  /** The command that failed, when it was a command. */
  action: Type.Optional(Type.String()),
});
export type ErrorRecord = Static<typeof ErrorRecordSchema>;

/** The same error seen again and again on one device: counted, with when it began and last came. */
export const ErrorGroupSchema = Type.Object({
  code: Type.String(),
  message: Type.String({ description: 'the latest message of this code' }),
  action: Type.Optional(Type.String()),
  count: Type.Integer({ minimum: 1 }),
  first: Type.Number(),
  last: Type.Number(),
  hint: Type.Optional(Type.String({ description: 'what to do, from the error catalog' })),
});
export type ErrorGroup = Static<typeof ErrorGroupSchema>;

/** `GET /api/technician/devices`: a device with what the technician page diagnoses from. */
export const DiagnosticsSchema = Type.Composite([
  DeviceInfoSchema,
  Type.Object({
    target: Type.String({ description: 'where the device is, credentials removed' }),
    description: Type.Optional(Type.String()),
    commands: Type.Array(Type.Object({ name: Type.String(), usage: Type.String() }), { description: 'text commands of the raw console' }),
    bytes: Type.Boolean({ description: 'the driver takes raw bytes (hex or text) on the console' }),
    samples: Type.Array(HistorySampleSchema),
    errors: Type.Array(ErrorRecordSchema),
    problems: Type.Array(ErrorGroupSchema, { description: 'errors grouped by code and command, latest first, with the catalog hint' }),
  }),
]);
export type Diagnostics = Static<typeof DiagnosticsSchema>;

/** `POST /api/technician/devices/:id/raw`: a driver command's result. */
export const RawReplySchema = Type.Object({ device: Type.String(), command: Type.String(), result: Type.Unknown() });
export type RawReply = Static<typeof RawReplySchema>;

/** `POST /api/technician/devices/:id/bytes`: what went out and came back, as hex and as text. */
export const BytesReplySchema = Type.Object({ device: Type.String(), sent: Type.String(), reply: Type.String(), replyText: Type.String(), latencyMs: Type.Number() });
export type BytesReply = Static<typeof BytesReplySchema>;

export const DiscoveredDeviceSchema = Type.Object({
  kind: literals(DISCOVERY_KINDS),
  /** In target syntax where one exists. */
  target: Type.String(),
  description: Type.String(),
  /** Drivers that can run it, when known. */
  drivers: Type.Optional(Type.Array(Type.String())),
  /** Why it cannot be used as it is (permissions, missing udev rule). */
  problem: Type.Optional(Type.String()),
  details: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
});
export type DiscoveredDevice = Static<typeof DiscoveredDeviceSchema>;

/** `GET /api/technician/discovery?kind=...`, and `classroom discover --json` per kind (without `kind`). */
export const DiscoveryReplySchema = Type.Object({
  kind: literals(DISCOVERY_KINDS),
  devices: Type.Array(DiscoveredDeviceSchema),
  /** Sentences for a person: nothing found, and why that may be. */
  notes: Type.Array(Type.String()),
});
export type DiscoveryReply = Static<typeof DiscoveryReplySchema>;

/** `POST /api/technician/config/device-snippet`: the device as YAML for the room config, and what is wrong with it. */
export const SnippetReplySchema = Type.Object({ ok: Type.Boolean(), yaml: Type.String(), problems: Type.Array(Type.String()) });
export type SnippetReply = Static<typeof SnippetReplySchema>;
