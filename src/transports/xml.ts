import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Safe XML for camera replies. SOAP 1.2 forbids a DTD in a message, so any DOCTYPE or entity
 * declaration is refused before a parser sees it: that is what stops entity-expansion
 * ("billion laughs") and external-entity replies, whatever the parser underneath would do.
 */
export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

const DTD = /<!(?:DOCTYPE|ENTITY)/i;

/** Why a reply must not be parsed at all, or undefined when it may be. */
export function refuseReason(xml: string): string | undefined {
  if (DTD.test(xml)) return 'it contains a DTD or entity declaration (forbidden in SOAP)';
  return undefined;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references, and nothing else. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return PREDEFINED[ref.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${Object.entries(PREDEFINED).find(([, v]) => v === c)?.[0] ?? 'amp'};`);
}

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  tagValueProcessor: (_name, value) => decodeEntities(value),
  attributeValueProcessor: (_name, value) => decodeEntities(value),
});

/** Parses a well-formed XML document without a DTD; throws with the reason otherwise. */
export function parseXml(xml: string): XmlNode {
  const refused = refuseReason(xml);
  if (refused !== undefined) throw new Error(refused);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML (${valid.err.msg} at line ${valid.err.line})`);
  const parsed: unknown = parser.parse(xml);
  if (parsed === null || typeof parsed !== 'object') throw new Error('empty XML document');
  return parsed as XmlNode;
}

function asNode(value: XmlValue | undefined): XmlNode | undefined {
  return value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

/** Every child with this local name (namespace prefixes are already removed). */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  const n = asNode(node);
  if (n === undefined) return [];
  const v = n[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function child(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path) current = children(current, name)[0];
  return current;
}

/** Text content of a node: its text, or `#text` when it also has attributes. */
export function text(node: XmlValue | undefined): string | undefined {
  if (typeof node === 'string') return node;
  const n = asNode(node);
  const t = n?.['#text'];
  return typeof t === 'string' ? t : undefined;
}

export function attr(node: XmlValue | undefined, name: string): string | undefined {
  const v = asNode(node)?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** The SOAP Body of an envelope, or undefined when the document is not a SOAP envelope. */
export function soapBody(doc: XmlNode): XmlNode | undefined {
  const body = child(doc, 'Envelope', 'Body');
  if (body === '') return {};
  return asNode(body);
}
