import { createHash, randomBytes } from 'node:crypto';

/**
 * Answers to HTTP authentication challenges (RFC 7617 Basic, RFC 7616 Digest with MD5 or
 * SHA-256, plain or -sess, qop=auth). Devices send a fresh challenge on each 401, so every
 * answer is the first use of its nonce (nc=00000001).
 */
export interface HttpCredentials {
  username: string;
  password: string;
}

export type AuthScheme = 'digest' | 'basic';

export function basicAuthorization(creds: HttpCredentials): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`, 'utf8').toString('base64')}`;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** The challenges of WWW-Authenticate header values (a camera may offer several schemes). */
export function parseChallenges(values: readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const value of values) {
    // One header value may hold several challenges: "Digest realm=.., Basic realm=..".
    for (const part of value.split(/,\s*(?=(?:Basic|Digest|Bearer|Negotiate|NTLM)\b)/i)) {
      const m = /^\s*(\w+)\s*(.*)$/s.exec(part);
      if (m === null) continue;
      const params: Record<string, string> = {};
      for (const p of (m[2] ?? '').matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
        params[(p[1] ?? '').toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
      }
      out.push({ scheme: (m[1] ?? '').toLowerCase(), params });
    }
  }
  return out;
}

const HASHES: Record<string, string> = { md5: 'md5', 'sha-256': 'sha256' };

function digestAlgorithm(c: Challenge): { hash: string; sess: boolean } | undefined {
  const name = (c.params.algorithm ?? 'MD5').toLowerCase();
  const sess = name.endsWith('-sess');
  const hash = HASHES[sess ? name.slice(0, -'-sess'.length) : name];
  return hash === undefined ? undefined : { hash, sess };
}

/**
 * The Authorization header for the best challenge we can answer (Digest SHA-256, then Digest
 * MD5, then Basic, among `schemes`), or why there is none.
 */
export function answerChallenge(
  values: readonly string[],
  creds: HttpCredentials,
  request: { method: string; path: string },
  schemes: readonly AuthScheme[] = ['digest', 'basic'],
): { authorization: string } | { refused: string } {
  const challenges = parseChallenges(values);
  if (schemes.includes('digest')) {
    const digests = challenges.filter((c) => c.scheme === 'digest' && digestAlgorithm(c) !== undefined);
    const best = digests.find((c) => digestAlgorithm(c)?.hash === 'sha256') ?? digests[0];
    if (best !== undefined) return { authorization: digest(best, creds, request) };
  }
  if (schemes.includes('basic') && challenges.some((c) => c.scheme === 'basic')) return { authorization: basicAuthorization(creds) };
  const offered = challenges.map((c) => (c.scheme === 'digest' ? `Digest ${c.params.algorithm ?? 'MD5'}` : c.scheme)).join(', ');
  return { refused: offered === '' ? 'HTTP 401 without a challenge we know' : `unsupported authentication (offered: ${offered}; we answer ${schemes.join(' or ')})` };
}

function digest(c: Challenge, creds: HttpCredentials, request: { method: string; path: string }): string {
  const algorithm = digestAlgorithm(c) ?? { hash: 'md5', sess: false };
  const h = (s: string): string => createHash(algorithm.hash).update(s, 'utf8').digest('hex');
  const realm = c.params.realm ?? '';
  const nonce = c.params.nonce ?? '';
  const cnonce = randomBytes(8).toString('hex');
  const qops = (c.params.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = qops.includes('auth') ? 'auth' : undefined;
  let ha1 = h(`${creds.username}:${realm}:${creds.password}`);
  if (algorithm.sess) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${request.method}:${request.path}`);
  const nc = '00000001';
  const response = qop === undefined ? h(`${ha1}:${nonce}:${ha2}`) : h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  const quote = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const parts = [`username=${quote(creds.username)}`, `realm=${quote(realm)}`, `nonce=${quote(nonce)}`, `uri=${quote(request.path)}`, `algorithm=${c.params.algorithm ?? 'MD5'}`, `response=${quote(response)}`];
  if (qop !== undefined || algorithm.sess) parts.push(`cnonce=${quote(cnonce)}`);
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`);
  if (c.params.opaque !== undefined) parts.push(`opaque=${quote(c.params.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
