import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { get, textOf, attrOf, type XmlNode } from './xml.js';

/** What the camera thinks of a request's credentials. */
export type AuthVerdict =
  | { ok: true; via: 'ws-security' | 'digest' }
  | { ok: false; why: 'missing' | 'wrong-password' | 'unknown-user' | 'stale-timestamp' | 'replayed-nonce' | 'digest-required'; detail: string };

export interface AuthSettings {
  username: string;
  password: string;
  /** ws+digest: either is accepted; digest: WS-Security is refused, HTTP digest only. */
  mode: 'ws+digest' | 'digest' | 'none';
  /** How far a WS-Security Created may be from the camera's clock. */
  toleranceMs: number;
  realm: string;
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class CameraAuth {
  private readonly seenNonces = new Set<string>();
  private readonly digestNonce = randomBytes(12).toString('hex');

  constructor(private readonly s: AuthSettings) {}

  challenge(): string {
    return `Digest realm="${this.s.realm}", qop="auth", nonce="${this.digestNonce}", algorithm=MD5`;
  }

  check(doc: XmlNode, authorization: string | undefined, method: string, url: string, cameraNow: Date): AuthVerdict {
    if (this.s.mode === 'none') return { ok: true, via: 'ws-security' };
    if (authorization !== undefined && /^digest\s/i.test(authorization)) return this.checkDigest(authorization, method, url);
    if (this.s.mode === 'digest') return { ok: false, why: 'digest-required', detail: 'this camera accepts HTTP digest only' };
    const token = get(doc, 'Envelope', 'Header', 'Security', 'UsernameToken');
    if (token === undefined) return { ok: false, why: 'missing', detail: 'no credentials' };
    const username = textOf(get(token, 'Username')) ?? '';
    const passwordNode = get(token, 'Password');
    const password = textOf(passwordNode) ?? '';
    const type = attrOf(passwordNode, 'Type') ?? '';
    const nonce = textOf(get(token, 'Nonce')) ?? '';
    const created = (textOf(get(token, 'Created')) ?? '').trim();
    if (username !== this.s.username) return { ok: false, why: 'unknown-user', detail: `unknown user ${username}` };
    if (type.endsWith('#PasswordText')) {
      return same(password, this.s.password) ? { ok: true, via: 'ws-security' } : { ok: false, why: 'wrong-password', detail: 'wrong password' };
    }
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'utf8'), Buffer.from(this.s.password, 'utf8')]))
      .digest('base64');
    if (!same(expected, password)) return { ok: false, why: 'wrong-password', detail: 'password digest does not match' };
    const createdMs = Date.parse(created);
    if (!Number.isFinite(createdMs) || Math.abs(createdMs - cameraNow.getTime()) > this.s.toleranceMs) {
      return { ok: false, why: 'stale-timestamp', detail: `Created ${created} is too far from the camera clock ${cameraNow.toISOString()}` };
    }
    if (this.seenNonces.has(nonce)) return { ok: false, why: 'replayed-nonce', detail: 'nonce already used' };
    this.seenNonces.add(nonce);
    if (this.seenNonces.size > 1000) this.seenNonces.delete(this.seenNonces.values().next().value ?? '');
    return { ok: true, via: 'ws-security' };
  }

  private checkDigest(header: string, method: string, url: string): AuthVerdict {
    const parts: Record<string, string> = {};
    for (const m of header.slice(header.indexOf(' ') + 1).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) parts[m[1] ?? ''] = m[2] ?? m[3] ?? '';
    if (parts.username !== this.s.username) return { ok: false, why: 'unknown-user', detail: 'unknown digest user' };
    if (parts.nonce !== this.digestNonce) return { ok: false, why: 'wrong-password', detail: 'stale digest nonce' };
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${this.s.username}:${this.s.realm}:${this.s.password}`);
    const ha2 = md5(`${method}:${parts.uri ?? url}`);
    const expected = parts.qop === undefined ? md5(`${ha1}:${parts.nonce}:${ha2}`) : md5(`${ha1}:${parts.nonce}:${parts.nc ?? ''}:${parts.cnonce ?? ''}:${parts.qop}:${ha2}`);
    return same(expected, parts.response ?? '') ? { ok: true, via: 'digest' } : { ok: false, why: 'wrong-password', detail: 'digest response does not match' };
  }

  /** After a reboot the camera forgets the nonces it saw. */
  reset(): void {
    this.seenNonces.clear();
  }
}
