import { CodedError } from '@delineo/errors';

export const USERS_ERROR_CODES = [
  'users/not-found',
  'users/username-taken',
  'users/self-lockout',
  'users/not-local',
] as const;
export type UsersErrorCode = (typeof USERS_ERROR_CODES)[number];

/** Raised by the users administration; messages name the rule, never a password or secret. */
export class UsersError extends CodedError<UsersErrorCode> {}

/** The HTTP mapping of user administration codes (one table, exhaustive). */
export function usersHttpStatus(code: UsersErrorCode): number {
  switch (code) {
    case 'users/not-found':
      return 404;
    case 'users/username-taken':
    case 'users/self-lockout':
    case 'users/not-local':
      return 409;
  }
}
