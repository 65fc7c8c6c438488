import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parse } from 'yaml';
import { Languages } from '../core/config/schema/common.js';
import { ScError, messageOf } from '../core/errors/index.js';

const Level = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,40}$' });
const Language = Type.Union(Languages.map((l) => Type.Literal(l)));

const Site = Type.Object(
  { id: Level, name: Type.String({ minLength: 1 }), rooms: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), prefix: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
const Country = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z]{2}$' }),
    name: Type.String({ minLength: 1 }),
    timezone: Type.String({ minLength: 1 }),
    languages: Type.Array(Language, { minItems: 1 }),
    teachers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    sites: Type.Array(Site, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const DemoFleetSchema = Type.Object(
  { name: Type.String({ minLength: 1 }), countries: Type.Array(Country, { minItems: 1 }), courses: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) },
  { additionalProperties: false },
);

export type DemoFleet = Static<typeof DemoFleetSchema>;
export type DemoCountry = DemoFleet['countries'][number];
export type DemoSite = DemoCountry['sites'][number];

/** config/demo/fleet.yaml, from dist/src/demo or src/demo alike. */
export function defaultFleetFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = resolve(here, '..', '..');
  return join(up.endsWith('dist') ? resolve(up, '..') : up, 'config', 'demo', 'fleet.yaml');
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every problem of a demo fleet description, as `path: what` lines (none: it is usable). */
export function fleetProblems(value: unknown): string[] {
  const problems = [...Value.Errors(DemoFleetSchema, value)].map((e) => `${e.path || '/'}: ${e.message}`);
  if (problems.length > 0) return problems;
  const fleet = value as DemoFleet;
  const codes = new Set<string>();
  const sites = new Set<string>();
  for (const c of fleet.countries) {
    if (codes.has(c.code)) problems.push(`/countries/${c.code}: country listed twice`);
    codes.add(c.code);
    if (!isTimeZone(c.timezone)) problems.push(`/countries/${c.code}/timezone: ${c.timezone} is not an IANA time zone`);
    for (const s of c.sites) {
      const key = `${c.code}/${s.id}`;
      if (sites.has(key)) problems.push(`/countries/${c.code}/sites/${s.id}: site listed twice`);
      sites.add(key);
    }
  }
  return problems;
}

/** Reads and checks the demo fleet file; every problem is reported at once. */
export function loadDemoFleet(file = defaultFleetFile()): DemoFleet {
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new ScError('SC_ERR_CONFIG_NOT_FOUND', { file, reason: messageOf(err) }, { cause: err });
  }
  const problems = fleetProblems(value);
  if (problems.length > 0) throw new ScError('SC_ERR_CONFIG_INVALID', { file, count: problems.length, problems: problems.join('\n') });
  return value as DemoFleet;
}
