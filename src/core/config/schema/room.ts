import { Type, type Static, type TOptional, type TString } from '@sinclair/typebox';
import { Host, Id, Language, Languages, Port, SchemaVersion, literalUnion, secretFields, strictObject, LogSection } from './common.js';
import { KeypadSchema } from './keypad.js';

export const DRIVERS = [
  'samsung-mdc',
  'lg',
  'nec',
  'philips-sicp',
  'newline',
  'profile',
  'onvif',
  'visca',
  'extron-smp',
  'pearl',
  'streamdeck',
  'xkeys',
  'hid-relay',
] as const;

const Device = strictObject(
  {
    id: Id,
    name: Type.Optional(Type.String({ description: 'a display name for technicians and the fleet' })),
    names: Type.Optional(
      strictObject(
        Object.fromEntries(Languages.map((lang) => [lang, Type.Optional(Type.String({ minLength: 1, maxLength: 60 }))])) as Record<(typeof Languages)[number], TOptional<TString>>,
        'what teachers see on the wall panel, per language (en, fr, ar, ...); without one the panel says a plain word such as Camera',
      ),
    ),
    driver: literalUnion(DRIVERS, 'the protocol driver'),
    target: Type.String({
      minLength: 1,
      description:
        'where the device is: serial:/dev/ttyUSB0?baud=9600, tcp://host:port, udp://host:52381, http://host/path or hid:vid:pid; an http:// target may carry user:${env:NAME}@, which is moved into username and password at load',
    }),
    profile: Type.Optional(Type.String({ description: 'a device profile in devices/ (model, inputs, warm-up time)' })),
    pollIntervalMs: Type.Optional(Type.Integer({ minimum: 500, maximum: 3_600_000, description: 'how often the device state is read back, in ms' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 50, maximum: 120_000, description: 'reply timeout per command, in ms' })),
    username: Type.Optional(Type.String({ description: 'login name on the device' })),
    ...secretFields('password', 'the device password'),
    loginRetry: Type.Optional(
      strictObject(
        {
          firstSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600, description: 'the pause after the first refusal (default 10)' })),
          maxSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'the longest pause; each refusal in a row doubles it up to this (default 600)' })),
        },
        'after the device refuses the credentials, no login is tried for a pause that doubles with each refusal in a row, so the device does not lock the account',
      ),
    ),
    options: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
        description: 'driver-specific settings (for example id: 1 for a display ID)',
      }),
    ),
  },
  'one device in the room',
);

const Step = strictObject(
  {
    id: Type.Optional(Type.String({ pattern: Id.pattern, description: 'a name for this step that later steps can give in `after:`' })),
    name: Type.Optional(Type.String({ description: 'what the teacher sees while the step runs' })),
    device: Type.Optional(Id),
    action: Type.String({ minLength: 1, description: 'a capability action such as power.on, input.select, preset.goto, recorder.start, wait' }),
    args: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 10, maximum: 600_000 })),
    retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    onFail: Type.Optional(
      literalUnion(['abort', 'continue'] as const, 'abort (default): later steps on the same device, and those naming this step in after:, are skipped; continue: nothing is skipped'),
    ),
    after: Type.Optional(
      Type.Array(Type.String({ pattern: Id.pattern }), {
        minItems: 1,
        description: 'ids of earlier steps this one needs: it is skipped when one of them failed or was skipped (steps on other devices are independent otherwise)',
      }),
    ),
  },
  'one step of a scene',
);

const StepOrGroup = Type.Union([Step, strictObject({ parallel: Type.Array(Step, { minItems: 1 }) }, 'steps that run at the same time')], {
  description: 'a step, or a parallel group of steps',
});

const Scene = strictObject({
  label: Type.Optional(Type.String()),
  steps: Type.Array(StepOrGroup, { minItems: 1 }),
});

export const RoomConfigSchema = strictObject(
  {
    schemaVersion: SchemaVersion,
    room: strictObject({
      id: Id,
      country: Type.String({ pattern: '^[a-z]{2}$', description: 'the ISO 3166-1 alpha-2 country code in lower case, e.g. ke' }),
      site: Id,
      name: Type.Optional(Type.String()),
      timezone: Type.Optional(Type.String({ description: 'an IANA time zone such as Africa/Nairobi' })),
      language: Type.Optional(Language),
    }),
    devices: Type.Array(Device, { description: 'the devices this agent drives' }),
    scenes: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z0-9-]+$' }), Scene, { description: 'named scenes; start-class and end-class are required' })),
    keypads: Type.Optional(Type.Array(KeypadSchema, { description: 'keypads (Stream Deck, X-keys): what each key does and how it is lit' })),
    timetable: Type.Optional(
      strictObject({
        url: Type.Optional(Type.String({ description: 'an iCal feed URL' })),
        file: Type.Optional(Type.String({ description: 'an iCal file on disk' })),
        leadMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120, description: 'start the class this many minutes before the slot (default 5)' })),
        graceMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 240, description: 'end the class this many minutes after the slot, if still running (default 10)' })),
        autoStart: Type.Optional(Type.Boolean()),
        autoEnd: Type.Optional(Type.Boolean()),
        refreshMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, description: 'how often the feed is fetched again (default 15)' })),
      }),
    ),
    uplink: Type.Optional(
      strictObject({
        url: Type.String({
          pattern: '^(mqtt|mqtts)://',
          description:
            'the fleet broker, e.g. mqtts://fleet.example.org:8883 (the agent counts bytes on its own TCP socket, so no WebSocket); user:${env:NAME}@ in it is moved into username and password at load',
        }),
        username: Type.Optional(Type.String({ minLength: 1, description: 'the room MQTT user (required, here or in the url)' })),
        ...secretFields('password', 'the room MQTT password'),
        ca_file: Type.Optional(Type.String({ description: 'PEM file of the CA that signed the broker certificate' })),
        cert_file: Type.Optional(Type.String({ description: 'PEM client certificate (optional)' })),
        key_file: Type.Optional(Type.String({ description: 'PEM private key of the client certificate' })),
        keepaliveSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
        reconnectMaxSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
        healthIntervalSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86_400 })),
        dailyBudgetBytes: Type.Optional(Type.Integer({ minimum: 0 })),
        outboxMaxBytes: Type.Optional(Type.Integer({ minimum: 65_536 })),
      }),
    ),
    http: Type.Optional(
      strictObject({
        host: Type.Optional(Host),
        port: Type.Optional(Port),
        technicianPasswordHash: Type.Optional(
          Type.String({ pattern: '^scrypt\\$', description: 'a scrypt hash made by `classroom passwd` (never the password itself)' }),
        ),
        secureCookie: Type.Optional(
          Type.Boolean({ description: 'mark the technician session cookie Secure (default true: browsers then send it only over HTTPS or to localhost)' }),
        ),
      }),
    ),
    remote: Type.Optional(
      strictObject({
        allow: Type.Array(Type.String({ minLength: 1 }), { description: 'actions the fleet may send to this room, e.g. session.start, scene.run' }),
      }),
    ),
    dataDir: Type.Optional(Type.String({ description: 'where the outbox, caches and state live' })),
    log: Type.Optional(LogSection),
  },
  'the configuration of one classroom agent',
);

export type RoomConfig = Static<typeof RoomConfigSchema>;
