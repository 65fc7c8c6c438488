import type { CredentialRecord } from '../store/types.js';
import { verifyRoomPassword } from './room-credentials.js';

/**
 * The credentials the broker checks, kept in memory (one entry per room) and refreshed by
 * provisioning, so a CONNECT costs one PBKDF2 and no store round trip.
 */
export class RoomDirectory {
  private readonly byUser = new Map<string, CredentialRecord>();

  load(credentials: readonly CredentialRecord[]): void {
    this.byUser.clear();
    for (const c of credentials) this.byUser.set(c.username, c);
  }

  set(credential: CredentialRecord): void {
    for (const [user, c] of this.byUser) if (c.root === credential.root) this.byUser.delete(user);
    this.byUser.set(credential.username, credential);
  }

  removeRoom(root: string): void {
    for (const [user, c] of this.byUser) if (c.root === root) this.byUser.delete(user);
  }

  /** The hash in force per room root. */
  hashes(): Map<string, string> {
    return new Map([...this.byUser.values()].map((c) => [c.root, c.hash]));
  }

  get size(): number {
    return this.byUser.size;
  }

  /** The room root when the user name and password match, else undefined. */
  async verify(username: string | undefined, password: Buffer | undefined): Promise<string | undefined> {
    if (username === undefined || password === undefined) return undefined;
    const credential = this.byUser.get(username);
    if (credential === undefined) return undefined;
    return (await verifyRoomPassword(password, credential.hash)) ? credential.root : undefined;
  }
}
