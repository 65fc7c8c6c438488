import type { SchemaProblem } from './problems.js';
import type { ConfigKind } from './schema/index.js';

/**
 * Credentials written inside URLs (`target: http://admin:${env:SC_CAM_PW}@cam/onvif/...`,
 * `uplink.url: mqtts://room-a:${env:SC_MQTT_PW}@fleet:8883`) are allowed for convenience, and
 * moved at load into the `username` and `password` fields beside the URL. So nothing after the
 * loader (drivers, the uplink, /api/health, the technician config view, the support bundle)
 * ever holds a URL with a password in it. The password in a URL follows the rule of every
 * secret: `${env:NAME}`, never written in the file. Anywhere else a password in a URL is an error.
 */
interface UrlField {
  /** Path of the URL field; '*' stands for every item of a list. */
  path: readonly string[];
  /** The section must end up with a username (from its field or from the URL). */
  requireUser?: boolean;
}

const URL_FIELDS: Record<ConfigKind, readonly UrlField[]> = {
  room: [{ path: ['devices', '*', 'target'] }, { path: ['uplink', 'url'], requireUser: true }],
  fleet: [{ path: ['broker', 'url'] }],
};

const ENV_REF = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;
// scheme:// then user[:password] up to the last '@' of the authority.
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@([^@]*)$/i;

type Path = (string | number)[];

function splitUserinfo(url: string): { scheme: string; user: string; password?: string; rest: string } | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return undefined;
  const authorityEnd = url.slice(schemeEnd + 3).search(/[/?#]/);
  const head = authorityEnd < 0 ? url : url.slice(0, schemeEnd + 3 + authorityEnd);
  const tail = authorityEnd < 0 ? '' : url.slice(schemeEnd + 3 + authorityEnd);
  const m = USERINFO.exec(head);
  if (m === null) return undefined;
  const info = m[2] ?? '';
  const colon = info.indexOf(':');
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return {
    scheme: m[1] ?? '',
    user: decode(colon < 0 ? info : info.slice(0, colon)),
    ...(colon < 0 ? {} : { password: info.slice(colon + 1) }),
    rest: `${m[3] ?? ''}${tail}`,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The parents of a URL field and its key, for every list item a '*' stands for. */
function sections(root: unknown, path: readonly string[]): { parent: Record<string, unknown>; key: string; at: Path }[] {
  let level: { node: unknown; at: Path }[] = [{ node: root, at: [] }];
  for (const seg of path.slice(0, -1)) {
    const next: { node: unknown; at: Path }[] = [];
    for (const { node, at } of level) {
      if (seg === '*' && Array.isArray(node)) node.forEach((item, i) => next.push({ node: item, at: [...at, i] }));
      else if (isRecord(node) && seg in node) next.push({ node: node[seg], at: [...at, seg] });
    }
    level = next;
  }
  const key = path[path.length - 1] ?? '';
  return level.filter((l): l is { node: Record<string, unknown>; at: Path } => isRecord(l.node)).map((l) => ({ parent: l.node, key, at: [...l.at, key] }));
}

/** Moves URL credentials into their fields (on a copy) and lists what is wrong with them. */
export function splitUrlCredentials(kind: ConfigKind, value: unknown): { value: unknown; problems: SchemaProblem[] } {
  const copy: unknown = structuredClone(value);
  const problems: SchemaProblem[] = [];
  const handled = new Set<string>();
  for (const field of URL_FIELDS[kind]) {
    for (const { parent, key, at } of sections(copy, field.path)) {
      handled.add(JSON.stringify(at));
      const url = parent[key];
      const parts = typeof url === 'string' ? splitUserinfo(url) : undefined;
      if (parts !== undefined) {
        const before = problems.length;
        if (parts.password !== undefined && !ENV_REF.test(parts.password)) {
          problems.push({ path: at, message: 'has a password written in the URL, expected ${env:NAME} in its place (user:${env:NAME}@host) or the password field beside it' });
        }
        if (parts.user !== '' && parent.username !== undefined) problems.push({ path: at, message: 'names a user in the URL and in username, expected only one of them' });
        if (parts.password !== undefined && (parent.password !== undefined || parent.password_file !== undefined)) {
          problems.push({ path: at, message: 'has a password in the URL and in password or password_file, expected only one of them' });
        }
        if (problems.length === before) {
          parent[key] = `${parts.scheme}${parts.rest}`;
          if (parts.user !== '') parent.username = parts.user;
          if (parts.password !== undefined) parent.password = parts.password;
        }
      }
      if (field.requireUser === true && parent.username === undefined) {
        problems.push({ path: at.slice(0, -1), message: `has no username, expected username: or a user in the ${key} (user:\${env:NAME}@host)` });
      }
    }
  }
  walkStrings(copy, [], (text, at) => {
    if (handled.has(JSON.stringify(at))) return;
    const parts = splitUserinfo(text);
    if (parts?.password !== undefined) problems.push({ path: at, message: 'has a password inside a URL, which this field cannot keep apart, expected a URL without user:password@' });
  });
  return { value: copy, problems };
}

function walkStrings(node: unknown, at: Path, visit: (text: string, at: Path) => void): void {
  if (typeof node === 'string') visit(node, at);
  else if (Array.isArray(node)) node.forEach((item, i) => walkStrings(item, [...at, i], visit));
  else if (isRecord(node)) for (const [k, v] of Object.entries(node)) walkStrings(v, [...at, k], visit);
}
