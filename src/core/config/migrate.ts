import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { ScError } from '../errors/index.js';
import { SCHEMA_VERSION } from './schema/index.js';

/** One step of the config format: changes a parsed file in place and says what it changed. */
interface Migration {
  from: number;
  to: number;
  apply(doc: Document): string[];
}

/**
 * Files written before the format carried a version are version 0. Version 1 added
 * `schemaVersion` and made ids lower case (they are MQTT topic levels).
 */
const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    apply(doc) {
      const changes: string[] = [];
      for (const key of ['country', 'site', 'id'] as const) {
        const node = doc.getIn(['room', key], true);
        if (isScalar(node) && typeof node.value === 'string' && node.value !== node.value.toLowerCase()) {
          changes.push(`room.${key}: "${node.value}" -> "${node.value.toLowerCase()}" (ids are lower case: they are MQTT topic levels)`);
          node.value = node.value.toLowerCase();
        }
      }
      if (isMap(doc.contents)) {
        const pair = doc.createPair('schemaVersion', 1);
        doc.contents.items.unshift(pair);
        changes.push('schemaVersion: added, set to 1');
      }
      return changes;
    },
  },
];

export interface MigrationResult {
  from: number;
  to: number;
  changes: string[];
  text: string;
}

function versionOf(doc: Document, file: string): number {
  const v: unknown = doc.get('schemaVersion');
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new ScError('SC_ERR_USAGE', { detail: `${file}: schemaVersion must be a whole number, not ${JSON.stringify(v)}` });
  }
  return v;
}

/** Upgrades a config text to the current version, keeping comments and layout. */
export function migrateConfigText(text: string, file: string): MigrationResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ScError('SC_ERR_USAGE', { detail: `${file} is not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''}); run classroom config check ${file}` });
  }
  const from = versionOf(doc, file);
  if (from > SCHEMA_VERSION) throw new ScError('SC_ERR_CONFIG_FROM_FUTURE', { file, found: from, supported: SCHEMA_VERSION });
  const changes: string[] = [];
  let version = from;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS.find((m) => m.from === version);
    if (step === undefined) throw new ScError('SC_ERR_INTERNAL', { detail: `no config migration from version ${version}` });
    changes.push(...step.apply(doc).map((c) => `v${step.from}->v${step.to} ${c}`));
    version = step.to;
  }
  return { from, to: version, changes, text: changes.length === 0 ? text : doc.toString() };
}
