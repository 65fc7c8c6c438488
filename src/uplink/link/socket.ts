import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';
import { ScError } from '../../core/errors/index.js';

export interface BrokerAddress {
  secure: boolean;
  host: string;
  port: number;
}

/** mqtt:// and mqtts:// only: the agent counts every byte on its own TCP socket, which WebSocket transports would hide. */
export function parseBrokerUrl(url: string): BrokerAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ScError('SC_ERR_MQTT_URL', { url, reason: 'not a URL' });
  }
  if (u.protocol !== 'mqtt:' && u.protocol !== 'mqtts:') throw new ScError('SC_ERR_MQTT_URL', { url, reason: `${u.protocol}// is not one of mqtt://, mqtts://` });
  const secure = u.protocol === 'mqtts:';
  const port = u.port === '' ? (secure ? 8883 : 1883) : Number(u.port);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ScError('SC_ERR_MQTT_URL', { url, reason: 'no host' });
  return { secure, host, port };
}

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/**
 * Opens the TCP (and TLS) stream for one MQTT connection, with Nagle off (a command round trip
 * is ~40 ms slower otherwise). `onSocket` gets the raw TCP socket, whose byte counters include
 * the TLS overhead: what the metered link actually carries.
 */
export function openBrokerStream(address: BrokerAddress, tls: TlsMaterial, onSocket: (raw: Socket) => void): Duplex {
  const raw = netConnect({ host: address.host, port: address.port });
  raw.setNoDelay(true);
  onSocket(raw);
  if (!address.secure) return raw;
  const secure = tlsConnect({
    socket: raw,
    servername: /^[\d.]+$|:/.test(address.host) ? undefined : address.host,
    host: address.host,
    rejectUnauthorized: true,
    ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    ...(tls.cert === undefined ? {} : { cert: tls.cert }),
    ...(tls.key === undefined ? {} : { key: tls.key }),
  });
  // A TLS failure closes the stream; mqtt.js then sees `close` and our backoff takes over.
  secure.on('error', () => raw.destroy());
  return secure;
}
