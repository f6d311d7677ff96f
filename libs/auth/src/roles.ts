import { AuthError } from './errors';

/**
 * The gateway's roles. An identity provider sends group names; the operator's role mapping turns
 * them into these. Permissions per role are the gateway's policy, not this lib's.
 */
export const ROLES = ['admin', 'operator', 'radiologist', 'researcher', 'auditor'] as const;

export type Role = (typeof ROLES)[number];

/** Group name (as the identity provider sends it, matched exactly) → role. */
export type RoleMapping = Readonly<Record<string, Role>>;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Checks a mapping read from configuration or the admin UI, so a typo (`radiolgist`) fails at boot
 * or on save instead of silently granting nothing at login. Throws `auth/unknown-role` listing every
 * offending group; returns the mapping, typed and frozen.
 */
export function validateRoleMapping(mapping: Readonly<Record<string, string>>): RoleMapping {
  const problems = Object.entries(mapping)
    .filter(([, role]) => !isRole(role))
    .map(([group, role]) => `group ${JSON.stringify(group)} maps to unknown role ${JSON.stringify(role)}`);
  if (problems.length > 0) {
    throw new AuthError(
      'auth/unknown-role',
      `${problems.length} group(s) in the role mapping name an unknown role`,
      problems,
    );
  }
  return Object.freeze({ ...(mapping as Record<string, Role>) });
}

/**
 * The roles a user's groups grant: each role once, in `ROLES` order, whatever order the identity
 * provider sent the groups in, so the result can be compared and stored as is. Groups are matched
 * exactly and only against the mapping's own keys (a group named `constructor` or `__proto__` maps
 * to nothing). A mapping that was not validated and names an unknown role fails closed.
 */
export function mapGroupsToRoles(groups: readonly string[], roleMapping: Readonly<Record<string, string>>): Role[] {
  const granted = new Set<Role>();
  for (const group of groups) {
    if (typeof group !== 'string' || !Object.hasOwn(roleMapping, group)) continue;
    const role = roleMapping[group];
    if (!isRole(role)) {
      throw new AuthError(
        'auth/unknown-role',
        'role mapping names an unknown role; validate it with validateRoleMapping',
      );
    }
    granted.add(role);
  }
  return ROLES.filter((r) => granted.has(r));
}
