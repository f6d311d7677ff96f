import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { SessionRepository, type UserEntity } from '@delineo/db';
import { CoreTokens } from '../core/core.tokens';
import { SESSION_COOKIE } from './access.decorator';
import { AuditService } from './audit.service';
import { sha256 } from './authenticator.service';
import type { Response } from 'express';
import { contextOf, signedInUser, type ContextRequest, type Principal, type RequestContext } from './principal';

export interface StartedSession {
  /** The Set-Cookie header value: the only place the session secret ever appears. */
  setCookie: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Server-side sessions in PostgreSQL (any instance serves any request). The cookie is HttpOnly,
 * SameSite=Lax, Path=/, and Secure when the public URL is https; it lives no longer than the
 * absolute lifetime, and the idle timeout (automatic logoff) is enforced by the authenticator.
 */
@Injectable()
export class SessionService {
  private readonly absoluteMs: number;
  private readonly secure: boolean;

  constructor(
    @Inject(SessionRepository)
    private readonly sessions: Pick<
      SessionRepository,
      'create' | 'delete' | 'setRestricted' | 'deleteForUser' | 'find'
    >,
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'auth' | 'http'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {
    this.absoluteMs = config.auth.session.absoluteHours * 3_600_000;
    this.secure = config.http.publicUrl?.startsWith('https://') ?? false;
  }

  async start(
    user: Pick<UserEntity, 'id'>,
    how: { authMethod: string; restricted: boolean; idpSession?: Record<string, string>; sourceAddress: string | null },
  ): Promise<StartedSession> {
    const value = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.absoluteMs);
    await this.sessions.create({
      idHash: sha256(value),
      userId: user.id,
      authMethod: how.authMethod,
      csrfToken,
      restricted: how.restricted,
      idpSession: how.idpSession ?? null,
      expiresAt,
      sourceAddress: how.sourceAddress,
    });
    return { setCookie: this.cookie(value, expiresAt), csrfToken, expiresAt };
  }

  /**
   * Signs the user out here: reads what single logout at the IdP needs, revokes the session,
   * audits it. The caller sends `clearCookie()` and, for SSO, redirects to the IdP.
   */
  async signOut(
    p: Extract<Principal, { kind: 'user' }>,
    context: RequestContext,
  ): Promise<Record<string, string> | undefined> {
    const idp = await this.idpSessionOf(p.sessionHash);
    await this.end(p.sessionHash);
    await this.audit.record({
      action: 'auth.logout',
      outcome: 'success',
      target: p.username,
      context,
      details: { method: p.authMethod },
    });
    return idp;
  }

  /** A logout route's common part: sign out the request's user and clear the cookie in `res`. */
  async signOutRequest(
    req: ContextRequest,
    res: Response,
  ): Promise<{ user: Extract<Principal, { kind: 'user' }>; idp?: Record<string, string> }> {
    const user = signedInUser(req);
    const idp = await this.signOut(user, contextOf(req));
    res.setHeader('Set-Cookie', this.clearCookie());
    return { user, idp };
  }

  /** What the IdP needs for single logout (SAML NameID/SessionIndex, OIDC id_token hint). */
  async idpSessionOf(sessionHash: string): Promise<Record<string, string> | undefined> {
    return (await this.sessions.find(sessionHash))?.session.idpSession ?? undefined;
  }

  end(sessionHash: string): Promise<boolean> {
    return this.sessions.delete(sessionHash);
  }

  /** After the password change and TOTP enrolment: the same session gets its full rights. */
  unrestrict(sessionHash: string): Promise<void> {
    return this.sessions.setRestricted(sessionHash, false);
  }

  endAllFor(userId: string): Promise<number> {
    return this.sessions.deleteForUser(userId);
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${this.secure ? '; Secure' : ''}`;
  }

  private cookie(value: string, expiresAt: Date): string {
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${this.secure ? '; Secure' : ''}`;
  }
}
