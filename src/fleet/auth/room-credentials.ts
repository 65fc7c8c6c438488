import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Room MQTT passwords are 32 random bytes chosen by the fleet, never by a person, so a slow
 * KDF adds nothing against guessing; they are stored as PBKDF2-SHA512 in Mosquitto's `$7$`
 * format so that the same hash serves the embedded broker and `export-acl --format mosquitto`.
 */
export const ROOM_HASH_ITERATIONS = 1000;

export function newRoomPassword(): string {
  return randomBytes(32).toString('base64url');
}

export async function hashRoomPassword(password: string, iterations = ROOM_HASH_ITERATIONS): Promise<string> {
  const salt = randomBytes(12);
  const hash = await pbkdf2Async(password, salt, iterations, 64, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyRoomPassword(password: string | Buffer, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  // ['', '7', iterations, salt, hash]
  if (parts.length !== 5 || parts[1] !== '7') return false;
  const iterations = Number(parts[2]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  const salt = Buffer.from(parts[3] ?? '', 'base64');
  const expected = Buffer.from(parts[4] ?? '', 'base64');
  if (salt.length === 0 || expected.length !== 64) return false;
  const actual = await pbkdf2Async(password, salt, iterations, 64, 'sha512');
  return timingSafeEqual(actual, expected);
}
