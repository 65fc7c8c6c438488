import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { ScError, messageOf } from '../../core/errors/index.js';
import { formatPath, schemaProblems } from '../../core/config/index.js';
import { makeLocator } from '../../core/config/locate.js';
import { PanelProfileSchema, type PanelProfile } from './profile-schema.js';

/** The package's devices/ folder, found from this module whether it runs from src/ or dist/. */
export function devicesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'devices'))) return join(dir, 'devices');
    dir = dirname(dir);
  }
  return resolve('devices');
}

/** Validates a profile text; problems name the file, line, column and field. */
export function parseProfile(text: string, file: string): PanelProfile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = e?.linePos?.[0];
    throw new ScError('SC_ERR_PROFILE_INVALID', { file, detail: `${file}:${pos?.line ?? 1}:${pos?.col ?? 1} (YAML syntax): ${(e?.message ?? '').split('\n')[0] ?? ''}` });
  }
  const value: unknown = doc.toJS();
  const locate = makeLocator(doc, lines);
  const problems = schemaProblems(PanelProfileSchema, value);
  if (problems.length > 0) {
    const detail = problems
      .map((p) => {
        const at = locate(p.path);
        return `${file}:${at.line}:${at.col} ${formatPath(p.path)}: ${p.message}`;
      })
      .join('; ');
    throw new ScError('SC_ERR_PROFILE_INVALID', { file, detail });
  }
  const profile = value as PanelProfile;
  if (profile.protocol === 'profile' && profile.commands === undefined) {
    throw new ScError('SC_ERR_PROFILE_INVALID', { file, detail: `${file}:${locate(['protocol']).line}:1 commands: is missing, expected the frames of a profile-driven panel` });
  }
  return profile;
}

/** Loads `name` (devices/NAME.yaml) or a path to a .yaml file. */
export function loadProfile(nameOrPath: string, dir = devicesDir()): { file: string; profile: PanelProfile } {
  const file = nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') || nameOrPath.includes('/') ? (isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath)) : join(dir, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const known = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)) : [];
    throw new ScError('SC_ERR_DISPLAY_PROFILE_NOT_FOUND', { profile: nameOrPath, reason: messageOf(err), known: known.join(', ') || '(none)' });
  }
  return { file, profile: parseProfile(text, file) };
}
