import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScError } from './errors/index.js';
import { packageRoot } from './paths.js';

/**
 * People's passwords, for the agent's technician login and the fleet's users alike: one hash
 * format (`scrypt$N$r$p$salt$hash`, salt and hash in base64url, the cost written into every
 * hash so it can be raised later without breaking old ones) and one policy.
 */
const COST = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 };
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(COST.saltLength);
  const key = await derive(password, salt, COST.keyLength, { N: COST.N, r: COST.r, p: COST.p });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Checks a stored hash; SC_ERR_PASSWORD_HASH_INVALID says what is wrong with it. */
export function parseHash(hash: string): ParsedHash {
  const parts = hash.split('$');
  const bad = (detail: string): ScError => new ScError('SC_ERR_PASSWORD_HASH_INVALID', { detail });
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw bad('expected scrypt$N$r$p$salt$hash');
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!Number.isInteger(N) || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 20) throw bad('N must be a power of two up to 2^20');
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) throw bad('r or p out of range');
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16) throw bad('salt or hash too short');
  return { N, r, p, salt, key };
}

/** Constant-time comparison against a stored hash; a malformed hash throws (see parseHash). */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  const key = await derive(password, parsed.salt, parsed.key.length, { N: parsed.N, r: parsed.r, p: parsed.p });
  return timingSafeEqual(key, parsed.key);
}

/** A password for a first admin: printed once, never stored in clear. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** data/common-passwords.txt: the commonest passwords, lower case, one a line. */
export function loadCommonPasswords(file = join(packageRoot(), 'data', 'common-passwords.txt')): ReadonlySet<string> {
  const words = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return new Set(words);
}

export interface PasswordPolicy {
  minLength: number;
  common: ReadonlySet<string>;
}

/** The policy both services use; reads the bundled list each time (passwords are rarely set). */
export function defaultPasswordPolicy(): PasswordPolicy {
  return { minLength: MIN_PASSWORD_LENGTH, common: loadCommonPasswords() };
}

/**
 * Refuses, with SC_ERR_PASSWORD_WEAK naming the rule: fewer than `minLength` characters
 * (`too-short`), one character repeated (`one-character`), or one of the commonest passwords,
 * also with digits or symbols around it such as "dragon2024!" (`common`).
 */
export function checkPasswordStrength(password: string, policy: PasswordPolicy = defaultPasswordPolicy()): void {
  const min = policy.minLength;
  const weak = (rule: string, detail: string): ScError => new ScError('SC_ERR_PASSWORD_WEAK', { rule, detail, min });
  const chars = [...password.normalize('NFC')];
  if (chars.length < min) throw weak('too-short', `it has ${chars.length} characters, at least ${min} are needed`);
  if (new Set(chars).size === 1) throw weak('one-character', 'it is one character repeated');
  const lower = password.toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (policy.common.has(lower) || (core.length >= 4 && policy.common.has(core))) {
    throw weak('common', 'it is one of the commonest passwords, which are tried first');
  }
}
