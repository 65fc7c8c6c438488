import { ScError } from '../../core/errors/index.js';
import type { UserRepo } from '../store/store.js';
import { ROLES, type Role, type UserRecord } from '../store/types.js';
import { checkPasswordStrength, hashPassword, randomPassword, verifyPassword } from '../../core/passwords.js';

const USERNAME = /^[a-zA-Z0-9._@-]{2,64}$/;
/** Verified against when the user does not exist, so a wrong name costs as long as a wrong password. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export type PublicUser = Omit<UserRecord, 'passwordHash'>;

export function publicUser(u: UserRecord): PublicUser {
  const { passwordHash: _hidden, ...rest } = u;
  return rest;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  sites?: string[];
}

/** Accounts of the people who use the dashboard. */
export class UserService {
  constructor(private readonly ctx: { repo: UserRepo; now?: () => number }) {}

  async add(u: NewUser): Promise<PublicUser> {
    if (!USERNAME.test(u.username)) throw new ScError('SC_ERR_FLEET_NAME_INVALID', { what: 'user name', value: u.username });
    if (!ROLES.includes(u.role)) throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: `role must be one of ${ROLES.join(', ')}` });
    checkPasswordStrength(u.password);
    if ((await this.ctx.repo.byName(u.username)) !== undefined) throw new ScError('SC_ERR_FLEET_EXISTS', { what: 'user', id: u.username });
    const created = await this.ctx.repo.add({
      username: u.username,
      role: u.role,
      passwordHash: await hashPassword(u.password),
      sites: u.role === 'technician' ? [...new Set(u.sites ?? [])] : [],
      createdAt: (this.ctx.now ?? Date.now)(),
    });
    return publicUser(created);
  }

  /** On first start only: an admin with a random password, returned once to be printed. */
  async ensureFirstAdmin(): Promise<{ username: string; password: string } | undefined> {
    if ((await this.ctx.repo.count()) > 0) return undefined;
    const password = randomPassword();
    await this.add({ username: 'admin', password, role: 'admin' });
    return { username: 'admin', password };
  }

  async authenticate(username: string, password: string): Promise<UserRecord | undefined> {
    const user = await this.ctx.repo.byName(username);
    // A damaged stored hash refuses the login rather than failing the request.
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH).catch(() => false);
    return ok && user !== undefined ? user : undefined;
  }

  async update(id: number, patch: { role?: Role; password?: string; sites?: string[] }): Promise<PublicUser> {
    const user = await this.require(id);
    if (patch.role !== undefined && patch.role !== 'admin' && user.role === 'admin') await this.keepAnAdmin(id);
    const changes: Partial<Pick<UserRecord, 'role' | 'passwordHash' | 'sites'>> = {};
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.sites !== undefined) changes.sites = [...new Set(patch.sites)];
    if (patch.password !== undefined) {
      checkPasswordStrength(patch.password);
      changes.passwordHash = await hashPassword(patch.password);
    }
    await this.ctx.repo.update(id, changes);
    // A new password or a new role ends the user's other logins.
    if (changes.passwordHash !== undefined || changes.role !== undefined) await this.ctx.repo.deleteSessions({ userId: id });
    return publicUser(await this.require(id));
  }

  async remove(id: number): Promise<void> {
    const user = await this.require(id);
    if (user.role === 'admin') await this.keepAnAdmin(id);
    await this.ctx.repo.deleteSessions({ userId: id });
    await this.ctx.repo.remove(id);
  }

  async list(): Promise<PublicUser[]> {
    return (await this.ctx.repo.list()).map(publicUser);
  }

  async require(id: number): Promise<UserRecord> {
    const user = await this.ctx.repo.get(id);
    if (user === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'user', id });
    return user;
  }

  async byName(username: string): Promise<UserRecord | undefined> {
    return this.ctx.repo.byName(username);
  }

  private async keepAnAdmin(leaving: number): Promise<void> {
    const admins = (await this.ctx.repo.list()).filter((u) => u.role === 'admin' && u.id !== leaving);
    if (admins.length === 0) throw new ScError('SC_ERR_FLEET_LAST_ADMIN');
  }
}
