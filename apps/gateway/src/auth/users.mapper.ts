import { isRole } from '@delineo/auth';
import type { UserEntity } from '@delineo/db';
import type { UserViewDto } from './users.dto';

/** The only way an account leaves the API: named fields, so a hash or sealed secret cannot slip out. */
export function userView(u: UserEntity): UserViewDto {
  return {
    id: u.id,
    username: u.username,
    authMethod: u.authMethod,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles.filter(isRole),
    disabled: u.disabledAt !== null,
    mustChangePassword: u.mustChangePassword,
    totpEnrolled: u.totpEnrolledAt !== null,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}
