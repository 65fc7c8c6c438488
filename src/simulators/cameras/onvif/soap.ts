import type { FixtureSet } from './fixtures.js';
import { esc } from './xml.js';

/** Reply envelopes in the vendor's own style (its XML declaration, root element and prefix). */
export interface SoapReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export const NS = {
  tt: 'http://www.onvif.org/ver10/schema',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  tev: 'http://www.onvif.org/ver10/events/wsdl',
  wsnt: 'http://docs.oasis-open.org/wsn/b-2',
  wsa: 'http://www.w3.org/2005/08/addressing',
  ter: 'http://www.onvif.org/ver10/error',
  tns1: 'http://www.onvif.org/ver10/topics',
} as const;

export function envelope(set: FixtureSet, inner: string): string {
  const p = set.prefix;
  return `${set.envelopeStart}<${p}:Body>${inner}</${p}:Body></${p}:Envelope>`;
}

export function ok(set: FixtureSet, inner: string): SoapReply {
  return { status: 200, body: envelope(set, inner) };
}

/** A SOAP 1.2 fault; Sender faults go out as HTTP 400, Receiver faults as 500 (ONVIF core 5.11). */
export function fault(set: FixtureSet, code: 'Sender' | 'Receiver', subcodes: readonly string[], reason: string): SoapReply {
  const p = set.prefix;
  const nested = subcodes.reduceRight((acc, sc) => `<${p}:Subcode><${p}:Value>${sc}</${p}:Value>${acc}</${p}:Subcode>`, '');
  const inner =
    `<${p}:Fault xmlns:ter="${NS.ter}" xmlns:wsrf-r="http://docs.oasis-open.org/wsrf/r-2"><${p}:Code><${p}:Value>${p}:${code}</${p}:Value>${nested}</${p}:Code>` +
    `<${p}:Reason><${p}:Text xml:lang="en">${esc(reason)}</${p}:Text></${p}:Reason></${p}:Fault>`;
  return { status: code === 'Sender' ? 400 : 500, body: envelope(set, inner) };
}

export const notSupported = (set: FixtureSet, operation: string): SoapReply =>
  fault(set, 'Receiver', ['ter:ActionNotSupported'], `Optional Action Not Implemented: ${operation}`);

export const notAuthorized = (set: FixtureSet, detail: string): SoapReply =>
  fault(set, 'Sender', ['ter:NotAuthorized'], `Sender not Authorized (${detail})`);

export const invalidArg = (set: FixtureSet, sub: string, reason: string): SoapReply => fault(set, 'Sender', ['ter:InvalidArgVal', `ter:${sub}`], reason);

/** A reply that is not XML at all (the mockup's own Error.xml is like this: typographic quotes). */
export const MALFORMED = '<?xml version=\u201d1.0\u201d ?>\n<SOAP-ENV:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"\n    <SOAP-ENV:Body><SOAP-ENV:Fault>';

/** An entity-expansion ("billion laughs") reply: a few hundred bytes that expand to gigabytes. */
export function hostileReply(): string {
  const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  return `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels}]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><x>&lol9;</x></s:Body></s:Envelope>`;
}
