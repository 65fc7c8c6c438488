import { readFileSync } from 'node:fs';
import { isAbsolute, dirname, resolve as resolvePath } from 'node:path';
import { messageOf } from '../errors/index.js';
import { CONFIG_SECRET_FIELDS } from '../secrets.js';
import type { SchemaProblem } from './problems.js';

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface ResolveContext {
  file: string;
  env: NodeJS.ProcessEnv;
  readFile: (path: string) => string;
}

export function defaultReadFile(path: string): string {
  return readFileSync(path, 'utf8');
}

/**
 * Replaces `${env:NAME}` in every string and reads every `<secret>_file` into `<secret>`.
 * Runs after schema validation, so the file itself never holds the secret.
 */
export function resolveSecrets(value: unknown, ctx: ResolveContext): { value: unknown; problems: SchemaProblem[] } {
  const problems: SchemaProblem[] = [];
  const baseDir = dirname(ctx.file);

  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      return node.replace(ENV_REF, (whole, name: string) => {
        const v = ctx.env[name];
        if (v === undefined || v === '') {
          problems.push({ path, message: `uses the environment variable ${name}, which is not set; expected it to hold the value` });
          return whole;
        }
        return v;
      });
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    const source = node as Record<string, unknown>;
    for (const [key, child] of Object.entries(source)) {
      const secretName = key.endsWith('_file') ? key.slice(0, -'_file'.length) : undefined;
      if (secretName !== undefined && CONFIG_SECRET_FIELDS.has(secretName) && typeof child === 'string') {
        if (source[secretName] !== undefined) {
          problems.push({ path: [...path, key], message: `and ${secretName} are both set, expected only one of them` });
          continue;
        }
        const filePath = isAbsolute(child) ? child : resolvePath(baseDir, child);
        try {
          out[secretName] = ctx.readFile(filePath).replace(/\r?\n$/, '');
        } catch (err) {
          problems.push({ path: [...path, key], message: `cannot be read (${messageOf(err)}), expected a readable file holding the ${secretName}` });
        }
        continue;
      }
      out[key] = walk(child, [...path, key]);
    }
    return out;
  };

  return { value: walk(value, []), problems };
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
