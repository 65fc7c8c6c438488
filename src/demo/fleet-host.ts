import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScError } from '../core/errors/index.js';
import { randomPassword } from '../core/passwords.js';
import { UserService } from '../fleet/auth/users.js';
import { Provisioning } from '../fleet/provisioning.js';
import { FleetService } from '../fleet/service.js';
import { fleetSettings } from '../fleet/settings.js';
import { SqliteStore } from '../fleet/store/sqlite/sqlite-store.js';
import type { RoomUplink } from './room-config.js';
import { roomRootOf, type RoomPlan } from './plan.js';

export interface FleetHostOptions {
  dataDir: string;
  name: string;
  httpPort: number;
  mqttPort: number;
  /** An external broker instead of the embedded one. */
  brokerUrl?: string;
  log: Logger;
  version: string;
}

export interface Login {
  user: string;
  password: string;
}

/**
 * `classroom fleet` as the demo runs it: the same FleetService, with its store in the demo's data
 * directory, plus what an admin would do by hand: sites, rooms, room credentials, accounts.
 */
export class FleetHost {
  private store: SqliteStore | undefined;
  private service: FleetService | undefined;
  dashboardUrl = '';
  mqttUrl = '';

  constructor(private readonly o: FleetHostOptions) {}

  async start(): Promise<{ admin: Login; operator: Login }> {
    const o = this.o;
    const settings = fleetSettings({
      schemaVersion: 1,
      fleet: { name: o.name },
      dataDir: join(o.dataDir, 'fleet'),
      broker: o.brokerUrl === undefined ? { mode: 'embedded', host: '127.0.0.1', mqttPort: o.mqttPort } : { mode: 'external', url: o.brokerUrl, clientId: `sc-demo-fleet-${process.pid}` },
      http: { host: '127.0.0.1', port: o.httpPort, publicUrl: `http://127.0.0.1:${o.httpPort}` },
    });
    // The dashboard is plain HTTP on loopback here: a Secure cookie would never be sent back.
    settings.http.secureCookies = false;
    const store = new SqliteStore(settings.storePath);
    this.store = store;
    mkdirSync(settings.dataDir, { recursive: true });
    await store.start();
    const service = new FleetService({ settings, log: o.log, version: o.version, store, syncMs: 5000 });
    this.service = service;
    const started = await service.start();
    this.dashboardUrl = `http://127.0.0.1:${started.http.port}/`;
    this.mqttUrl = o.brokerUrl ?? `mqtt://127.0.0.1:${started.mqtt.mqtt ?? o.mqttPort}`;
    const users = new UserService({ repo: store.users });
    const admin = started.firstAdmin === undefined ? await this.resetPassword(users, 'admin', 'admin') : { user: started.firstAdmin.username, password: started.firstAdmin.password };
    const operator = await this.resetPassword(users, 'operator', 'operator');
    return { admin, operator };
  }

  /** A fresh password for a demo account (made if missing): printed, so anyone can log in. */
  private async resetPassword(users: UserService, username: string, role: 'admin' | 'operator'): Promise<Login> {
    const password = randomPassword();
    const existing = await users.byName(username);
    if (existing === undefined) await users.add({ username, password, role });
    else await users.update(existing.id, { password });
    return { user: username, password };
  }

  /**
   * Sites and rooms in the fleet, and MQTT credentials for each room. Passwords are kept in the
   * data directory (mode 600) so a second run reuses them; a room without one gets new ones.
   */
  async provision(plans: readonly RoomPlan[]): Promise<Map<number, RoomUplink>> {
    const store = this.store;
    const service = this.service;
    if (store === undefined || service === undefined) throw new ScError('SC_ERR_INTERNAL', { detail: 'the demo fleet has not started' });
    const provisioning = new Provisioning({ store, directory: service.directory, bus: undefined, brokerUrl: this.mqttUrl });
    const file = join(this.o.dataDir, 'room-credentials.json');
    const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { username: string; password: string }>) : {};
    const out = new Map<number, RoomUplink>();
    for (const plan of plans) {
      const root = roomRootOf(plan);
      const siteKey = `${plan.country}/${plan.site}`;
      if ((await store.rooms.getSite(siteKey)) === undefined) await provisioning.addSite(plan.country, plan.site, plan.siteName);
      let cred = saved[root];
      if ((await store.rooms.getRoom(root)) === undefined) {
        const { credential } = await provisioning.addRoom({ country: plan.country, site: plan.site, room: plan.room }, `${plan.name}, ${plan.siteName}`);
        cred = { username: credential.username, password: credential.password };
      } else if (cred === undefined) {
        const credential = await provisioning.rotate(root);
        cred = { username: credential.username, password: credential.password };
      }
      saved[root] = cred;
      out.set(plan.index, { url: this.mqttUrl, ...cred });
    }
    writeFileSync(file, JSON.stringify(saved), { mode: 0o600 });
    // The broker and the dashboard learn of the new rooms now, not at the next periodic sync.
    await service.sync();
    return out;
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    this.service = undefined;
    await this.store?.stop();
    this.store = undefined;
  }
}
