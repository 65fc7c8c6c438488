import { Type, type StringOptions, type TLiteral, type TUnion, type TUnsafe } from '@sinclair/typebox';

/** A time as ms since the epoch, on the sender's clock. */
export const Ms = Type.Integer({ minimum: 0, description: 'ms since 1970-01-01T00:00:00Z' });

/** A stable id from the room config (device, scene, room level): never a display name. */
export const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

/**
 * A string on the wire whose values this version knows (`values`, from names.ts). Readers accept
 * any string, so a fleet or page keeps a state with a value a newer agent added; the type names
 * the known values, so this code base can only send those.
 */
export function openString<const T extends readonly string[]>(_values: T, options?: StringOptions): TUnsafe<T[number]> {
  // Type.Unsafe keeps the string schema's kind, so validators treat it as a plain string.
  return Type.Unsafe<T[number]>(Type.String(options));
}

/** A closed set of strings (from names.ts): the schema accepts exactly these. */
export function literals<const T extends readonly string[]>(values: T): TUnion<TLiteral<T[number]>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)));
}
