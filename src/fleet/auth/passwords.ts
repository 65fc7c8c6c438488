import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ScError } from '../../core/errors/index.js';

/** People's passwords: scrypt, because people choose guessable ones. */
const N = 16384;
const r = 8;
const p = 1;
export const MIN_PASSWORD_LENGTH = 10;

function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new ScError('SC_ERR_FLEET_PASSWORD_WEAK', { min: MIN_PASSWORD_LENGTH });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, rr, pp] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, rr, pp].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length !== 32) return false;
  const key = await scryptAsync(password, salt, 32, { N: n, r: rr, p: pp, maxmem: 256 * n * rr });
  return timingSafeEqual(key, expected);
}

/** A password for the first admin: printed once, never stored in clear. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
