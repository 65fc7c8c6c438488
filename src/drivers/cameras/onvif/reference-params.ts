import { XMLParser } from 'fast-xml-parser';
import { decodeEntities, escapeXml, refuseReason } from '../../../transports/xml.js';

/**
 * WS-Addressing reference parameters of a PullPoint subscription. Some cameras tell their
 * subscriptions apart only by them (Axis: `<dom0:SubscriptionId>5</dom0:SubscriptionId>` with the
 * same address for all), so every later request to the subscription must carry them as SOAP
 * headers, marked `wsa:IsReferenceParameter="true"` (WS-Addressing 1.0 Core §3.3). The Axis
 * capture in tests/fixtures/onvif-vendors shows the refusal (ter:InvalidArgs) of a client that
 * did not. Only parameters with text content are carried (every camera seen uses an id).
 */
type Node = Record<string, unknown>;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

const local = (name: string): string => name.replace(/^[^:]*:/, '');
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Namespace declarations of a node (`xmlns:p` -> p, `xmlns` -> '') on top of the inherited ones. */
function scope(node: Node, inherited: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(inherited);
  for (const [k, v] of Object.entries(node)) {
    if (k === '@xmlns' && typeof v === 'string') out.set('', v);
    else if (k.startsWith('@xmlns:') && typeof v === 'string') out.set(k.slice('@xmlns:'.length), v);
  }
  return out;
}

function step(node: Node, name: string, ns: Map<string, string>): [Node, Map<string, string>] | undefined {
  const key = Object.keys(node).find((k) => !k.startsWith('@') && local(k) === name);
  if (key === undefined) return undefined;
  const raw = node[key];
  const next = Array.isArray(raw) ? (raw[0] as unknown) : raw;
  if (!isNode(next)) return undefined;
  return [next, scope(next, ns)];
}

/** The reference parameters of a CreatePullPointSubscription reply as SOAP header elements (may be empty). */
export function referenceParameterHeaders(xml: string, wsaPrefix = 'a'): string[] {
  if (refuseReason(xml) !== undefined) return [];
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return [];
  }
  if (!isNode(doc)) return [];
  let at: [Node, Map<string, string>] | undefined = [doc, new Map()];
  for (const name of ['Envelope', 'Body', 'CreatePullPointSubscriptionResponse', 'SubscriptionReference', 'ReferenceParameters']) {
    at = at === undefined ? undefined : step(at[0], name, at[1]);
  }
  if (at === undefined) return [];
  const [params, inherited] = at;
  const out: string[] = [];
  for (const [name, raw] of Object.entries(params)) {
    if (name.startsWith('@') || name === '#text') continue;
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const value = typeof item === 'string' ? item : isNode(item) && typeof item['#text'] === 'string' ? item['#text'] : undefined;
      if (value === undefined) continue;
      const ns = scope(isNode(item) ? item : {}, inherited);
      const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : '';
      const uri = ns.get(prefix);
      if (uri === undefined) continue;
      const tag = prefix === '' ? local(name) : `${prefix}:${local(name)}`;
      const decl = prefix === '' ? `xmlns="${escapeXml(uri)}"` : `xmlns:${prefix}="${escapeXml(uri)}"`;
      out.push(`<${tag} ${decl} ${wsaPrefix}:IsReferenceParameter="true">${escapeXml(decodeEntities(value.trim()))}</${tag}>`);
    }
  }
  return out;
}
