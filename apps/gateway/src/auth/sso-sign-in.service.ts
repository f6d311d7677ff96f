import { Inject, Injectable } from '@nestjs/common';
import { mapGroupsToRoles } from '@delineo/auth';
import type { AppConfig } from '@delineo/config';
import { UserRepository } from '@delineo/db';
import { CoreTokens } from '../core/core.tokens';
import { AccessError } from './access.error';
import { AuditService } from './audit.service';
import type { RequestContext } from './principal';
import { SessionService, type StartedSession } from './session.service';

export interface SsoIdentity {
  method: 'saml' | 'oidc';
  /** SAML NameID, or OIDC `issuer|subject`: the stable key of the account. */
  externalId: string;
  email: string | null;
  displayName: string | null;
  groups: string[];
  /** What single logout needs later (NameID and SessionIndex, or the id_token hint). */
  idpSession: Record<string, string>;
}

const MAX_USERNAME = 200;

/**
 * The end of every SSO sign-in: the IdP's groups become roles through auth.roleMapping (every
 * sign-in, so a group removed at the IdP takes the role away), the account is provisioned or
 * refreshed, and a session starts. A user in no mapped group gets no session: 403, audited.
 */
@Injectable()
export class SsoSignInService {
  constructor(
    @Inject(UserRepository) private readonly users: Pick<UserRepository, 'upsertExternal' | 'markLogin'>,
    @Inject(SessionService) private readonly sessions: Pick<SessionService, 'start'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'auth'>,
  ) {}

  async signIn(id: SsoIdentity, ctx: RequestContext): Promise<StartedSession> {
    const roles = mapGroupsToRoles(id.groups, this.config.auth.roleMapping);
    const username = `${id.method}:${id.externalId}`.slice(0, MAX_USERNAME);
    if (roles.length === 0) {
      await this.audit.record({
        action: `auth.${id.method}.sign-in`,
        outcome: 'denied',
        target: username,
        context: ctx,
        details: { reason: 'no-mapped-group' },
      });
      throw new AccessError(
        'access/forbidden',
        'your account has no Delineo role: ask hospital IT to add you to a group that maps to one',
      );
    }
    const user = await this.users.upsertExternal({
      authMethod: id.method,
      externalId: id.externalId,
      username,
      email: id.email,
      displayName: id.displayName,
      roles,
    });
    if (user.disabledAt) throw new AccessError('access/disabled', 'this account is disabled');
    await this.users.markLogin(user.id);
    const session = await this.sessions.start(user, {
      authMethod: id.method,
      restricted: false,
      idpSession: id.idpSession,
      sourceAddress: ctx.sourceAddress,
    });
    await this.audit.record({
      action: `auth.${id.method}.sign-in`,
      outcome: 'success',
      target: username,
      actor: { actorType: 'user', actorId: user.id },
      context: ctx,
      details: { roles: roles.join(' ') },
    });
    return session;
  }

  failed(method: 'saml' | 'oidc', code: string, ctx: RequestContext): Promise<void> {
    return this.audit.record({ action: `auth.${method}.sign-in`, outcome: 'failure', context: ctx, details: { code } });
  }
}
