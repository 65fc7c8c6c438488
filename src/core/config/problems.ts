import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';

/** One thing wrong in a config file, located by its JSON pointer path. */
export interface SchemaProblem {
  /** Path segments from the document root, e.g. ['devices', 0, 'driver']. */
  path: (string | number)[];
  message: string;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null (empty)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'a mapping';
    default:
      return String(value);
  }
}

const TYPE_NAMES: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.String]: 'text',
  [ValueErrorType.Number]: 'a number',
  [ValueErrorType.Integer]: 'a whole number',
  [ValueErrorType.Boolean]: 'true or false',
  [ValueErrorType.Object]: 'a mapping (key: value lines)',
  [ValueErrorType.Array]: 'a list (lines starting with -)',
  [ValueErrorType.Literal]: 'a fixed value',
};

function literalOptions(schema: TSchema): string[] | undefined {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (anyOf === undefined) return undefined;
  const consts = anyOf.map((s) => (s as { const?: unknown }).const);
  return consts.every((c) => typeof c === 'string' || typeof c === 'number') ? consts.map(String) : undefined;
}

function expectedText(schema: TSchema, fallback: string): string {
  const description = (schema as { description?: string }).description;
  return description ?? fallback;
}

/** Turns one TypeBox error into a sentence: what is wrong, then what was expected. */
function explain(error: ValueError): string {
  const { schema, value } = error;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `is missing, expected ${expectedText(schema, 'a value')}`;
    case ValueErrorType.ObjectAdditionalProperties: {
      const known = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {});
      return `is not a known setting (check the spelling), expected one of: ${known.join(', ')}`;
    }
    case ValueErrorType.Literal:
      return `is ${describeValue(value)}, expected ${JSON.stringify((schema as { const?: unknown }).const)}`;
    case ValueErrorType.StringPattern:
    case ValueErrorType.StringFormat:
      return `${describeValue(value)} is not valid, expected ${expectedText(schema, `text matching ${String((schema as { pattern?: string }).pattern)}`)}`;
    case ValueErrorType.StringMinLength:
      return `is empty or too short, expected ${expectedText(schema, 'a longer text')}`;
    case ValueErrorType.StringMaxLength:
      return `is too long, expected at most ${(schema as { maxLength?: number }).maxLength} characters`;
    case ValueErrorType.NumberMinimum:
    case ValueErrorType.IntegerMinimum:
      return `is ${describeValue(value)}, expected at least ${(schema as { minimum?: number }).minimum}`;
    case ValueErrorType.NumberMaximum:
    case ValueErrorType.IntegerMaximum:
      return `is ${describeValue(value)}, expected at most ${(schema as { maximum?: number }).maximum}`;
    case ValueErrorType.ArrayMinItems:
      return `has too few entries, expected at least ${(schema as { minItems?: number }).minItems}`;
    case ValueErrorType.Union: {
      const options = literalOptions(schema);
      if (options !== undefined) return `is ${describeValue(value)}, expected one of: ${options.join(', ')}`;
      return `is ${describeValue(value)}, expected ${expectedText(schema, 'one of the documented forms')}`;
    }
    default: {
      const typeName = TYPE_NAMES[error.type];
      const description = (schema as { description?: string }).description;
      if (typeName !== undefined) {
        return `is ${describeValue(value)}, expected ${typeName}${description === undefined ? '' : ` (${description})`}`;
      }
      return `${error.message.toLowerCase()} (got ${describeValue(value)})`;
    }
  }
}

/**
 * For a union of object shapes, TypeBox only says "expected union value". Report the errors
 * of the branch the value came closest to instead, so a typo inside a step is named.
 */
function unionBranchProblems(error: ValueError, base: (string | number)[]): SchemaProblem[] | undefined {
  const anyOf = (error.schema as { anyOf?: TSchema[] }).anyOf;
  if (anyOf === undefined || literalOptions(error.schema) !== undefined) return undefined;
  if (error.value === null || typeof error.value !== 'object') return undefined;
  let best: SchemaProblem[] | undefined;
  for (const branch of anyOf) {
    const problems = schemaProblems(branch, error.value);
    if (best === undefined || problems.length < best.length) best = problems;
  }
  return best?.map((p) => ({ path: [...base, ...p.path], message: p.message }));
}

/** Every problem of `value` against `schema`, one per path, in document order of discovery. */
export function schemaProblems(schema: TSchema, value: unknown): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const path = pointerToPath(error.path);
    const nested = error.type === ValueErrorType.Union ? unionBranchProblems(error, path) : undefined;
    if (nested !== undefined && nested.length > 0) {
      out.push(...nested);
      continue;
    }
    out.push({ path, message: explain(error) });
  }
  return out;
}

/** `devices[0].driver` from ['devices', 0, 'driver']. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}
