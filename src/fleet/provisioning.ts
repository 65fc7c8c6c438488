import { ScError } from '../core/errors/index.js';
import { isValidLevel, roomRoot, type RoomAddress } from '../contract/mqtt/index.js';
import { roomUsername } from './auth/acl.js';
import { hashRoomPassword, newRoomPassword } from './auth/room-credentials.js';
import type { RoomDirectory } from './auth/room-directory.js';
import type { FleetBus } from './broker/bus.js';
import type { FleetStore } from './store/store.js';
import type { RoomRecord, SiteRecord } from './store/types.js';

export interface IssuedCredential {
  root: string;
  username: string;
  /** Shown once; only its hash is kept. */
  password: string;
  url: string;
  /** The `uplink:` part of the room config (the password goes in a file, never in the YAML). */
  uplinkYaml: string;
}

export interface ProvisioningContext {
  store: FleetStore;
  directory: RoomDirectory;
  bus: FleetBus | undefined;
  /** The broker URL rooms connect to. */
  brokerUrl: string;
  now?: () => number;
}

function checkId(what: string, value: string): void {
  if (!isValidLevel(value) || value.startsWith('-')) throw new ScError('SC_ERR_FLEET_NAME_INVALID', { what, value });
}

export function uplinkYaml(url: string, username: string): string {
  const tls = url.startsWith('mqtts:') || url.startsWith('wss:');
  return [
    '# The link to the fleet (issued by `classroom fleet room add`).',
    'uplink:',
    `  url: ${url}`,
    `  username: ${username}`,
    '  # The password was shown once when the credentials were issued; keep it in this file (mode 600).',
    '  password_file: /etc/smart-classroom/mqtt-password',
    ...(tls ? ['  # The CA that signed the broker certificate.', '  ca_file: /etc/smart-classroom/fleet-ca.pem'] : []),
    '',
  ].join('\n');
}

/** Sites, rooms and room credentials: what an admin does before a room can connect. */
export class Provisioning {
  constructor(private readonly ctx: ProvisioningContext) {}

  get brokerUrl(): string {
    return this.ctx.brokerUrl;
  }

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  async addSite(country: string, site: string, name?: string): Promise<SiteRecord> {
    checkId('country', country);
    checkId('site', site);
    const key = `${country}/${site}`;
    if ((await this.ctx.store.rooms.getSite(key)) !== undefined) throw new ScError('SC_ERR_FLEET_EXISTS', { what: 'site', id: key });
    const record: SiteRecord = { key, country, site, ...(name === undefined ? {} : { name }), createdAt: this.now() };
    await this.ctx.store.rooms.addSite(record);
    return record;
  }

  async addRoom(address: RoomAddress, name?: string): Promise<{ room: RoomRecord; credential: IssuedCredential }> {
    checkId('country', address.country);
    checkId('site', address.site);
    checkId('room', address.room);
    const siteKey = `${address.country}/${address.site}`;
    if ((await this.ctx.store.rooms.getSite(siteKey)) === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'site', id: siteKey });
    const root = roomRoot(address);
    if ((await this.ctx.store.rooms.getRoom(root)) !== undefined) throw new ScError('SC_ERR_FLEET_EXISTS', { what: 'room', id: root });
    const { password, record } = await this.newCredential(address, root);
    const room: RoomRecord = { root, ...address, ...(name === undefined ? {} : { name }), createdAt: this.now() };
    await this.ctx.store.rooms.addRoom(room, record);
    this.ctx.directory.set(record);
    return { room, credential: this.issued(root, record.username, password) };
  }

  /** New credentials; the old ones stop working at once and live connections are closed. */
  async rotate(root: string): Promise<IssuedCredential> {
    const room = await this.requireRoom(root);
    const { password, record } = await this.newCredential(room, root);
    await this.ctx.store.rooms.setCredential(record);
    this.ctx.directory.set(record);
    this.ctx.bus?.disconnectRoom(root);
    return this.issued(root, record.username, password);
  }

  async revoke(root: string): Promise<{ disconnected: number }> {
    await this.requireRoom(root);
    await this.ctx.store.rooms.revokeCredential(root);
    this.ctx.directory.removeRoom(root);
    return { disconnected: this.ctx.bus?.disconnectRoom(root) ?? 0 };
  }

  async requireRoom(root: string): Promise<RoomRecord> {
    const room = await this.ctx.store.rooms.getRoom(root);
    if (room === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
    return room;
  }

  private async newCredential(address: RoomAddress, root: string) {
    const password = newRoomPassword();
    const username = roomUsername({ country: address.country, site: address.site, room: address.room });
    return { password, record: { username, root, hash: await hashRoomPassword(password), createdAt: this.now() } };
  }

  private issued(root: string, username: string, password: string): IssuedCredential {
    return { root, username, password, url: this.ctx.brokerUrl, uplinkYaml: uplinkYaml(this.ctx.brokerUrl, username) };
  }
}
