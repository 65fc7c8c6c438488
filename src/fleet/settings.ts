import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetConfig } from '../core/config/index.js';
import { ScError, messageOf } from '../core/errors/index.js';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from './alerts/rules.js';
import type { ListenerSpec } from './broker/listeners.js';

/** The fleet config with every default applied, in the units the code uses. */
export interface FleetSettings {
  name: string;
  dataDir: string;
  storePath: string;
  retentionDays: number;
  broker: {
    mode: 'embedded' | 'external';
    listeners: ListenerSpec[];
    maxMessageBytes: number;
    maxMessagesPerSecond: number;
    /** What rooms connect to (written into their uplink config). */
    publicUrl: string;
    external?: { url: string; username?: string; password?: string; ca?: string; clientId?: string; shareGroup: string };
  };
  http: { host: string; port: number; publicUrl?: string; cookieSecret?: string; sessionHours: number; loginAttemptsPerMinute: number; secureCookies: boolean };
  alerts: AlertThresholds;
  webhook?: { url: string; secret?: string };
  commands: { expirySeconds: number; replyWaitSeconds: number };
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScError('SC_ERR_FLEET_TLS_FILES', { reason: `${what} ${path}: ${messageOf(err)}` }, { cause: err });
  }
}

export function fleetSettings(config: FleetConfig): FleetSettings {
  const b = config.broker;
  const host = b.host ?? '127.0.0.1';
  const listeners: ListenerSpec[] = [];
  if (b.mode === 'embedded') {
    listeners.push({ transport: 'mqtt', host, port: b.mqttPort ?? 1883 });
    if (b.tlsPort !== undefined) {
      if (b.cert_file === undefined || b.key_file === undefined) throw new ScError('SC_ERR_FLEET_CONFIG', { detail: 'broker.tlsPort needs broker.cert_file and broker.key_file' });
      listeners.push({ transport: 'mqtts', host, port: b.tlsPort, tls: { cert: readPem(b.cert_file, 'certificate'), key: readPem(b.key_file, 'key') } });
    }
    if (b.wsPort !== undefined) listeners.push({ transport: 'ws', host, port: b.wsPort });
  } else if (b.url === undefined) {
    throw new ScError('SC_ERR_FLEET_CONFIG', { detail: 'broker.mode external needs broker.url' });
  }
  const httpPublic = config.http.publicUrl;
  let publicHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  if (httpPublic !== undefined) {
    try {
      publicHost = new URL(httpPublic).hostname;
    } catch {
      throw new ScError('SC_ERR_FLEET_CONFIG', { detail: `http.publicUrl ${httpPublic} is not a URL` });
    }
  }
  const publicUrl =
    b.publicUrl ?? b.url ?? (b.tlsPort !== undefined ? `mqtts://${publicHost}:${b.tlsPort}` : `mqtt://${publicHost}:${b.mqttPort ?? 1883}`);
  const a = config.alerts ?? {};
  return {
    name: config.fleet.name,
    dataDir: config.dataDir,
    storePath: config.store?.path ?? join(config.dataDir, 'fleet.db'),
    retentionDays: config.store?.retentionDays ?? 400,
    broker: {
      mode: b.mode === 'external' ? 'external' : 'embedded',
      listeners,
      maxMessageBytes: b.maxMessageBytes ?? 262_144,
      maxMessagesPerSecond: b.maxMessagesPerSecond ?? 200,
      publicUrl,
      ...(b.mode === 'external' && b.url !== undefined
        ? {
            external: {
              url: b.url,
              shareGroup: b.shareGroup ?? 'fleet',
              ...(b.username === undefined ? {} : { username: b.username }),
              ...(b.password === undefined ? {} : { password: b.password }),
              ...(b.ca_file === undefined ? {} : { ca: readPem(b.ca_file, 'CA') }),
              ...(b.clientId === undefined ? {} : { clientId: b.clientId }),
            },
          }
        : {}),
    },
    http: {
      host: config.http.host ?? '127.0.0.1',
      port: config.http.port ?? 8090,
      ...(httpPublic === undefined ? {} : { publicUrl: httpPublic }),
      ...(config.http.cookieSecret === undefined ? {} : { cookieSecret: config.http.cookieSecret }),
      sessionHours: config.http.sessionHours ?? 12,
      loginAttemptsPerMinute: config.http.loginAttemptsPerMinute ?? 10,
      // Secure cookies unless the dashboard is explicitly served over plain http.
      secureCookies: httpPublic === undefined || !httpPublic.startsWith('http:'),
    },
    alerts: {
      roomOfflineMs: (a.roomOfflineMinutes ?? DEFAULT_THRESHOLDS.roomOfflineMs / 60_000) * 60_000,
      deviceOfflineMs: (a.deviceOfflineMinutes ?? DEFAULT_THRESHOLDS.deviceOfflineMs / 60_000) * 60_000,
      clockSkewMs: (a.clockSkewSeconds ?? DEFAULT_THRESHOLDS.clockSkewMs / 1000) * 1000,
      diskLowPercent: a.diskLowPercent ?? DEFAULT_THRESHOLDS.diskLowPercent,
      outboxBacklog: a.outboxBacklogMessages ?? DEFAULT_THRESHOLDS.outboxBacklog,
      debounceMs: (a.debounceSeconds ?? DEFAULT_THRESHOLDS.debounceMs / 1000) * 1000,
    },
    ...(a.webhook === undefined ? {} : { webhook: { url: a.webhook.url, ...(a.webhook.secret === undefined ? {} : { secret: a.webhook.secret }) } }),
    commands: { expirySeconds: config.commands?.expirySeconds ?? 120, replyWaitSeconds: config.commands?.replyWaitSeconds ?? 15 },
  };
}
