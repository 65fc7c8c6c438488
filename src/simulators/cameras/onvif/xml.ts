import { XMLParser } from 'fast-xml-parser';

/**
 * Request parsing for the simulated camera. Entity processing is off and any DTD is refused,
 * as a camera should: the simulator must not be the weak point of a test rig either.
 */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export function parseRequest(xml: string): XmlNode {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) throw new Error('DTDs are not allowed in SOAP messages');
  const doc: unknown = parser.parse(xml);
  if (doc === null || typeof doc !== 'object') throw new Error('empty request');
  return doc as XmlNode;
}

export function get(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current = node;
  for (const name of path) {
    if (current === undefined || typeof current !== 'object' || Array.isArray(current)) return undefined;
    const next: XmlValue | undefined = current[name];
    current = Array.isArray(next) ? next[0] : next;
  }
  return current;
}

export function all(node: XmlValue | undefined, name: string): XmlValue[] {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return [];
  const v = node[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function textOf(node: XmlValue | undefined): string | undefined {
  if (typeof node === 'string') return decode(node);
  if (node !== undefined && typeof node === 'object' && !Array.isArray(node) && typeof node['#text'] === 'string') return decode(node['#text']);
  return undefined;
}

export function attrOf(node: XmlValue | undefined, name: string): string | undefined {
  if (node === undefined || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const v = node[`@${name}`];
  return typeof v === 'string' ? decode(v) : undefined;
}

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_w, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e] ?? _w);
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The operation element of a request: local name and namespace URI. */
export function operationOf(xml: string): { name: string; ns: string } | undefined {
  const m = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:([\w.-]+):)?([\w.-]+)\b([^>]*)>?/.exec(xml);
  if (m === null) return undefined;
  const [, prefix, name = '', attrs = ''] = m;
  const own = prefix === undefined ? /\sxmlns="([^"]*)"/.exec(attrs) : new RegExp(`\\sxmlns:${prefix}="([^"]*)"`).exec(attrs);
  const declared = own ?? (prefix === undefined ? undefined : new RegExp(`xmlns:${prefix}="([^"]*)"`).exec(xml));
  return { name, ns: declared?.[1] ?? '' };
}
