import { LineCounter, parseDocument } from 'yaml';
import type { Static, TSchema } from '@sinclair/typebox';
import { ScError, messageOf } from '../errors/index.js';
import { makeLocator, type Position } from './locate.js';
import { formatPath, schemaProblems, type SchemaProblem } from './problems.js';
import { defaultReadFile, deepFreeze, resolveSecrets } from './resolve.js';
import { CONFIG_SCHEMAS, SCHEMA_VERSION, type ConfigKind } from './schema/index.js';
import { splitUrlCredentials } from './url-credentials.js';

export interface ConfigProblem extends Position {
  file: string;
  /** `devices[0].driver` */
  field: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.field}: ${p.message}`;
}

/** SC_ERR_CONFIG_INVALID with every problem, each located by file, line, column and field. */
export class ConfigError extends ScError {
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    super('SC_ERR_CONFIG_INVALID', { file, count: problems.length, problems: problems.map(formatProblem).join('\n') });
    this.problems = problems;
  }
}

export interface LoadedConfig<T> {
  file: string;
  kind: ConfigKind;
  value: T;
  /** Unresolved secrets when loaded with `resolveSecrets: false` (the file itself is valid). */
  warnings: readonly ConfigProblem[];
  /** Where a field is in the file, for errors found after loading (driver options, profiles). */
  locate(path: readonly (string | number)[]): Position;
}

export interface LoadOptions {
  /** The kind of config expected; when absent it is told from the top-level section. */
  kind?: ConfigKind;
  env?: NodeJS.ProcessEnv;
  readFile?: (path: string) => string;
  /**
   * Resolve ${env:NAME} and *_file secrets (default). `false` checks the file alone, as on a
   * technician's laptop: unresolvable secrets become warnings and the value keeps the references.
   */
  resolveSecrets?: boolean;
}

function detectKind(value: unknown): ConfigKind | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if ('room' in value) return 'room';
  if ('fleet' in value) return 'fleet';
  return undefined;
}

/** Parses, validates and resolves a config text; throws ConfigError listing every problem. */
export function parseConfig<T = unknown>(text: string, file: string, options: LoadOptions = {}): LoadedConfig<T> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const locate = makeLocator(doc, lines);
  const at = (problems: SchemaProblem[]): ConfigProblem[] =>
    problems.map((p) => ({ file, ...locate(p.path), field: formatPath(p.path), message: p.message }));

  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        col: e.linePos?.[0].col ?? 1,
        field: '(YAML syntax)',
        message: `${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}, expected valid YAML`,
      })),
    );
  }

  const raw: unknown = doc.toJS();
  const kind = options.kind ?? detectKind(raw);
  if (kind === undefined) {
    throw new ConfigError(file, at([{ path: [], message: 'has neither a `room:` nor a `fleet:` section, expected a room or fleet config' }]));
  }
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new ScError('SC_ERR_CONFIG_FROM_FUTURE', { file, found: version, supported: SCHEMA_VERSION });
  }
  const schema: TSchema = CONFIG_SCHEMAS[kind];
  const problems = schemaProblems(schema, raw);
  if (problems.length > 0) throw new ConfigError(file, sortProblems(at(problems)));

  // user:${env:NAME}@ in a URL is moved into username/password before anything else sees it.
  const split = splitUrlCredentials(kind, raw);
  if (split.problems.length > 0) throw new ConfigError(file, sortProblems(at(split.problems)));
  const resolved = resolveSecrets(split.value, { file, env: options.env ?? process.env, readFile: options.readFile ?? defaultReadFile });
  if (options.resolveSecrets === false) {
    return { file, kind, value: deepFreeze(split.value as T), warnings: sortProblems(at(resolved.problems)), locate };
  }
  if (resolved.problems.length > 0) throw new ConfigError(file, sortProblems(at(resolved.problems)));

  return { file, kind, value: deepFreeze(resolved.value as T), warnings: [], locate };
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

export function loadConfigFile<T = unknown>(file: string, options: LoadOptions = {}): LoadedConfig<T> {
  let text: string;
  try {
    text = (options.readFile ?? defaultReadFile)(file);
  } catch (err) {
    throw new ScError('SC_ERR_CONFIG_NOT_FOUND', { file, reason: messageOf(err) }, { cause: err });
  }
  return parseConfig<T>(text, file, options);
}

export type { Static };
