import { Type, type Static } from '@sinclair/typebox';
import { Host, Port, SchemaVersion, literalUnion, secretFields, strictObject, LogSection } from './common.js';

export const FleetConfigSchema = strictObject(
  {
    schemaVersion: SchemaVersion,
    fleet: strictObject({
      name: Type.String({ minLength: 1, description: 'the name shown on the dashboard' }),
      language: Type.Optional(literalUnion(['en', 'fr', 'zh'] as const, 'the default dashboard language')),
    }),
    dataDir: Type.String({ minLength: 1, description: 'where the store and keys live' }),
    broker: strictObject({
      mode: literalUnion(['embedded', 'external'] as const, 'embedded runs aedes in this process; external connects to another broker'),
      host: Type.Optional(Host),
      mqttPort: Type.Optional(Port),
      tlsPort: Type.Optional(Port),
      wsPort: Type.Optional(Port),
      cert_file: Type.Optional(Type.String({ description: 'PEM certificate for MQTT over TLS' })),
      key_file: Type.Optional(Type.String({ description: 'PEM private key for MQTT over TLS' })),
      url: Type.Optional(Type.String({ pattern: '^(mqtt|mqtts|ws|wss)://', description: 'the external broker (mode: external)' })),
      username: Type.Optional(Type.String()),
      ...secretFields('password', 'the fleet password on the external broker'),
      maxMessageBytes: Type.Optional(Type.Integer({ minimum: 1024, description: 'a room sending a larger MQTT packet is disconnected' })),
      maxMessagesPerSecond: Type.Optional(Type.Integer({ minimum: 1, description: 'a room publishing faster is throttled, then disconnected' })),
      publicUrl: Type.Optional(
        Type.String({ pattern: '^(mqtt|mqtts|ws|wss)://', description: 'the broker URL rooms use, written into their uplink config (e.g. mqtts://fleet.example.org:8883)' }),
      ),
      shareGroup: Type.Optional(
        Type.String({ pattern: '^[a-z0-9-]+$', description: 'external mode: the $share/ group that fleet workers split ingest in (default fleet)' }),
      ),
      clientId: Type.Optional(Type.String({ minLength: 1, description: 'external mode: the MQTT client id of this worker (default: random)' })),
      ca_file: Type.Optional(Type.String({ description: 'external mode: PEM CA that signed the external broker certificate' })),
    }),
    http: strictObject({
      host: Type.Optional(Host),
      port: Type.Optional(Port),
      publicUrl: Type.Optional(Type.String({ description: 'the URL people use to reach the dashboard' })),
      ...secretFields('cookieSecret', 'the key that signs session cookies'),
      sessionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, description: 'a login lasts this long (default 12)' })),
      loginAttemptsPerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'per client address (default 10)' })),
    }),
    store: Type.Optional(
      strictObject({
        path: Type.Optional(Type.String({ description: 'the SQLite file (default: DATADIR/fleet.db)' })),
        retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
      }),
    ),
    alerts: Type.Optional(
      strictObject({
        roomOfflineMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
        clockSkewSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
        diskLowPercent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99 })),
        deviceOfflineMinutes: Type.Optional(Type.Integer({ minimum: 1, description: 'a device offline this long raises "device offline" (default 5)' })),
        outboxBacklogMessages: Type.Optional(
          Type.Integer({ minimum: 1, description: 'an agent outbox deeper than this and growing raises "outbox backlog" (default 500)' }),
        ),
        debounceSeconds: Type.Optional(
          Type.Integer({ minimum: 0, maximum: 3600, description: 'an alert resolved and raised again within this time re-opens the same alert (default 300)' }),
        ),
        webhook: Type.Optional(strictObject({ url: Type.String({ pattern: '^https?://' }), ...secretFields('secret', 'the webhook signing secret') })),
      }),
    ),
    commands: Type.Optional(
      strictObject({
        expirySeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400, description: 'a remote command not executed by then is dropped (default 120)' })),
        replyWaitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'how long the HTTP call waits for the reply (default 15)' })),
      }),
    ),
    log: Type.Optional(LogSection),
  },
  'the configuration of the fleet service',
);

export type FleetConfig = Static<typeof FleetConfigSchema>;
