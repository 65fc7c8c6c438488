import type { Role, UserRecord } from '../store/types.js';

/**
 * What each role may do. `technician` has read and act, but only on the sites assigned to
 * the account (checked per room by `canSeeSite`).
 */
export const PERMISSIONS = ['read', 'act', 'admin'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['read'],
  operator: ['read', 'act'],
  technician: ['read', 'act'],
  admin: ['read', 'act', 'admin'],
};

export function can(user: Pick<UserRecord, 'role'>, permission: Permission): boolean {
  return ROLE_PERMISSIONS[user.role].includes(permission);
}

export function isScoped(user: Pick<UserRecord, 'role'>): boolean {
  return user.role === 'technician';
}

/** `siteKey` is `country/site`. */
export function canSeeSite(user: Pick<UserRecord, 'role' | 'sites'>, siteKey: string): boolean {
  return !isScoped(user) || user.sites.includes(siteKey);
}

export function siteOfRoot(root: string): string {
  const [, , country = '', site = ''] = root.split('/');
  return `${country}/${site}`;
}
