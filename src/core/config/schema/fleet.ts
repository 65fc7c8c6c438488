import { Type, type Static } from '@sinclair/typebox';
import { Host, Port, SchemaVersion, literalUnion, secretFields, strictObject } from './common.js';

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
      maxMessageBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
      maxMessagesPerSecond: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    http: strictObject({
      host: Type.Optional(Host),
      port: Type.Optional(Port),
      publicUrl: Type.Optional(Type.String({ description: 'the URL people use to reach the dashboard' })),
      ...secretFields('cookieSecret', 'the key that signs session cookies'),
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
        webhook: Type.Optional(strictObject({ url: Type.String({ pattern: '^https?://' }), ...secretFields('secret', 'the webhook signing secret') })),
      }),
    ),
    log: Type.Optional(strictObject({ level: Type.Optional(literalUnion(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, 'a log level')) })),
  },
  'the configuration of the fleet service',
);

export type FleetConfig = Static<typeof FleetConfigSchema>;
