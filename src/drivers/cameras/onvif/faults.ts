import { child, children, parseXml, soapBody, text, type XmlValue } from '../../../transports/xml.js';

/** A SOAP 1.2 fault (SOAP 1.1 faultcode/faultstring is read too), with namespace prefixes dropped. */
export interface SoapFault {
  /** env:Sender / env:Receiver, without prefix. */
  code: string;
  /** ter:NotAuthorized, ter:ActionNotSupported, ... innermost last, without prefix. */
  subcodes: string[];
  reason: string;
}

const stripPrefix = (v: string): string => v.trim().replace(/^[^:]*:/, '');

function subcodes(node: XmlValue | undefined): string[] {
  const out: string[] = [];
  let current = child(node, 'Subcode');
  while (current !== undefined) {
    const value = text(child(current, 'Value'));
    if (value !== undefined) out.push(stripPrefix(value));
    current = child(current, 'Subcode');
  }
  return out;
}

/** The fault in a reply, undefined when the reply is not a fault, throws when it is not XML. */
export function parseFault(xml: string): SoapFault | undefined {
  const body = soapBody(parseXml(xml));
  const fault = children(body, 'Fault')[0];
  if (fault === undefined) return undefined;
  const code12 = text(child(fault, 'Code', 'Value'));
  if (code12 !== undefined) {
    const reasons = children(child(fault, 'Reason'), 'Text').map((t) => text(t) ?? '').filter((t) => t !== '');
    return { code: stripPrefix(code12), subcodes: subcodes(child(fault, 'Code')), reason: reasons[0] ?? '' };
  }
  const code11 = text(child(fault, 'faultcode')) ?? '';
  return { code: stripPrefix(code11), subcodes: [], reason: text(child(fault, 'faultstring')) ?? '' };
}

export function faultName(fault: SoapFault): string {
  return fault.subcodes.length > 0 ? fault.subcodes.join('/') : fault.code;
}

const AUTH_SUBCODES = new Set(['NotAuthorized', 'FailedAuthentication', 'InvalidSecurityToken', 'MessageExpired', 'InvalidSecurity']);

/** "Not authorized" or a WS-Security time check: the two answers a clock jump produces. */
export function isAuthFault(fault: SoapFault, httpStatus: number): boolean {
  if (fault.subcodes.some((s) => AUTH_SUBCODES.has(s))) return true;
  const reason = fault.reason.toLowerCase();
  return httpStatus === 401 || /not ?authori[sz]ed|expired|timestamp|created/.test(reason);
}
