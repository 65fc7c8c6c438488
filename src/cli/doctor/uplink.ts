import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import mqtt from 'mqtt';
import { messageOf } from '../../core/errors/index.js';
import { FLEET_STATUS_TOPIC } from '../../contract/mqtt/index.js';
import { fail, ok, skip, warn, type Check, type CheckOutcome, type CheckResult, type DoctorContext } from './types.js';

const DEFAULT_PORTS: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883, 'ws:': 80, 'wss:': 443 };
const EXPIRY_WARN_DAYS = 30;

interface Broker {
  url: URL;
  host: string;
  port: number;
  secure: boolean;
  ca?: Buffer;
  username: string;
  password?: string;
}

function brokerOf(ctx: DoctorContext): Broker | CheckResult {
  const uplink = ctx.config?.value.uplink;
  if (uplink === undefined) return skip(ctx.config === undefined ? 'needs a valid config' : 'this room has no uplink configured (it runs stand-alone)');
  const url = new URL(uplink.url);
  let ca: Buffer | undefined;
  if (uplink.ca_file !== undefined) {
    try {
      ca = readFileSync(uplink.ca_file);
    } catch (err) {
      return fail(`cannot read uplink.ca_file ${uplink.ca_file}: ${messageOf(err)}`, 'Copy the fleet CA certificate to that path (the fleet admin gives it with the room credentials).');
    }
  }
  return {
    url,
    host: url.hostname,
    port: url.port === '' ? (DEFAULT_PORTS[url.protocol] ?? 1883) : Number(url.port),
    secure: url.protocol === 'mqtts:' || url.protocol === 'wss:',
    ...(ca === undefined ? {} : { ca }),
    // The loader makes sure there is one (here or from user@ in the url).
    username: uplink.username ?? '',
    ...(uplink.password === undefined ? {} : { password: uplink.password }),
  };
}

function tcpReach(host: string, port: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Date.now() - started);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.connect(port, host);
  });
}

function peerCertificate(b: Broker, timeoutMs: number): Promise<{ cert: PeerCertificate; authorized: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: b.host, port: b.port, servername: b.host, rejectUnauthorized: false, ...(b.ca === undefined ? {} : { ca: b.ca }) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`TLS handshake did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate();
      const error = socket.authorizationError === null ? undefined : String(socket.authorizationError);
      socket.destroy();
      resolve({ cert, authorized: socket.authorized, ...(error === undefined ? {} : { error }) });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export const brokerReachable: Check = {
  id: 'broker',
  title: 'Fleet broker reachable',
  async run(ctx) {
    const b = brokerOf(ctx);
    if (!('url' in b)) return b;
    try {
      const ms = await tcpReach(b.host, b.port, ctx.timeoutMs);
      return ok(`${b.host}:${b.port} accepts connections (${ms} ms)`);
    } catch (err) {
      return fail(`${b.host}:${b.port} is not reachable: ${messageOf(err)}`, 'Check the internet link and the broker address in uplink.url; the room keeps working offline and sends everything once the link is back.');
    }
  },
};

export const brokerCertificate: Check = {
  id: 'tls',
  title: 'Broker TLS certificate',
  async run(ctx) {
    const b = brokerOf(ctx);
    if (!('url' in b)) return b;
    if (!b.secure) return skip(`${b.url.protocol}// is not encrypted; use mqtts:// on links outside the campus network`);
    let peer;
    try {
      peer = await peerCertificate(b, ctx.timeoutMs);
    } catch (err) {
      return fail(`TLS handshake with ${b.host}:${b.port} failed: ${messageOf(err)}`, 'Check that the port serves MQTT over TLS.');
    }
    const validTo = new Date(peer.cert.valid_to);
    const days = Math.floor((validTo.getTime() - ctx.now()) / 86_400_000);
    if (peer.error === 'CERT_HAS_EXPIRED' || days < 0) {
      return fail(`the broker certificate expired on ${validTo.toISOString().slice(0, 10)}`, 'The fleet admin must renew the broker certificate; rooms cannot connect until then.');
    }
    if (!peer.authorized) {
      return fail(`the broker certificate is not trusted: ${peer.error ?? 'unknown reason'}`, 'Set uplink.ca_file to the CA that signed the broker certificate.');
    }
    if (days < EXPIRY_WARN_DAYS) return warn(`the broker certificate expires in ${days} day(s) (${validTo.toISOString().slice(0, 10)})`, 'Tell the fleet admin to renew it.');
    return ok(`trusted, valid until ${validTo.toISOString().slice(0, 10)} (${days} days)`);
  },
};

export const credentialsAndFleet: Check = {
  id: 'mqtt',
  title: 'Room credentials and fleet status',
  async run(ctx) {
    const b = brokerOf(ctx);
    if (!('url' in b)) return b;
    const started = ctx.now();
    const outcome = (id: string, title: string, r: CheckResult): CheckOutcome => ({ id, title, ms: ctx.now() - started, ...r });
    const client = mqtt.connect(b.url.toString(), {
      protocolVersion: 4,
      reconnectPeriod: 0,
      connectTimeout: ctx.timeoutMs,
      clean: true,
      clientId: `doctor-${b.username}-${process.pid}`,
      username: b.username,
      ...(b.password === undefined ? {} : { password: b.password }),
      ...(b.ca === undefined ? {} : { ca: b.ca }),
    });
    try {
      const connected = await new Promise<true | string>((resolve) => {
        client.once('connect', () => resolve(true));
        client.once('error', (err) => resolve(messageOf(err)));
        client.once('close', () => resolve('the broker closed the connection'));
      });
      if (connected !== true) {
        const refused = /connection refused: |not authori[sz]ed|bad user ?name or password/i.test(connected);
        return [
          outcome(
            'credentials',
            'Room credentials accepted',
            refused
              ? fail(`the broker refused user ${b.username}: ${connected}`, 'Check uplink.username and the password; the fleet admin can rotate the room credentials and give you the new uplink section.')
              : fail(`cannot open an MQTT session: ${connected}`, 'Check uplink.url and that the broker speaks MQTT on that port.'),
          ),
        ];
      }
      const results = [outcome('credentials', 'Room credentials accepted', ok(`user ${b.username} logged in`))];
      const status = await new Promise<{ online?: unknown; ts?: unknown } | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), Math.min(ctx.timeoutMs, 3000));
        client.on('message', (topic, payload) => {
          if (topic !== FLEET_STATUS_TOPIC) return;
          clearTimeout(timer);
          try {
            resolve(JSON.parse(payload.toString()) as { online?: unknown; ts?: unknown });
          } catch {
            resolve({});
          }
        });
        client.subscribe(FLEET_STATUS_TOPIC, { qos: 1 }, (err) => {
          if (err) resolve(undefined);
        });
      });
      results.push(outcome('fleet', 'Fleet online', fleetStatusResult(status)));
      results.push(outcome('skew', 'Clock against the fleet', skewResult(status, ctx.now())));
      return results;
    } finally {
      client.end(true);
    }
  },
};

function fleetStatusResult(status: { online?: unknown } | undefined): CheckResult {
  if (status === undefined) return warn('the fleet has not published its status on this broker', 'Check that the fleet service runs and uses this broker.');
  if (status.online !== true) return fail('the fleet service is offline', 'The room keeps working and queues its events; tell the fleet admin.');
  return ok('the fleet service is online');
}

function skewResult(status: { ts?: unknown } | undefined, now: number): CheckResult {
  if (status === undefined || typeof status.ts !== 'number') return skip('no fleet timestamp to compare with');
  // The fleet refreshes its retained status every 30 s, so an age beyond a few minutes means a wrong clock here (or a stalled fleet).
  const skewS = Math.round((now - status.ts) / 1000);
  if (Math.abs(skewS) <= 120) return ok(`within ${Math.abs(skewS)} s of the fleet`);
  const direction = skewS > 0 ? 'ahead of' : 'behind';
  const report = Math.abs(skewS) > 300 ? fail : warn;
  return report(`this clock is about ${Math.abs(skewS)} s ${direction} the fleet's last status (or the fleet stopped refreshing it)`, 'Synchronise the clock: timedatectl set-ntp true; check the time zone setting.');
}
