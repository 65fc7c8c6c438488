import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { ScError, isScError, messageOf } from '../core/errors/index.js';
import { HttpClient } from '../transports/http/index.js';
import { child, children, parseXml, soapBody, text } from '../transports/xml.js';
import type { DiscoveredDevice, DiscoveryOptions, DiscoveryResult } from './types.js';

export const WS_DISCOVERY_GROUP = '239.255.255.250';
export const WS_DISCOVERY_PORT = 3702;

/** A WS-Discovery Probe for ONVIF video transmitters. */
export function probeMessage(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
    `<s:Header><a:MessageID>${messageId}</a:MessageID><a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>` +
    '<a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>' +
    '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>'
  );
}

export interface ProbeMatch {
  endpoint: string;
  xaddrs: string[];
  scopes: string[];
}

/** The matches in a reply to our probe; anything else (other probes, replies to others) is ignored. */
export function parseProbeMatches(xml: string, messageId: string): ProbeMatch[] {
  let doc;
  try {
    doc = parseXml(xml);
  } catch {
    return [];
  }
  const relatesTo = text(child(doc, 'Envelope', 'Header', 'RelatesTo'))?.trim();
  if (relatesTo !== messageId) return [];
  return children(child(soapBody(doc), 'ProbeMatches'), 'ProbeMatch').map((m) => ({
    endpoint: text(child(m, 'EndpointReference', 'Address'))?.trim() ?? '',
    xaddrs: (text(child(m, 'XAddrs')) ?? '').split(/\s+/).filter((x) => /^https?:\/\//.test(x)),
    scopes: (text(child(m, 'Scopes')) ?? '').split(/\s+/).filter((s) => s !== ''),
  }));
}

function scope(scopes: readonly string[], key: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${key}/`;
  const found = scopes.find((s) => s.startsWith(prefix));
  return found === undefined ? undefined : decodeURIComponent(found.slice(prefix.length));
}

/**
 * Asks the camera for its device information without credentials (through the transports' HTTP
 * client, so the answer is bounded in time and size and never redirected): a refusal means they
 * are needed; anything else that is not the answer leaves it unknown.
 */
export async function credentialsNeeded(xaddr: string, timeoutMs: number): Promise<'required' | 'not required' | 'unknown'> {
  const body =
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>' +
    '<GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>';
  let url: URL;
  try {
    url = new URL(xaddr);
  } catch {
    return 'unknown';
  }
  const http = new HttpClient({ device: url.host, timeoutMs, maxBytes: 256 * 1024 });
  try {
    const res = await http.request({ method: 'POST', url, command: 'GetDeviceInformation', headers: { 'Content-Type': 'application/soap+xml; charset=utf-8' }, body });
    const xml = res.text();
    if (/NotAuthorized|not ?authori[sz]ed/i.test(xml)) return 'required';
    return res.status === 200 && /GetDeviceInformationResponse/.test(xml) ? 'not required' : 'unknown';
  } catch (err) {
    // A 401 with no credentials to answer it is the refusal we are looking for.
    return isScError(err, 'SC_ERR_AUTH_FAILED') ? 'required' : 'unknown';
  } finally {
    http.close();
  }
}

/**
 * `classroom discover --onvif`: WS-Discovery probes to the multicast group (TTL 1, so they stay
 * on this subnet) or, with `address`, by unicast to one host; repeated because UDP gets lost;
 * answers de-duplicated by endpoint.
 */
export async function discoverOnvif(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const address = options.address ?? WS_DISCOVERY_GROUP;
  const port = options.port ?? WS_DISCOVERY_PORT;
  if (!isIPv4(address)) throw new ScError('SC_ERR_USAGE', { detail: `--address must be an IPv4 address, not ${address}` });
  const multicast = address === WS_DISCOVERY_GROUP || Number(address.split('.')[0]) >= 224;
  const messageId = `urn:uuid:${randomUUID()}`;
  const found = new Map<string, ProbeMatch>();
  const socket: Socket = createSocket({ type: 'udp4' });
  socket.on('message', (msg) => {
    for (const m of parseProbeMatches(msg.toString('utf8'), messageId)) {
      const key = m.endpoint !== '' ? m.endpoint : (m.xaddrs[0] ?? '');
      if (key !== '' && !found.has(key)) found.set(key, m);
    }
  });
  let socketError: Error | undefined;
  socket.on('error', (err) => (socketError = err));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      // Bind on loopback when probing loopback, so a test never opens a socket on the LAN.
      socket.bind(0, address.startsWith('127.') ? '127.0.0.1' : undefined, () => resolve());
    });
    if (multicast) socket.setMulticastTTL(1);
    const probe = Buffer.from(probeMessage(messageId));
    const repeats = 3;
    for (let i = 0; i < repeats && socketError === undefined; i += 1) {
      await new Promise<void>((resolve) => socket.send(probe, port, address, () => resolve()));
      await new Promise((r) => setTimeout(r, Math.max(50, Math.floor(options.timeoutMs / (repeats + 1)))));
    }
    await new Promise((r) => setTimeout(r, Math.max(50, options.timeoutMs - Math.floor(options.timeoutMs / (repeats + 1)) * repeats)));
  } catch (err) {
    throw new ScError('SC_ERR_DISCOVERY_SOCKET', { reason: messageOf(err) }, { cause: err });
  } finally {
    socket.close();
  }
  if (socketError !== undefined) options.log.warn({ err: socketError.message }, 'WS-Discovery socket error');
  const devices: DiscoveredDevice[] = [];
  for (const m of found.values()) {
    const xaddr = m.xaddrs[0];
    if (xaddr === undefined) continue;
    const credentials = await credentialsNeeded(xaddr, Math.min(2000, Math.max(500, options.timeoutMs)));
    const model = scope(m.scopes, 'hardware') ?? 'unknown model';
    const name = scope(m.scopes, 'name');
    devices.push({
      kind: 'onvif',
      target: xaddr,
      description: `${name === undefined ? '' : `${name} `}(${model}), credentials ${credentials}`,
      drivers: ['onvif'],
      details: { model, ...(name === undefined ? {} : { name }), credentials, endpoint: m.endpoint, ptz: m.scopes.some((s) => s.endsWith('/type/ptz')) },
    });
  }
  const notes: string[] = [];
  if (devices.length === 0) {
    notes.push(
      multicast
        ? 'No ONVIF camera answered. Check that the camera is on this subnet (probes do not cross routers), that ONVIF and WS-Discovery are enabled in its web page, and that no firewall drops UDP 3702.'
        : `Nothing answered at ${address}:${port}.`,
    );
  }
  return { devices, notes };
}
