import { XMLParser } from 'fast-xml-parser';

/**
 * SOAP envelopes as flat lists of fields, for comparing what the driver sends with what real
 * clients sent (the `*.Request.xml` captures): every element and attribute below Header or
 * Body, named by namespace URI and local name (prefixes differ between clients and mean nothing),
 * with its text. Written for the tests; the driver's own XML code is not used.
 */
export interface SoapField {
  /** `{uri}Name/{uri}Child/@Attr` below Header or Body. */
  path: string;
  value: string;
}

const parser = new XMLParser({ removeNSPrefix: false, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true, processEntities: false });

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function scope(node: Node, inherited: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(inherited);
  for (const [k, v] of Object.entries(node)) {
    if (k === '@xmlns' && typeof v === 'string') out.set('', v);
    else if (k.startsWith('@xmlns:') && typeof v === 'string') out.set(k.slice(7), v);
  }
  return out;
}

function qualified(name: string, ns: ReadonlyMap<string, string>, attribute: boolean): string {
  const i = name.indexOf(':');
  const prefix = i === -1 ? '' : name.slice(0, i);
  const localName = i === -1 ? name : name.slice(i + 1);
  // Unprefixed attributes have no namespace; unprefixed elements take the default one.
  const uri = attribute && prefix === '' ? '' : (ns.get(prefix) ?? `?${prefix}`);
  return `{${uri}}${localName}`;
}

/** One element `key` with `node` as content, below `parent` (its own xmlns declarations apply to its name). */
function walk(key: string, node: unknown, parent: string, inherited: ReadonlyMap<string, string>, out: SoapField[]): void {
  const here = isNode(node) ? scope(node, inherited) : inherited;
  const path = `${parent === '' ? '' : `${parent}/`}${qualified(key, here, false)}`;
  if (!isNode(node)) {
    out.push({ path, value: typeof node === 'string' ? node.trim() : '' });
    return;
  }
  let leaf = true;
  for (const [k, value] of Object.entries(node)) {
    if (k === '#text') out.push({ path, value: String(value).trim() });
    else if (k.startsWith('@')) {
      const name = k.slice(1);
      if (name === 'xmlns' || name.startsWith('xmlns:') || name.endsWith(':mustUnderstand')) continue;
      out.push({ path: `${path}/@${qualified(name, here, true)}`, value: String(value).trim() });
    } else {
      leaf = false;
      for (const item of Array.isArray(value) ? value : [value]) walk(k, item, path, here, out);
    }
  }
  if (leaf && !Object.hasOwn(node, '#text')) out.push({ path, value: '' });
}

const SOAP = 'http://www.w3.org/2003/05/soap-envelope';

/** The fields of the envelope's Header and Body. */
export function soapFields(xml: string): { header: SoapField[]; body: SoapField[] } {
  const doc = parser.parse(xml) as Node;
  const envKey = Object.keys(doc).find((k) => k.endsWith('Envelope'));
  const env = envKey === undefined ? undefined : doc[envKey];
  if (!isNode(env)) throw new Error('not a SOAP envelope');
  const ns = scope(env, new Map());
  const part = (name: string): SoapField[] => {
    const key = Object.keys(env).find((k) => !k.startsWith('@') && qualified(k, ns, false) === `{${SOAP}}${name}`);
    if (key === undefined) return [];
    const out: SoapField[] = [];
    const node = env[key];
    const inner = isNode(node) ? scope(node, ns) : ns;
    if (isNode(node)) for (const [k, v] of Object.entries(node)) if (!k.startsWith('@') && k !== '#text') for (const item of Array.isArray(v) ? v : [v]) walk(k, item, '', inner, out);
    return out;
  };
  return { header: part('Header'), body: part('Body') };
}

/** The local name and namespace of the Body's operation element. */
export function operationOf(xml: string): { name: string; ns: string } | undefined {
  const first = soapFields(xml).body[0]?.path;
  const m = first === undefined ? null : /^\{([^}]*)\}([^/{]+)/.exec(first);
  return m === null ? undefined : { ns: m[1] ?? '', name: m[2] ?? '' };
}
