import { Type, type TSchema } from '@sinclair/typebox';

/** Stable ids used in MQTT topics and URLs: never display names. */
export const Id = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'an id of lower-case letters, digits and dashes (used in MQTT topics)',
});

export const EnvRef = Type.String({
  pattern: '^\\$\\{env:[A-Za-z_][A-Za-z0-9_]*\\}$',
  description:
    'a reference ${env:NAME} to an environment variable; secrets may not be written in the file (or use the matching _file field)',
});

export const Port = Type.Integer({ minimum: 0, maximum: 65535, description: 'a TCP/UDP port number (0 = any free port)' });

export const Host = Type.String({ minLength: 1, description: 'a host name or IP address to listen on or connect to' });

export const Languages = ['en', 'fr', 'ar', 'ru', 'mn', 'kk', 'uz', 'zh', 'sw', 'pt'] as const;

export function literalUnion<const T extends readonly string[]>(values: T, description: string) {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    { description },
  );
}

export const Language = literalUnion(Languages, 'a language code');

/**
 * A secret, as the pair of optional fields `NAME` (an ${env:NAME} reference) and `NAME_file`
 * (a path whose content is the secret). The loader resolves either into `NAME`.
 */
export function secretFields<N extends string>(name: N, what: string) {
  const ref = Type.Optional(Type.String({ pattern: EnvRef.pattern, description: `${what}: ${EnvRef.description}` }));
  const file = Type.Optional(Type.String({ minLength: 1, description: `a file holding ${what}` }));
  return { [name]: ref, [`${name}_file`]: file } as { [K in N]: typeof ref } & { [K in `${N}_file`]: typeof file };
}

/** Objects in config files reject unknown keys, so a typo never passes silently. */
export function strictObject<P extends Record<string, TSchema>>(properties: P, description?: string) {
  return Type.Object(properties, {
    additionalProperties: false,
    ...(description === undefined ? {} : { description }),
  });
}

export const SCHEMA_VERSION = 1;
export const SchemaVersion = Type.Literal(SCHEMA_VERSION, {
  description: 'the config format version; `classroom config migrate` upgrades older files',
});

/** Where and how much a service logs. Without `file`, logs go to stdout (journald under systemd). */
export const LogSection = strictObject({
  level: Type.Optional(literalUnion(['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, 'a log level')),
  file: Type.Optional(Type.String({ minLength: 1, description: 'a log file, rotated by size (use where there is no journald, e.g. Windows)' })),
  maxBytes: Type.Optional(Type.Integer({ minimum: 65_536, description: 'rotate the log file at this size (default 10 MiB)' })),
  keep: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'rotated log files kept (default 5)' })),
});
