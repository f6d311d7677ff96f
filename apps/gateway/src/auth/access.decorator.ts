import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { ApiScope, Role } from '@delineo/auth';

export const ACCESS_RULE = 'delineo:access';
export const SESSION_COOKIE = 'delineo_session';

/**
 * Who may call a route. Every route declares one (a test lists every route Nest registers and
 * fails on any without); a route without a rule is refused at run time too.
 * - public: anyone (health, sign-in).
 * - signed-in: any signed-in user, even one who must still change the password or enrol TOTP
 *   when `restrictedOk` (those two routes and /me).
 * - allow: users with one of `roles`, or API tokens with one of `scopes`.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'signed-in'; restrictedOk: boolean }
  | { kind: 'allow'; roles: readonly Role[]; scopes: readonly ApiScope[] };

export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

export const SignedIn = (opts: { restrictedOk?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'signed-in', restrictedOk: opts.restrictedOk ?? false } satisfies AccessRule),
    ApiCookieAuth(SESSION_COOKIE),
  );

export const Allow = (rule: { roles?: readonly Role[]; scopes?: readonly ApiScope[] }) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, {
      kind: 'allow',
      roles: rule.roles ?? [],
      scopes: rule.scopes ?? [],
    } satisfies AccessRule),
    ...(rule.roles?.length ? [ApiCookieAuth(SESSION_COOKIE)] : []),
    ...(rule.scopes?.length ? [ApiBearerAuth()] : []),
  );

/** The rules of the product's roles (README "Signing in"), named once and reused by the controllers. */
export const Access = {
  dicomwebRead: { roles: ['radiologist'], scopes: ['dicomweb:read'] },
  dicomwebWrite: { roles: [], scopes: ['dicomweb:write'] },
  statusRead: { roles: ['operator', 'radiologist', 'admin'], scopes: ['status:read', 'pipeline:operate'] },
  pipelineOperate: { roles: ['operator'], scopes: ['pipeline:operate'] },
  admin: { roles: ['admin'], scopes: ['admin'] },
  audit: { roles: ['admin', 'auditor'], scopes: ['admin'] },
} as const satisfies Record<string, { roles: readonly Role[]; scopes: readonly ApiScope[] }>;
